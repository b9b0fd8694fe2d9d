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

export type FetchCommitments = (keyType: string, count: number) => Promise<SigningCommitment[]>;

/**
 * Commitments per batch. Each TA keeps 64 nonce pairs (TRIAD_NONCE_POOL_SIZE) shared by its own
 * coordinator and two others, per key type in use: three stocks of at most `2 * BATCH` fit.
 */
export const COMMITMENT_BATCH = 8;

export class CommitmentPool {
  private readonly stock = new Map<string, SigningCommitment[]>();
  /** One fetch at a time per key type; concurrent takers share it. */
  private readonly fetching = new Map<string, Promise<void>>();
  /** Bumped by flush, so a fetch that started before it cannot refill with stale commitments. */
  private generation = 0;

  constructor(
    private readonly fetch: FetchCommitments,
    private readonly batch = COMMITMENT_BATCH,
  ) {}

  /** One commitment for `keyType`: from stock, or from a fresh batch. Rejects if the fetch fails. */
  async take(keyType: string): Promise<SigningCommitment> {
    for (;;) {
      const list = this.stock.get(keyType);
      const c = list?.shift();
      if (c) {
        if (list!.length <= this.batch / 4) void this.refill(keyType).catch(() => undefined);
        return c;
      }
      await this.refill(keyType);
    }
  }

  /** Forgets every commitment (of one key type, or all): the TA no longer holds their nonces. */
  flush(keyType?: string): void {
    this.generation++;
    if (keyType === undefined) this.stock.clear();
    else this.stock.delete(keyType);
  }

  private refill(keyType: string): Promise<void> {
    const running = this.fetching.get(keyType);
    if (running) return running;
    const generation = this.generation;
    const p = this.fetch(keyType, this.batch)
      .then((fresh) => {
        if (fresh.length === 0) throw new Error('the TA returned no commitments');
        if (generation !== this.generation) return; // flushed meanwhile: the caller loops and refetches
        this.stock.set(keyType, [...(this.stock.get(keyType) ?? []), ...fresh]);
      })
      .finally(() => this.fetching.delete(keyType));
    this.fetching.set(keyType, p);
    return p;
  }
}
