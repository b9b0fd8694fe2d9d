/**
 * Fault injection against a cluster of processes: crashes under load, partitions with validators
 * racing on both sides, a slow peer, skewed clocks, a TA host crashing mid-request. After every scenario: no two
 * valid signatures for one slot, ever; every request ended with a signature, a refusal or a clean
 * error within the client's deadline; and once healed, full service.
 *
 * TRIAD_SOAK=1 (npm run soak) runs the long versions: 50 req/s for 60 s instead of 20 req/s for 12 s.
 */
import { describe, expect, it } from '@jest/globals';
import type { SignerClient } from '@triad/client';
import { existsSync, readdirSync } from 'node:fs';
import { expectClean as judgeAnswers, faultClusterForFile, slotCounter } from './expectations.js';
import { sleep } from './fault-cluster.js';
import type { FaultCluster, Outcome } from './fault-cluster.js';

const SOAK = process.env.TRIAD_SOAK === '1';
const LOAD = SOAK ? { rate: 50, durationMs: 60_000 } : { rate: 20, durationMs: 12_000 };
/** The validators' whole budget per call. */
const TIMEOUT_MS = 3000;

const expectClean = (outcomes: readonly Outcome[]) => judgeAnswers(outcomes, TIMEOUT_MS);

let f: FaultCluster;
faultClusterForFile((started) => (f = started));
const slots = slotCounter();

/** Full service: each peer coordinates signatures again, in sequence. */
async function expectFullService(): Promise<void> {
  f.heal();
  await f.settled();
  for (const i of [0, 1, 2]) {
    const only = f.client('validator-a', [i], TIMEOUT_MS);
    const o = await f.sign(only, slots(1));
    expect(o).toMatchObject({ kind: 'signature', coordinator: String(i + 1) });
  }
}

