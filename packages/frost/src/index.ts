/**
 * @triad/frost — threshold sr25519, threshold ed25519, and shared secp256k1 keys for ecdsa.
 *
 * One FROST core (RFC 9591), generic over the ciphersuite: a `Ciphersuite` carries the group and
 * the hashes, a `ChallengeSuite` adds the challenge and the signature encoding. Instances:
 * - `schnorrkel` / `schnorrkelSuite(ctx)`: FROST(ristretto255, SHA-512) with schnorrkel's Merlin
 *   challenge and marker, so an aggregate is an ordinary sr25519 signature (Triad's sr25519 keys);
 * - `rfc9591`: FROST(ristretto255, SHA-512) exactly as the RFC has it (its vectors);
 * - `ed25519Suite`: FROST(Ed25519, SHA-512), RFC 9591 6.1, an aggregate is an RFC 8032 ed25519
 *   signature (GRANDPA keys); edwards25519 points are decoded strictly (canonical, prime order);
 * - `secp256k1Sha256`: FROST(secp256k1, SHA-256), RFC 9591 6.5, for the DKG, refresh and shares of
 *   ecdsa (BEEFY) keys, which sign ECDSA from combined Lagrange-weighted shares
 *   (`weightedShare`, `combineWeightedShares`, `signPrehashedRecoverable`); `rfc9591Secp256k1` is
 *   the RFC's Schnorr signing in that suite (its vectors).
 * Named steps: `commit` (round 1), `signShare` (round 2), `verifyShare`, `aggregate`; key
 * generation by trusted dealer, DKG (`dkgRound1..3`) and refresh (`refreshRound1..3`). Signing takes
 * the suite first; functions without one (keygen, DKG, refresh, `commit`, the decoders) take it as
 * an option or a last argument and default to ristretto255. Each group carries its scalar field
 * (`group.scalars`); the module-level `ORDER`, `mod`, `encodeScalar`... are the 25519 groups' (mod
 * l). The VRFs are schnorrkel's and ristretto255 only.
 */
export { FrostError } from './errors.js';
export type { FrostErrorCode } from './errors.js';
export {
  ORDER,
  decodeScalar,
  encodeScalar,
  mod,
  ed25519Scalars,
  secp256k1Scalars,
  scalarField,
} from './scalar.js';
export type { ScalarField } from './scalar.js';
export { encodePoint, groupOf } from './group.js';
export type { Group, GroupElement } from './group.js';
export { Point, decodePoint, mulBase, ristretto255Group } from './ristretto255.js';
export { ed25519Group } from './ed25519.js';
export { secp256k1Group } from './secp256k1.js';
export { DEFAULT_CIPHERSUITE, ed25519Sha512, ristretto255Sha512, secp256k1Sha256 } from './ciphersuite.js';
export type { Ciphersuite } from './ciphersuite.js';
export { Transcript } from './merlin.js';
export {
  CONTEXT_STRING,
  H1,
  H2,
  H3,
  H4,
  H5,
  HDKG,
  ed25519Hashes,
  ristretto255Hashes,
  secp256k1Hashes,
} from './hash.js';
export type { FrostHashes } from './hash.js';
export {
  ed25519Suite,
  rfc9591,
  rfc9591Secp256k1,
  schnorrkel,
  schnorrkelSuite,
  verifySignature,
  SIGNATURE_LENGTH,
} from './challenge.js';
export type { ChallengeSuite } from './challenge.js';
export { randomScalar, evaluatePolynomial, shareMatchesCommitment } from './vss.js';
export type { Rng } from './vss.js';
export { trustedDealerKeygen, assertKeyPackageConsistent, publicKeyPackageFromCommitment } from './keys.js';
export type { DealerOptions, DealerOutput, KeyPackage, PublicKeyPackage } from './keys.js';
export {
  assertValidSigningSet,
  computeBindingFactors,
  computeGroupCommitment,
  deriveSigningContext,
  encodeCommitmentList,
  lagrangeCoefficient,
} from './signing-set.js';
export type { SigningCommitment, SigningContext } from './signing-set.js';
export { commit, generateNonce, SigningNonces } from './round1.js';
export { signShare } from './round2.js';
export type { SignatureShare } from './round2.js';
export { aggregate, aggregateWithCommitment, verifyShare } from './aggregate.js';
export type { AggregateOptions, SignatureCheck } from './aggregate.js';
export { dkgRound1, dkgRound2, dkgRound3, dkgTranscriptDigest } from './dkg.js';
export type {
  DkgParameters,
  DkgRound1Package,
  DkgRound1Secret,
  DkgRound2Secret,
  ProofOfKnowledge,
} from './dkg.js';
export { refreshRound1, refreshRound2, refreshRound3, refreshTranscriptDigest } from './refresh.js';
export type { RefreshParameters, RefreshRound1Package, RefreshSecret } from './refresh.js';
export type { CommittedPolynomial, SecretSharePackage } from './share-dealing.js';
export { combineWeightedShares, weightedShare } from './ecdsa-combine.js';
export type { WeightedShare } from './ecdsa-combine.js';
export {
  ECDSA_PREHASH_LENGTH,
  ECDSA_RECOVERABLE_SIGNATURE_LENGTH,
  recoverPrehashed,
  signPrehashedRecoverable,
} from './ecdsa.js';
export * from './serialize.js';
export * from './vrf-transcripts.js';
export * from './vrf.js';
export * from './vrf-threshold.js';
export * from './vrf-payloads.js';
export * from './babe-threshold.js';
export * from './babe-slot-claim.js';
