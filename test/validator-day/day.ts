/**
 * A validator's day on Triad: the epoch and the plan, two redundant validators (A and B, each with
 * its own SignerClient, each pinned to its own peer by the caller) running it at once on one slot
 * clock, and a ledger of everything they asked and got. Judging and reporting are separate
 * (judge.ts, report.ts), so the same day can be judged in a test, in the demo, or fed made-up
 * entries to show the judge catches an offence.
 */
import type { SignerClient } from '@triad/client';
import { Ledger } from './ledger.js';
import { derived, planDay } from './schedule.js';
import type { DayEpoch, DayOptions, SlotPlan } from './schedule.js';
import { Validator } from './validator.js';

export interface RunDayOptions extends DayOptions {
  readonly clients: { readonly a: SignerClient; readonly b: SignerClient };
  /** The cluster's babe public key: authority 1 of the epoch's three. */
  readonly babeKey: Uint8Array;
  readonly slotMs: number;
  readonly jitterMs: number;
  /** Something to do when the day reaches a slot (the demo kills and restarts a peer). */
  readonly events?: readonly { readonly k: number; readonly run: () => Promise<void> }[];
  readonly ledger?: Ledger;
}

export interface DayRun {
  readonly epoch: DayEpoch;
  readonly plan: readonly SlotPlan[];
  readonly ledger: Ledger;
  /** Exceptions in the validators' own code (not refusals or unanswered requests). */
  readonly failures: readonly string[];
  readonly wallMs: number;
}

/** The day's epoch: three authorities of equal weight, ours in the middle, Polkadot's c = 1/4. */
export function dayEpoch(babeKey: Uint8Array, seed: number): DayEpoch {
  return {
    index: 5n,
    randomness: derived('epoch randomness', seed),
    authorities: [derived('authority', 0), babeKey, derived('authority', 2)],
    authorityIndex: 1,
    c: [1n, 4n],
  };
}

export async function runDay(o: RunDayOptions): Promise<DayRun> {
  const epoch = dayEpoch(o.babeKey, o.seed);
  const plan = planDay(o);
  const ledger = o.ledger ?? new Ledger();
  const t0 = performance.now() + 50;
  const make = (name: 'A' | 'B', client: SignerClient) =>
    new Validator({ name, client, epoch, ledger, t0, slotMs: o.slotMs, jitterMs: o.jitterMs });
  const validators = [make('A', o.clients.a), make('B', o.clients.b)];
  const events = (o.events ?? []).map(async (ev) => {
    await new Promise((go) => setTimeout(go, Math.max(0, t0 + ev.k * o.slotMs - performance.now())));
    await ev.run();
  });
  await Promise.all([...validators.map((v) => v.run(plan)), ...events]);
  return {
    epoch,
    plan,
    ledger,
    failures: validators.flatMap((v) => v.failures),
    wallMs: performance.now() - t0,
  };
}
