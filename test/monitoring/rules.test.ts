/**
 * deploy/monitoring's Prometheus rules, checked by Debian's promtool (`npm test` installs the
 * `prometheus` package): the files load, every alert's promtool unit test passes, and no alert is
 * left without a case that fires it or without its runbook section.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  alerts,
  dashboardQueries,
  metricNames,
  MONITORING,
  PROMETHEUS_NAMES,
  recordings,
  RULE_FILES,
} from './promql.js';

const TESTS = MONITORING + 'prometheus/tests/triad.alerts.test.yml';

function promtool(...args: string[]): string {
  const r = spawnSync('promtool', args, { cwd: MONITORING + 'prometheus', encoding: 'utf8' });
  if (r.error) throw new Error(`promtool: ${r.error.message} (apt-get install prometheus)`);
  expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
  expect(r.status).toBe(0);
  return r.stdout;
}

interface AlertTest {
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[];
}
const alertTests = (): AlertTest[] =>
  (parse(readFileSync(TESTS, 'utf8')) as { tests: { alert_rule_test: AlertTest[] }[] }).tests.flatMap(
    (t) => t.alert_rule_test,
  );

describe('Prometheus rules (deploy/monitoring/prometheus)', () => {
  it('promtool check rules: both files load, with the rules counted', () => {
    const out = promtool('check', 'rules', ...RULE_FILES);
    expect(out).toContain(`SUCCESS: ${recordings().length} rules found`);
    expect(out).toContain(`SUCCESS: ${alerts().length} rules found`);
  });

  it('promtool test rules: every case passes', () => {
    promtool('test', 'rules', TESTS);
  });

  it('every recording rule is read by an alert or the dashboard, and reads only Triad metrics', () => {
    const read = new Set([...alerts().map((a) => a.expr), ...dashboardQueries()].flatMap(metricNames));
    for (const r of recordings()) {
      expect({ record: r.record, read: read.has(r.record!) }).toEqual({ record: r.record, read: true });
      expect(r.record).toMatch(/^triad:[a-z_]+:[a-z0-9_]+$/); // level:metric:operations
      for (const n of metricNames(r.expr))
        expect(n.startsWith('triad_') || PROMETHEUS_NAMES.has(n)).toBe(true);
    }
  });

  describe.each(alerts().map((a) => [a.alert!, a] as const))('%s', (name, alert) => {
    it('has a promtool case where it fires, with its annotations, and one where it stays quiet', () => {
      const cases = alertTests().filter((t) => t.alertname === name);
      const firing = cases.flatMap((t) => t.exp_alerts);
      expect(firing.length).toBeGreaterThan(0);
      for (const f of firing)
        expect(Object.keys(f.exp_annotations ?? {}).sort()).toEqual([
          'description',
          'runbook_url',
          'summary',
        ]);
      expect(cases.some((t) => t.exp_alerts.length === 0)).toBe(true);
    });

    it('has a severity, and a runbook section that its runbook_url names', () => {
      expect(['critical', 'warning']).toContain(alert.labels?.severity);
      expect(alert.annotations?.runbook_url).toBe(`deploy/monitoring/RUNBOOK.md#${name.toLowerCase()}`);
      expect(readFileSync(MONITORING + 'RUNBOOK.md', 'utf8')).toMatch(new RegExp(`^## ${name}$`, 'm'));
    });
  });
});
