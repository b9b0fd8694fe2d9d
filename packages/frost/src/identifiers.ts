/** Participant identifiers and threshold parameters: the same rules in every ciphersuite. */
import { FrostError } from './errors.js';

/** Participant identifiers are small integers on the wire; the RFC treats them as scalars. */
export const MAX_IDENTIFIER = 0xffff;

export function assertIdentifier(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > MAX_IDENTIFIER) {
    throw new FrostError('INVALID_IDENTIFIER', `identifier ${id} is not an integer in 1..${MAX_IDENTIFIER}`);
  }
}

/** Identifiers that take part in one operation: each valid, strictly increasing. */
export function assertSortedUnique(ids: readonly number[]): void {
  ids.forEach(assertIdentifier);
  for (let i = 1; i < ids.length; i++) {
    const prev = ids[i - 1]!;
    const cur = ids[i]!;
    if (cur === prev) throw new FrostError('DUPLICATE_IDENTIFIER', `identifier ${cur} appears twice`);
    if (cur < prev) throw new FrostError('UNSORTED_IDENTIFIERS', 'identifiers must be in increasing order');
  }
}

export function assertThreshold(threshold: number, maxSigners: number): void {
  const ok =
    Number.isInteger(threshold) &&
    Number.isInteger(maxSigners) &&
    threshold >= 2 &&
    threshold <= maxSigners &&
    maxSigners <= MAX_IDENTIFIER;
  if (!ok) {
    throw new FrostError(
      'INVALID_PARAMETERS',
      `need 2 <= threshold <= maxSigners, got ${threshold}-of-${maxSigners}`,
    );
  }
}
