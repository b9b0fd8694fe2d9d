/**
 * schnorrkel's VRF (w3f/schnorrkel `vrf.rs`, with `KUSAMA_VRF` ordering as Polkadot uses it): the
 * input point, the DLEQ challenge, the output bytes, verification, and a single-key signer that
 * the threshold protocol is checked against. A VrfSignature is pre-output O (32) || c || s (32 LE
 * each), as `sp_core::sr25519::vrf::VrfSignature` encodes it.
 */
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import { assertNotIdentity, encodePoint } from './group.js';
import { decodePoint, linearCombination, mulBase, Point } from './ristretto255.js';
import { decodeScalar, encodeScalar, mod, scalarFromBytesWide } from './scalar.js';
import { Transcript } from './merlin.js';
import type { TranscriptBuilder, VrfTranscripts } from './vrf-transcripts.js';

export const VRF_PRE_OUTPUT_LENGTH = 32;
export const VRF_SIGNATURE_LENGTH = 96;

/**
 * H: the input transcript made non-malleable (`vrf-nm-pk` = the public key), 64 bytes drawn as
 * "VRFHash", mapped to ristretto255 (RFC 9496 element derivation, dalek's `from_uniform_bytes`).
 */
export function vrfInputPoint(publicKey: Point, input: TranscriptBuilder): Point {
  const t = input();
  t.appendMessage('vrf-nm-pk', encodePoint(publicKey));
  const H = ristretto255_hasher.deriveToCurve!(t.challengeBytes('VRFHash', 64)) as Point;
  assertNotIdentity(H, 'VRF input point');
  return H;
}

/** The points the DLEQ challenge commits to (`dleq_proove`, Kusama order: pk after h^r). */
export interface DleqCommitments {
  readonly H: Point;
  readonly R: Point; // r*G
  readonly Hr: Point; // r*H
  readonly publicKey: Point;
  readonly preOutput: Point; // x*H
}

/** c = challenge_scalar("prove") over the extra transcript after the DLEQ commitments. */
export function dleqChallenge(extra: TranscriptBuilder, p: DleqCommitments): bigint {
  const t = extra();
  t.appendMessage('proto-name', 'DLEQProof');
  t.appendMessage('vrf:h', encodePoint(p.H));
  t.appendMessage('vrf:R=g^r', encodePoint(p.R));
  t.appendMessage('vrf:h^r', encodePoint(p.Hr));
  t.appendMessage('vrf:pk', encodePoint(p.publicKey));
  t.appendMessage('vrf:h^sk', encodePoint(p.preOutput));
  return scalarFromBytesWide(t.challengeBytes('prove', 64));
}

/**
 * `VRFInOut::make_bytes`: Merlin("VRFResult") | "" = context | vrf-in = H | vrf-out = O, then
 * `length` bytes under the empty label. Only meaningful for a pre-output that verified.
 */
export function makeBytes(
  context: Uint8Array | string,
  H: Point,
  preOutput: Point,
  length: number,
): Uint8Array {
  return new Transcript('VRFResult')
    .appendMessage('', context)
    .appendMessage('vrf-in', encodePoint(H))
    .appendMessage('vrf-out', encodePoint(preOutput))
    .challengeBytes('', length);
}

/** The 96-byte VrfSignature: O || c || s. */
export function encodeVrfSignature(preOutput: Point, c: bigint, s: bigint): Uint8Array {
  return concatBytes(encodePoint(preOutput), encodeScalar(c), encodeScalar(s));
}

/** Strict: 96 bytes, O a canonical non-identity point, c and s canonical scalars. */
export function decodeVrfSignature(sig: Uint8Array): { preOutput: Point; c: bigint; s: bigint } {
  if (sig.length !== VRF_SIGNATURE_LENGTH) throw new FrostError('LENGTH', 'VRF signature: expected 96 bytes');
  return {
    preOutput: decodePoint(sig.subarray(0, 32), 'VRF pre-output'),
    c: decodeScalar(sig.subarray(32, 64), 'VRF proof c'),
    s: decodeScalar(sig.subarray(64, 96), 'VRF proof s'),
  };
}

/** `dleq_verify`: R = c*P + s*G, Hr = c*O + s*H, and c must come out again. Never throws. */
export function verifyVrf(
  publicKey: Uint8Array,
  transcripts: VrfTranscripts,
  signature: Uint8Array,
): boolean {
  try {
    const P = decodePoint(publicKey, 'public key');
    const { preOutput, c, s } = decodeVrfSignature(signature);
    const H = vrfInputPoint(P, transcripts.input);
    const R = linearCombination([P, Point.BASE], [c, s]);
    const Hr = linearCombination([preOutput, H], [c, s]);
    return dleqChallenge(transcripts.extra, { H, R, Hr, publicKey: P, preOutput }) === c;
  } catch (e) {
    if (e instanceof FrostError) return false;
    throw e;
  }
}

/**
 * A single-key VRF with a given nonce r (s = r - c*x): the reference the threshold pre-output and
 * proof are compared with. Not for production keys: r must be fresh and secret.
 */
export function vrfSignWithNonce(
  secret: bigint,
  transcripts: VrfTranscripts,
  r: bigint,
): { signature: Uint8Array; H: Point; preOutput: Point } {
  const P = mulBase(secret);
  const H = vrfInputPoint(P, transcripts.input);
  const preOutput = H.multiply(mod(secret));
  const c = dleqChallenge(transcripts.extra, {
    H,
    R: mulBase(r),
    Hr: H.multiply(mod(r)),
    publicKey: P,
    preOutput,
  });
  return { signature: encodeVrfSignature(preOutput, c, mod(r - c * secret)), H, preOutput };
}