/** libfaketime (Debian's faketime package) shifts the wall clock only: timers keep real time. */
function skewEnv(offset: string): Record<string, string> {
  const lib = readdirSync('/usr/lib')
    .map((d) => `/usr/lib/${d}/faketime/libfaketimeMT.so.1`)
    .find((f) => existsSync(f));
  if (!lib) throw new Error('libfaketime is missing: apt-get install faketime (npm test installs it)');
  return { LD_PRELOAD: lib, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
}

const count = (outcomes: readonly Outcome[], kind: Outcome['kind']) =>
  outcomes.filter((o) => o.kind === kind).length;

describe('faults', () => {
  it(
    `rolling SIGKILL and restart of each peer under ${LOAD.rate} req/s: safe, clean answers, mostly signed`,
    async () => {
      const validator = f.client('validator-a', [0, 1, 2], TIMEOUT_MS);
      const n = Math.floor((LOAD.rate * LOAD.durationMs) / 1000);
      const load = f.load({ client: validator, ...LOAD, firstSlot: slots(n) });
      const started = Date.now();
      // every peer once at least, and round again while the load lasts
      let killed = 0;
      for (; killed < 3 || Date.now() - started < LOAD.durationMs - 3000; killed++) {
        await f.c.kill(killed % 3);
        await sleep(1000);
        await f.c.startPeer(killed % 3);
        await sleep(1000);
      }
      const outcomes = await load;
      expectClean(outcomes);
      // one peer down at a time leaves a quorum: most requests are signed (the tally shows why not)
      const tally = {
        signed: count(outcomes, 'signature'),
        refused: outcomes.flatMap((o) => (o.kind === 'refusal' ? [o.reason] : [])).join(' '),
        failed: outcomes.flatMap((o) => (o.kind === 'error' ? [o.code] : [])).join(' '),
      };
      if (tally.signed <= outcomes.length / 2)
        throw new Error(`most requests should be signed: ${JSON.stringify(tally)} of ${outcomes.length}`);
      await expectFullService();
    },
    LOAD.durationMs + 90_000,
  );

  it('partition {1} | {2,3}, then {1,2} | {3}, validators racing on both sides: only the majority side signs', async () => {
    for (const [minority, majority] of [
      [[0], [1, 2]],
      [[2], [0, 1]],
    ] as const) {
      f.partition(minority);
      const a = f.client('validator-a', minority, TIMEOUT_MS);
      const b = f.client('validator-b', majority, TIMEOUT_MS);
      const first = slots(20);
      const both: Outcome[][] = await Promise.all([
        f.load({ client: a, rate: 10, durationMs: 2000, firstSlot: first, fork: 0 }),
        f.load({ client: b, rate: 10, durationMs: 2000, firstSlot: first, fork: 1 }),
      ]);
      const [lonely, crowd] = both as [Outcome[], Outcome[]];
      expectClean([...lonely, ...crowd]);
      // a single peer has no cosigner: it never signs, and says so
      expect(count(lonely, 'signature')).toBe(0);
      expect(count(crowd, 'signature')).toBeGreaterThan(crowd.length / 2);
      f.heal();
      await f.settled();
    }
    // healed, both validators race every slot at different peers: at most one header per slot
    const a = f.client('validator-a', [0, 1, 2], TIMEOUT_MS);
    const b = f.client('validator-b', [2, 1, 0], TIMEOUT_MS);
    const first = slots(20);
    const raced = await Promise.all([
      f.load({ client: a, rate: 10, durationMs: 2000, firstSlot: first, fork: 0 }),
      f.load({ client: b, rate: 10, durationMs: 2000, firstSlot: first, fork: 1 }),
    ]);
    expectClean(raced.flat());
    expect(count(raced.flat(), 'signature')).toBeGreaterThan(0);
    await expectFullService();
  }, 120_000);

  it('a slow peer (200 ms each way): the coordinator prefers the fast cosigner', async () => {
    for (const p of [...f.between(0, 2), ...f.between(1, 2)]) p.delay(200);
    // the mesh pings every second: wait until peer 1 has measured peer 3 as slow
    for (let t = 0; t < 100; t++) {
      const link = (await f.c.status(0)).peers.find((p) => p.peerId === '3');
      if ((link?.roundTripMs ?? 0) > 150) break;
      await sleep(100);
    }
    const only1 = f.client('validator-a', [0], TIMEOUT_MS);
    const outcomes: Outcome[] = [];
    for (let k = 0; k < 10; k++) outcomes.push(await f.sign(only1, slots(1)));
    expect(outcomes.map((o) => (o.kind === 'signature' ? o.cosigner : o.kind))).toEqual(Array(10).fill('2'));
    await expectFullService();
  }, 60_000);

  it('clock skew: peers 4 min behind and 30 min ahead sign as usual; one 10 min behind is cut off (TLS), the others sign on', async () => {
    // Certificates are backdated 5 min (@triad/pki BACKDATE_MS): that is the tolerance for a slow clock.
    const skewed = async (i: number, offset: string | undefined) => {
      await f.c.kill(i);
      await f.c.startPeer(i, offset ? { env: skewEnv(offset) } : {});
    };
    await skewed(0, '-4m');
    await skewed(2, '+30m');
    await f.settled();
    for (const i of [0, 1, 2]) {
      const o = await f.sign(f.client('validator-a', [i], TIMEOUT_MS), slots(1));
      expect(o).toMatchObject({ kind: 'signature', coordinator: String(i + 1) });
    }
    await skewed(0, '-10m');
    const cut = f.client('validator-a', [0], TIMEOUT_MS);
    const outcomes: Outcome[] = [];
    for (let k = 0; k < 5; k++) outcomes.push(await f.sign(cut, slots(1)));
    expectClean(outcomes);
    expect(count(outcomes, 'signature')).toBe(0);
    const others = f.client('validator-b', [1, 2], TIMEOUT_MS);
    expect(await f.sign(others, slots(1))).toMatchObject({ kind: 'signature' });
    await skewed(0, undefined);
    await skewed(2, undefined);
    await expectFullService();
  }, 90_000);

  it("the validator's link to a peer blackholed, cut, refused: the client hedges or fails over in time; every link blackholed: DEADLINE, no hang", async () => {
    const v = f.client('validator-a', [0, 1, 2], TIMEOUT_MS);
    expect(await f.sign(v, slots(1))).toMatchObject({ kind: 'signature', coordinator: '1' });
    const front = f.fronts[0]!;
    const run = async (n: number) => {
      const out: Outcome[] = [];
      for (let k = 0; k < n; k++) out.push(await f.sign(v, slots(1)));
      expectClean(out);
      return out;
    };
    // a black hole in front of peer 1: nothing passes, the connection stays open
    front.drop();
    const blackholed = await run(5);
    expect(blackholed.map((o) => o.kind)).toEqual(Array(5).fill('signature'));
    expect(blackholed.some((o) => o.kind === 'signature' && o.coordinator === '1')).toBe(false);
    // the link cut (connections closed, new ones pass), then refused outright
    front.heal();
    front.cut();
    expect((await run(3)).map((o) => o.kind)).toEqual(Array(3).fill('signature'));
    front.partition();
    const refused = await run(3);
    expect(refused.map((o) => (o.kind === 'signature' ? o.coordinator : o.kind))).not.toContain('1');
    expect(refused.map((o) => o.kind)).toEqual(Array(3).fill('signature'));
    // every link a black hole: the call ends at its deadline, with a clear error
    f.fronts.forEach((p) => p.drop());
    const [lost] = await run(1);
    expect(lost).toMatchObject({ kind: 'error', code: 'DEADLINE' });
    expect(lost!.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    await expectFullService();
  }, 60_000);

  it('a TA host killed mid-request: those requests end cleanly, the TA comes back locked, its peers unlock it', async () => {
    const only2: SignerClient = f.client('validator-a', [1], TIMEOUT_MS);
    const first = slots(10);
    const calls = Array.from({ length: 10 }, (_, k) => sleep(5 * k).then(() => f.sign(only2, first + k)));
    await Promise.race(calls);
    await f.c.tee.restart(1, 'kill');
    const outcomes = await Promise.all(calls);
    expectClean(outcomes);
    // the other two sign on at once, without peer 2
    const others = f.client('validator-b', [0, 2], TIMEOUT_MS);
    expect(await f.sign(others, slots(1))).toMatchObject({ kind: 'signature' });
    // peer 2's TA restarted locked; its peers vouch for its counter and it signs again
    await expectFullService();
  }, 60_000);
});
