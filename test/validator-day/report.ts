/**
 * The day in numbers, as an operator reads it: per request kind how many were asked, signed,
 * refused (by reason) or not answered, and the p50/p99 time to an answer; the slots entitled and
 * sealed; the GRANDPA rounds and parachain statements signed; and the judge's verdict.
 */
import { KINDS } from './ledger.js';
import type { Entry, Kind } from './ledger.js';
import type { Verdict } from './judge.js';

export interface KindFigures {
  asked: number;
  signed: number;
  refused: Record<string, number>;
  /** No answer from the TAs: a peer down, a deadline passed. */
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

export interface DayReport {
  readonly slots: number;
  readonly wallMs: number;
  readonly kinds: Record<Kind, KindFigures>;
  readonly refusals: Record<string, number>;
  readonly failed: number;
  readonly entitled: { primary: number; secondary: number };
  readonly sealed: number;
  readonly missed: number;
  readonly unjudged: number;
  /** Rounds in which a prevote and a precommit were signed. */
  readonly grandpaRounds: number;
  readonly accepted: number;
  readonly rejected: readonly string[];
  readonly offences: readonly string[];
}

/** The q-quantile (nearest rank) of `xs`; 0 for none. */
export const quantile = (xs: readonly number[], q: number): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

export function summarise(entries: readonly Entry[], v: Verdict, slots: number, wallMs: number): DayReport {
  const kinds = {} as Record<Kind, KindFigures>;
  const refusals: Record<string, number> = {};
  let failed = 0;
  for (const kind of KINDS) {
    const of = entries.filter((e) => e.kind === kind);
    const answered = of.filter((e) => e.outcome.kind !== 'error');
    const refused: Record<string, number> = {};
    for (const e of of)
      if (e.outcome.kind === 'refusal') {
        refused[e.outcome.reason] = (refused[e.outcome.reason] ?? 0) + 1;
        refusals[e.outcome.reason] = (refusals[e.outcome.reason] ?? 0) + 1;
      }
    const f = of.length - answered.length;
    failed += f;
    const ms = answered.map((e) => e.ms);
    kinds[kind] = {
      asked: of.length,
      signed: of.filter((e) => e.outcome.kind === 'signature' || e.outcome.kind === 'vrf').length,
      refused,
      failed: f,
      p50Ms: quantile(ms, 0.5),
      p99Ms: quantile(ms, 0.99),
    };
  }
  const rounds = new Map<string, Set<number>>();
  for (const e of entries)
    if (e.kind === 'grandpa-vote' && e.outcome.kind === 'signature' && 'bytes' in e.request) {
      const stage = e.request.bytes[0]!; // Message's index: 0 prevote, 1 precommit
      const key = String(e.slot);
      rounds.set(key, (rounds.get(key) ?? new Set()).add(stage));
    }
  const entitled = { primary: 0, secondary: 0 };
  for (const how of v.entitled.values()) entitled[how]++;
  return {
    slots,
    wallMs,
    kinds,
    refusals,
    failed,
    entitled,
    sealed: v.sealed.size,
    missed: v.missed.length,
    unjudged: v.unjudged.length,
    grandpaRounds: [...rounds.values()].filter((s) => s.has(0) && s.has(1)).length,
    accepted: Object.values(v.accepted).reduce((a, b) => a + b, 0),
    rejected: v.rejected,
    offences: v.offences.map((o) => `${o.rule}: ${o.detail}`),
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The report as text: a table per kind, then the slots and the verdict. */
export function formatReport(r: DayReport): string {
  const lines = [
    `validator day: ${r.slots} slots in ${(r.wallMs / 1000).toFixed(1)} s, two validators racing`,
    `${'kind'.padEnd(20)}${pad('asked', 7)}${pad('signed', 8)}${pad('refused', 9)}${pad('failed', 8)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}  refusals`,
  ];
  for (const kind of KINDS) {
    const k = r.kinds[kind];
    const refused = Object.values(k.refused).reduce((a, b) => a + b, 0);
    const why = Object.entries(k.refused)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    lines.push(
      `${kind.padEnd(20)}${pad(k.asked, 7)}${pad(k.signed, 8)}${pad(refused, 9)}${pad(k.failed, 8)}${pad(k.p50Ms.toFixed(1), 9)}${pad(k.p99Ms.toFixed(1), 9)}  ${why}`,
    );
  }
  const reasons = Object.entries(r.refusals)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  lines.push(
    `slots: entitled ${r.entitled.primary + r.entitled.secondary} (primary ${r.entitled.primary}, secondary ${r.entitled.secondary}), sealed ${r.sealed}, missed ${r.missed}, unjudged ${r.unjudged}`,
    `GRANDPA rounds with a prevote and a precommit signed: ${r.grandpaRounds}`,
    `refusals by reason: ${reasons || 'none'}; requests not answered: ${r.failed}`,
    `judge: ${r.accepted} signatures and VRFs accepted by the chain's verifiers, ${r.rejected.length} rejected; offences: ${r.offences.length}`,
    ...r.rejected.slice(0, 10).map((x) => `  rejected: ${x}`),
    ...r.offences.slice(0, 10).map((x) => `  OFFENCE: ${x}`),
  );
  return lines.join('\n');
}
