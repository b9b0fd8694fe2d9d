import { beforeAll, describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1Sign } from '@polkadot/wasm-crypto';
import fc from 'fast-check';
import {
  combineWeightedShares,
  encodePoint,
  recoverPrehashed,
  secp256k1Scalars,
  secp256k1Sha256,
  signPrehashedRecoverable,
  trustedDealerKeygen,
  weightedShare,
} from '../src/index.js';
import type { KeyPackage } from '../src/index.js';
import { beefyCommitmentLike, beefyPrehash } from '../scripts/beefy-commitment.js';
import { drbg } from '../scripts/drbg.js';
import { runDkg, runRefresh } from './ceremonies.js';
import { allTrue, ecdsaSign, ecdsaVerdicts, ecdsaVerifierReady } from './ecdsa-helpers.js';
import { expectFrostError, hex, publicKeyBytes, subsets, unhex, utf8 } from './helpers.js';

beforeAll(() => ecdsaVerifierReady());

const suite = secp256k1Sha256;
const N = secp256k1Scalars.ORDER;
const { out } = runDkg(2, 3, utf8('beef-ecdsa-test'), 'beef-ecdsa', suite);
const keys = out.map((o) => o.keyPackage);
const pub = out[0]!.publicKeyPackage;
const pk = publicKeyBytes(pub);
const keyOf = (id: number): KeyPackage => keys.find((k) => k.identifier === id)!;
const pairs = subsets([1, 2, 3], 2);
const weighted = (ids: number[]) => ids.map((id) => weightedShare(suite, id, ids, keyOf(id).signingShare));

describe('ecdsa from a DKG-made secp256k1 key: weighted shares, combination, signature', () => {
  it('random 2-subsets and prehashes: low-S r || s || v that noble verifies and noble and Rust recover to the group key (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (pair, prehash) => {
          const sig = ecdsaSign(pair.map(keyOf), pub, prehash);
          expect(sig.length).toBe(65);
          expect(ecdsaVerdicts(sig, prehash, pk)).toEqual(allTrue);
          expect(hex(recoverPrehashed(sig, prehash))).toBe(hex(pk));
          expect(secp256k1Scalars.decode(sig.subarray(32, 64)) <= N / 2n).toBe(true);
          expect([0, 1]).toContain(sig[64]);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('keccak-256 prehashes of BEEFY commitments: every 2-subset signs the same bytes Rust signs with the whole key', () => {
    const prehash = beefyPrehash(beefyCommitmentLike(new Uint8Array(32).fill(0x6d), 4242, 7n));
    const sigs = pairs.map((pair) => hex(ecdsaSign(pair.map(keyOf), pub, prehash)));
    expect(new Set(sigs).size).toBe(1); // deterministic: the signers do not change the signature
    const x = combineWeightedShares(suite, pub, [1, 2], weighted([1, 2]));
    // Rust's secp256k1 (wasm) signs r || s || v too: RFC 6979 agrees for a prehash below n
    expect(hex(secp256k1Sign(prehash, secp256k1Scalars.encode(x)))).toBe(sigs[0]);
    expect(ecdsaVerdicts(unhex(sigs[0]!), prehash, pk)).toEqual(allTrue);
  });

  it('the published RFC 6979 secp256k1 answer: key 1, SHA-256("Satoshi Nakamoto")', () => {
    const sig = signPrehashedRecoverable(1n, sha256(utf8('Satoshi Nakamoto')));
    expect(hex(sig.subarray(0, 64))).toBe(
      '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8' +
        '2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5',
    );
    expect(sig[64]).toBe(1);
  });

  it('a prehash >= n is reduced before the nonce (RFC 6979 bits2octets), so it signs like its reduction', () => {
    const big = new Uint8Array(32).fill(0xff);
    const reduced = secp256k1Scalars.encode(secp256k1Scalars.fromBytesWide(big));
    const x = combineWeightedShares(suite, pub, [2, 3], weighted([2, 3]));
    const sig = signPrehashedRecoverable(x, big);
    expect(hex(sig)).toBe(hex(signPrehashedRecoverable(x, reduced)));
    expect(ecdsaVerdicts(sig, big, pk)).toEqual(allTrue);
    // @polkadot/wasm-crypto 7.5.4's libsecp256k1 feeds the prehash to the nonce unreduced (as
    // libsecp256k1 did before bitcoin-core/secp256k1 PR 1064): valid, but other bytes
    const rust = secp256k1Sign(big, secp256k1Scalars.encode(x));
    expect(hex(rust)).not.toBe(hex(sig));
    expect(ecdsaVerdicts(rust, big, pk)).toEqual(allTrue);
  });
});

describe('combining weighted shares', () => {
  it('every 2-subset combines to the key whose public key is the group key', () => {
    for (const ids of pairs) {
      const x = combineWeightedShares(suite, pub, ids, weighted(ids));
      expect(hex(encodePoint(suite.group.mulBase(x)))).toBe(hex(pk));
    }
  });

  it('a tampered weighted share is refused and its signer named, in either position', () => {
    for (const ids of pairs) {
      for (const victim of ids) {
        const shares = weighted(ids).map((s) =>
          s.identifier === victim ? { ...s, value: secp256k1Scalars.mod(s.value + 1n) } : s,
        );
        expectFrostError(() => combineWeightedShares(suite, pub, ids, shares), 'INVALID_SHARE', victim);
      }
    }
    // a plain (unweighted) share passed off as weighted is caught the same way
    const shares = weighted([1, 3]).map((s) =>
      s.identifier === 3 ? { ...s, value: keyOf(3).signingShare } : s,
    );
    expectFrostError(() => combineWeightedShares(suite, pub, [1, 3], shares), 'INVALID_SHARE', 3);
  });

  it('a public package that does not fit the key is refused with no one to blame', () => {
    const other = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg('other'), suite });
    const wrongKey = { ...pub, groupPublicKey: other.publicKeyPackage.groupPublicKey };
    let culprit: number | undefined = -1;
    try {
      combineWeightedShares(suite, wrongKey, [1, 2], weighted([1, 2]));
    } catch (e) {
      culprit = (e as { culprit?: number }).culprit;
    }
    expect(culprit).toBeUndefined();
    expectFrostError(() => combineWeightedShares(suite, wrongKey, [1, 2], weighted([1, 2])), 'INVALID_SHARE');
  });

  it('refuses a malformed signing set or share list', () => {
    const two = weighted([1, 2]);
    expectFrostError(() => combineWeightedShares(suite, pub, [1], two.slice(0, 1)), 'WRONG_SIGNER_COUNT');
    expectFrostError(() => combineWeightedShares(suite, pub, [2, 1], two), 'UNSORTED_IDENTIFIERS');
    expectFrostError(() => combineWeightedShares(suite, pub, [1, 4], two), 'INVALID_IDENTIFIER');
    expectFrostError(
      () => combineWeightedShares(suite, pub, [1, 2], [two[0]!, two[0]!]),
      'DUPLICATE_IDENTIFIER',
    );
    expectFrostError(() => combineWeightedShares(suite, pub, [1, 2], two.slice(0, 1)), 'MISSING_PACKAGE', 2);
    const three = [...two, weighted([1, 3])[1]!];
    expectFrostError(() => combineWeightedShares(suite, pub, [1, 2], three), 'WRONG_SIGNER_COUNT');
    expectFrostError(() => weightedShare(suite, 3, [1, 2], keyOf(3).signingShare), 'MISSING_COMMITMENT');
    expectFrostError(() => weightedShare(suite, 1, [1, 2], N), 'INVALID_SHARE');
  });

  it('after a refresh the new shares sign for the same key; an old share with a new one is named', () => {
    const { out: refreshed } = runRefresh(keys, pub, 'beef-refresh', suite);
    const newPub = refreshed[0]!.publicKeyPackage;
    const prehash = beefyPrehash(beefyCommitmentLike(new Uint8Array(32).fill(1), 9, 1n));
    const sig = ecdsaSign([refreshed[0]!.keyPackage, refreshed[2]!.keyPackage], newPub, prehash);
    expect(ecdsaVerdicts(sig, prehash, pk)).toEqual(allTrue);
    const mixed = [
      weightedShare(suite, 1, [1, 2], keyOf(1).signingShare), // stolen before the refresh
      weightedShare(suite, 2, [1, 2], refreshed[1]!.keyPackage.signingShare),
    ];
    expectFrostError(() => combineWeightedShares(suite, newPub, [1, 2], mixed), 'INVALID_SHARE', 1);
  });
});

