/**
 * A t-of-n schnorrkel VRF (DESIGN.md 3b): the pre-output O = x*H made from shares, and the DLEQ
 * proof (c, s) made FROST-style from the same pooled nonces as signatures, so the result verifies
 * under schnorrkel's `vrf_verify` unchanged.
 *
 * Signer i has share x_i, nonces (d_i, e_i) with D_i = d_i*G, E_i = e_i*G (pooled ahead) and, once
 * H is known, D'_i = d_i*H, E'_i = e_i*H and its pre-output share O_i = x_i*H.
 *   O   = sum lambda_i*O_i
 *   rho = H1(P || H4("triad-vrf-v1" || H || O || extra digest) || H5(list) || i),
 *         list = per signer i || D || E || D' || E' || O_i, extra digest = 32 bytes drawn from
 *         the extra transcript as "triad-vrf-extra"
 *   R   = sum D_i + rho_i*E_i,  Hr = sum D'_i + rho_i*E'_i,  c = the DLEQ challenge (vrf.ts)
 *   z_i = d_i + rho_i*e_i - c*lambda_i*x_i,  s = sum z_i
 * Binding everything every signer contributed (both bases, each O_i) into rho keeps FROST's
 * argument: no signer can choose its commitments after seeing the others' to steer R or Hr.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import { assertInGroup, assertNotIdentity, encodePoint } from './group.js';
import { H1, H4, H5 } from './hash.js';
import { linearCombination, Point, ristretto255Group } from './ristretto255.js';
import { encodeScalar, mod } from './scalar.js';
import type { KeyPackage, PublicKeyPackage } from './keys.js';
import type { SigningNonces } from './round1.js';
import type { SigningCommitment } from './signing-set.js';
import { assertValidSigningSet, lagrangeCoefficient } from './signing-set.js';
import { dleqChallenge, encodeVrfSignature, verifyVrf, vrfInputPoint } from './vrf.js';
import type { VrfTranscripts } from './vrf-transcripts.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What signer i publishes for one VRF: its pooled commitment and its values on H. */
export interface VrfCommitment extends SigningCommitment {
  readonly hidingH: Point; // D'_i = d_i*H
  readonly bindingH: Point; // E'_i = e_i*H
  readonly preOutputShare: Point; // O_i = x_i*H
}

/** Signer i between its commitment and its share: holds its nonces (secret). */
export interface VrfSigner {
  readonly key: KeyPackage;
  readonly commitment: VrfCommitment;
  readonly hiding: bigint;
  readonly binding: bigint;
}

/** O_i = x_i*H: what the pre-output-only path asks of each signer. */
export function vrfPreOutputShare(key: KeyPackage, H: Point): Point {
  return H.multiply(mod(key.signingShare));
}

/** Takes the pooled nonces (once) and makes signer i's commitment on both bases. */
export function vrfCommit(key: KeyPackage, nonces: SigningNonces, H: Point): VrfSigner {
  const { hiding, binding } = nonces.consume();
  const commitment: VrfCommitment = {
    ...nonces.commitment,
    hidingH: H.multiply(hiding),
    bindingH: H.multiply(binding),
    preOutputShare: vrfPreOutputShare(key, H),
  };
  return { key, commitment, hiding, binding };
}

/** O = sum lambda_i*O_i over the signers' identifiers (increasing, as in a signing set). */
export function combinePreOutput(shares: readonly { identifier: number; preOutputShare: Point }[]): Point {
  const ids = shares.map((s) => s.identifier);
  const O = linearCombination(
    shares.map((s) => s.preOutputShare),
    ids.map((id) => lagrangeCoefficient(ids, id)),
  );
  assertNotIdentity(O, 'VRF pre-output');
  return O;
}

/** Everything the signers and the aggregator derive alike from the public inputs. */
export interface VrfContext {
  readonly identifiers: number[];
  readonly H: Point;
  readonly preOutput: Point;
  readonly extraDigest: Uint8Array;
  readonly bindingFactors: Map<number, bigint>;
  readonly R: Point;
  readonly Hr: Point;
  readonly challenge: bigint;
}

/** The 32 bytes of the extra transcript that rho binds (it has no other byte form). */
export function vrfExtraDigest(transcripts: VrfTranscripts): Uint8Array {
  return transcripts.extra().challengeBytes('triad-vrf-extra', 32);
}

function encodeVrfCommitmentList(commitments: readonly VrfCommitment[]): Uint8Array {
  return concatBytes(
    ...commitments.flatMap((c) => [
      encodeScalar(BigInt(c.identifier)),
      encodePoint(c.hiding),
      encodePoint(c.binding),
      encodePoint(c.hidingH),
      encodePoint(c.bindingH),
      encodePoint(c.preOutputShare),
    ]),
  );
}

