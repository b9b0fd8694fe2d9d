/**
 * Distributed key generation: FROST KeyGen (Komlo-Goldberg, Fig. 1), Pedersen VSS with a proof of
 * knowledge of each constant term, in the three parts frost-core uses (so its vectors apply):
 *
 *   round1: pick f_i, publish its commitment and a proof of knowledge of a_i0.
 *   round2: check everyone's proof; deal f_i(j) to each j (secret: encrypt in transport).
 *   round3: check every received share against its sender's commitment; s_i = sum_j f_j(i).
 *
 * `context` binds the proofs to one ceremony (Triad passes the session id); empty, it is
 * frost-core's construction exactly. Round-one packages must be seen identically by everyone:
 * compare `dkgTranscriptDigest` across participants (echo) before round three.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '@noble/curves/utils.js';
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import { FrostError } from './errors.js';
import type { GroupElement } from './group.js';
import { assertInGroup, encodePoint } from './group.js';
import { assertIdentifier, assertThreshold } from './identifiers.js';
import type { KeyPackage, PublicKeyPackage } from './keys.js';
import { publicKeyPackageFromCommitment } from './keys.js';
import { encodeDkgRound1Package } from './serialize.js';
import type { SecretSharePackage } from './share-dealing.js';
import { acceptPeerCommitments, dealShares, echoDigest, sumReceivedShares } from './share-dealing.js';
import type { Rng } from './vss.js';
import { commitPolynomial, defaultRng, evaluatePolynomial, randomScalar, sumCommitments } from './vss.js';

export interface ProofOfKnowledge {
  readonly R: GroupElement;
  readonly z: bigint;
}

/** Broadcast to every participant. */
export interface DkgRound1Package {
  readonly identifier: number;
  readonly commitment: readonly GroupElement[];
  readonly proofOfKnowledge: ProofOfKnowledge;
}

export interface DkgRound1Secret {
  readonly identifier: number;
  readonly threshold: number;
  readonly maxSigners: number;
  readonly context: Uint8Array;
  readonly suite: Ciphersuite;
  readonly polynomial: readonly bigint[];
  readonly package: DkgRound1Package;
}

export interface DkgRound2Secret extends DkgRound1Secret {
  /** The other participants' round-one packages as accepted in round two, sorted by identifier. */
  readonly received: readonly DkgRound1Package[];
}

export interface DkgParameters {
  readonly identifier: number;
  readonly threshold: number;
  readonly maxSigners: number;
  readonly context?: Uint8Array;
  readonly rng?: Rng;
  /** The ciphersuite of the key being made (default ristretto255); rounds two and three follow it. */
  readonly suite?: Ciphersuite;
  /** a_0..a_{t-1}, only for known-answer tests. */
  readonly polynomial?: readonly bigint[];
}

function pokChallenge(
  suite: Ciphersuite,
  context: Uint8Array,
  identifier: number,
  verifyingKey: GroupElement,
  R: GroupElement,
): bigint {
  return suite.hashes.HDKG(
    concatBytes(
      context,
      suite.group.scalars.encode(BigInt(identifier)),
      encodePoint(verifyingKey),
      encodePoint(R),
    ),
  );
}

function verifyProofOfKnowledge(suite: Ciphersuite, context: Uint8Array, pkg: DkgRound1Package): void {
  const { group } = suite;
  assertInGroup(group, [pkg.proofOfKnowledge.R], `proof of knowledge from ${pkg.identifier}`, pkg.identifier);
  const phi0 = pkg.commitment[0]!;
  const c = pokChallenge(suite, context, pkg.identifier, phi0, pkg.proofOfKnowledge.R);
  // R == mu·B - c·phi_0
  const expected = group.linearCombination([group.base, phi0], [pkg.proofOfKnowledge.z, -c]);
  if (!pkg.proofOfKnowledge.R.equals(expected)) {
    throw new FrostError(
      'INVALID_PROOF',
      `proof of knowledge from ${pkg.identifier} does not verify`,
      pkg.identifier,
    );
  }
}

