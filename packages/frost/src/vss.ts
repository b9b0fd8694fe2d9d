/**
 * Shamir sharing with Feldman commitments: the arithmetic shared by the trusted dealer, the DKG
 * and share refresh. A commitment is the vector C_k = a_k·B of a polynomial's coefficients.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import type { Group, GroupElement } from './group.js';
import type { ScalarField } from './scalar.js';

const defaultGroup: Group = DEFAULT_CIPHERSUITE.group;

export type Rng = (length: number) => Uint8Array;
export const defaultRng: Rng = (n) => randomBytes(n);

/**
 * A uniformly random non-zero scalar of `field` (default mod l): 64 bytes from `rng`, read in the
 * field's byte order and reduced, so the bias is below 2^-250 for every Triad group.
 */
export function randomScalar(rng: Rng = defaultRng, field: ScalarField = defaultGroup.scalars): bigint {
  for (;;) {
    const s = field.fromBytesWide(rng(64));
    if (s !== 0n) return s;
  }
}

/** f(x) = a_0 + a_1 x + ... over `field` (default mod l), evaluated by Horner's rule. */
export function evaluatePolynomial(
  coefficients: readonly bigint[],
  x: number,
  field: ScalarField = defaultGroup.scalars,
): bigint {
  let acc = 0n;
  for (let k = coefficients.length - 1; k >= 0; k--) acc = field.mod(acc * BigInt(x) + coefficients[k]!);
  return acc;
}

export function commitPolynomial(coefficients: readonly bigint[], group = defaultGroup): GroupElement[] {
  return coefficients.map((a) => group.mulBase(a));
}

/** sum_k C_k · x^k: the public image f(x)·B of a committed polynomial. */
export function evaluateCommitment(
  commitment: readonly GroupElement[],
  x: number,
  group = defaultGroup,
): GroupElement {
  const powers = commitment.map((_, k) => group.scalars.mod(BigInt(x) ** BigInt(k)));
  return group.linearCombination(commitment, powers);
}

/** Feldman check: share·B == sum_k C_k · id^k (RFC 9591 Appendix C.2, vss_verify). */
export function shareMatchesCommitment(
  identifier: number,
  share: bigint,
  commitment: readonly GroupElement[],
  group = defaultGroup,
): boolean {
  return group.mulBase(share).equals(evaluateCommitment(commitment, identifier, group));
}

/** Coefficient-wise sum of commitments of equal length: the commitment of the summed polynomial. */
export function sumCommitments(
  commitments: readonly (readonly GroupElement[])[],
  group = defaultGroup,
): GroupElement[] {
  const length = commitments[0]?.length ?? 0;
  return Array.from({ length }, (_, k) => commitments.reduce((acc, c) => acc.add(c[k]!), group.identity));
}
