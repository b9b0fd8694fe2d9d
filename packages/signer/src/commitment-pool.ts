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
import type { KeyId } from '@triad/tee';
import { keyName } from './key-ring.js';

export type FetchCommitments = (key: KeyId, count: number) => Promise<SigningCommitment[]>;

/**
 * Commitments per batch. Each TA keeps 64 nonce pairs (TRIAD_NONCE_POOL_SIZE) shared by its own
 * coordinator and two others, per key in use: three stocks of at most `2 * BATCH` fit.
 */
export const COMMITMENT_BATCH = 8;

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
  ) {}

  /** One commitment for `key`: from stock, or from a fresh batch. Rejects if the fetch fails. */
  async take(key: KeyId): Promise<SigningCommitment> {
    const name = keyName(key);
    for (;;) {
      const list = this.stock.get(name);
      const c = list?.shift();
      if (c) {
        if (list!.length <= this.batch / 4) void this.refill(key, name).catch(() => undefined);
        return c;
      }
      await this.refill(key, name);
    }
  }

  /** Forgets every commitment (of one key, or all): the TA no longer holds their nonces. */
  flush(key?: KeyId): void {
    this.generation++;
    if (key === undefined) this.stock.clear();
    else this.stock.delete(keyName(key));
  }

  private refill(key: KeyId, name: string): Promise<void> {
    const running = this.fetching.get(name);
    if (running) return running;
    const generation = this.generation;
    const p = this.fetch(key, this.batch)
      .then((fresh) => {
        if (fresh.length === 0) throw new Error('the TA returned no commitments');
        if (generation !== this.generation) return; // flushed meanwhile: the caller loops and refetches
        this.stock.set(name, [...(this.stock.get(name) ?? []), ...fresh]);
      })
      .finally(() => this.fetching.delete(name));
    this.fetching.set(name, p);
    return p;
  }
}
