import { describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  decodeSignatureShare,
  decodeSigningCommitment,
  encodePoint,
  encodeSignatureShare,
  encodeSigningCommitment,
  secp256k1Group,
  secp256k1Scalars,
  secp256k1Sha256,
} from '../src/index.js';
import { expectFrostError, hex, unhex } from './helpers.js';

const group = secp256k1Group;
const P = secp256k1.Point.Fp.ORDER;
const N = secp256k1Scalars.ORDER;
const be32 = (x: bigint) => unhex(x.toString(16).padStart(64, '0'));
const G = encodePoint(group.base);

/** The smallest x whose x^3 + 7 is not a square mod p: no point has it. */
function xOffCurve(): bigint {
  const { Fp } = secp256k1.Point;
  for (let x = 1n; ; x++) {
    const y2 = Fp.add(Fp.pow(x, 3n), 7n);
    if (Fp.pow(y2, (P - 1n) / 2n) !== 1n) return x;
  }
}

describe('secp256k1 elements: SEC1 compressed, decoded strictly (RFC 9591 6.5 DeserializeElement)', () => {
  it('the generator encodes as 02 79be667e... and decodes back', () => {
    expect(hex(G)).toBe('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expect(group.decode(G).equals(group.base)).toBe(true);
    const minusG = encodePoint(group.base.negate());
    expect(minusG[0]).toBe(0x03);
    expect(group.decode(minusG).equals(group.base.negate())).toBe(true);
  });

  it('refuses other lengths, the uncompressed form included', () => {
    expectFrostError(() => group.decode(G.subarray(1)), 'LENGTH');
    expectFrostError(() => group.decode(Uint8Array.of(...G, 0)), 'LENGTH');
    expectFrostError(() => group.decode(secp256k1.Point.BASE.toBytes(false)), 'LENGTH');
  });

  it('refuses a prefix other than 02/03, x >= p, and an x with no point; 33 zero bytes are no identity', () => {
    expectFrostError(() => group.decode(Uint8Array.of(0x04, ...G.subarray(1))), 'INVALID_POINT');
    expectFrostError(() => group.decode(Uint8Array.of(0x00, ...G.subarray(1))), 'INVALID_POINT');
    expectFrostError(() => group.decode(new Uint8Array(33)), 'INVALID_POINT');
    expectFrostError(() => group.decode(Uint8Array.of(0x02, ...be32(P))), 'INVALID_POINT');
    // x = 1 is on the curve for some y (1 + 7 = 8 is a square mod p), x + p is not accepted for it
    expect(group.decode(Uint8Array.of(0x02, ...be32(1n))).is0()).toBe(false);
    expectFrostError(() => group.decode(Uint8Array.of(0x02, ...be32(P + 1n))), 'INVALID_POINT');
    expectFrostError(() => group.decode(Uint8Array.of(0x03, ...be32(xOffCurve()))), 'INVALID_POINT');
  });

  it('a zero scalar multiplies to the identity, which has no encoding in the protocol', () => {
    expect(group.mulBase(0n).is0()).toBe(true);
    expect(group.mulBase(N).is0()).toBe(true);
    expect(group.mulBase(N + 1n).equals(group.base)).toBe(true);
  });
});

describe('secp256k1 scalars: mod n, 32 bytes big-endian', () => {
  it('encode big-endian, decode strictly below n', () => {
    expect(hex(secp256k1Scalars.encode(1n))).toBe('00'.repeat(31) + '01');
    expect(secp256k1Scalars.decode(be32(N - 1n))).toBe(N - 1n);
    expectFrostError(() => secp256k1Scalars.decode(be32(N)), 'NON_CANONICAL_SCALAR');
    expectFrostError(() => secp256k1Scalars.decode(new Uint8Array(31)), 'LENGTH');
    expect(secp256k1Scalars.fromBytesWide(Uint8Array.of(1, 0))).toBe(256n);
    expect(secp256k1Scalars.mod(secp256k1Scalars.invert(7n) * 7n)).toBe(1n);
    expectFrostError(() => secp256k1Scalars.invert(N), 'INVALID_PARAMETERS');
  });

  it('messages carry them big-endian and their points in 33 bytes', () => {
    const share = encodeSignatureShare({ identifier: 2, z: 258n }, secp256k1Sha256);
    expect(hex(share)).toBe('030200' + '00'.repeat(30) + '0102');
    expect(decodeSignatureShare(share, secp256k1Sha256).z).toBe(258n);
    expectFrostError(
      () => decodeSignatureShare(Uint8Array.of(3, 2, 0, ...be32(N)), secp256k1Sha256),
      'NON_CANONICAL_SCALAR',
    );
    const c = { identifier: 1, hiding: group.base, binding: group.mulBase(2n) };
    const bytes = encodeSigningCommitment(c);
    expect(bytes.length).toBe(1 + 2 + 33 + 33);
    expect(decodeSigningCommitment(bytes, secp256k1Sha256).binding.equals(c.binding)).toBe(true);
  });
});
