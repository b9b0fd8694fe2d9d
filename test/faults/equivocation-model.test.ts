/**
 * The equivocation model: fast-check generates schedules of what can happen to a cluster (two
 * validators racing for a slot at any entry peers, replays of earlier requests, peer crashes and
 * restarts, TA host crashes, partitions and heals, copies of a TA's sealed state and rollbacks to
 * them) and runs them against the real cluster of processes (FaultCluster). After every step the
 * safety invariant must hold: no two headers signed for one slot, no signature that fails the
 * chain's verifier, and every answer clean and within the client's deadline. Before each schedule
 * the cluster is healed and must come back to full service (every peer can sign, every rollback
 * that was caught undone by putting the TA's genuine state back, as an operator would).
 *
 * A failure is shrunk by fast-check to a short schedule; each step prints as what it does, e.g.
 * `race slot+1: a via 2,1,3 | b via 3,1,2 (another header)`, `rollback TA 2 to copy 1`. Rerun it
 * with the printed seed and path. TRIAD_SOAK=1 runs more and longer schedules; TRIAD_MODEL_RUNS=n
 * sets the number of schedules.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SignerClient } from '@triad/client';
import { LockState } from '@triad/tee';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { expectClean, expectSafe } from './expectations.js';
import { FaultCluster, sleep } from './fault-cluster.js';

const SOAK = process.env.TRIAD_SOAK === '1';
const RUNS = Number(process.env.TRIAD_MODEL_RUNS ?? (SOAK ? 40 : 6));
const MAX_STEPS = SOAK ? 30 : 16;
/** The validators' budget per call: short, so a schedule full of faults still runs quickly. */
const TIMEOUT_MS = 2000;
/** Each schedule's slots start this far above the last one's (a schedule moves at most 2 a step). */
const SLOTS_PER_SCHEDULE = 1000;

/** Entry orders a validator's URL list can have (peer indexes; printed 1-based). */
const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
] as const;
const peerName = (i: number) => String(i + 1);
const orderName = (o: number) => ORDERS[o]!.map(peerName).join(',');

/** What a schedule has done so far, as far as the next step needs to know. */
interface Model {
  slot: number;
  /** Requests sent (slot and header variant), for replays. */
  readonly sent: { slot: number; fork: number }[];
  readonly peersDown: Set<number>;
  partitioned: number | undefined;
  /** Copies of each TA's data dir: the one taken as the schedule starts, then the schedule's own. */
  readonly copies: string[][];
  /** TAs rolled back in this schedule, with their genuine state kept aside. */
  readonly rolledBack: Map<number, string>;
  /** TAs restarted in this schedule (crashed or rolled back): locked until their peer unlocks them. */
  readonly restartedTas: Set<number>;
}

type Step = fc.AsyncCommand<Model, FaultCluster>;

let f: FaultCluster;
let copiesDir: string;
let nextCopy = 0;
let firstSlot = 1000;
const clients = new Map<string, SignerClient>();

function validator(name: 'validator-a' | 'validator-b', order: number): SignerClient {
  const key = `${name}/${order}`;
  if (!clients.has(key)) clients.set(key, f.client(name, ORDERS[order]!, TIMEOUT_MS));
  return clients.get(key)!;
}

/** The sealed state of TA i, copied as its host can at any moment. */
function copyTaState(i: number): string {
  const to = join(copiesDir, `ta-${i + 1}-${nextCopy++}`);
  f.c.tee.copyDataDir(i, to);
  return to;
}

/** TA i's host puts `copy` in place of its data dir and restarts it (a crash: no clean-up). */
const restoreTaState = (i: number, copy: string) => f.c.tee.restoreDataDir(i, copy, 'kill');

/** What the schedules did, summed (printed at the end: a model that never faults proves little). */
const seen = { steps: 0, signatures: 0, refusals: 0, errors: 0, rollbacksCaught: 0, rollbacksUnseen: 0 };

/** Sends, then checks every answer and the ledger: the invariant, after every step. */
async function signAndJudge(m: Model, requests: { v: SignerClient; slot: number; fork: number }[]) {
  const outcomes = await Promise.all(requests.map((r) => f.sign(r.v, r.slot, r.fork)));
  for (const o of outcomes)
    seen[o.kind === 'signature' ? 'signatures' : o.kind === 'refusal' ? 'refusals' : 'errors']++;
  for (const r of requests) m.sent.push({ slot: r.slot, fork: r.fork });
  expectClean(outcomes, TIMEOUT_MS);
  expectSafe(f.ledger);
}

