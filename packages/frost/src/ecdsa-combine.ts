/**
 * The share arithmetic behind a `beef` (ecdsa secp256k1) signature. The key is made by the FROST
 * DKG in secp256k1, so no one ever stores the whole secret x; to sign, each of the two TAs of the
 * signing set S contributes its Lagrange-weighted share w_i = lambda_i(S)·s_i, and the coordinator
 * TA sums x = sum w_i, checks x·G against the group public key, signs (ecdsa.ts) and wipes x.
 *
 * This is not threshold ECDSA: x exists whole inside the coordinator TA for one signature, so it
 * keeps the key from ever being stored whole, not from one broken TEE while it signs (DESIGN.md 3d
 * says so for the replicated key; the same caveat applies here).
 *
 * Every weighted share is checkable: w_i·G == lambda_i·Y_i, with Y_i the signer's verifying share.
 * The check runs only when the sum fails, to name the culprit (as `aggregate` does for FROST).
 */
import type { Ciphersuite } from './ciphersuite.js';
import { FrostError } from './errors.js';
import { assertInGroup } from './group.js';
import { assertSortedUnique } from './identifiers.js';
import type { PublicKeyPackage } from './keys.js';
import { lagrangeCoefficient } from './signing-set.js';

/** A signer's contribution: lambda_i(S)·s_i mod the group order. Secret: it reveals s_i. */
export interface WeightedShare {
  readonly identifier: number;
  readonly value: bigint;
}

/** lambda_i(S)·s_i mod the group order, for signer `identifier` of signing set S (sorted ids). */
export function weightedShare(
  suite: Ciphersuite,
  identifier: number,
  signingSet: readonly number[],
  share: bigint,
): WeightedShare {
  assertSortedUnique(signingSet);
  const { scalars } = suite.group;
  if (share <= 0n || share >= scalars.ORDER) {
    throw new FrostError('INVALID_SHARE', `signing share of ${identifier} is not in 1..order-1`);
  }
  // lagrangeCoefficient refuses an identifier outside the set (MISSING_COMMITMENT)
  const lambda = lagrangeCoefficient(signingSet, identifier, suite);
  return { identifier, value: scalars.mod(lambda * share) };
}

/**
 * x = sum of the weighted shares of signing set S (exactly `threshold` identifiers, sorted), after
 * checking x·G == the group public key. On a mismatch the share that fails w_i·G == lambda_i·Y_i
 * is named (INVALID_SHARE, culprit); if each passes, the public package does not fit the key.
 * The result is the whole secret key: sign with it at once and drop it.
 */
export function combineWeightedShares(
  suite: Ciphersuite,
  pub: PublicKeyPackage,
  signingSet: readonly number[],
  shares: readonly WeightedShare[],
): bigint {
  const { group } = suite;
  assertInGroup(group, [pub.groupPublicKey, ...pub.verifyingShares.values()], 'public key package');
  assertSortedUnique(signingSet);
  if (signingSet.length !== pub.threshold) {
    throw new FrostError(
      'WRONG_SIGNER_COUNT',
      `signing set has ${signingSet.length} members, threshold is ${pub.threshold}`,
    );
  }
  for (const id of signingSet) {
    if (!pub.verifyingShares.has(id)) {
      throw new FrostError('INVALID_IDENTIFIER', `identifier ${id} holds no share of this key`);
    }
  }
  const byId = new Map(shares.map((s) => [s.identifier, s] as const));
  if (byId.size !== shares.length) {
    throw new FrostError('DUPLICATE_IDENTIFIER', 'two weighted shares from one signer');
  }
  for (const id of signingSet) {
    if (!byId.has(id)) throw new FrostError('MISSING_PACKAGE', `no weighted share from ${id}`, id);
  }
  if (byId.size !== signingSet.length) {
    throw new FrostError('WRONG_SIGNER_COUNT', 'weighted shares from signers outside the signing set');
  }
  const x = signingSet.reduce((acc, id) => group.scalars.mod(acc + byId.get(id)!.value), 0n);
  if (group.mulBase(x).equals(pub.groupPublicKey)) return x;

  for (const id of signingSet) {
    const lambda = lagrangeCoefficient(signingSet, id, suite);
    const expected = group.linearCombination([pub.verifyingShares.get(id)!], [lambda]);
    if (!group.mulBase(byId.get(id)!.value).equals(expected)) {
      throw new FrostError(
        'INVALID_SHARE',
        `weighted share from ${id} does not match its verifying share`,
        id,
      );
    }
  }
  throw new FrostError(
    'INVALID_SHARE',
    'every weighted share matches its verifying share, yet they do not sum to the group key: the public key package does not fit the key',
  );
}
