/**
 * Proactive share refresh: every participant deals a sharing of zero (a polynomial with a_0 = 0),
 * and each adds what it receives to its share. The group public key stays; every share changes,
 * so a share stolen before the refresh no longer combines with shares issued after it. This is
 * also the recovery path after a board is replaced.
 *
 * No proof of knowledge is needed: the constant term is fixed to zero by construction (C_0 is the
 * identity and is not sent), so no participant can steer the group key.
 */
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import { FrostError } from './errors.js';
import type { Group, GroupElement } from './group.js';
import { assertNotIdentity } from './group.js';
import { assertIdentifier, assertThreshold } from './identifiers.js';
import type { KeyPackage, PublicKeyPackage } from './keys.js';
import { assertKeyPackageConsistent } from './keys.js';
import { encodeRefreshRound1Package } from './serialize.js';
import type { SecretSharePackage } from './share-dealing.js';
import { acceptPeerCommitments, dealShares, echoDigest, sumReceivedShares } from './share-dealing.js';
import type { Rng } from './vss.js';
import {
  commitPolynomial,
  defaultRng,
  evaluateCommitment,
  evaluatePolynomial,
  randomScalar,
  sumCommitments,
} from './vss.js';

/** Broadcast: commitments C_1..C_{t-1} of a zero-constant polynomial. */
export interface RefreshRound1Package {
  readonly identifier: number;
  readonly commitment: readonly GroupElement[];
}

export interface RefreshSecret {
  readonly identifier: number;
  readonly threshold: number;
  readonly maxSigners: number;
  readonly suite: Ciphersuite;
  /** 0, a_1..a_{t-1} */
  readonly polynomial: readonly bigint[];
  readonly package: RefreshRound1Package;
  readonly received?: readonly RefreshRound1Package[];
}

export interface RefreshParameters {
  readonly identifier: number;
  readonly threshold: number;
  readonly maxSigners: number;
  readonly rng?: Rng;
  /** The ciphersuite of the key being refreshed (default ristretto255); later rounds follow it. */
  readonly suite?: Ciphersuite;
}

const withZeroConstant = (group: Group, p: RefreshRound1Package) => ({
  identifier: p.identifier,
  commitment: [group.identity, ...p.commitment],
});

export function refreshRound1(params: RefreshParameters): {
  secret: RefreshSecret;
  package: RefreshRound1Package;
} {
  const { identifier, threshold, maxSigners, rng = defaultRng, suite = DEFAULT_CIPHERSUITE } = params;
  assertIdentifier(identifier);
  assertThreshold(threshold, maxSigners);
  const polynomial = [
    0n,
    ...Array.from({ length: threshold - 1 }, () => randomScalar(rng, suite.group.scalars)),
  ];
  const pkg: RefreshRound1Package = {
    identifier,
    commitment: commitPolynomial(polynomial.slice(1), suite.group),
  };
  return { secret: { identifier, threshold, maxSigners, suite, polynomial, package: pkg }, package: pkg };
}

export function refreshRound2(
  secret: RefreshSecret,
  received: readonly RefreshRound1Package[],
): { secret: RefreshSecret; packages: SecretSharePackage[] } {
  const sorted = acceptPeerCommitments(
    secret.identifier,
    secret.maxSigners,
    secret.threshold - 1,
    received,
    secret.suite.group,
  );
  const packages = dealShares(
    secret.identifier,
    secret.polynomial,
    sorted.map((p) => p.identifier),
    secret.suite.group.scalars,
  );
  return { secret: { ...secret, received: sorted }, packages };
}

/** Applies the refresh to this participant's key and to the public package everyone holds. */
export function refreshRound3(
  secret: RefreshSecret,
  received2: readonly SecretSharePackage[],
  key: KeyPackage,
  pub: PublicKeyPackage,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  if (!secret.received) throw new FrostError('MISSING_PACKAGE', 'refresh round three before round two');
  if (key.identifier !== secret.identifier || key.threshold !== secret.threshold) {
    throw new FrostError(
      'INVALID_PARAMETERS',
      'refresh secret and key package belong to different participants',
    );
  }
  const { group } = secret.suite;
  assertKeyPackageConsistent(key, pub, group);
  const senders = secret.received.map((p) => withZeroConstant(group, p));
  const delta = group.scalars.mod(
    evaluatePolynomial(secret.polynomial, secret.identifier, group.scalars) +
      sumReceivedShares(secret.identifier, senders, received2, group),
  );
  const deltaCommitment = sumCommitments(
    [withZeroConstant(group, secret.package), ...senders].map((p) => p.commitment),
    group,
  );
  const verifyingShares = new Map(
    [...pub.verifyingShares].map(
      ([id, y]) => [id, y.add(evaluateCommitment(deltaCommitment, id, group))] as const,
    ),
  );
  verifyingShares.forEach((y, id) => assertNotIdentity(y, `refreshed verifying share of ${id}`));
  const signingShare = group.scalars.mod(key.signingShare + delta);
  const verifyingShare = verifyingShares.get(key.identifier)!;
  if (!group.mulBase(signingShare).equals(verifyingShare)) {
    throw new FrostError('INVALID_SHARE', 'refreshed share does not match the refreshed commitment');
  }
  return {
    keyPackage: { ...key, signingShare, verifyingShare },
    publicKeyPackage: { threshold: pub.threshold, groupPublicKey: pub.groupPublicKey, verifyingShares },
  };
}

export function refreshTranscriptDigest(
  context: Uint8Array,
  packages: readonly RefreshRound1Package[],
): Uint8Array {
  return echoDigest(
    'refresh',
    context,
    packages.map((p) => [p.identifier, encodeRefreshRound1Package(p)] as const),
  );
}
