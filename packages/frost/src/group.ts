/**
 * ristretto255 as RFC 9591 uses it: canonical 32-byte encodings, little-endian scalars, and the
 * identity rejected wherever the RFC says "MUST NOT be the identity". noble decodes the identity
 * without complaint and refuses a zero scalar in `multiply`, so both rules live here, once.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';

export type Point = InstanceType<typeof ristretto255.Point>;
/** The static side of noble's ristretto255 point that this package uses (named so it can be exported). */
interface PointStatic {
  readonly BASE: Point;
  readonly ZERO: Point;
  readonly Fn: { readonly ORDER: bigint; inv(a: bigint): bigint };
  fromBytes(bytes: Uint8Array): Point;
}
export const Point: PointStatic = ristretto255.Point;

/** The prime order l of the ristretto255 group. */
export const ORDER: bigint = Point.Fn.ORDER;
export const SCALAR_LENGTH = 32;
export const POINT_LENGTH = 32;
/** Participant identifiers are small integers on the wire; the RFC treats them as scalars. */
export const MAX_IDENTIFIER = 0xffff;

export const mod = (a: bigint): bigint => {
  const r = a % ORDER;
  return r >= 0n ? r : r + ORDER;
};

export const invert = (a: bigint): bigint => {
  if (mod(a) === 0n) throw new FrostError('INVALID_PARAMETERS', 'cannot invert zero');
  return Point.Fn.inv(mod(a));
};

export function encodeScalar(s: bigint): Uint8Array {
  return numberToBytesLE(mod(s), SCALAR_LENGTH);
}

/** Strict decoding: exactly 32 bytes, value < l (no silent reduction). */
export function decodeScalar(bytes: Uint8Array, what = 'scalar'): bigint {
  if (bytes.length !== SCALAR_LENGTH) throw new FrostError('LENGTH', `${what}: expected 32 bytes`);
  const s = bytesToNumberLE(bytes);
  if (s >= ORDER) throw new FrostError('NON_CANONICAL_SCALAR', `${what}: not below the group order`);
  return s;
}

/** Interprets any number of little-endian bytes as an integer reduced mod l (wide reduction). */
export function scalarFromBytesWide(bytes: Uint8Array): bigint {
  return mod(bytesToNumberLE(bytes));
}

// Encoding a ristretto255 point costs an inversion and a square root; the same commitments and
// keys are encoded several times per signature. Points are immutable, so memoising by identity is
// safe, and points decoded from the wire come with their encoding for free.
const encodings = new WeakMap<Point, Uint8Array>();

export function encodePoint(p: Point): Uint8Array {
  let bytes = encodings.get(p);
  if (!bytes) {
    bytes = p.toBytes();
    encodings.set(p, bytes);
  }
  return bytes.slice();
}

/** Strict decoding: a canonical ristretto255 encoding of a point other than the identity. */
export function decodePoint(bytes: Uint8Array, what = 'point'): Point {
  if (bytes.length !== POINT_LENGTH) throw new FrostError('LENGTH', `${what}: expected 32 bytes`);
  let p: Point;
  try {
    p = Point.fromBytes(bytes);
  } catch {
    throw new FrostError('INVALID_POINT', `${what}: not a canonical ristretto255 encoding`);
  }
  if (p.is0()) throw new FrostError('IDENTITY_POINT', `${what}: is the identity`);
  encodings.set(p, bytes.slice());
  return p;
}

export function assertNotIdentity(p: Point, what: string): void {
  if (p.is0()) throw new FrostError('IDENTITY_POINT', `${what}: is the identity`);
}

/** s·B, allowing s = 0 (noble's `multiply` refuses zero; a zero scalar is legal in the algebra). */
export function mulBase(s: bigint): Point {
  const k = mod(s);
  return k === 0n ? Point.ZERO : Point.BASE.multiply(k);
}

/**
 * sum s_i·P_i over public points and public scalars, in variable time (Straus). Never use it with a
 * secret scalar: secrets go through `mulBase`, which is constant time.
 */
export function linearCombination(points: readonly Point[], scalars: readonly bigint[]): Point {
  return mulAddUnsafe(ristretto255.Point, [...points], scalars.map(mod));
}

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