class Race implements Step {
  constructor(
    readonly gap: number,
    readonly a: number,
    readonly b: number,
    readonly sameHeader: boolean,
  ) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    m.slot += this.gap;
    await signAndJudge(m, [
      { v: validator('validator-a', this.a), slot: m.slot, fork: 0 },
      { v: validator('validator-b', this.b), slot: m.slot, fork: this.sameHeader ? 0 : 1 },
    ]);
  }
  toString = () =>
    `race slot+${this.gap}: a via ${orderName(this.a)} | b via ${orderName(this.b)}` +
    (this.sameHeader ? ' (same header)' : ' (another header)');
}

class Replay implements Step {
  constructor(
    readonly back: number,
    readonly via: number,
  ) {}
  check = (m: Readonly<Model>) => m.sent.length > this.back;
  async run(m: Model): Promise<void> {
    const old = m.sent[m.sent.length - 1 - this.back]!;
    await signAndJudge(m, [{ v: validator('validator-a', this.via), ...old }]);
  }
  toString = () => `replay the request ${this.back + 1} back via ${orderName(this.via)}`;
}

class KillPeer implements Step {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => !m.peersDown.has(this.i);
  async run(m: Model): Promise<void> {
    m.peersDown.add(this.i);
    await f.c.kill(this.i);
  }
  toString = () => `kill -9 peer ${peerName(this.i)}`;
}

class StartPeer implements Step {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.peersDown.has(this.i);
  async run(m: Model): Promise<void> {
    await f.c.startPeer(this.i);
    m.peersDown.delete(this.i);
  }
  toString = () => `start peer ${peerName(this.i)}`;
}

class CrashTa implements Step {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    m.restartedTas.add(this.i);
    await f.c.tee.restart(this.i, 'kill');
  }
  toString = () => `kill -9 and restart TA host ${peerName(this.i)}`;
}

class Partition implements Step {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.partitioned === undefined;
  async run(m: Model): Promise<void> {
    f.partition([this.i]);
    m.partitioned = this.i;
  }
  toString = () =>
    `partition {${peerName(this.i)}} | {${[0, 1, 2]
      .filter((k) => k !== this.i)
      .map(peerName)
      .join(',')}}`;
}

class Heal implements Step {
  check = (m: Readonly<Model>) => m.partitioned !== undefined;
  async run(m: Model): Promise<void> {
    f.heal();
    m.partitioned = undefined;
  }
  toString = () => 'heal';
}

class CopyState implements Step {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model): Promise<void> {
    m.copies[this.i]!.push(copyTaState(this.i));
  }
  toString = () => `copy TA ${peerName(this.i)}'s sealed state`;
}

class Rollback implements Step {
  constructor(
    readonly i: number,
    readonly copy: number,
  ) {}
  check = (m: Readonly<Model>) => m.copies[this.i]!.length > this.copy && !m.rolledBack.has(this.i);
  async run(m: Model): Promise<void> {
    m.rolledBack.set(this.i, copyTaState(this.i));
    m.restartedTas.add(this.i);
    await restoreTaState(this.i, m.copies[this.i]![this.copy]!);
  }
  toString = () => `roll TA ${peerName(this.i)} back to its copy ${this.copy + 1}`;
}

/** A race with a fault striking while its requests are in flight. */
class RaceWhile implements Step {
  constructor(
    readonly race: Race,
    readonly fault: Step,
    readonly afterMs: number,
  ) {}
  check = (m: Readonly<Model>) => this.race.check() && this.fault.check(m);
  async run(m: Model, real: FaultCluster): Promise<void> {
    await Promise.all([this.race.run(m), sleep(this.afterMs).then(() => this.fault.run(m, real))]);
  }
  toString = () => `${this.race}, and ${this.afterMs} ms in: ${this.fault}`;
}

const peer = fc.integer({ min: 0, max: 2 });
const order = fc.integer({ min: 0, max: ORDERS.length - 1 });
const race = fc
  .tuple(fc.integer({ min: 1, max: 2 }), order, order, fc.boolean())
  .map(([gap, a, b, same]) => new Race(gap, a, b, same));
const midRaceFault = fc.oneof(
  peer.map((i): Step => new KillPeer(i)),
  peer.map((i): Step => new CrashTa(i)),
  peer.map((i): Step => new Partition(i)),
  fc.tuple(peer, fc.integer({ min: 0, max: 1 })).map(([i, copy]): Step => new Rollback(i, copy)),
);
/** Races weigh three times as much as any fault: most steps sign. */
const steps = [
  fc
    .tuple(race, midRaceFault, fc.integer({ min: 0, max: 40 }))
    .map(([r, fault, ms]) => new RaceWhile(r, fault, ms)),
  race,
  race,
  race,
  fc.tuple(fc.integer({ min: 0, max: 3 }), order).map(([back, via]) => new Replay(back, via)),
  peer.map((i) => new KillPeer(i)),
  peer.map((i) => new StartPeer(i)),
  peer.map((i) => new CrashTa(i)),
  peer.map((i) => new Partition(i)),
  fc.constant(new Heal()),
  peer.map((i) => new CopyState(i)),
  fc.tuple(peer, fc.integer({ min: 0, max: 1 })).map(([i, copy]) => new Rollback(i, copy)),
];

