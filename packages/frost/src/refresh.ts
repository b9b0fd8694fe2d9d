/**
 * Proactive share refresh: every participant deals a sharing of zero (a polynomial with a_0 = 0),
 * and each adds what it receives to its share. The group public key stays; every share changes,
 * so a share stolen before the refresh no longer combines with shares issued after it. This is
 * also the recovery path after a board is replaced.
 *
 * No proof of knowledge is needed: the constant term is fixed to zero by construction (C_0 is the
 * identity and is not sent), so no participant can steer the group key.
 */
import { FrostError } from './errors.js';
import { assertIdentifier, assertNotIdentity, assertThreshold, mod, mulBase, Point } from './group.js';
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
  readonly commitment: readonly Point[];
}

export interface RefreshSecret {
  readonly identifier: number;
  readonly threshold: number;
  readonly maxSigners: number;
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
}

const withZeroConstant = (p: RefreshRound1Package) => ({
  identifier: p.identifier,
  commitment: [Point.ZERO, ...p.commitment],
});

export function refreshRound1(params: RefreshParameters): {
  secret: RefreshSecret;
  package: RefreshRound1Package;
} {
  const { identifier, threshold, maxSigners, rng = defaultRng } = params;
  assertIdentifier(identifier);
  assertThreshold(threshold, maxSigners);
  const polynomial = [0n, ...Array.from({ length: threshold - 1 }, () => randomScalar(rng))];
  const pkg: RefreshRound1Package = { identifier, commitment: commitPolynomial(polynomial.slice(1)) };
  return { secret: { identifier, threshold, maxSigners, polynomial, package: pkg }, package: pkg };
}

export function refreshRound2(
  secret: RefreshSecret,
  received: readonly RefreshRound1Package[],
): { secret: RefreshSecret; packages: SecretSharePackage[] } {
  const sorted = acceptPeerCommitments(secret.identifier, secret.maxSigners, secret.threshold - 1, received);
  const packages = dealShares(
    secret.identifier,
    secret.polynomial,
    sorted.map((p) => p.identifier),
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
  assertKeyPackageConsistent(key, pub);
  const senders = secret.received.map(withZeroConstant);
  const delta = mod(
    evaluatePolynomial(secret.polynomial, secret.identifier) +
      sumReceivedShares(secret.identifier, senders, received2),
  );
  const deltaCommitment = sumCommitments(
    [withZeroConstant(secret.package), ...senders].map((p) => p.commitment),
  );
  const verifyingShares = new Map(
    [...pub.verifyingShares].map(([id, y]) => [id, y.add(evaluateCommitment(deltaCommitment, id))] as const),
  );
  verifyingShares.forEach((y, id) => assertNotIdentity(y, `refreshed verifying share of ${id}`));
  const signingShare = mod(key.signingShare + delta);
  const verifyingShare = verifyingShares.get(key.identifier)!;
  if (!mulBase(signingShare).equals(verifyingShare)) {
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
