import { beforeAll, describe, expect, it } from '@jest/globals';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import fc from 'fast-check';
import {
  decodeDkgRound1Package,
  dkgRound1,
  dkgRound2,
  dkgRound3,
  dkgTranscriptDigest,
  encodeDkgRound1Package,
  encodePoint,
  mod,
  mulBase,
  ristretto255Sha512,
} from '../src/index.js';
import type { PublicKeyPackage } from '../src/index.js';
import zf from './fixtures/zf-dkg-ristretto255.json' with { type: 'json' };
import { runDkg } from './ceremonies.js';
import { zfDkgVectors } from './zf-dkg.js';
import { expectFrostError, hex, publicKeyBytes, subsets, thresholdSign, utf8 } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

const samePublic = (a: PublicKeyPackage, b: PublicKeyPackage) =>
  hex(encodePoint(a.groupPublicKey)) === hex(encodePoint(b.groupPublicKey)) &&
  [...a.verifyingShares].every(([id, y]) => b.verifyingShares.get(id)?.equals(y));

describe('DKG: frost-core vectors (vectors_dkg.json, ristretto255)', () => {
  const { participants, derivesShareAndGroupKey } = zfDkgVectors(zf, ristretto255Sha512);

  it.each(participants.map((p) => [p.identifier, p] as const))(
    'participant %i derives its share and the group key',
    (_, me) => derivesShareAndGroupKey(me),
  );
});

describe('DKG ceremony (property)', () => {
  it('every participant ends with the same public package, and every 2-subset signs for it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 16 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async (seed, msg) => {
          const { out } = runDkg(2, 3, utf8(`session/${seed}`), seed);
          for (const o of out) expect(samePublic(o.publicKeyPackage, out[0]!.publicKeyPackage)).toBe(true);
          const pub = out[0]!.publicKeyPackage;
          for (const pair of subsets(
            out.map((o) => o.keyPackage),
            2,
          )) {
            const { signature } = thresholdSign(pair, pub, msg);
            expect(chainAccepts(signature, msg, publicKeyBytes(pub))).toBe(true);
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('no participant learns the group secret: it is sum of the constant terms, known to nobody alone', () => {
    const { r1, out } = runDkg(2, 3, utf8('secret'));
    const groupSecret = mod(r1.reduce((acc, r) => acc + r.secret.polynomial[0]!, 0n));
    expect(mulBase(groupSecret).equals(out[0]!.publicKeyPackage.groupPublicKey)).toBe(true);
    for (const r of r1)
      expect(mulBase(r.secret.polynomial[0]!).equals(out[0]!.publicKeyPackage.groupPublicKey)).toBe(false);
  });

  it('3-of-5 works the same way', async () => {
    const { out } = runDkg(3, 5, utf8('3of5'));
    const pub = out[0]!.publicKeyPackage;
    const msg = utf8('m');
    const { signature } = thresholdSign(
      [out[0]!, out[2]!, out[4]!].map((o) => o.keyPackage),
      pub,
      msg,
    );
    expect(chainAccepts(signature, msg, publicKeyBytes(pub))).toBe(true);
  });
});

describe('DKG failures abort with a reason and a culprit', () => {
  const context = utf8('ceremony-7');

  it('a bad proof of knowledge names its sender', () => {
    const { r1, packages1 } = runDkg(2, 3, context);
    const forged = {
      ...packages1[1]!,
      proofOfKnowledge: { ...packages1[1]!.proofOfKnowledge, z: mod(packages1[1]!.proofOfKnowledge.z + 1n) },
    };
    expectFrostError(() => dkgRound2(r1[0]!.secret, [forged, packages1[2]!]), 'INVALID_PROOF', 2);
  });

  it('a proof made for another ceremony (context) is refused: no replay across sessions', () => {
    const fresh = runDkg(2, 3, utf8('ceremony-8'));
    const old = runDkg(2, 3, context, 'old');
    expectFrostError(
      () => dkgRound2(fresh.r1[0]!.secret, [old.packages1[1]!, fresh.packages1[2]!]),
      'INVALID_PROOF',
      2,
    );
  });

  it('a share that does not match its sender commitment names the sender', () => {
    const { r2, othersOf, all2 } = runDkg(2, 3, context);
    const toOne = all2
      .filter((p) => p.receiver === 1)
      .map((p) => (p.sender === 3 ? { ...p, share: mod(p.share + 1n) } : p));
    expectFrostError(() => dkgRound3(r2[0]!.secret, othersOf(1), toOne), 'INVALID_SHARE', 3);
  });

  it('a missing share, a share addressed elsewhere, and a changed round-one package are refused', () => {
    const { r2, othersOf, all2, packages1 } = runDkg(2, 3, context);
    const toOne = all2.filter((p) => p.receiver === 1);
    expectFrostError(() => dkgRound3(r2[0]!.secret, othersOf(1), toOne.slice(1)), 'MISSING_PACKAGE');
    const misaddressed = all2.filter((p) => p.receiver === 2 && p.sender === 3);
    expectFrostError(
      () => dkgRound3(r2[0]!.secret, othersOf(1), [toOne[0]!, ...misaddressed]),
      'INVALID_SHARE',
      3,
    );
    const other = runDkg(2, 3, context, 'other').packages1[2]!;
    expectFrostError(() => dkgRound3(r2[0]!.secret, [packages1[1]!, other], toOne), 'TRANSCRIPT_MISMATCH');
  });

  it('round two refuses a wrong package count, duplicates, our own id, and a wrong degree', () => {
    const { r1, packages1 } = runDkg(2, 3, context);
    const me = r1[0]!.secret;
    expectFrostError(() => dkgRound2(me, [packages1[1]!]), 'MISSING_PACKAGE');
    expectFrostError(() => dkgRound2(me, [packages1[1]!, packages1[1]!]), 'DUPLICATE_IDENTIFIER');
    expectFrostError(() => dkgRound2(me, [packages1[0]!, packages1[1]!]), 'DUPLICATE_IDENTIFIER');
    const wide = dkgRound1({ identifier: 3, threshold: 3, maxSigners: 3, context }).package;
    expectFrostError(() => dkgRound2(me, [packages1[1]!, wide]), 'INVALID_PARAMETERS', 3);
  });

  it('echo digests agree for honest participants and differ if anyone was shown another package', () => {
    const { packages1 } = runDkg(2, 3, context);
    const digest = hex(dkgTranscriptDigest(context, packages1));
    expect(hex(dkgTranscriptDigest(context, [...packages1].reverse()))).toBe(digest);
    const equivocated = [packages1[0]!, packages1[1]!, runDkg(2, 3, context, 'x').packages1[2]!];
    expect(hex(dkgTranscriptDigest(context, equivocated))).not.toBe(digest);
    expect(hex(dkgTranscriptDigest(utf8('another'), packages1))).not.toBe(digest);
    // and the packages survive their wire encoding unchanged
    expect(packages1.map((p) => decodeDkgRound1Package(encodeDkgRound1Package(p)).identifier)).toEqual([
      1, 2, 3,
    ]);
  });
});
