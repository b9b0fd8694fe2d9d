/**
 * The metric names a PromQL expression reads, and the rules and dashboard in deploy/monitoring as
 * data: what the monitoring tests check against promtool, a live Prometheus and a live peer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const MONITORING = fileURLToPath(new URL('../../deploy/monitoring/', import.meta.url));
export const RULE_FILES = ['prometheus/triad.rules.yml', 'prometheus/triad.alerts.yml'].map(
  (f) => MONITORING + f,
);

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export function rules(): Rule[] {
  return RULE_FILES.flatMap((f) =>
    (parse(readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
  );
}

export const alerts = () => rules().filter((r) => r.alert);
export const recordings = () => rules().filter((r) => r.record);

/** Every PromQL expression of the dashboard (its panels' targets and its variables' queries). */
export function dashboardQueries(): string[] {
  const dash = JSON.parse(readFileSync(MONITORING + 'grafana/triad.json', 'utf8')) as {
    panels: { targets?: { expr: string }[] }[];
    templating: { list: { query?: { query?: string } | string }[] };
  };
  const fromVariables = dash.templating.list
    .map((v) => (typeof v.query === 'object' ? v.query.query : undefined))
    .filter((q): q is string => !!q && q.startsWith('label_values('))
    // label_values(<selector>, <label>): Grafana's, not PromQL; the selector is
    .map((q) => q.replace(/^label_values\((.*),\s*\w+\)$/, '$1'));
  return [...dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...fromVariables];
}

/** A dashboard query as Prometheus can run it: Grafana's variables replaced. */
export const runnable = (q: string) => q.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*');

const NOT_NAMES = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or']);
for (const w of ['unless', 'bool', 'offset', 'inf', 'nan']) NOT_NAMES.add(w);

/** The metric (and recording rule) names `expr` reads. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings (label values, regexes)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range and subquery durations
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const rest = bare.slice(m.index + m[0].length).trimStart();
    if (rest.startsWith('(') || NOT_NAMES.has(m[0].toLowerCase())) continue; // a function or a keyword
    if (/\d$/.test(bare.slice(0, m.index))) continue; // the exponent or unit of a number: 1e3, 5m
    names.add(m[0]);
  }
  return [...names];
}

/** The names a metrics endpoint's text format declares (a histogram's series included). */
export function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  return names;
}

/** What Prometheus itself provides to every query. */
export const PROMETHEUS_NAMES = new Set(['up', 'ALERTS']);
