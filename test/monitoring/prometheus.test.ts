/**
 * deploy/monitoring against the real things: a Prometheus server (Debian's package) loads the
 * rules and scrapes a 3-peer cluster of processes on loopback. Every dashboard query reads only
 * metrics a live peer exposes (or the rules record) and runs on Prometheus; a peer killed makes
 * TriadQuorumDegraded fire within its `for:` once the scrape and rule evaluations have seen it,
 * and the peer restarted resolves it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alerts,
  dashboardQueries,
  exposedNames,
  metricNames,
  PROMETHEUS_NAMES,
  recordings,
  RULE_FILES,
  rules,
  runnable,
} from './promql.js';
import { startPrometheus } from './prometheus-server.js';
import type { PrometheusServer } from './prometheus-server.js';

const SCRAPE_S = 1;
const EVAL_S = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1] ?? Number(/^(\d+)m$/.exec(d)![1]) * 60);

interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

describe('deploy/monitoring on a real Prometheus scraping a local cluster', () => {
  let cluster: LocalCluster;
  let prometheus: PrometheusServer;
  let metricsUrls: string[];

  const active = async (name: string) =>
    (await prometheus.api<{ alerts: ActiveAlert[] }>('alerts')).alerts.filter(
      (a) => a.labels.alertname === name,
    );
  const scalar = async (q: string) => {
    const r = await prometheus.api<{ result: { value: [number, string] }[] }>(
      `query?query=${encodeURIComponent(q)}`,
    );
    return r.result.length ? Number(r.result[0]!.value[1]) : undefined;
  };
  /** Polls `probe` every 200 ms until it is truthy; its value and when it came. */
  async function until<T>(probe: () => Promise<T>, withinMs: number, what: string): Promise<NonNullable<T>> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const v = await probe();
      if (v) return v as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    ({ cluster } = await startCluster({ keys: [{ keyType: 'babe' }] }));
    metricsUrls = (
      JSON.parse(readFileSync(join(cluster.tee.dir, 'cluster.json'), 'utf8')) as { metrics: string[] }
    ).metrics;
    prometheus = await startPrometheus({
      targets: metricsUrls.map((u) => new URL(u).host),
      ruleFiles: RULE_FILES,
      scrapeSeconds: SCRAPE_S,
      evaluationSeconds: EVAL_S,
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await cluster?.stop();
  });

  it('loads every rule, and every dashboard and rule query reads only what a live peer exposes', async () => {
    const groups = (
      await prometheus.api<{ groups: { rules: { name: string; health: string }[] }[] }>('rules')
    ).groups;
    const loaded = groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual(
      rules()
        .map((r) => (r.record ?? r.alert)!)
        .sort(),
    );

    const exposed = exposedNames(await (await fetch(metricsUrls[0]!)).text());
    const recorded = new Set(recordings().map((r) => r.record!));
    const known = (n: string) => exposed.has(n) || recorded.has(n) || PROMETHEUS_NAMES.has(n);
    const queries = [...dashboardQueries(), ...rules().map((r) => r.expr)];
    expect(dashboardQueries().length).toBeGreaterThan(20);
    for (const q of queries) {
      const unknown = metricNames(q).filter((n) => !known(n));
      expect({ q, unknown }).toEqual({ q, unknown: [] });
      // ...and Prometheus parses and runs it (a bad query is a 400)
      await prometheus.api(`query?query=${encodeURIComponent(runnable(q))}`);
    }
    // every metric a rule or panel reads is one the peers really serve, not only declare: the
    // series the alerts need have samples in Prometheus once it scraped the cluster
    await until(
      async () => (await scalar('triad:peers_can_sign:count')) === 3,
      60_000,
      'three peers can sign',
    );
    for (const n of [
      'triad_quorum_up',
      'triad_ta_state',
      'triad_peer_attestation_state',
      'triad_tls_certificate_expiry_timestamp_seconds',
    ])
      expect(await scalar(`count(${n})`)).toBeGreaterThan(0);
    expect(loaded.every((r) => r.health !== 'err')).toBe(true);
  }, 90_000);

  it('a peer killed: TriadQuorumDegraded fires within its for: plus the scrape and evaluations; restarted: it resolves', async () => {
    const rule = alerts().find((a) => a.alert === 'TriadQuorumDegraded')!;
    const forS = seconds(rule.for!);
    // Prometheus's first scrapes come a few seconds after its first rule evaluations (target
    // discovery sends updates every 5 s): wait until what went pending meanwhile has cleared.
    const calm = async () =>
      (await scalar('triad:peers_can_sign:count')) === 3 &&
      (await active('TriadQuorumDegraded')).length === 0 &&
      (await active('TriadQuorumLost')).length === 0;
    await until(calm, 60_000, 'three peers can sign, no quorum alert active');

    const killedAt = Date.now();
    await cluster.kill(2);
    let lost = false;
    const firing = await until(
      async () => {
        lost ||= (await active('TriadQuorumLost')).length > 0;
        return (await active('TriadQuorumDegraded')).find((a) => a.state === 'firing');
      },
      (forS + SCRAPE_S + 2 * EVAL_S + 5) * 1000,
      'TriadQuorumDegraded firing',
    );
    const firedAfterS = (Date.now() - killedAt) / 1000;
    const pendingAfterS = (Date.parse(firing.activeAt) - killedAt) / 1000;
    // seen by the next scrape (stale), then the recording rule's and the alert's evaluations
    expect(pendingAfterS).toBeLessThanOrEqual(SCRAPE_S + 2 * EVAL_S + 0.5);
    expect(firedAfterS).toBeGreaterThanOrEqual(forS);
    // fires at activeAt + for, seen by the next poll (200 ms)
    expect(firedAfterS).toBeLessThanOrEqual(forS + SCRAPE_S + 2 * EVAL_S + 1);
    expect(lost).toBe(false);
    expect(await scalar('triad:peers_can_sign:count')).toBe(2);

    await cluster.startPeer(2);
    const restartedAt = Date.now();
    await until(
      async () => (await active('TriadQuorumDegraded')).length === 0,
      60_000,
      'TriadQuorumDegraded resolved',
    );
    expect(await scalar('triad:peers_can_sign:count')).toBe(3);
    console.log(
      `TriadQuorumDegraded (for: ${rule.for}, scrape ${SCRAPE_S}s, evaluation ${EVAL_S}s): pending ${pendingAfterS.toFixed(1)} s ` +
        `and firing ${firedAfterS.toFixed(1)} s after the kill; resolved ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`,
    );
  }, 180_000);
});
