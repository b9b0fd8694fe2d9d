/**
 * The `triad-keystore-bridge` binary as an operator runs it (the compiled bin: `npm test` builds
 * before jest runs): usage, the loopback-only rule, a clear failure for bad TLS files, and one
 * real session (ready line, a signature over JSON-RPC, a clean stop on SIGTERM).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { BABE_PUB, FakePeer, makePki } from './helpers.js';
import type { TestPki } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/src/bin/triad-keystore-bridge.js', import.meta.url));

interface Run {
  readonly child: ReturnType<typeof spawn>;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves with the stdout seen so far once it matches `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.splice(0)) {
      const m = stdout.match(w.pattern);
      if (m) w.resolve(m);
      else waiters.push(w);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    child,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const m = stdout.match(pattern);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        void exited.then((r) => reject(new Error(`exited ${r.code} before ${pattern}: ${r.stderr}`)));
      }),
  };
}

function post(url: string, body: object): Promise<unknown> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': text.length },
        agent: false,
      },
      (res) => {
        let got = '';
        res.on('data', (d: Buffer) => (got += d.toString()));
        res.on('end', () => resolve(JSON.parse(got)));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('triad-keystore-bridge (the binary)', () => {
  let pki: TestPki;
  let peer: FakePeer;

  beforeAll(async () => {
    pki = await makePki();
    peer = await FakePeer.start(pki, '2');
  });
  afterAll(() => {
    peer?.stop();
    pki?.remove();
  });

  it('prints usage for --help; exits 2 for bad usage and for a non-loopback --listen; 1 for unreadable TLS files', async () => {
    const tlsArgs = [
      '--ca',
      pki.paths.ca.cert,
      '--cert',
      pki.tls.cert as string,
      '--key',
      pki.tls.key as string,
    ];
    const [help, remote, missing, badCa] = await Promise.all([
      run(['--help']).exited,
      run(['--urls', peer.url, ...tlsArgs, '--listen', '0.0.0.0:0']).exited,
      run(tlsArgs).exited,
      run(['--urls', peer.url, '--listen', '127.0.0.1:0'], {
        TRIAD_CA: '/nonexistent/ca.crt',
        TRIAD_CERT: pki.tls.cert as string,
        TRIAD_KEY: pki.tls.key as string,
      }).exited,
    ]);
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^usage: triad-keystore-bridge --urls/),
    });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/--listen 0\.0\.0\.0 is not a loopback address.*--allow-remote/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--urls \(or TRIAD_SIGNER_URLS\) is required/);
    expect(badCa.code).toBe(1);
    expect(badCa.stderr).toMatch(
      /^triad-keystore-bridge: INVALID_ARGUMENT: tls\.ca: cannot read \/nonexistent\/ca\.crt/,
    );
  });

  it('serves the keystore calls from a real session, logs each call, and stops cleanly on SIGTERM', async () => {
    const r = run(['--urls', peer.url, '--listen', '127.0.0.1:0', '--timeout-ms', '3000'], {
      TRIAD_CA: pki.paths.ca.cert,
      TRIAD_CERT: pki.tls.cert as string,
      TRIAD_KEY: pki.tls.key as string,
    });
    const [, url] = await r.waitFor(/ready: (http:\/\/127\.0\.0\.1:\d+\/) -> /);
    const pub = `0x${BABE_PUB.toString('hex')}`;
    expect(
      await post(url!, { jsonrpc: '2.0', id: 1, method: 'sr25519_public_keys', params: ['babe'] }),
    ).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: [pub],
    });
    expect(
      await post(url!, {
        jsonrpc: '2.0',
        id: 2,
        method: 'sign_with',
        params: ['babe', pub, 'babe-seal', '0xabcd'],
      }),
    ).toEqual({ jsonrpc: '2.0', id: 2, result: `0x${'02'.repeat(64)}` });
    expect(peer.calls.at(-1)).toMatchObject({ method: 'Sign', caller: 'client:validator' });
    r.child.kill('SIGTERM');
    const done = await r.exited;
    expect(done.code).toBe(0);
    // one JSON line per call, and no Node warning: the peer at 127.0.0.1 is named localhost in TLS
    expect(done.stderr).not.toMatch(/Warning|DEP0123/);
    const log = done.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { method: string });
    expect(log.map((l) => l.method)).toEqual(['sr25519_public_keys', 'sign_with']);
  });
});
