/**
 * edwards25519 as RFC 9591 section 6.1 uses it (FROST(Ed25519, SHA-512)): RFC 8032 compressed
 * encodings, decoded strictly. noble's strict `fromBytes` (zip215 off) refuses y >= p and x = 0
 * with the sign bit set; the re-encoding comparison catches any other non-canonical form; then
 * the identity, the other small-order points and any point with a torsion component are refused,
 * each with its own code, so only elements of the prime-order subgroup ever enter the protocol.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';
import type { Group } from './group.js';
import { nobleGroup } from './group.js';
import { ed25519Scalars } from './scalar.js';

export const ed25519Group: Group = nobleGroup({
  name: 'edwards25519',
  cls: ed25519.Point,
  scalars: ed25519Scalars,
  elementLength: 32,
  parse(bytes, what) {
    let p: InstanceType<typeof ed25519.Point>;
    try {
      p = ed25519.Point.fromBytes(bytes, false);
    } catch {
      throw new FrostError('INVALID_POINT', `${what}: not a valid edwards25519 encoding`);
    }
    if (!equalBytes(p.toBytes(), bytes)) {
      throw new FrostError('INVALID_POINT', `${what}: not the canonical edwards25519 encoding`);
    }
    if (p.is0()) throw new FrostError('IDENTITY_POINT', `${what}: is the identity`);
    if (p.isSmallOrder()) throw new FrostError('SMALL_ORDER_POINT', `${what}: is a point of small order`);
    if (!p.isTorsionFree()) {
      throw new FrostError('TORSION_COMPONENT', `${what}: is not in the prime-order subgroup`);
    }
    return p;
  },
});
