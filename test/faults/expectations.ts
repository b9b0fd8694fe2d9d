/**
 * What every fault scenario and the equivocation model ask of each answer and of the ledger, and
 * the one cluster a scenario file runs on.
 */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { DEADLINE_GRACE_MS } from '@triad/client';
import { FaultCluster } from './fault-cluster.js';
import type { Outcome } from './fault-cluster.js';
import type { SafetyLedger } from './ledger.js';

/** Scheduling slack on a loaded 2-core machine, on top of the client's own grace. */
export const SLACK_MS = 1000;

/**
 * Every answer is one a validator can act on, in time: a signature, a refusal it understands, or
 * an error that says "try later", never past the deadline (`timeoutMs`, the client's budget).
 */
export function expectClean(outcomes: readonly Outcome[], timeoutMs: number): void {
  for (const o of outcomes) {
    expect(o.ms).toBeLessThan(timeoutMs + DEADLINE_GRACE_MS + SLACK_MS);
    if (o.kind === 'refusal') expect(['REGRESSION', 'CONFLICT']).toContain(o.reason);
    if (o.kind === 'error') expect(['UNAVAILABLE', 'DEADLINE']).toContain(o.code);
  }
}

/** The invariant: never two headers signed for one slot, never a signature that does not verify. */
export function expectSafe(ledger: SafetyLedger): void {
  expect(ledger.invalid).toBe(0);
  expect(ledger.violations()).toEqual([]);
}

/**
 * The one FaultCluster of a scenario file: started (with its DKG) before the file's tests, handed
 * to `started`, the invariant checked after each test, stopped after all of them.
 */
export function faultClusterForFile(started: (f: FaultCluster) => void): void {
  let f: FaultCluster | undefined;
  beforeAll(async () => {
    f = await FaultCluster.start();
    started(f);
  }, 120_000);
  afterAll(async () => {
    await f?.stop();
  });
  afterEach(() => expectSafe(f!.ledger));
}

/** Slots only move forward: each call hands out `n` fresh ones above every earlier one. */
export function slotCounter(first = 1000): (n: number) => number {
  let next = first;
  return (n) => {
    const taken = next;
    next += n;
    return taken;
  };
}
