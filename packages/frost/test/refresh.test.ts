import { beforeAll, describe, expect, it } from '@jest/globals';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import fc from 'fast-check';
import {
  aggregate,
  commit,
  decodeRefreshRound1Package,
  encodePoint,
  encodeRefreshRound1Package,
  FrostError,
  mod,
  refreshRound3,
  refreshTranscriptDigest,
  schnorrkel,
  signShare,
  trustedDealerKeygen,
} from '../src/index.js';
import type { FrostErrorCode } from '../src/index.js';
import { drbg } from '../scripts/drbg.js';
import { runRefresh } from './ceremonies.js';
import { hex, publicKeyBytes, subsets, thresholdSign, utf8 } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

const codeOf = (fn: () => unknown): FrostErrorCode | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FrostError) return e.code;
    throw e;
  }
  return undefined;
};

describe('share refresh', () => {
  it('keeps the public key; every 2-subset of refreshed shares signs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }), async (seed) => {
        const { keyPackages, publicKeyPackage } = trustedDealerKeygen({
          threshold: 2,
          maxSigners: 3,
          rng: drbg(seed),
        });
        const { out } = runRefresh(keyPackages, publicKeyPackage, seed);
        const pub = out[0]!.publicKeyPackage;
        expect(hex(encodePoint(pub.groupPublicKey))).toBe(hex(publicKeyBytes(publicKeyPackage)));
        for (const o of out) {
          expect([...o.publicKeyPackage.verifyingShares].map(([id, y]) => [id, hex(encodePoint(y))])).toEqual(
            [...pub.verifyingShares].map(([id, y]) => [id, hex(encodePoint(y))]),
          );
        }
        const msg = utf8(seed);
        for (const pair of subsets(
          out.map((o) => o.keyPackage),
          2,
        )) {
          const { signature } = thresholdSign(pair, pub, msg);
          expect(chainAccepts(signature, msg, publicKeyBytes(pub))).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('changes every share and verifying share, and keeps threshold and participants', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const { out } = runRefresh(keyPackages, publicKeyPackage);
    out.forEach((o, i) => {
      expect(o.keyPackage.signingShare).not.toBe(keyPackages[i]!.signingShare);
      expect(o.keyPackage.verifyingShare.equals(keyPackages[i]!.verifyingShare)).toBe(false);
      expect(o.keyPackage.threshold).toBe(2);
    });
    expect([...out[0]!.publicKeyPackage.verifyingShares.keys()]).toEqual([1, 2, 3]);
  });

  it('a signature made before the refresh still verifies; an old share no longer combines with new ones', async () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const msg = utf8('before');
    const before = thresholdSign(keyPackages.slice(0, 2), publicKeyPackage, msg).signature;
    const { out } = runRefresh(keyPackages, publicKeyPackage);
    expect(chainAccepts(before, msg, publicKeyBytes(out[0]!.publicKeyPackage))).toBe(true);

    // A stolen pre-refresh share of 1 with the refreshed share of 2.
    const stale = keyPackages[0]!;
    const fresh = out[1]!.keyPackage;
    const [n1, n2] = [commit(stale), commit(fresh)];
    const set = [n1.commitment, n2.commitment];
    const shares = [signShare(schnorrkel, stale, n1, set, msg), signShare(schnorrkel, fresh, n2, set, msg)];
    expect(codeOf(() => aggregate(schnorrkel, out[1]!.publicKeyPackage, set, msg, shares))).toBe(
      'INVALID_SHARE',
    );
  });

  it('refuses a tampered refresh share (culprit named) and a key package from another participant', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const { r2, all2 } = runRefresh(keyPackages, publicKeyPackage);
    const toOne = all2
      .filter((p) => p.receiver === 1)
      .map((p) => (p.sender === 2 ? { ...p, share: mod(p.share + 5n) } : p));
    let culprit: number | undefined;
    try {
      refreshRound3(r2[0]!.secret, toOne, keyPackages[0]!, publicKeyPackage);
    } catch (e) {
      culprit = (e as FrostError).culprit;
    }
    expect(culprit).toBe(2);
    const honest = all2.filter((p) => p.receiver === 1);
    expect(codeOf(() => refreshRound3(r2[0]!.secret, honest, keyPackages[1]!, publicKeyPackage))).toBe(
      'INVALID_PARAMETERS',
    );
  });

  it('round-one packages round-trip on the wire and feed the echo digest', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const { r1 } = runRefresh(keyPackages, publicKeyPackage);
    const pkgs = r1.map((r) => decodeRefreshRound1Package(encodeRefreshRound1Package(r.package)));
    const ctx = utf8('refresh-1');
    expect(hex(refreshTranscriptDigest(ctx, pkgs))).toBe(
      hex(
        refreshTranscriptDigest(
          ctx,
          r1.map((r) => r.package),
        ),
      ),
    );
    expect(hex(refreshTranscriptDigest(ctx, pkgs))).not.toBe(
      hex(refreshTranscriptDigest(utf8('refresh-2'), pkgs)),
    );
  });
});
