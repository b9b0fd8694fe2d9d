/**
 * What a participant holds after key generation (KeyPackage: secret) and what everyone may know
 * (PublicKeyPackage), plus the trusted-dealer split of RFC 9591 Appendix C, used for tests and for
 * importing an existing key.
 */
import { FrostError } from './errors.js';
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import type { Group, GroupElement } from './group.js';
import { assertInGroup, assertNotIdentity } from './group.js';
import { assertIdentifier, assertThreshold } from './identifiers.js';
import type { Rng } from './vss.js';
import { commitPolynomial, defaultRng, evaluateCommitment, evaluatePolynomial, randomScalar } from './vss.js';

export interface KeyPackage {
  readonly identifier: number;
  /** The secret share s_i. Never leaves the TA in production. */
  readonly signingShare: bigint;
  /** Y_i = s_i·B */
  readonly verifyingShare: GroupElement;
  readonly groupPublicKey: GroupElement;
  readonly threshold: number;
}

export interface PublicKeyPackage {
  readonly threshold: number;
  readonly groupPublicKey: GroupElement;
  /** Y_j for every participant j, by identifier. */
  readonly verifyingShares: ReadonlyMap<number, GroupElement>;
}

/** Verifying shares Y_j = F(j) of the group polynomial's commitment, for the given participants. */
export function publicKeyPackageFromCommitment(
  commitment: readonly GroupElement[],
  identifiers: readonly number[],
  group: Group = DEFAULT_CIPHERSUITE.group,
): PublicKeyPackage {
  const groupPublicKey = commitment[0]!;
  assertNotIdentity(groupPublicKey, 'group public key');
  const verifyingShares = new Map(
    identifiers.map((id) => [id, evaluateCommitment(commitment, id, group)] as const),
  );
  verifyingShares.forEach((y, id) => assertNotIdentity(y, `verifying share of ${id}`));
  return { threshold: commitment.length, groupPublicKey, verifyingShares };
}

/** Checks that a secret share belongs to the public package (s_i·B == Y_i). */
export function assertKeyPackageConsistent(
  key: KeyPackage,
  pub: PublicKeyPackage,
  group: Group = DEFAULT_CIPHERSUITE.group,
): void {
  assertInGroup(group, [key.groupPublicKey, key.verifyingShare], `key package ${key.identifier}`);
  assertInGroup(group, [pub.groupPublicKey, ...pub.verifyingShares.values()], 'public key package');
  const expected = pub.verifyingShares.get(key.identifier);
  const ok =
    expected !== undefined &&
    key.threshold === pub.threshold &&
    key.groupPublicKey.equals(pub.groupPublicKey) &&
    key.verifyingShare.equals(expected) &&
    group.mulBase(key.signingShare).equals(expected);
  if (!ok)
    throw new FrostError('INVALID_SHARE', `key package ${key.identifier} does not match the public package`);
}

export interface DealerOptions {
  readonly threshold: number;
  readonly maxSigners: number;
  /** The group secret; random when absent. */
  readonly secret?: bigint;
  /** a_1..a_{t-1}, for known-answer tests; random when absent. */
  readonly coefficients?: readonly bigint[];
  readonly rng?: Rng;
  /** The ciphersuite whose group the key lives in (default ristretto255). */
  readonly suite?: Ciphersuite;
}

export interface DealerOutput {
  readonly keyPackages: KeyPackage[];
  readonly publicKeyPackage: PublicKeyPackage;
  /** The VSS commitment C_0..C_{t-1} each participant can check its share against. */
  readonly commitment: GroupElement[];
}

/** RFC 9591 Appendix C: split one secret into shares for identifiers 1..maxSigners. */
export function trustedDealerKeygen(opts: DealerOptions): DealerOutput {
  const { threshold, maxSigners, rng = defaultRng, suite = DEFAULT_CIPHERSUITE } = opts;
  assertThreshold(threshold, maxSigners);
  const field = suite.group.scalars;
  const secret = opts.secret ?? randomScalar(rng, field);
  const rest = opts.coefficients ?? Array.from({ length: threshold - 1 }, () => randomScalar(rng, field));
  if (rest.length !== threshold - 1) {
    throw new FrostError('INVALID_PARAMETERS', `need ${threshold - 1} coefficients, got ${rest.length}`);
  }
  const polynomial = [secret, ...rest];
  const commitment = commitPolynomial(polynomial, suite.group);
  const identifiers = Array.from({ length: maxSigners }, (_, i) => i + 1);
  identifiers.forEach(assertIdentifier);
  const publicKeyPackage = publicKeyPackageFromCommitment(commitment, identifiers, suite.group);
  const keyPackages = identifiers.map((identifier) => ({
    identifier,
    signingShare: evaluatePolynomial(polynomial, identifier, field),
    verifyingShare: publicKeyPackage.verifyingShares.get(identifier)!,
    groupPublicKey: publicKeyPackage.groupPublicKey,
    threshold,
  }));
  return { keyPackages, publicKeyPackage, commitment };
}
