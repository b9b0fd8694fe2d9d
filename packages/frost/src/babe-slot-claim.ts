/**
 * Slot claiming for a BABE validator whose key Triad holds (sc-consensus-babe `claim_slot`): per
 * slot, a primary claim (its VRF score below the authority's threshold), else a secondary one
 * when the slot's public secondary author is this authority, else nothing; and the `PreRuntime`
 * BABE digest item the header carries before it is sealed with `babe-seal`.
 *
 * The cluster is asked as the node's keystore would be: the pre-output alone first (no nonces, no
 * proof), the full VRF only for a slot that is won. The asker is any `BabeVrfAsker` (a
 * `@triad/client` SignerClient is one): this module stays free of the network, the client free of
 * the curve arithmetic (it loads grpc-js and proto only, DESIGN.md section 2).
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { calculatePrimaryThreshold, isPrimaryClaim, secondarySlotAuthorIndex } from './babe-threshold.js';
import { FrostError } from './errors.js';
import { decodePoint } from './ristretto255.js';
import { makeBytes, vrfInputPoint, VRF_SIGNATURE_LENGTH } from './vrf.js';
import { babeVrfTranscripts, BABE_VRF_SCORE_CONTEXT, BABE_VRF_SCORE_LENGTH } from './vrf-transcripts.js';

/** sp-consensus-babe `AllowedSlots`. */
export type AllowedSlots = 'primary' | 'primary-and-secondary-plain' | 'primary-and-secondary-vrf';

/** What a BABE epoch says about claiming (sp-consensus-babe `Epoch` and its `BabeEpochConfiguration`). */
export interface BabeEpoch {
  readonly index: bigint;
  /** 32 bytes. */
  readonly randomness: Uint8Array;
  /** The authorities in order: public key (32 bytes) and weight. */
  readonly authorities: readonly { readonly publicKey: Uint8Array; readonly weight: bigint }[];
  /** The primary probability as a fraction (Polkadot: 1/4). */
  readonly c: readonly [bigint, bigint];
  readonly allowedSlots: AllowedSlots;
}

export type BabeClaim =
  | { readonly kind: 'primary'; readonly slot: bigint; readonly vrfSignature: Uint8Array }
  | { readonly kind: 'secondary-vrf'; readonly slot: bigint; readonly vrfSignature: Uint8Array }
  | { readonly kind: 'secondary-plain'; readonly slot: bigint };

/** The VRF calls slot claiming needs; undefined when the cluster refused. */
export interface BabeVrfAsker {
  /** The 32-byte pre-output for (slot, epoch, randomness). */
  preOutput(fields: BabeVrfRequest): Promise<Uint8Array | undefined>;
  /** The 96-byte VrfSignature for (slot, epoch, randomness). */
  vrfSignature(fields: BabeVrfRequest): Promise<Uint8Array | undefined>;
}

export interface BabeVrfRequest {
  readonly slot: bigint;
  readonly epoch: bigint;
  readonly randomness: Uint8Array;
}

/** The 16-byte score `make_bytes("substrate-babe-vrf")` of a pre-output for the slot's transcript. */
export function babeVrfScore(publicKey: Uint8Array, f: BabeVrfRequest, preOutput: Uint8Array): Uint8Array {
  const H = vrfInputPoint(
    decodePoint(publicKey, 'public key'),
    babeVrfTranscripts(f.slot, f.epoch, f.randomness).input,
  );
  return makeBytes(
    BABE_VRF_SCORE_CONTEXT,
    H,
    decodePoint(preOutput, 'VRF pre-output'),
    BABE_VRF_SCORE_LENGTH,
  );
}

/** Whether a pre-output wins `slot` for the authority (the node's primary check). */
export function isPrimarySlot(
  epoch: BabeEpoch,
  authorityIndex: number,
  slot: bigint,
  preOutput: Uint8Array,
): boolean {
  const me = authorityOf(epoch, authorityIndex);
  const threshold = calculatePrimaryThreshold(
    epoch.c,
    epoch.authorities.map((a) => a.weight),
    authorityIndex,
  );
  const score = babeVrfScore(
    me.publicKey,
    { slot, epoch: epoch.index, randomness: epoch.randomness },
    preOutput,
  );
  return isPrimaryClaim(score, threshold);
}

