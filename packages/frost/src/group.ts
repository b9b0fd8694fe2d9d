/**
 * A prime-order group as the FROST core sees it, so one core serves ristretto255, edwards25519 and
 * secp256k1: an element type the noble point classes satisfy, and a `Group` value carrying what
 * differs between them: strict decoding above all, the element length and the scalar field (order
 * and scalar encoding). Encoding is the same call for every group (`toBytes`, compressed where the
 * curve has a choice), and the identity is rejected wherever RFC 9591 says "MUST NOT be the
 * identity" in every group.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { FrostError } from './errors.js';
import type { ScalarField } from './scalar.js';

/** The operations the core uses on a group element; noble's ristretto255 and ed25519 points have them. */
export interface GroupElement {
  add(other: GroupElement): GroupElement;
  subtract(other: GroupElement): GroupElement;
  negate(): GroupElement;
  multiply(scalar: bigint): GroupElement;
  equals(other: GroupElement): boolean;
  is0(): boolean;
  toBytes(): Uint8Array;
}

/** The element length of ristretto255 and edwards25519 (secp256k1's is 33: `group.elementLength`). */
export const POINT_LENGTH = 32;

export interface Group {
  readonly name: string;
  /** Length of an encoded element (RFC 9591's Ne): 32, or 33 for SEC1-compressed secp256k1. */
  readonly elementLength: number;
  /** The scalars mod the group order, with the ciphersuite's scalar encoding. */
  readonly scalars: ScalarField;
  /** The generator B. */
  readonly base: GroupElement;
  readonly identity: GroupElement;
  /**
   * Strict decoding (RFC 9591 DeserializeElement): exactly `elementLength` bytes, the canonical
   * encoding of an element of the prime-order group other than the identity; anything else is a
   * FrostError.
   */
  decode(bytes: Uint8Array, what?: string): GroupElement;
  /** s·B, allowing s = 0 (noble's `multiply` refuses zero; a zero scalar is legal in the algebra). */
  mulBase(s: bigint): GroupElement;
  /**
   * sum s_i·P_i over public points and public scalars, in variable time (Straus). Never use it with
   * a secret scalar: secrets go through `mulBase`, which is constant time.
   */
  linearCombination(points: readonly GroupElement[], scalars: readonly bigint[]): GroupElement;
  /** True when `p` is an element of this group (and not, say, a ristretto255 point in edwards25519). */
  has(p: GroupElement): boolean;
}

/**
 * Points handed in as objects (not bytes) must belong to the suite's group: a key or a package of
 * the other suite is refused with a FrostError instead of failing deep inside the curve library.
 */
export function assertInGroup(
  group: Group,
  points: readonly GroupElement[],
  what: string,
  culprit?: number,
): void {
  if (!points.every((p) => group.has(p))) {
    throw new FrostError('INVALID_POINT', `${what}: not a point of ${group.name}`, culprit);
  }
}

// Encoding a point costs an inversion (and for ristretto255 a square root); the same commitments
// and keys are encoded several times per signature. Points are immutable, so memoising by identity
// is safe, and points decoded from the wire come with their encoding for free.
const encodings = new WeakMap<GroupElement, Uint8Array>();

/** The encoding of an element of any group (its own canonical one: 32 bytes, secp256k1 33). */
export function encodePoint(p: GroupElement): Uint8Array {
  let bytes = encodings.get(p);
  if (!bytes) {
    bytes = p.toBytes();
    encodings.set(p, bytes);
  }
  return bytes.slice();
}

export function assertNotIdentity(p: GroupElement, what: string): void {
  if (p.is0()) throw new FrostError('IDENTITY_POINT', `${what}: is the identity`);
}

/** The static side of a noble point class, as far as `nobleGroup` needs it. */
export interface NoblePointClass {
  readonly BASE: GroupElement;
  readonly ZERO: GroupElement;
}

export interface NobleGroupParameters {
  readonly name: string;
  readonly cls: NoblePointClass;
  readonly scalars: ScalarField;
  readonly elementLength: number;
  /**
   * The group's own strict decoder for `elementLength` bytes: it throws a FrostError for anything
   * that is not an acceptable element (the identity is refused after it, for every group).
   */
  readonly parse: (bytes: Uint8Array, what: string) => GroupElement;
}

// Every group this package defines, so an encoder handed only points can tell whose they are.
const knownGroups: Group[] = [];

/**
 * The group an element belongs to, so that encoders of messages with points in them write scalars
 * in that group's encoding without a suite argument (and so stay usable as `array.map(encode)`).
 */
export function groupOf(p: GroupElement, what = 'point'): Group {
  const group = knownGroups.find((g) => g.has(p));
  if (!group) throw new FrostError('INVALID_POINT', `${what}: not a point of any known group`);
  return group;
}

/** A `Group` over a noble point class. */
export function nobleGroup({ name, cls, scalars, elementLength, parse }: NobleGroupParameters): Group {
  const group: Group = {
    name,
    elementLength,
    scalars,
    base: cls.BASE,
    identity: cls.ZERO,
    decode(bytes, what = 'point') {
      if (bytes.length !== elementLength) {
        throw new FrostError('LENGTH', `${what}: expected ${elementLength} bytes`);
      }
      const p = parse(bytes, what);
      assertNotIdentity(p, what);
      encodings.set(p, bytes.slice());
      return p;
    },
    mulBase(s) {
      const k = scalars.mod(s);
      return k === 0n ? cls.ZERO : cls.BASE.multiply(k);
    },
    has: (p) => p instanceof (cls as unknown as abstract new (...args: never[]) => GroupElement),
    linearCombination(points, coefficients) {
      // noble's types tie the points to their class; `cls` is that class by construction.
      return mulAddUnsafe(cls as never, [...points] as never, coefficients.map(scalars.mod)) as GroupElement;
    },
  };
  knownGroups.push(group);
  return group;
}
