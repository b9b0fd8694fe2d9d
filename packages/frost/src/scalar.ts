/**
 * Scalars mod l, shared by both groups: ristretto255 is built on edwards25519's prime-order
 * subgroup, so FROST(ristretto255, SHA-512) and FROST(Ed25519, SHA-512) have the same scalar field.
 * Encodings are 32 bytes little-endian and canonical (< l).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';

const Fn = ed25519.Point.Fn;

/** The prime order l = 2^252 + 27742317777372353535851937790883648493 of both groups. */
export const ORDER: bigint = Fn.ORDER;
export const SCALAR_LENGTH = 32;

export const mod = (a: bigint): bigint => {
  const r = a % ORDER;
  return r >= 0n ? r : r + ORDER;
};

export const invert = (a: bigint): bigint => {
  if (mod(a) === 0n) throw new FrostError('INVALID_PARAMETERS', 'cannot invert zero');
  return Fn.inv(mod(a));
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
