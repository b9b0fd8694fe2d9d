/**
 * The test hosts go away with the harness, however it ends: a harness killed with SIGKILL (no
 * finally, no teardown) leaves no process, namespace or mount behind (lab.mjs: pdeathsig and
 * unshare --kill-child). Root only: `npm run test:deploy`.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './fixtures.mjs';
import { ensureRootfs, leftoversOf, missingTools } from './lab.mjs';

describe('lab clean-up', () => {
  it(
    'a harness killed with SIGKILL takes its hosts, namespaces and mounts with it',
    async () => {
      const missing = missingTools();
      if (missing.length)
        throw new Error(`the deployment test needs: ${missing.join(', ')} (deploy/test/install-tools.sh)`);
      const rootfs = ensureRootfs(join(ROOT, 'build', 'deploy-test', 'rootfs'));
      const runDir = mkdtempSync('/tmp/triad-crash-');
      const child = spawn(
        process.execPath,
        [new URL('./crash-child.mjs', import.meta.url).pathname, rootfs, runDir],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        const line = await new Promise((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
            if (out.includes('\n')) resolve(out.split('\n')[0]);
          });
          child.on('exit', (code) => reject(new Error(`crash-child exited early (${code})`)));
        });
        const made = JSON.parse(line);
        const lab = { madePids: made.madePids, madeNs: new Set(made.madeNs), runDir: made.runDir };
        expect(Number(made.sshd)).toBeGreaterThan(0); // the host was really up
        expect(leftoversOf(lab).length).toBeGreaterThan(0); // and the check sees it

        child.kill('SIGKILL');
        let left = leftoversOf(lab);
        for (let i = 0; i < 100 && left.length; i++) {
          await sleep(50);
          left = leftoversOf(lab);
        }
        expect(left).toEqual([]);
      } finally {
        child.kill('SIGKILL');
        rmSync(runDir, { recursive: true, force: true });
      }
    },
    5 * 60_000,
  );
});
