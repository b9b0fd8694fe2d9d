import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The compiled bin (npm test builds before jest runs).
const bin = fileURLToPath(new URL('../dist/src/bin/triad-signer.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('triad-signer (the peer binary)', () => {
  it('prints its usage for --help, and exits 2 with one line on bad usage', () => {
    expect(run('--help')).toMatchObject({ status: 0, stdout: 'usage: triad-signer --config FILE\n' });
    const bad = run('--cfg', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['usage: triad-signer --config FILE']);
  });

  it('exits 1 naming every problem of a bad configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triad-bin-'));
    try {
      const file = join(dir, 'peer.yaml');
      writeFileSync(file, 'peerId: "1"\nparticipantId: 0\n');
      const r = run('--config', file);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^triad-signer: .*peer\.yaml: \d+ problems:/);
      expect(r.stderr).toContain('participantId: expected an integer 1..255');
      expect(run('--config', join(dir, 'missing.yaml')).stderr).toMatch(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
