import { describe, expect, it } from '@jest/globals';
import { Point } from '@triad/frost';
import type { SigningCommitment } from '@triad/frost';
import type { KeyId } from '@triad/tee';
import { COMMITMENT_BATCH, CommitmentPool, MAX_STOCK } from '../src/commitment-pool.js';

const key = (n: number): KeyId => ({ keyType: 'babe', publicKey: new Uint8Array(32).fill(n) });

/** A TA that numbers its commitments (in the identifier), and counts fetches per key. */
function fakeTa() {
  let made = 0;
  const fetches = new Map<number, number>();
  const fetch = (k: KeyId, count: number): Promise<SigningCommitment[]> => {
    fetches.set(k.publicKey[0]!, (fetches.get(k.publicKey[0]!) ?? 0) + 1);
    return Promise.resolve(
      Array.from({ length: count }, () => ({ identifier: ++made, hiding: Point.BASE, binding: Point.BASE })),
    );
  };
  return { fetch, fetches };
}

describe('CommitmentPool: commitments fetched ahead, bounded per TA', () => {
  it('hands out each commitment once, in the order made, one fetch per batch and key', async () => {
    const ta = fakeTa();
    const pool = new CommitmentPool(ta.fetch);
    const got = [];
    for (let i = 0; i < COMMITMENT_BATCH; i++) got.push((await pool.take(key(1))).identifier);
    expect(got).toEqual(Array.from({ length: COMMITMENT_BATCH }, (_, i) => i + 1));
    expect(new Set(got).size).toBe(COMMITMENT_BATCH);
    // the stock ran low: refilled in the background, one fetch at a time
    expect(ta.fetches.get(1)).toBe(2);
    expect((await pool.take(key(2))).identifier).toBeGreaterThan(COMMITMENT_BATCH);
    expect(ta.fetches.get(2)).toBe(1);
  });

  it('keeps at most MAX_STOCK for all keys together, dropping the stock of the key used longest ago', async () => {
    const ta = fakeTa();
    const pool = new CommitmentPool(ta.fetch);
    const keys = MAX_STOCK / COMMITMENT_BATCH + 4; // more keys in use than the bound holds stocks for
    for (let k = 1; k <= keys; k++) {
      await pool.take(key(k));
      expect(pool.size).toBeLessThanOrEqual(MAX_STOCK);
    }
    // the keys used last kept their stock (no fetch); the first ones fetch again
    const before = ta.fetches.get(keys)!;
    await pool.take(key(keys));
    expect(ta.fetches.get(keys)).toBe(before);
    await pool.take(key(1));
    expect(ta.fetches.get(1)).toBe(2);
    expect(pool.size).toBeLessThanOrEqual(MAX_STOCK);
  });

  it('peek shows the next commitment without handing it out (fetching a batch when there is none)', async () => {
    const ta = fakeTa();
    const pool = new CommitmentPool(ta.fetch);
    const seen = await pool.peek(key(1));
    expect((await pool.peek(key(1))).identifier).toBe(seen.identifier);
    expect(pool.size).toBe(COMMITMENT_BATCH);
    expect((await pool.take(key(1))).identifier).toBe(seen.identifier);
    expect((await pool.peek(key(1))).identifier).toBe(seen.identifier + 1);
    expect(ta.fetches.get(1)).toBe(1);
  });

  it('after a flush, takes only fresh commitments', async () => {
    const ta = fakeTa();
    const pool = new CommitmentPool(ta.fetch);
    const first = await pool.take(key(1));
    pool.flush(key(1));
    expect(pool.size).toBe(0);
    expect((await pool.take(key(1))).identifier).toBe(first.identifier + COMMITMENT_BATCH);
  });
});
