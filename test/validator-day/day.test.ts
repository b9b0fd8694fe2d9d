/**
 * A validator's day on a local cluster (three peers, emulated TAs) with every session key Triad
 * signs for (babe, gran, para, asgn, beef, and audi for raw records), made at the start of the day
 * by a rotation whose ownership proof the judge checks as `session.setKeys` would: two
 * redundant validators, each through its own SignerClient pinned to its own peer, run the same day
 * at once with their own jitter and sometimes other choices; the judge (judge.ts) applies the
 * chain's verifiers and offence rules to everything that came out. CI runs a short day (60 slots);
 * TRIAD_SOAK=1 a full epoch of 600.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chainVerifierReady, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ecdsaVerifiersReady } from '../ecdsa-verifiers.js';
import { PeerClients } from '../peer-clients.js';
import { runDay } from './day.js';
import { judge, judgeRotation } from './judge.js';
import type { ChainKeys } from './judge.js';
import { KINDS } from './ledger.js';
import { formatReport, summarise } from './report.js';
import { derived } from './schedule.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/src/bin/triadctl.js', import.meta.url));
const triadctl = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

const SOAK = process.env.TRIAD_SOAK === '1';
const SLOTS = SOAK ? 600 : 60;
const SLOT_MS = 300;

describe('a validator day: two racing validators, every session key, judged by the chain', () => {
  let c: LocalCluster;
  let keys: ChainKeys;
  const clients = new PeerClients(() => c, 15_000);

  beforeAll(async () => {
    await chainVerifierReady();
    await ecdsaVerifiersReady();
    // no keys yet: the day starts with the validator's rotation
    c = (await startCluster({})).cluster;
  }, 180_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

  it('the day starts with a rotation: six session keys and an ownership proof session.setKeys takes', async () => {
    const owner = derived('stash', 22);
    const r = await triadctl([
      'rotate-keys',
      '--owner',
      `0x${Buffer.from(owner).toString('hex')}`,
      '--json',
      '--cluster',
      join(c.tee.dir, 'cluster.json'),
    ]);
    expect([r.code, r.stderr.match(/error.*/)?.[0]]).toEqual([0, undefined]);
    const rotation = JSON.parse(r.stdout) as { keys: string; proof: string };
    const unhex = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
    const judged = judgeRotation(unhex(rotation.keys), unhex(rotation.proof), owner);
    expect(judged.rejected).toEqual([]);
    keys = judged.keys!;
    // the proof binds this owner: another stash's statement does not verify
    expect(
      judgeRotation(unhex(rotation.keys), unhex(rotation.proof), derived('stash', 23)).rejected,
    ).toHaveLength(6);
  }, 120_000);

  it(
    `${SLOTS} slots: zero offences, every entitled slot sealed once, every signature accepted`,
    async () => {
      const start = 5000n;
      const run = await runDay({
        startSlot: start,
        slots: SLOTS,
        seed: 22,
        clients: { a: clients.at(0), b: clients.at(1) },
        babeKey: keys.babe,
        slotMs: SLOT_MS,
        jitterMs: 40,
      });
      const verdict = judge({
        entries: run.ledger.entries,
        keys,
        epoch: { ...run.epoch, authorities: run.epoch.authorities.length },
        slots: { start, count: SLOTS },
      });
      const report = summarise(run.ledger.entries, verdict, SLOTS, run.wallMs);
      console.log(formatReport(report));

      expect(run.failures).toEqual([]);
      expect(report.failed).toBe(0);
      expect(verdict.rejected).toEqual([]);
      expect(verdict.offences).toEqual([]);
      expect(verdict.unjudged).toEqual([]);
      expect(verdict.missed).toEqual([]);
      expect(verdict.entitled.size).toBeGreaterThan(0);
      expect(report.sealed).toBe(verdict.entitled.size);
      // every kind was asked and signed; the races were run (the losers are refused CONFLICT, and a
      // late twin's seal or vote below the mark REGRESSION), and nothing else was refused
      for (const kind of KINDS) expect(report.kinds[kind].signed).toBeGreaterThan(0);
      expect(report.refusals.CONFLICT).toBeGreaterThanOrEqual(SLOTS / 10);
      expect(Object.keys(report.refusals).filter((r) => r !== 'CONFLICT' && r !== 'REGRESSION')).toEqual([]);
      expect(report.grandpaRounds).toBe(Math.floor(SLOTS / 3));
      if (SOAK) {
        // primary claims are Binomial(600, 0.0914): mean 54.9, sd 7.06; within 5 sd
        expect(report.entitled.primary).toBeGreaterThanOrEqual(19);
        expect(report.entitled.primary).toBeLessThanOrEqual(91);
      }
    },
    SLOTS * SLOT_MS * 2 + 60_000,
  );
});
