import { beforeAll, describe, expect, it } from '@jest/globals';
import { ristretto255_FROST } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import {
  aggregate,
  aggregateWithCommitment,
  commit,
  deriveSigningContext,
  encodePoint,
  mod,
  Point,
  rfc9591,
  schnorrkel,
  signShare,
  trustedDealerKeygen,
  verifyShare,
} from '../src/index.js';
import type { SignatureShare, SigningCommitment } from '../src/index.js';
import { drbg } from '../scripts/drbg.js';
import { expectFrostError, publicKeyBytes, subsets, thresholdSign, utf8 } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

describe('2-of-3 signing (property)', () => {
  it('for random keys and messages, every 2-subset of 3 signs for the group key (checked by Rust schnorrkel)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.uint8Array({ maxLength: 256 }), async (seed, msg) => {
        const { keyPackages, publicKeyPackage } = trustedDealerKeygen({
          threshold: 2,
          maxSigners: 3,
          rng: drbg(seed),
        });
        for (const pair of subsets(keyPackages, 2)) {
          const { signature } = thresholdSign(pair, publicKeyPackage, msg);
          expect(chainAccepts(signature, msg, publicKeyBytes(publicKeyPackage))).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('with the RFC challenge the aggregate verifies under noble ristretto255_FROST (independent FROST)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uint8Array({ maxLength: 64 }), (seed, msg) => {
        const { keyPackages, publicKeyPackage } = trustedDealerKeygen({
          threshold: 2,
          maxSigners: 3,
          rng: drbg(seed),
        });
        const { signature } = thresholdSign(keyPackages.slice(1), publicKeyPackage, msg, rfc9591);
        expect(ristretto255_FROST.verify(signature, msg, publicKeyBytes(publicKeyPackage))).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('works for a generic t-of-n (3-of-5)', async () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 3, maxSigners: 5 });
    const msg = utf8('3-of-5');
    for (const trio of subsets(keyPackages, 3)) {
      const { signature } = thresholdSign(trio, publicKeyPackage, msg);
      expect(chainAccepts(signature, msg, publicKeyBytes(publicKeyPackage))).toBe(true);
    }
  });

  it('any tampered share is caught by verifyShare and aggregate names the culprit', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 1 }),
        fc.bigInt({ min: 1n, max: (1n << 252n) - 1n }),
        (seed, victim, delta) => {
          const { keyPackages, publicKeyPackage } = trustedDealerKeygen({
            threshold: 2,
            maxSigners: 3,
            rng: drbg(seed),
          });
          const signers = [keyPackages[0]!, keyPackages[2]!];
          const msg = utf8(seed);
          const nonces = signers.map((k) => commit(k));
          const set = nonces.map((n) => n.commitment);
          const shares = signers.map((k, i) => signShare(schnorrkel, k, nonces[i]!, set, msg));
          const bad: SignatureShare = { ...shares[victim]!, z: mod(shares[victim]!.z + delta) };
          const tampered = shares.map((s, i) => (i === victim ? bad : s));
          expect(verifyShare(schnorrkel, publicKeyPackage, set, msg, bad)).toBe(false);
          expect(verifyShare(schnorrkel, publicKeyPackage, set, msg, shares[1 - victim]!)).toBe(true);
          expectFrostError(
            () => aggregate(schnorrkel, publicKeyPackage, set, msg, tampered),
            'INVALID_SHARE',
            bad.identifier,
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('signer-side checks (what the TA enforces too)', () => {
  const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
  const [k1, k2, k3] = keyPackages as [
    (typeof keyPackages)[0],
    (typeof keyPackages)[0],
    (typeof keyPackages)[0],
  ];
  const msg = utf8('checks');

  it('a nonce is used once: the second signShare with it fails with NONCE_REUSED', () => {
    const n1 = commit(k1);
    const n2 = commit(k2);
    const set = [n1.commitment, n2.commitment];
    signShare(schnorrkel, k1, n1, set, msg);
    expectFrostError(() => signShare(schnorrkel, k1, n1, set, utf8('another message')), 'NONCE_REUSED');
  });

  it('refuses a set without its own commitment, or carrying a commitment that is not its own', () => {
    const n1 = commit(k1);
    const others = [commit(k2).commitment, commit(k3).commitment];
    expectFrostError(() => signShare(schnorrkel, k1, n1, others, msg), 'MISSING_COMMITMENT');
    const n1b = commit(k1);
    const foreign: SigningCommitment = { ...commit(k1).commitment };
    expectFrostError(() => signShare(schnorrkel, k1, n1b, [foreign, others[0]!], msg), 'COMMITMENT_MISMATCH');
    // Nonces are burnt by a refused request: no retry with the same nonces.
    expectFrostError(() => signShare(schnorrkel, k1, n1b, [n1b.commitment, others[0]!], msg), 'NONCE_REUSED');
  });

  it('refuses duplicate identifiers, unsorted sets and a set of the wrong size', () => {
    const a = commit(k1);
    const b = commit(k2);
    const c = commit(k3);
    expectFrostError(
      () => signShare(schnorrkel, k1, a, [a.commitment, a.commitment], msg),
      'DUPLICATE_IDENTIFIER',
    );
    const a2 = commit(k1);
    expectFrostError(
      () => signShare(schnorrkel, k1, a2, [b.commitment, a2.commitment], msg),
      'UNSORTED_IDENTIFIERS',
    );
    const a3 = commit(k1);
    expectFrostError(
      () => signShare(schnorrkel, k1, a3, [a3.commitment, b.commitment, c.commitment], msg),
      'WRONG_SIGNER_COUNT',
    );
  });

  it('refuses an identity commitment from another signer', () => {
    const a = commit(k1);
    const evil: SigningCommitment = {
      identifier: 2,
      hiding: Point.ZERO,
      binding: commit(k2).commitment.binding,
    };
    expectFrostError(() => signShare(schnorrkel, k1, a, [a.commitment, evil], msg), 'IDENTITY_POINT');
  });

  it('a share for one message does not verify for another (c is derived, never supplied)', () => {
    const a = commit(k1);
    const b = commit(k2);
    const set = [a.commitment, b.commitment];
    const s1 = signShare(schnorrkel, k1, a, set, msg);
    expect(verifyShare(schnorrkel, publicKeyPackage, set, msg, s1)).toBe(true);
    expect(verifyShare(schnorrkel, publicKeyPackage, set, utf8('other'), s1)).toBe(false);
  });

  it('aggregate refuses missing, duplicate and outside shares', () => {
    const a = commit(k1);
    const b = commit(k2);
    const set = [a.commitment, b.commitment];
    const sa = signShare(schnorrkel, k1, a, set, msg);
    const sb = signShare(schnorrkel, k2, b, set, msg);
    expectFrostError(() => aggregate(schnorrkel, publicKeyPackage, set, msg, [sa]), 'MISSING_PACKAGE', 2);
    expectFrostError(
      () => aggregate(schnorrkel, publicKeyPackage, set, msg, [sa, sa, sb]),
      'DUPLICATE_IDENTIFIER',
    );
    expectFrostError(
      () => aggregate(schnorrkel, publicKeyPackage, set, msg, [sa, sb, { identifier: 3, z: 1n }]),
      'WRONG_SIGNER_COUNT',
    );
    expect(aggregate(schnorrkel, publicKeyPackage, set, msg, [sb, sa])).toHaveLength(64);
  });

  it("aggregate takes a context derived ahead and a final check of the caller's choosing", async () => {
    const a = commit(k1);
    const b = commit(k2);
    const set = [a.commitment, b.commitment];
    const shares = [signShare(schnorrkel, k1, a, set, msg), signShare(schnorrkel, k2, b, set, msg)];
    const context = deriveSigningContext(schnorrkel, publicKeyPackage.groupPublicKey, 2, set, msg);
    const seen: Uint8Array[] = [];
    const signature = aggregate(schnorrkel, publicKeyPackage, set, msg, shares, {
      context,
      verify: (sig, m, pk) => {
        seen.push(sig, m, pk);
        return chainAccepts(sig, m, pk);
      },
    });
    expect(signature).toEqual(aggregate(schnorrkel, publicKeyPackage, set, msg, shares));
    expect(seen).toEqual([signature, msg, publicKeyBytes(publicKeyPackage)]);
    // A check that says no sends aggregate to the blame pass: valid shares, so no culprit.
    expectFrostError(
      () => aggregate(schnorrkel, publicKeyPackage, set, msg, shares, { verify: () => false }),
      'INVALID_SIGNATURE',
    );
  });

  it('aggregateWithCommitment: R as the signer reports it plus the summed shares, or undefined', async () => {
    const a = commit(k1);
    const b = commit(k2);
    const set = [a.commitment, b.commitment];
    const shares = [signShare(schnorrkel, k1, a, set, msg), signShare(schnorrkel, k2, b, set, msg)];
    const R = encodePoint(
      deriveSigningContext(schnorrkel, publicKeyPackage.groupPublicKey, 2, set, msg).groupCommitment,
    );
    const fast = aggregateWithCommitment(schnorrkel, publicKeyPackage, R, msg, shares, chainAccepts);
    expect(fast).toEqual(aggregate(schnorrkel, publicKeyPackage, set, msg, shares));
    // a wrong R, a short R or a wrong share: no signature, the caller falls back to aggregate
    const otherR = encodePoint(a.commitment.hiding);
    expect(
      aggregateWithCommitment(schnorrkel, publicKeyPackage, otherR, msg, shares, chainAccepts),
    ).toBeUndefined();
    expect(
      aggregateWithCommitment(schnorrkel, publicKeyPackage, R.slice(1), msg, shares, chainAccepts),
    ).toBeUndefined();
    const bad = [shares[0]!, { ...shares[1]!, z: mod(shares[1]!.z + 1n) }];
    expect(aggregateWithCommitment(schnorrkel, publicKeyPackage, R, msg, bad, chainAccepts)).toBeUndefined();
  });
});
