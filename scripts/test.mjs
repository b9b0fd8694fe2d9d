#!/usr/bin/env node
/**
 * `npm test`: everything CI runs, in order, stopping at the first broken stage, then one closing
 * line "total: N passed, M failed" that counts the TypeScript (jest) and C (optee-ta) tests.
 * Set-up is part of the run: npm dependencies and the C toolchain are installed when missing (the
 * toolchain needs root or sudo).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { root, setUp } from './setup.mjs';

const run = (title, cmd, args, opts = {}) => {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  return r;
};
const must = (r, title) => {
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
};

setUp((title) => console.log(`\n== ${title}`));
// test/faults runs a peer under libfaketime to skew its clock; test/monitoring runs promtool and a
// Prometheus server (Debian's prometheus package) on deploy/monitoring's rules.
must(
  run('test tools', 'sh', ['scripts/apt-install-missing.sh', 'test-tools', 'faketime', 'prometheus']),
  'test tools',
);
must(run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']), 'typecheck');
must(run('lint', 'npx', ['eslint', '.']), 'eslint');
must(run('format', 'npx', ['prettier', '--check', '.']), 'prettier');

mkdirSync(`${root}/build`, { recursive: true });
const jest = run('TypeScript tests (jest)', process.execPath, [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  '--json',
  '--outputFile=build/jest.json',
]);
const js = JSON.parse(readFileSync(`${root}/build/jest.json`, 'utf8'));

const c = run(
  'C tests (optee-ta: x86_64, ASan/UBSan, armhf and arm64 under qemu)',
  'make',
  ['-s', '-C', 'optee-ta', 'test-all'],
  {
    capture: true,
  },
);
const m = /test-all: (\d+) passed, (\d+) failed/.exec(c.stdout ?? '');

// libFuzzer on the TA's parsers, bounded: FUZZ_SECONDS each (60 in CI, 10 otherwise)
const fuzzSeconds = process.env.FUZZ_SECONDS ?? (process.env.CI ? '60' : '10');
const fuzz = run(
  `fuzzers (${fuzzSeconds} s each)`,
  'make',
  ['-s', '-C', 'optee-ta', 'fuzz', `FUZZ_SECONDS=${fuzzSeconds}`],
  {
    capture: true,
  },
);
const cPassed = m ? Number(m[1]) : 0;
const cFailed = m ? Number(m[2]) : 1;

const passed = js.numPassedTests + cPassed;
const failed = js.numFailedTests + js.numRuntimeErrorTestSuites + cFailed + (c.status === 0 ? 0 : m ? 0 : 1);
console.log(
  `\njest: ${js.numPassedTests} passed, ${js.numFailedTests} failed; C: ${cPassed} passed, ${cFailed} failed`,
);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && c.status === 0 && fuzz.status === 0 && failed === 0 ? 0 : 1);
