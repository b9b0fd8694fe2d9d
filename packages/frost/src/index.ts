/**
 * @triad/frost — threshold sr25519.
 *
 * FROST(ristretto255, SHA-512) per RFC 9591 with one change: the challenge is schnorrkel's Merlin
 * transcript and the signature carries schnorrkel's marker, so an aggregate is an ordinary sr25519
 * signature. Named steps: `commit` (round 1), `signShare` (round 2), `verifyShare`, `aggregate`;
 * key generation by trusted dealer, DKG (`dkgRound1..3`) and refresh (`refreshRound1..3`).
 */
export { FrostError } from './errors.js';
export type { FrostErrorCode } from './errors.js';
export { ORDER, Point, decodePoint, decodeScalar, encodePoint, encodeScalar, mod, mulBase } from './group.js';
export { Transcript } from './merlin.js';
export { CONTEXT_STRING, H1, H2, H3, H4, H5, HDKG } from './hash.js';
export { rfc9591, schnorrkel, schnorrkelSuite, verifySignature, SIGNATURE_LENGTH } from './challenge.js';
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
export * from './serialize.js';
export * from './vrf-transcripts.js';
export * from './vrf.js';
export * from './vrf-threshold.js';
export * from './vrf-payloads.js';
export * from './babe-threshold.js';
export * from './babe-slot-claim.js';
