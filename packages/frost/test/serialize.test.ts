import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  commit,
  decodeDkgRound1Package,
  decodeKeyPackage,
  decodePublicKeyPackage,
  decodeRefreshRound1Package,
  decodeSecretSharePackage,
  decodeSignatureShare,
  decodeSigningCommitment,
  decodeSigningSet,
  dkgRound1,
  encodeDkgRound1Package,
  encodeKeyPackage,
  encodePublicKeyPackage,
  encodeSecretSharePackage,
  encodeSignatureShare,
  encodeSigningCommitment,
  encodeSigningSet,
  FrostError,
  ORDER,
  Tag,
  trustedDealerKeygen,
} from '../src/index.js';
import type { FrostErrorCode } from '../src/index.js';
import { hex } from './helpers.js';

const codeOf = (fn: () => unknown): FrostErrorCode | 'OK' => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (e instanceof FrostError) return e.code;
    throw e;
  }
};

const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
const c1 = commit(keyPackages[0]!).commitment;
const c2 = commit(keyPackages[1]!).commitment;

const decoders = [
  decodeSigningCommitment,
  decodeSigningSet,
  decodeSignatureShare,
  decodeDkgRound1Package,
  decodeSecretSharePackage,
  decodeRefreshRound1Package,
  decodePublicKeyPackage,
  decodeKeyPackage,
] as const;

/** l in little-endian: the smallest non-canonical scalar encoding. */
const ORDER_LE = Uint8Array.from({ length: 32 }, (_, i) => Number((ORDER >> BigInt(8 * i)) & 0xffn));
/** A 32-byte string that is not a ristretto255 encoding (negative field element: low bit set). */
const NOT_A_POINT = new Uint8Array(32).fill(0xff);

describe('encodings round-trip', () => {
  it('every message type decodes to what was encoded', () => {
    const roundTrip = (
      bytes: Uint8Array,
      decode: (b: Uint8Array) => unknown,
      encode: (v: never) => Uint8Array,
    ) => expect(hex(encode(decode(bytes) as never))).toBe(hex(bytes));
    roundTrip(encodeSigningCommitment(c1), decodeSigningCommitment, encodeSigningCommitment);
    roundTrip(encodeSigningSet([c1, c2]), decodeSigningSet, encodeSigningSet);
    roundTrip(encodeSignatureShare({ identifier: 2, z: 12345n }), decodeSignatureShare, encodeSignatureShare);
    roundTrip(
      encodeSecretSharePackage({ sender: 1, receiver: 3, share: 7n }),
      decodeSecretSharePackage,
      encodeSecretSharePackage,
    );
    const pkg = dkgRound1({ identifier: 2, threshold: 2, maxSigners: 3 }).package;
    roundTrip(encodeDkgRound1Package(pkg), decodeDkgRound1Package, encodeDkgRound1Package);
    roundTrip(encodePublicKeyPackage(publicKeyPackage), decodePublicKeyPackage, encodePublicKeyPackage);
    roundTrip(encodeKeyPackage(keyPackages[2]!), decodeKeyPackage, encodeKeyPackage);
  });

  it('fixed sizes are what the TA expects', () => {
    expect(encodeSigningCommitment(c1)).toHaveLength(67);
    expect(encodeSignatureShare({ identifier: 1, z: 1n })).toHaveLength(35);
    expect(encodeSecretSharePackage({ sender: 1, receiver: 2, share: 1n })).toHaveLength(37);
    expect(encodeSigningSet([c1, c2])).toHaveLength(1 + 2 + 2 * 66);
  });
});

describe('strict decoding: typed errors, never a silent fix-up', () => {
  it('truncated and trailing bytes are LENGTH', () => {
    const b = encodeSigningCommitment(c1);
    expect(codeOf(() => decodeSigningCommitment(b.slice(0, -1)))).toBe('LENGTH');
    expect(codeOf(() => decodeSigningCommitment(Uint8Array.of(...b, 0)))).toBe('LENGTH');
    expect(codeOf(() => decodeSigningCommitment(new Uint8Array()))).toBe('LENGTH');
  });

  it('a message of another kind is TAG', () => {
    expect(codeOf(() => decodeSignatureShare(encodeSigningCommitment(c1)))).toBe('TAG');
    expect(codeOf(() => decodeSigningCommitment(encodeSigningSet([c1])))).toBe('TAG');
  });

  it('identity points, non-canonical points and scalars >= l are refused', () => {
    const b = encodeSigningCommitment(c1);
    const identity = b.slice();
    identity.set(new Uint8Array(32), 3);
    expect(codeOf(() => decodeSigningCommitment(identity))).toBe('IDENTITY_POINT');
    const bogus = b.slice();
    bogus.set(NOT_A_POINT, 35);
    expect(codeOf(() => decodeSigningCommitment(bogus))).toBe('INVALID_POINT');
    const share = Uint8Array.of(Tag.SignatureShare, 1, 0, ...ORDER_LE);
    expect(codeOf(() => decodeSignatureShare(share))).toBe('NON_CANONICAL_SCALAR');
  });

  it('identifier 0, duplicate and unsorted identifiers are refused', () => {
    const zeroId = encodeSignatureShare({ identifier: 1, z: 5n });
    zeroId[1] = 0;
    expect(codeOf(() => decodeSignatureShare(zeroId))).toBe('INVALID_IDENTIFIER');
    expect(codeOf(() => decodeSigningSet(encodeSigningSet([c1, c1])))).toBe('DUPLICATE_IDENTIFIER');
    expect(codeOf(() => decodeSigningSet(encodeSigningSet([c2, c1])))).toBe('UNSORTED_IDENTIFIERS');
    expect(
      codeOf(() => decodeSecretSharePackage(encodeSecretSharePackage({ sender: 2, receiver: 2, share: 1n }))),
    ).toBe('DUPLICATE_IDENTIFIER');
  });

  it('a key package whose share does not match its verifying share is refused', () => {
    const k = keyPackages[0]!;
    const wrong = encodeKeyPackage({ ...k, signingShare: k.signingShare + 1n });
    expect(codeOf(() => decodeKeyPackage(wrong))).toBe('INVALID_SHARE');
  });

  it('no input makes any decoder throw anything but a FrostError (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: decoders.length - 1 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.boolean(),
        (d, body, tagged) => {
          const bytes = tagged ? Uint8Array.of(d + 1, ...body) : body;
          expect(() => codeOf(() => decoders[d]!(bytes))).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
