/**
 * `npm run bench`: every suite in one run, a table per suite on stdout, JSON in bench/results/.
 * BENCH_MS sets the time per case (default 2000 ms). Then the open-loop load run (load.ts; its
 * TRIAD_BENCH_* variables are described there). `--load-only`: the load run alone (for a soak),
 * written to bench/results/load-<date>.json, leaving latest.json to the last full run. A second
 * load run offers para statements (a parachain validator's mix) the same way; TRIAD_BENCH_WORKLOADS
 * (comma-separated: babe-seal, para-statement; default both) chooses.
 */
import { fileURLToPath } from 'node:url';
import { frostCases } from './frost.js';
import { externalRows, formatTable, runSuite, writeResults } from './harness.js';
import type { BenchResult } from './harness.js';
import { clusterCases } from './cluster.js';
import { formatLoad, loadRun } from './load.js';
import type { LoadReport } from './load.js';
import { taInProcess, teeCases } from './tee.js';

const budgetMs = Number(process.env.BENCH_MS ?? 2000);
const loadOnly = process.argv.includes('--load-only');
const suites: Record<string, BenchResult[]> = {};
if (!loadOnly) {
  const inProcess = await runSuite('in-process signing', frostCases(), budgetMs);
  const tee = await teeCases();
  const throughSocket = await runSuite('TA through ta-host', tee.cases, budgetMs).finally(tee.stop);
  const cluster = await clusterCases();
  const endToEnd = await runSuite('cluster end to end', cluster.cases, budgetMs).finally(cluster.stop);
  Object.assign(suites, {
    'in-process signing': inProcess,
    // the C rows' ratios use this suite's baseline, measured minutes apart in the same run
    'the TA: through ta-host (emulated TEE) and in-process C': [
      ...throughSocket,
      ...externalRows(taInProcess(budgetMs), throughSocket[0]!.meanUs),
    ],
    // with N in flight, "mean" is elapsed time per signature (1 / throughput); p50/p99 per request
    'the cluster end to end: 3 peer processes, gRPC + mTLS, loopback': endToEnd,
  });
}
const workloads = (process.env.TRIAD_BENCH_WORKLOADS || 'babe-seal,para-statement').split(',');
for (const w of workloads)
  if (w !== 'babe-seal' && w !== 'para-statement')
    throw new Error(`TRIAD_BENCH_WORKLOADS: babe-seal, para-statement; not ${JSON.stringify(w)}`);
const loads: LoadReport[] = [];
for (const w of workloads as LoadReport['kind'][]) loads.push(await loadRun(budgetMs, w));

for (const [title, results] of Object.entries(suites)) {
  console.log(`\n${title} (ratio = mean time / baseline mean time, same run)\n`);
  console.log(formatTable(results));
}
for (const load of loads) {
  console.log(
    `\nthe cluster under open-loop load: ${load.kind} at fixed rates (x baseline = / single-key sign time)\n`,
  );
  console.log(formatLoad(load));
}
const byKind = Object.fromEntries(loads.map((l) => [l.kind === 'babe-seal' ? 'load' : 'paraLoad', l]));
const file = writeResults(fileURLToPath(new URL('../results', import.meta.url)), suites, {
  extra: byKind,
  ...(loadOnly ? { name: 'load', latest: false } : {}),
});
console.log(`\nresults: ${file}`);
