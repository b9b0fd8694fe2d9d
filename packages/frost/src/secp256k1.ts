/**
 * secp256k1 as RFC 9591 section 6.5 uses it (FROST(secp256k1, SHA-256)): elements are SEC1
 * compressed points, 33 bytes, decoded strictly (DeserializeElement with SEC1 3.2.2.1 public-key
 * validation): exactly 33 bytes, prefix 02 or 03, x < p, on the curve. The identity has no 33-byte
 * encoding, and the cofactor is 1, so no order check is needed. Scalars are mod n, 32 bytes
 * big-endian. This is the group of Triad's `beef` key (BEEFY signs ECDSA with it: ecdsa.ts).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';
import type { Group } from './group.js';
import { nobleGroup } from './group.js';
import { secp256k1Scalars } from './scalar.js';

/** SEC1 compressed encoding: a parity prefix and the 32-byte big-endian x coordinate. */
export const SECP256K1_ELEMENT_LENGTH = 33;

export const secp256k1Group: Group = nobleGroup({
  name: 'secp256k1',
  cls: secp256k1.Point,
  scalars: secp256k1Scalars,
  elementLength: SECP256K1_ELEMENT_LENGTH,
  parse(bytes, what) {
    // noble would also take the 65-byte uncompressed form; the length check before `parse` and
    // this prefix check leave only the compressed one, as RFC 9591 serializes elements.
    if (bytes[0] !== 0x02 && bytes[0] !== 0x03) {
      throw new FrostError('INVALID_POINT', `${what}: not a SEC1 compressed point (prefix 02 or 03)`);
    }
    let p: InstanceType<typeof secp256k1.Point>;
    try {
      p = secp256k1.Point.fromBytes(bytes);
    } catch {
      throw new FrostError('INVALID_POINT', `${what}: not a point of secp256k1 (x >= p or not on the curve)`);
    }
    // noble already refuses x >= p; re-encoding makes "canonical" this module's own guarantee.
    if (!equalBytes(p.toBytes(true), bytes)) {
      throw new FrostError('INVALID_POINT', `${what}: not the canonical secp256k1 encoding`);
    }
    return p;
  },
});
