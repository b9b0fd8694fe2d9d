/**
 * Independent VRF checks for the tests: schnorrkel's verification replayed on @scure/sr25519's own
 * Merlin and SigningContext classes with noble's point arithmetic (nothing from this package's
 * transcript code), and a 2-of-n threshold VRF run end to end the way two TAs run it.
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { __tests } from '@scure/sr25519';
import type {
  KeyPackage,
  Point,
  PublicKeyPackage,
  Rng,
  VrfCommitment,
  VrfShare,
  VrfTranscripts,
} from '../src/index.js';
import { aggregateVrf, commit, vrfCommit, vrfInputPoint, vrfSignShare } from '../src/index.js';

const { Merlin, SigningContext } = __tests;
type ScureMerlin = InstanceType<typeof Merlin>;
const P = ristretto255.Point;
const ORDER = P.Fn.ORDER;

/** A transcript described as data, so it can be replayed on @scure's Merlin. */
export interface TranscriptSpec {
  readonly label: string;
  readonly messages: readonly (readonly [string, Uint8Array | string])[];
}

const u64 = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};

/** BABE's VRF input transcript as data (labels typed out again from polkadot-sdk). */
export const babeSpec = (slot: bigint, epoch: bigint, randomness: Uint8Array): TranscriptSpec => ({
  label: 'BABE',
  messages: [
    ['slot number', u64(slot)],
    ['current epoch', u64(epoch)],
    ['chain randomness', randomness],
  ],
});

/** The empty extra transcript of a VRF that signs nothing more. */
export const NO_EXTRA: TranscriptSpec = { label: 'VRF', messages: [] };

const build = <T extends ScureMerlin>(t: T, spec: TranscriptSpec): T => {
  for (const [l, m] of spec.messages) t.appendMessage(l, m);
  return t;
};

export function scureInputPoint(publicKey: Uint8Array, input: TranscriptSpec): Point {
  const t = build(new Merlin(input.label), input);
  t.appendMessage('vrf-nm-pk', publicKey);
  return ristretto255_hasher.deriveToCurve!(t.challengeBytes('VRFHash', 64)) as Point;
}

/** schnorrkel's `vrf_verify_extra` (Kusama ordering) on @scure's transcript classes. */
export function scureVrfVerify(
  publicKey: Uint8Array,
  input: TranscriptSpec,
  extra: TranscriptSpec,
  signature: Uint8Array,
): boolean {
  const pk = P.fromBytes(publicKey);
  const O = P.fromBytes(signature.subarray(0, 32));
  const c = bytesToNumberLE(signature.subarray(32, 64));
  const s = bytesToNumberLE(signature.subarray(64, 96));
  if (c >= ORDER || s >= ORDER || O.is0()) return false;
  const H = scureInputPoint(publicKey, input);
  const t = build(new SigningContext(extra.label), extra);
  t.protoName('DLEQProof');
  // @scure's noble may be another copy of @noble/curves than ours (npm may install two): its
  // commitPoint reads only the point's encoding, so either copy's point will do.
  const commitPoint = (label: string, p: Point) =>
    t.commitPoint(label, p as unknown as Parameters<typeof t.commitPoint>[1]);
  commitPoint('vrf:h', H);
  const mul = (p: Point, k: bigint) => (k === 0n ? P.ZERO : p.multiply(k));
  commitPoint('vrf:R=g^r', mul(pk, c).add(mul(P.BASE, s)));
  commitPoint('vrf:h^r', mul(O, c).add(mul(H, s)));
  commitPoint('vrf:pk', pk);
  commitPoint('vrf:h^sk', O);
  return t.challengeScalar('prove') === c;
}

/** `make_bytes` on @scure's Merlin. */
export function scureMakeBytes(context: string, H: Uint8Array, O: Uint8Array, n: number): Uint8Array {
  const t = new Merlin('VRFResult');
  t.appendMessage('', context);
  t.appendMessage('vrf-in', H);
  t.appendMessage('vrf-out', O);
  return t.challengeBytes('', n);
}

export interface ThresholdVrfRun {
  readonly signature: Uint8Array;
  readonly commitments: VrfCommitment[];
  readonly shares: VrfShare[];
}

/** Both signers commit on G (pooled) and on H, each signs its share, the aggregator combines. */
export function thresholdVrf(
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  transcripts: VrfTranscripts,
  rng?: Rng,
): ThresholdVrfRun {
  const H = vrfInputPoint(pub.groupPublicKey, transcripts.input);
  const signers = keys.map((k) => vrfCommit(k, commit(k, rng), H));
  const commitments = signers.map((s) => s.commitment).sort((a, b) => a.identifier - b.identifier);
  const shares = signers.map((s) => vrfSignShare(s, commitments, transcripts));
  return { signature: aggregateVrf(pub, commitments, transcripts, shares), commitments, shares };
}