export function dkgRound1(params: DkgParameters): { secret: DkgRound1Secret; package: DkgRound1Package } {
  const {
    identifier,
    threshold,
    maxSigners,
    context = new Uint8Array(),
    rng = defaultRng,
    suite = DEFAULT_CIPHERSUITE,
  } = params;
  assertIdentifier(identifier);
  assertThreshold(threshold, maxSigners);
  const field = suite.group.scalars;
  const polynomial = params.polynomial ?? Array.from({ length: threshold }, () => randomScalar(rng, field));
  if (polynomial.length !== threshold) {
    throw new FrostError('INVALID_PARAMETERS', `polynomial needs ${threshold} coefficients`);
  }
  const commitment = commitPolynomial(polynomial, suite.group);
  const k = randomScalar(rng, field);
  const R = suite.group.mulBase(k);
  const c = pokChallenge(suite, context, identifier, commitment[0]!, R);
  const pkg: DkgRound1Package = {
    identifier,
    commitment,
    proofOfKnowledge: { R, z: field.mod(k + polynomial[0]! * c) },
  };
  return {
    secret: { identifier, threshold, maxSigners, context, suite, polynomial, package: pkg },
    package: pkg,
  };
}

export function dkgRound2(
  secret: DkgRound1Secret,
  received: readonly DkgRound1Package[],
): { secret: DkgRound2Secret; packages: SecretSharePackage[] } {
  const sorted = acceptPeerCommitments(
    secret.identifier,
    secret.maxSigners,
    secret.threshold,
    received,
    secret.suite.group,
  );
  sorted.forEach((p) => verifyProofOfKnowledge(secret.suite, secret.context, p));
  const packages = dealShares(
    secret.identifier,
    secret.polynomial,
    sorted.map((p) => p.identifier),
    secret.suite.group.scalars,
  );
  return { secret: { ...secret, received: sorted }, packages };
}

export function dkgRound3(
  secret: DkgRound2Secret,
  received1: readonly DkgRound1Package[],
  received2: readonly SecretSharePackage[],
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  // Round three must run on exactly the round-one packages that round two checked.
  const sorted = [...received1].sort((a, b) => a.identifier - b.identifier);
  const same =
    sorted.length === secret.received.length &&
    sorted.every((p, i) =>
      equalBytes(encodeDkgRound1Package(p), encodeDkgRound1Package(secret.received[i]!)),
    );
  if (!same) throw new FrostError('TRANSCRIPT_MISMATCH', 'round-one packages changed since round two');

  const { group } = secret.suite;
  const ownShare = evaluatePolynomial(secret.polynomial, secret.identifier, group.scalars);
  const signingShare = group.scalars.mod(
    ownShare + sumReceivedShares(secret.identifier, sorted, received2, group),
  );
  const all = [secret.package, ...sorted].sort((a, b) => a.identifier - b.identifier);
  const publicKeyPackage = publicKeyPackageFromCommitment(
    sumCommitments(
      all.map((p) => p.commitment),
      group,
    ),
    all.map((p) => p.identifier),
    group,
  );
  const keyPackage: KeyPackage = {
    identifier: secret.identifier,
    signingShare,
    verifyingShare: publicKeyPackage.verifyingShares.get(secret.identifier)!,
    groupPublicKey: publicKeyPackage.groupPublicKey,
    threshold: secret.threshold,
  };
  if (!group.mulBase(signingShare).equals(keyPackage.verifyingShare)) {
    throw new FrostError('INVALID_SHARE', 'derived share does not match the group commitment');
  }
  return { keyPackage, publicKeyPackage };
}

/**
 * What participants echo to each other after round one: a digest of the context and all round-one
 * packages. Different digests mean someone was shown different packages.
 */
export function dkgTranscriptDigest(context: Uint8Array, packages: readonly DkgRound1Package[]): Uint8Array {
  return echoDigest(
    'dkg',
    context,
    packages.map((p) => [p.identifier, encodeDkgRound1Package(p)] as const),
  );
}
