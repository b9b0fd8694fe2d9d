/**
 * The per-signature values every signer and the coordinator derive identically from
 * (group public key, commitment list, message): binding factors, group commitment R, Lagrange
 * coefficients and the challenge c. RFC 9591 sections 4.3-4.6.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import type { ChallengeSuite } from './challenge.js';
import { FrostError } from './errors.js';
import {
  assertNotIdentity,
  assertSortedUnique,
  encodePoint,
  encodeScalar,
  invert,
  linearCombination,
  mod,
  Point,
} from './group.js';
import { H1, H4, H5 } from './hash.js';

/** A participant's published round-one commitment (D_i, E_i). */
export interface SigningCommitment {
  readonly identifier: number;
  readonly hiding: Point;
  readonly binding: Point;
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

/** RFC 9591 4.3 encode_group_commitment_list. */
export function encodeCommitmentList(commitments: readonly SigningCommitment[]): Uint8Array {
  return concatBytes(
    ...commitments.flatMap((c) => [
      encodeScalar(BigInt(c.identifier)),
      encodePoint(c.hiding),
      encodePoint(c.binding),
    ]),
  );
}

/** RFC 9591 4.4 compute_binding_factors: rho_i = H1(PK || H4(msg) || H5(list) || id_i). */
export function computeBindingFactors(
  groupPublicKey: Point,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
): Map<number, bigint> {
  const prefix = concatBytes(encodePoint(groupPublicKey), H4(msg), H5(encodeCommitmentList(commitments)));
  return new Map(
    commitments.map(
      (c) => [c.identifier, H1(concatBytes(prefix, encodeScalar(BigInt(c.identifier))))] as const,
    ),
  );
}

/** RFC 9591 4.5 compute_group_commitment: R = sum D_i + rho_i·E_i. */
export function computeGroupCommitment(
  commitments: readonly SigningCommitment[],
  bindingFactors: ReadonlyMap<number, bigint>,
): Point {
  const hidingSum = commitments.reduce((acc, c) => acc.add(c.hiding), Point.ZERO);
  const R = hidingSum.add(
    linearCombination(
      commitments.map((c) => c.binding),
      commitments.map((c) => bindingFactors.get(c.identifier)!),
    ),
  );
  assertNotIdentity(R, 'group commitment');
  return R;
}

/** RFC 9591 4.2 derive_interpolating_value: lambda_i = prod_{j != i} x_j / (x_j - x_i). */
export function lagrangeCoefficient(identifiers: readonly number[], identifier: number): bigint {
  if (!identifiers.includes(identifier)) {
    throw new FrostError('MISSING_COMMITMENT', `identifier ${identifier} is not in the signing set`);
  }
  let num = 1n;
  let den = 1n;
  for (const j of identifiers) {
    if (j === identifier) continue;
    num = mod(num * BigInt(j));
    den = mod(den * BigInt(j - identifier));
  }
  return mod(num * invert(den));
}

export interface SigningContext {
  readonly identifiers: number[];
  readonly bindingFactors: Map<number, bigint>;
  readonly groupCommitment: Point;
  readonly challenge: bigint;
}

/** Everything round two and aggregation derive from the public inputs, validated first. */
export function deriveSigningContext(
  suite: ChallengeSuite,
  groupPublicKey: Point,
  threshold: number,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
): SigningContext {
  assertValidSigningSet(commitments, threshold);
  const bindingFactors = computeBindingFactors(groupPublicKey, commitments, msg);
  const groupCommitment = computeGroupCommitment(commitments, bindingFactors);
  return {
    identifiers: commitments.map((c) => c.identifier),
    bindingFactors,
    groupCommitment,
    challenge: suite.challenge(groupCommitment, groupPublicKey, msg),
  };
}
