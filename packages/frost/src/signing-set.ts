/**
 * The per-signature values every signer and the coordinator derive identically from
 * (group public key, commitment list, message): binding factors, group commitment R, Lagrange
 * coefficients and the challenge c. RFC 9591 sections 4.3-4.6.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import type { ChallengeSuite } from './challenge.js';
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import { FrostError } from './errors.js';
import type { Group, GroupElement } from './group.js';
import { assertInGroup, assertNotIdentity, encodePoint } from './group.js';
import { assertSortedUnique } from './identifiers.js';

/** A participant's published round-one commitment (D_i, E_i). */
export interface SigningCommitment {
  readonly identifier: number;
  readonly hiding: GroupElement;
  readonly binding: GroupElement;
}

/**
 * The signing set must be what the RFC and the TA both demand: identifiers strictly increasing,
 * exactly `threshold` members, no identity commitment.
 */
export function assertValidSigningSet(commitments: readonly SigningCommitment[], threshold: number): void {
  if (commitments.length !== threshold) {
    throw new FrostError(
      'WRONG_SIGNER_COUNT',
      `signing set has ${commitments.length} members, threshold is ${threshold}`,
    );
  }
  assertSortedUnique(commitments.map((c) => c.identifier));
  for (const c of commitments) {
    assertNotIdentity(c.hiding, `hiding commitment of ${c.identifier}`);
    assertNotIdentity(c.binding, `binding commitment of ${c.identifier}`);
  }
}

/** RFC 9591 4.3 encode_group_commitment_list; identifiers are serialized as `suite`'s scalars. */
export function encodeCommitmentList(
  commitments: readonly SigningCommitment[],
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): Uint8Array {
  const { scalars } = suite.group;
  return concatBytes(
    ...commitments.flatMap((c) => [
      scalars.encode(BigInt(c.identifier)),
      encodePoint(c.hiding),
      encodePoint(c.binding),
    ]),
  );
}

/** RFC 9591 4.4 compute_binding_factors: rho_i = H1(PK || H4(msg) || H5(list) || id_i). */
export function computeBindingFactors(
  groupPublicKey: GroupElement,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): Map<number, bigint> {
  const { H1, H4, H5 } = suite.hashes;
  const prefix = concatBytes(
    encodePoint(groupPublicKey),
    H4(msg),
    H5(encodeCommitmentList(commitments, suite)),
  );
  const { scalars } = suite.group;
  return new Map(
    commitments.map(
      (c) => [c.identifier, H1(concatBytes(prefix, scalars.encode(BigInt(c.identifier))))] as const,
    ),
  );
}

/** RFC 9591 4.5 compute_group_commitment: R = sum D_i + rho_i·E_i. */
export function computeGroupCommitment(
  commitments: readonly SigningCommitment[],
  bindingFactors: ReadonlyMap<number, bigint>,
  group: Group = DEFAULT_CIPHERSUITE.group,
): GroupElement {
  const hidingSum = commitments.reduce((acc, c) => acc.add(c.hiding), group.identity);
  const R = hidingSum.add(
    group.linearCombination(
      commitments.map((c) => c.binding),
      commitments.map((c) => bindingFactors.get(c.identifier)!),
    ),
  );
  assertNotIdentity(R, 'group commitment');
  return R;
}

/**
 * RFC 9591 4.2 derive_interpolating_value: lambda_i = prod_{j != i} x_j / (x_j - x_i), mod the
 * order of `suite`'s group (default ristretto255's l).
 */
export function lagrangeCoefficient(
  identifiers: readonly number[],
  identifier: number,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): bigint {
  if (!identifiers.includes(identifier)) {
    throw new FrostError('MISSING_COMMITMENT', `identifier ${identifier} is not in the signing set`);
  }
  const { scalars } = suite.group;
  let num = 1n;
  let den = 1n;
  for (const j of identifiers) {
    if (j === identifier) continue;
    num = scalars.mod(num * BigInt(j));
    den = scalars.mod(den * BigInt(j - identifier));
  }
  return scalars.mod(num * scalars.invert(den));
}

export interface SigningContext {
  readonly identifiers: number[];
  readonly bindingFactors: Map<number, bigint>;
  readonly groupCommitment: GroupElement;
  readonly challenge: bigint;
}

/** Everything round two and aggregation derive from the public inputs, validated first. */
export function deriveSigningContext(
  suite: ChallengeSuite,
  groupPublicKey: GroupElement,
  threshold: number,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
): SigningContext {
  assertValidSigningSet(commitments, threshold);
  assertInGroup(suite.group, [groupPublicKey], 'group public key');
  assertInGroup(
    suite.group,
    commitments.flatMap((c) => [c.hiding, c.binding]),
    'signing set',
  );
  const bindingFactors = computeBindingFactors(groupPublicKey, commitments, msg, suite);
  const groupCommitment = computeGroupCommitment(commitments, bindingFactors, suite.group);
  return {
    identifiers: commitments.map((c) => c.identifier),
    bindingFactors,
    groupCommitment,
    challenge: suite.challenge(groupCommitment, groupPublicKey, msg),
  };
}