/** Waits until TA i has unlocked or been caught rolled back (its peer unlocks it on its own). */
async function lockSettled(i: number): Promise<number> {
  for (let t = 0; t < 150; t++) {
    const { lockState } = await f.c.tee.tas[i]!.getInfo();
    if (lockState !== LockState.Locked) return lockState;
    await sleep(100);
  }
  throw new Error(`TA ${i + 1} stayed locked with every peer up and the network healed`);
}

/**
 * Back to full service after a schedule, as an operator would get there: heal, start every peer,
 * wait until every restarted TA is unlocked by its peer, and put back the genuine state of each TA
 * whose rollback was caught (one that went unnoticed signed on: its state is the genuine one now).
 * Then every peer must be able to sign.
 */
async function restoreService(m: Model | undefined): Promise<void> {
  if (!m) return;
  f.heal();
  m.partitioned = undefined;
  for (const i of m.peersDown) {
    const p = f.c.procs[i];
    if (!p || p.exitCode !== null || p.signalCode !== null) await f.c.startPeer(i);
    m.peersDown.delete(i);
  }
  for (const i of m.restartedTas) {
    const lock = await lockSettled(i);
    const genuine = m.rolledBack.get(i);
    if (genuine) seen[lock === LockState.RolledBack ? 'rollbacksCaught' : 'rollbacksUnseen']++;
    if (lock === LockState.RolledBack && genuine) {
      await restoreTaState(i, genuine);
      expect(await lockSettled(i)).toBe(LockState.Unlocked);
    } else expect(lock).toBe(LockState.Unlocked);
    m.restartedTas.delete(i);
    m.rolledBack.delete(i);
  }
  await f.settled();
}

let last: Model | undefined;

/**
 * One schedule, then back to full service: a schedule that leaves the cluster unable to recover
 * fails as itself. After a failure the service is restored as far as it goes, so that shrinking
 * starts each smaller schedule from a cluster in service.
 */
async function runSchedule(schedule: Iterable<Step>): Promise<void> {
  try {
    await fc.asyncModelRun(freshSchedule, schedule);
  } catch (e) {
    await restoreService(last).catch(() => undefined);
    throw e;
  }
  await restoreService(last);
  seen.steps += [...schedule].length;
  // full service: the next slot is signed at once, whichever peer the validator asks first
  const o = await f.sign(validator('validator-a', last!.slot % ORDERS.length), (last!.slot += 1));
  expect(o).toMatchObject({ kind: 'signature' });
}

async function freshSchedule(): Promise<{ model: Model; real: FaultCluster }> {
  firstSlot += SLOTS_PER_SCHEDULE;
  last = {
    slot: firstSlot,
    sent: [],
    peersDown: new Set(),
    partitioned: undefined,
    // every TA's state as the schedule starts: a rollback target from the first step on
    copies: [0, 1, 2].map((i) => [copyTaState(i)]),
    rolledBack: new Map(),
    restartedTas: new Set(),
  };
  return { model: last, real: f };
}

beforeAll(async () => {
  f = await FaultCluster.start();
  copiesDir = mkdtempSync(join(f.c.tee.dir, 'model-copies-'));
}, 120_000);

afterAll(async () => {
  await f?.stop();
});

describe('the equivocation model', () => {
  it(
    `${RUNS} random schedules of up to ${MAX_STEPS} steps: never two headers for one slot`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(steps, { maxCommands: MAX_STEPS, size: 'max' }), runSchedule),
        { numRuns: RUNS },
      );
      // every peer signs again after the last schedule
      for (const i of [0, 1, 2]) {
        const o = await f.sign(f.client('validator-a', [i], TIMEOUT_MS), (firstSlot += SLOTS_PER_SCHEDULE));
        expect(o).toMatchObject({ kind: 'signature', coordinator: peerName(i) });
      }
      expectSafe(f.ledger);
      process.stdout.write(`equivocation model: ${RUNS} schedules, ${JSON.stringify(seen)}\n`);
    },
    SOAK ? 3_600_000 : 600_000,
  );
});