/**
 * The claim for `slot`, or undefined: primary when the pre-output's score is below the threshold
 * (then the proof is asked for), else secondary when this authority is the slot's secondary
 * author and the epoch allows secondary slots (SecondaryVRF asks for the VRF too).
 */
export async function claimBabeSlot(
  epoch: BabeEpoch,
  authorityIndex: number,
  slot: bigint,
  asker: BabeVrfAsker,
): Promise<BabeClaim | undefined> {
  authorityOf(epoch, authorityIndex);
  const fields = { slot, epoch: epoch.index, randomness: epoch.randomness };
  const preOutput = await asker.preOutput(fields);
  if (preOutput && isPrimarySlot(epoch, authorityIndex, slot, preOutput)) {
    const vrfSignature = await asker.vrfSignature(fields);
    if (vrfSignature) return { kind: 'primary', slot, vrfSignature: checkedVrf(vrfSignature, preOutput) };
  }
  if (epoch.allowedSlots === 'primary') return undefined;
  if (secondarySlotAuthorIndex(slot, epoch.randomness, epoch.authorities.length) !== authorityIndex)
    return undefined;
  if (epoch.allowedSlots === 'primary-and-secondary-plain') return { kind: 'secondary-plain', slot };
  const vrfSignature = await asker.vrfSignature(fields);
  return vrfSignature ? { kind: 'secondary-vrf', slot, vrfSignature: checkedVrf(vrfSignature) } : undefined;
}

/** PreDigest indices (sp-consensus-babe digests.rs). */
const PRE_DIGEST_INDEX = { primary: 1, 'secondary-plain': 2, 'secondary-vrf': 3 } as const;
/** DigestItem::PreRuntime (sp-runtime generic/digest.rs). */
const DIGEST_PRE_RUNTIME = 6;
const BABE_ENGINE_ID = new TextEncoder().encode('BABE');

/** The SCALE `PreDigest`: index, authority_index u32, slot u64, and the VrfSignature when it has one. */
export function encodeBabePreDigest(claim: BabeClaim, authorityIndex: number): Uint8Array {
  if (!Number.isInteger(authorityIndex) || authorityIndex < 0 || authorityIndex > 0xffffffff)
    throw new FrostError('INVALID_PARAMETERS', 'authority index: not a u32');
  const head = new Uint8Array(13);
  const v = new DataView(head.buffer);
  head[0] = PRE_DIGEST_INDEX[claim.kind];
  v.setUint32(1, authorityIndex, true);
  v.setBigUint64(5, claim.slot, true);
  return claim.kind === 'secondary-plain' ? head : concatBytes(head, checkedVrf(claim.vrfSignature));
}

/** The header's digest item `PreRuntime(*b"BABE", pre_digest.encode())`, SCALE-encoded. */
export function encodeBabePreRuntimeDigest(claim: BabeClaim, authorityIndex: number): Uint8Array {
  const body = encodeBabePreDigest(claim, authorityIndex);
  // a PreDigest is 13 or 109 bytes: a one- or two-byte compact length
  const len =
    body.length < 64
      ? Uint8Array.of(body.length << 2)
      : Uint8Array.of(((body.length << 2) | 1) & 0xff, body.length >> 6);
  return concatBytes(Uint8Array.of(DIGEST_PRE_RUNTIME), BABE_ENGINE_ID, len, body);
}

function authorityOf(epoch: BabeEpoch, i: number) {
  const a = Number.isInteger(i) ? epoch.authorities[i] : undefined;
  if (!a) throw new FrostError('INVALID_PARAMETERS', `authority index ${i}: not in the epoch`);
  return a;
}

/** 96 bytes, and when the pre-output was asked first, the same pre-output (a VRF is deterministic in it). */
function checkedVrf(sig: Uint8Array, preOutput?: Uint8Array): Uint8Array {
  if (sig.length !== VRF_SIGNATURE_LENGTH) throw new FrostError('LENGTH', 'VRF signature: expected 96 bytes');
  if (preOutput && !sig.subarray(0, 32).every((b, i) => b === preOutput[i]))
    throw new FrostError(
      'INVALID_SHARE',
      'the VRF signature has another pre-output than the one asked first',
    );
  return sig;
}
