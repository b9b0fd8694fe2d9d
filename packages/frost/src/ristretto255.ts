/**
 * ristretto255 as RFC 9591 uses it: noble decodes only canonical encodings (and the identity,
 * which `nobleGroup` refuses). The module-level `Point`, `decodePoint`, `mulBase` and
 * `linearCombination` are this group's, the default wherever a function takes no ciphersuite.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { FrostError } from './errors.js';
import type { Group, GroupElement } from './group.js';
import { nobleGroup } from './group.js';
import { ed25519Scalars } from './scalar.js';

export const ristretto255Group: Group = nobleGroup({
  name: 'ristretto255',
  cls: ristretto255.Point,
  scalars: ed25519Scalars,
  elementLength: 32,
  parse(bytes, what) {
    try {
      return ristretto255.Point.fromBytes(bytes);
    } catch {
      throw new FrostError('INVALID_POINT', `${what}: not a canonical ristretto255 encoding`);
    }
  },
});

/** An element of any group (named Point for the callers that predate the generic core). */
export type Point = GroupElement;
/** The static side of noble's ristretto255 point that callers use (named so it can be exported). */
interface PointStatic {
  readonly BASE: GroupElement;
  readonly ZERO: GroupElement;
  readonly Fn: { readonly ORDER: bigint; inv(a: bigint): bigint };
  fromBytes(bytes: Uint8Array): GroupElement;
}
/** noble's ristretto255 point class. */
export const Point: PointStatic = ristretto255.Point;

/** Strict ristretto255 decoding: a canonical encoding of a point other than the identity. */
export const decodePoint = (bytes: Uint8Array, what = 'point'): GroupElement =>
  ristretto255Group.decode(bytes, what);
export const mulBase = (s: bigint): GroupElement => ristretto255Group.mulBase(s);
export const linearCombination = (
  points: readonly GroupElement[],
  scalars: readonly bigint[],
): GroupElement => ristretto255Group.linearCombination(points, scalars);