describe('signPrehashedRecoverable and recoverPrehashed', () => {
  it('refuse a prehash of another length and a secret outside 1..n-1', () => {
    expectFrostError(() => signPrehashedRecoverable(5n, new Uint8Array(31)), 'LENGTH');
    expectFrostError(() => signPrehashedRecoverable(5n, new Uint8Array(33)), 'LENGTH');
    expectFrostError(() => signPrehashedRecoverable(0n, new Uint8Array(32)), 'INVALID_PARAMETERS');
    expectFrostError(() => signPrehashedRecoverable(N, new Uint8Array(32)), 'INVALID_PARAMETERS');
  });

  it('recovery refuses a bad recovery id or r, and a changed prehash recovers another key', () => {
    const prehash = new Uint8Array(32).fill(3);
    const sig = signPrehashedRecoverable(12345n, prehash);
    const expected = hex(secp256k1.getPublicKey(secp256k1Scalars.encode(12345n)));
    expect(hex(recoverPrehashed(sig, prehash))).toBe(expected);
    expectFrostError(
      () => recoverPrehashed(Uint8Array.of(...sig.subarray(0, 64), 4), prehash),
      'INVALID_SIGNATURE',
    );
    expectFrostError(
      () => recoverPrehashed(Uint8Array.of(...new Uint8Array(32), ...sig.subarray(32)), prehash),
      'INVALID_SIGNATURE',
    );
    expectFrostError(() => recoverPrehashed(sig.subarray(0, 64), prehash), 'LENGTH');
    expect(hex(recoverPrehashed(sig, new Uint8Array(32).fill(4)))).not.toBe(expected);
  });
});