export function deriveVrfContext(
  groupPublicKey: Point,
  threshold: number,
  commitments: readonly VrfCommitment[],
  transcripts: VrfTranscripts,
): VrfContext {
  assertValidSigningSet(commitments, threshold);
  // schnorrkel's VRF exists for ristretto255 only: an ed25519 key or point is refused here.
  assertInGroup(ristretto255Group, [groupPublicKey], 'VRF group public key');
  assertInGroup(
    ristretto255Group,
    commitments.flatMap((c) => [c.hiding, c.binding, c.hidingH, c.bindingH, c.preOutputShare]),
    'VRF signing set',
  );
  for (const c of commitments) {
    assertNotIdentity(c.hidingH, `D' of ${c.identifier}`);
    assertNotIdentity(c.bindingH, `E' of ${c.identifier}`);
    assertNotIdentity(c.preOutputShare, `pre-output share of ${c.identifier}`);
  }
  const H = vrfInputPoint(groupPublicKey, transcripts.input);
  const preOutput = combinePreOutput(commitments);
  const extraDigest = vrfExtraDigest(transcripts);
  const msg = concatBytes(utf8('triad-vrf-v1'), encodePoint(H), encodePoint(preOutput), extraDigest);
  const prefix = concatBytes(encodePoint(groupPublicKey), H4(msg), H5(encodeVrfCommitmentList(commitments)));
  const bindingFactors = new Map(
    commitments.map(
      (c) => [c.identifier, H1(concatBytes(prefix, encodeScalar(BigInt(c.identifier))))] as const,
    ),
  );
  const rhos = commitments.map((c) => bindingFactors.get(c.identifier)!);
  const sum = (ps: Point[]) => ps.reduce((a, p) => a.add(p), Point.ZERO);
  const R = sum(commitments.map((c) => c.hiding)).add(
    linearCombination(
      commitments.map((c) => c.binding),
      rhos,
    ),
  );
  const Hr = sum(commitments.map((c) => c.hidingH)).add(
    linearCombination(
      commitments.map((c) => c.bindingH),
      rhos,
    ),
  );
  assertNotIdentity(R, 'VRF commitment R');
  assertNotIdentity(Hr, 'VRF commitment Hr');
  const challenge = dleqChallenge(transcripts.extra, { H, R, Hr, publicKey: groupPublicKey, preOutput });
  return {
    identifiers: commitments.map((c) => c.identifier),
    H,
    preOutput,
    extraDigest,
    bindingFactors,
    R,
    Hr,
    challenge,
  };
}

export interface VrfShare {
  readonly identifier: number;
  readonly z: bigint;
}

/** z_i = d_i + rho_i*e_i - c*lambda_i*x_i, after checking that its own commitment is in the set. */
export function vrfSignShare(
  signer: VrfSigner,
  commitments: readonly VrfCommitment[],
  transcripts: VrfTranscripts,
): VrfShare {
  const { key, commitment: mine } = signer;
  const own = commitments.find((c) => c.identifier === key.identifier);
  if (!own)
    throw new FrostError('MISSING_COMMITMENT', `own commitment of ${key.identifier} is not in the set`);
  const same = (['hiding', 'binding', 'hidingH', 'bindingH', 'preOutputShare'] as const).every((f) =>
    own[f].equals(mine[f]),
  );
  if (!same)
    throw new FrostError(
      'COMMITMENT_MISMATCH',
      `the set carries a commitment for ${key.identifier} that is not ours`,
    );
  const ctx = deriveVrfContext(key.groupPublicKey, key.threshold, commitments, transcripts);
  const rho = ctx.bindingFactors.get(key.identifier)!;
  const lambda = lagrangeCoefficient(ctx.identifiers, key.identifier);
  return {
    identifier: key.identifier,
    z: mod(signer.hiding + rho * signer.binding - ctx.challenge * lambda * key.signingShare),
  };
}

/**
 * Share check on both bases: z_i*G + c*lambda_i*Y_i == D_i + rho_i*E_i and
 * z_i*H + c*lambda_i*O_i == D'_i + rho_i*E'_i. The second proves O_i = x_i*H (given the first).
 */
export function vrfShareIsValid(
  ctx: VrfContext,
  pub: PublicKeyPackage,
  commitment: VrfCommitment,
  share: VrfShare,
): boolean {
  const Y = pub.verifyingShares.get(share.identifier);
  if (!Y || commitment.identifier !== share.identifier) return false;
  const rho = ctx.bindingFactors.get(share.identifier);
  if (rho === undefined) return false;
  const k = mod(ctx.challenge * lagrangeCoefficient(ctx.identifiers, share.identifier));
  const onG = linearCombination([Point.BASE, Y, commitment.binding], [share.z, k, mod(-rho)]);
  const onH = linearCombination(
    [ctx.H, commitment.preOutputShare, commitment.bindingH],
    [share.z, k, mod(-rho)],
  );
  return onG.equals(commitment.hiding) && onH.equals(commitment.hidingH);
}

/**
 * s = sum z_i; the 96-byte VrfSignature (O || c || s), released only when it verifies. A bad share
 * raises INVALID_SHARE naming its sender.
 */
export function aggregateVrf(
  pub: PublicKeyPackage,
  commitments: readonly VrfCommitment[],
  transcripts: VrfTranscripts,
  shares: readonly VrfShare[],
): Uint8Array {
  const ctx = deriveVrfContext(pub.groupPublicKey, pub.threshold, commitments, transcripts);
  const byId = new Map(shares.map((s) => [s.identifier, s] as const));
  if (byId.size !== shares.length)
    throw new FrostError('DUPLICATE_IDENTIFIER', 'two VRF shares from one signer');
  for (const id of ctx.identifiers)
    if (!byId.has(id)) throw new FrostError('MISSING_PACKAGE', `no VRF share from ${id}`, id);
  if (byId.size !== ctx.identifiers.length)
    throw new FrostError('WRONG_SIGNER_COUNT', 'VRF shares from signers outside the set');
  for (const c of commitments) {
    if (!vrfShareIsValid(ctx, pub, c, byId.get(c.identifier)!))
      throw new FrostError('INVALID_SHARE', `VRF share from ${c.identifier} does not verify`, c.identifier);
  }
  const s = ctx.identifiers.reduce((acc, id) => mod(acc + byId.get(id)!.z), 0n);
  const signature = encodeVrfSignature(ctx.preOutput, ctx.challenge, s);
  if (!verifyVrf(encodePoint(pub.groupPublicKey), transcripts, signature))
    throw new FrostError('INVALID_SIGNATURE', 'aggregate VRF signature does not verify');
  return signature;
}
