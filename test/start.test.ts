/**
 * `npm start` as an operator runs it: set-up, a 3-peer cluster on emulated TEEs with the DKG done
 * on first start, a ready line, a signature the chain verifier accepts, a clean Ctrl-C, and a
 * second start that reuses the state (same keys, TAs unlocked by their peers).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { babeHeader, chainAcceptsSeal, chainVerifierReady } from '@triad/testkit/chain';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const START = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'triad-start-'));

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** A base port whose twelve cluster ports are all free now. */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 300);
    const ports = [1, 2, 3, 101, 102, 103, 201, 202, 203, 301, 302, 303].map((k) => base + k);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
}

let child: ChildProcess | undefined;
/** Everything npm start wrote to stderr (its progress lines, and any Node warning). */
let startErr = '';

/** Runs `npm start`'s script until its ready line; its stdout so far. */
async function start(base: number): Promise<string> {
  child = spawn(process.execPath, [START], {
    env: { ...process.env, TRIAD_DEV_DIR: dir, TRIAD_DEV_BASE_PORT: String(base) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`not ready:\n${err}`)), 150_000);
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child!.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      startErr += d.toString();
    });
    child!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}):\n${err}`));
    });
  });
}

/** Ctrl-C; the exit code. */
function interrupt(): Promise<number | null> {
  const c = child!;
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  c.kill('SIGINT');
  return exited;
}

afterAll(async () => {
  if (child && child.exitCode === null) await interrupt();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('reaches ready, signs for a validator, stops on Ctrl-C, and starts again on the same keys', async () => {
    await chainVerifierReady();
    const base = await freeBase();
    const first = await start(base);
    const babe = /babe {2}0x([0-9a-f]{64})/.exec(first)?.[1];
    expect(babe).toBeDefined();
    expect(first).toMatch(/audi {2}0x[0-9a-f]{64} {2}\(non-slashable\)/);
    expect(first).toContain(`127.0.0.1:${base + 1}`);

    // in another shell, as the README says: npx triadctl (TRIAD_CLUSTER: this test's state dir)
    const env = { ...process.env, TRIAD_CLUSTER: join(dir, 'cluster.json') };
    const npx = (args: string[]) => {
      const r = spawnSync('npx', ['--no-install', 'triadctl', ...args], { cwd: ROOT, env, encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([0, '']); // no Node warning (DEP0123) either
      return r.stdout;
    };
    const status = JSON.parse(npx(['status', '--json'])) as {
      canSign: boolean;
      peers: { status: { peers: { attestation: string }[] } }[];
    };
    expect(status.canSign).toBe(true);
    expect(status.peers.flatMap((p) => p.status.peers.map((l) => l.attestation))).toEqual(
      Array(6).fill('attested'),
    );
    const h = babeHeader(7);
    const signed = JSON.parse(
      npx(['sign', '--kind', 'babe-seal', '--header', `0x${Buffer.from(h).toString('hex')}`, '--json']),
    ) as { signature: string };
    const sig = Buffer.from(signed.signature.slice(2), 'hex');
    expect(chainAcceptsSeal(sig, h, Buffer.from(babe!, 'hex'))).toBe(true);

    expect(await interrupt()).toBe(0);
    expect(startErr).not.toMatch(/Warning|DEP0\d+/);
    const second = await start(base);
    expect(second).toContain(`babe  0x${babe}`);
    expect(await interrupt()).toBe(0);
  }, 300_000);
});
