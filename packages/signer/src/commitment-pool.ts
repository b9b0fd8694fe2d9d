/**
 * Nonce commitments fetched ahead of time (FROST round one as preprocessing), so that signing a
 * request is one round trip to one cosigner instead of two.
 *
 * The nonces themselves stay in the TA that made them (RAM only, single use); what is kept here is
 * public. A commitment the TA has meanwhile forgotten (it restarted, or evicted it from its bounded
 * pool) makes the TA answer NONCE_UNKNOWN: the coordinator then `flush`es this stock and takes a
 * fresh one. Each commitment is handed out once.
 */
import type { SigningCommitment } from '@triad/frost';
import { Limits } from '@triad/tee';
import type { KeyId } from '@triad/tee';
import { keyName } from './key-ring.js';

export type FetchCommitments = (key: KeyId, count: number) => Promise<SigningCommitment[]>;

/** Commitments per batch, per key: a stock lasts several signatures, one fetch refills it. */
export const COMMITMENT_BATCH = 8;
/**
 * Commitments one pool keeps for one TA, all keys together. A TA's nonce pairs
 * (Limits.NONCE_POOL_SIZE) serve its own coordinator and two others; each keeping at most a quarter
 * leaves a quarter for fetches under way, so a TA never forgets a pair a coordinator still holds,
 * however many keys are in use. Beyond it, the stock of the key used longest ago is dropped (its
 * next signature fetches again: two round trips instead of one).
 */
export const MAX_STOCK = Limits.NONCE_POOL_SIZE / 4;

export class CommitmentPool {
  /** By key name (type and public key): each pair is bound to one key in the TA. */
  private readonly stock = new Map<string, SigningCommitment[]>();
  /** One fetch at a time per key; concurrent takers share it. */
  private readonly fetching = new Map<string, Promise<void>>();
  /** Bumped by flush, so a fetch that started before it cannot refill with stale commitments. */
  private generation = 0;

  constructor(
    private readonly fetch: FetchCommitments,
    private readonly batch = COMMITMENT_BATCH,
    private readonly maxStock = MAX_STOCK,
  ) {}

  /** Commitments held, all keys together. */
  get size(): number {
    let n = 0;
    for (const list of this.stock.values()) n += list.length;
    return n;
  }

  /** One commitment for `key`: from stock, or from a fresh batch. Rejects if the fetch fails. */
  async take(key: KeyId): Promise<SigningCommitment> {
    const name = keyName(key);
    for (;;) {
      const list = this.stock.get(name);
      const c = list?.shift();
      if (c) {
        // most recently used last: the stock dropped first is the one at the front
        this.stock.delete(name);
        this.stock.set(name, list!);
        if (list!.length <= this.batch / 4) void this.refill(key, name).catch(() => undefined);
        return c;
      }
      await this.refill(key, name);
    }
  }

  /**
   * The next commitment for `key` without handing it out (a batch is fetched when there is none):
   * for a request that only names its signers by identifier and uses no nonce (a VRF pre-output).
   */
  async peek(key: KeyId): Promise<SigningCommitment> {
    const name = keyName(key);
    for (;;) {
      const c = this.stock.get(name)?.[0];
      if (c) return c;
      await this.refill(key, name);
    }
  }

  /**
   * One commitment made now, for immediate use, outside the stock: after a NONCE_UNKNOWN, the pair
   * the TA made last is the last it would let go.
   */
  async fresh(key: KeyId): Promise<SigningCommitment> {
    const [c] = await this.fetch(key, 1);
    if (!c) throw new Error('the TA returned no commitments');
    return c;
  }

  /** Forgets every commitment (of one key, or all): the TA no longer holds their nonces. */
  flush(key?: KeyId): void {
    this.generation++;
    if (key === undefined) this.stock.clear();
    else this.stock.delete(keyName(key));
  }

  /** Drops whole stocks of the keys used longest ago until the pool is within its bound. */
  private trim(keep: string): void {
    let size = this.size;
    for (const [name, list] of this.stock) {
      if (size <= this.maxStock) return;
      if (name === keep) continue;
      this.stock.delete(name);
      size -= list.length;
    }
  }

  private refill(key: KeyId, name: string): Promise<void> {
    const running = this.fetching.get(name);
    if (running) return running;
    const generation = this.generation;
    const p = this.fetch(key, this.batch)
      .then((fresh) => {
        if (fresh.length === 0) throw new Error('the TA returned no commitments');
        if (generation !== this.generation) return; // flushed meanwhile: the caller loops and refetches
        const held = this.stock.get(name) ?? [];
        this.stock.delete(name);
        this.stock.set(name, [...held, ...fresh]);
        this.trim(name);
      })
      .finally(() => this.fetching.delete(name));
    this.fetching.set(name, p);
    return p;
  }
}
