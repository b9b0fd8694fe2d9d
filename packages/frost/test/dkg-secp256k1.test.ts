import { describe, expect, it } from '@jest/globals';
import {
  decodeDkgRound1Package,
  decodeKeyPackage,
  decodePublicKeyPackage,
  dkgRound2,
  encodeDkgRound1Package,
  encodeKeyPackage,
  encodePoint,
  encodePublicKeyPackage,
  evaluatePolynomial,
  FrostError,
  lagrangeCoefficient,
  secp256k1Hashes,
  secp256k1Sha256,
} from '../src/index.js';
import { runDkg } from './ceremonies.js';
import zf from './fixtures/zf-dkg-secp256k1.json' with { type: 'json' };
import { expectFrostError, hex, subsets, utf8 } from './helpers.js';
import { zfDkgVectors } from './zf-dkg.js';

const suite = secp256k1Sha256;
const { participants, round1Of, round1Secret, derivesShareAndGroupKey } = zfDkgVectors(zf, suite);

describe('DKG: frost-core vectors (frost-secp256k1 vectors_dkg.json)', () => {
  it.each(participants.map((p) => [p.identifier, p] as const))(
    'participant %i derives its share and the group key',
    (_, me) => derivesShareAndGroupKey(me),
  );

  it('the proofs are bound to HDKG (contextString || "dkg"): under another tag they fail, naming the sender', () => {
    const me = participants[0]!;
    const hashes = { ...secp256k1Hashes, HDKG: secp256k1Hashes.H2 };
    const secret = { ...round1Secret(me), suite: { ...suite, hashes } };
    const others = participants.slice(1).map(round1Of);
    expectFrostError(() => dkgRound2(secret, others), 'INVALID_PROOF', 2);
  });
});

describe('DKG among three in secp256k1', () => {
  const context = utf8('beef-dkg-test');
  const { out, packages1 } = runDkg(2, 3, context, 'secp256k1-dkg', suite);

  it('every participant reaches the same group key and verifying shares', () => {
    const keys = out.map((o) => hex(encodePoint(o.publicKeyPackage.groupPublicKey)));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^0[23][0-9a-f]{64}$/);
    const packages = out.map((o) => hex(encodePublicKeyPackage(o.publicKeyPackage)));
    expect(new Set(packages).size).toBe(1);
  });

  it('every 2-subset reconstructs a secret whose public key is the group key', () => {
    const group = suite.group;
    const pub = out[0]!.publicKeyPackage;
    for (const pair of subsets(
      out.map((o) => o.keyPackage),
      2,
    )) {
      const ids = pair.map((k) => k.identifier);
      const x = pair.reduce(
        (acc, k) => group.scalars.mod(acc + lagrangeCoefficient(ids, k.identifier, suite) * k.signingShare),
        0n,
      );
      expect(group.mulBase(x).equals(pub.groupPublicKey)).toBe(true);
    }
    // and a single share is not the key
    expect(group.mulBase(out[0]!.keyPackage.signingShare).equals(pub.groupPublicKey)).toBe(false);
  });

  it('the secret is the sum of the participants constant terms (nobody chose it alone)', () => {
    const { r1 } = runDkg(2, 3, context, 'secp256k1-dkg', suite);
    const x = r1.reduce((acc, r) => suite.group.scalars.mod(acc + r.secret.polynomial[0]!), 0n);
    expect(suite.group.mulBase(x).equals(out[0]!.publicKeyPackage.groupPublicKey)).toBe(true);
    const y = r1.map((r) => evaluatePolynomial(r.secret.polynomial, 1, suite.group.scalars));
    expect(y.reduce((a, b) => suite.group.scalars.mod(a + b), 0n)).toBe(out[0]!.keyPackage.signingShare);
  });

  it('packages and keys travel in the secp256k1 encodings (33-byte points, 32-byte big-endian scalars)', () => {
    const p = packages1[0]!;
    const bytes = encodeDkgRound1Package(p);
    // tag, id, t, 2 commitments, R, z
    expect(bytes.length).toBe(1 + 2 + 2 + 2 * 33 + 33 + 32);
    expect(hex(bytes.slice(-32))).toBe(hex(suite.group.scalars.encode(p.proofOfKnowledge.z)));
    const back = decodeDkgRound1Package(bytes, suite);
    expect(hex(encodeDkgRound1Package(back))).toBe(hex(bytes));
    const key = out[1]!.keyPackage;
    expect(decodeKeyPackage(encodeKeyPackage(key), suite).signingShare).toBe(key.signingShare);
    const pub = decodePublicKeyPackage(encodePublicKeyPackage(out[0]!.publicKeyPackage), suite);
    expect(hex(encodePoint(pub.groupPublicKey))).toBe(
      hex(encodePoint(out[0]!.publicKeyPackage.groupPublicKey)),
    );
    // read as another suite, the same bytes are refused
    expect(() => decodeDkgRound1Package(bytes)).toThrow(FrostError);
  });
});
