/**
 * Scalar fields: the integers mod a group's prime order, with the ciphersuite's canonical
 * encoding. Each `Group` carries its field (`group.scalars`), so the FROST core never assumes one
 * order or one byte order:
 * - `ed25519Scalars`: mod l, 32 bytes little-endian. ristretto255 is built on edwards25519's
 *   prime-order subgroup, so FROST(ristretto255, SHA-512) and FROST(Ed25519, SHA-512) share it.
 * - `secp256k1Scalars`: mod n, 32 bytes big-endian (SEC1 Field-Element-to-Octet-String).
 * Decoding is strict (exact length, value below the order); wide reduction reads any number of
 * bytes in the field's byte order and reduces.
 *
 * The module-level `ORDER`, `mod`, `invert`, `encodeScalar`, `decodeScalar`, `scalarFromBytesWide`
 * and `SCALAR_LENGTH` are `ed25519Scalars`' (what every caller used before the core was generic).
 */
import { invert as invertMod } from '@noble/curves/abstract/modular.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';

export interface ScalarField {
  /** The prime order of the group. */
  readonly ORDER: bigint;
  /** Length of an encoded scalar (RFC 9591's Ns). */
  readonly BYTES: number;
  /** The byte order of SerializeScalar in this ciphersuite. */
  readonly littleEndian: boolean;
  /** a mod ORDER, in [0, ORDER). */
  mod(a: bigint): bigint;
  /** a^-1 mod ORDER; inverting zero is a FrostError (INVALID_PARAMETERS). */
  invert(a: bigint): bigint;
  /** SerializeScalar: BYTES bytes of `a mod ORDER` in the field's byte order. */
  encode(a: bigint): Uint8Array;
  /** DeserializeScalar, strict: exactly BYTES bytes, value < ORDER (no silent reduction). */
  decode(bytes: Uint8Array, what?: string): bigint;
  /** Any number of bytes, read in the field's byte order, reduced mod ORDER (wide reduction). */
  fromBytesWide(bytes: Uint8Array): bigint;
}

/** The field of integers mod `order`, encoded in `bytes` bytes of the given byte order. */
export function scalarField(order: bigint, bytes: number, littleEndian: boolean): ScalarField {
  const toNumber = littleEndian ? bytesToNumberLE : bytesToNumberBE;
  const toBytes = littleEndian ? numberToBytesLE : numberToBytesBE;
  const mod = (a: bigint): bigint => {
    const r = a % order;
    return r >= 0n ? r : r + order;
  };
  return {
    ORDER: order,
    BYTES: bytes,
    littleEndian,
    mod,
    invert(a) {
      const m = mod(a);
      if (m === 0n) throw new FrostError('INVALID_PARAMETERS', 'cannot invert zero');
      return invertMod(m, order);
    },
    encode: (a) => toBytes(mod(a), bytes),
    decode(b, what = 'scalar') {
      if (b.length !== bytes) throw new FrostError('LENGTH', `${what}: expected ${bytes} bytes`);
      const s = toNumber(b);
      if (s >= order) throw new FrostError('NON_CANONICAL_SCALAR', `${what}: not below the group order`);
      return s;
    },
    fromBytesWide: (b) => mod(toNumber(b)),
  };
}

/** Scalars of ristretto255 and edwards25519: mod l = 2^252 + 27742317777372353535851937790883648493. */
export const ed25519Scalars: ScalarField = scalarField(ed25519.Point.Fn.ORDER, 32, true);

/** Scalars of secp256k1: mod n, 32 bytes big-endian (RFC 9591 section 6.5, SEC1). */
export const secp256k1Scalars: ScalarField = scalarField(secp256k1.Point.Fn.ORDER, 32, false);

// ed25519Scalars under the names the package exported before scalars were per group.
/** The prime order l of ristretto255 and edwards25519. */
export const ORDER: bigint = ed25519Scalars.ORDER;
export const SCALAR_LENGTH = ed25519Scalars.BYTES;
export const mod = (a: bigint): bigint => ed25519Scalars.mod(a);
export const invert = (a: bigint): bigint => ed25519Scalars.invert(a);
export const encodeScalar = (s: bigint): Uint8Array => ed25519Scalars.encode(s);
/** Strict decoding mod l: exactly 32 bytes, value < l (no silent reduction). */
export const decodeScalar = (bytes: Uint8Array, what = 'scalar'): bigint =>
  ed25519Scalars.decode(bytes, what);
/** Interprets any number of little-endian bytes as an integer reduced mod l (wide reduction). */
export const scalarFromBytesWide = (bytes: Uint8Array): bigint => ed25519Scalars.fromBytesWide(bytes);
