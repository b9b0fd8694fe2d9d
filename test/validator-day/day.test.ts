/**
 * A validator's day on a local cluster (three peers, emulated TAs) with every session key Triad
 * signs for (babe, gran, para, asgn, beef, and audi for raw records): two
 * redundant validators, each through its own SignerClient pinned to its own peer, run the same day
 * at once with their own jitter and sometimes other choices; the judge (judge.ts) applies the
 * chain's verifiers and offence rules to everything that came out. CI runs a short day (60 slots);
 * TRIAD_SOAK=1 a full epoch of 600.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chainVerifierReady, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { ecdsaVerifiersReady } from '../ecdsa-verifiers.js';
import { PeerClients } from '../peer-clients.js';
import { runDay } from './day.js';
import { judge } from './judge.js';
import type { ChainKeys } from './judge.js';
import { KINDS } from './ledger.js';
import { formatReport, summarise } from './report.js';

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
    const started = await startCluster({
      keys: [
        { keyType: 'babe' },
        { keyType: 'gran' },
        { keyType: 'para' },
        { keyType: 'asgn' },
        { keyType: 'audi', nonSlashable: true },
        { keyType: 'beef' },
      ],
    });
    c = started.cluster;
    const k = (t: string) => started.publicKeys.get(t)!;
    keys = {
      babe: k('babe'),
      gran: k('gran'),
      para: k('para'),
      asgn: k('asgn'),
      audi: k('audi'),
      beef: k('beef'),
    };
  }, 180_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

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
