/**
 * The client is light (DESIGN.md section 2): a validator process that imports `@triad/client`
 * loads grpc-js and `@triad/proto`, never the peer daemon's dependencies. Checked on the real
 * module graph, not jest's: a fresh `node` imports the built package as Node resolves it, with a
 * loader hook recording every ESM resolution and `require.cache` giving the CommonJS modules,
 * and talks to a peer on 127.0.0.1 (which must not make Node warn about an IP as TLS server name,
 * DEP0123). And npm agrees: the workspace's dependency tree holds none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FakePeer, makePki } from './helpers.js';
import type { TestPki } from './helpers.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** What a validator must not load: the peer, its TEE client, libp2p, LevelDB, pino, prom-client. */
const HEAVY =
  /(?:node_modules\/(?:libp2p|@libp2p|@chainsafe|level|classic-level|abstract-level|pino|prom-client)\/|packages\/(?:signer|tee)\/|@triad\/(?:signer|tee)\b)/;

interface Report {
  health: { reachable: boolean; canSign: boolean; error?: string }[];
  required: string[];
  warnings: { name: string; code?: string; message: string }[];
}

describe('a validator process importing @triad/client', () => {
  let pki: TestPki;
  let peer: FakePeer;
  let dir: string;
  let report: Report;
  let resolved: string[];

  beforeAll(async () => {
    pki = await makePki();
    peer = await FakePeer.start(pki, '1');
    dir = mkdtempSync(join(tmpdir(), 'triad-light-'));
    const log = join(dir, 'loads.txt');
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        fixture('record-loads.mjs'),
        fixture('light-validator.mjs'),
        peer.url,
        pki.paths.ca.cert,
        pki.tls.cert as string,
        pki.tls.key as string,
      ],
      { env: { PATH: process.env.PATH ?? '', TRIAD_LOAD_LOG: log }, timeout: 30_000 },
    );
    report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Report;
    resolved = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  });

  afterAll(() => {
    peer?.stop();
    pki?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the built client, @triad/proto and grpc-js, as Node resolves them', () => {
    expect(resolved).toContainEqual(expect.stringMatching(/packages\/client\/dist\/src\/index\.js$/));
    expect(resolved).toContainEqual(expect.stringMatching(/packages\/proto\/dist\/src\/index\.js$/));
    expect(report.required).toContainEqual(expect.stringMatching(/node_modules\/@grpc\/grpc-js\//));
  });

  it('loads nothing of the peer daemon: no @triad/signer or tee, libp2p, LevelDB, pino, prom-client', () => {
    expect([...resolved, ...report.required].filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('talks to a peer on 127.0.0.1 over mTLS without Node warning about an IP as TLS server name', () => {
    expect(report.health).toEqual([expect.objectContaining({ reachable: true, canSign: true })]);
    expect(report.warnings).toEqual([]);
  });

  it('npm ls: none of them is in the workspace dependency tree either', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--parseable', '-w', '@triad/client'], {
      cwd: repo,
      timeout: 30_000,
    });
    const tree = stdout.split('\n').filter(Boolean);
    expect(tree).toContainEqual(expect.stringMatching(/node_modules\/@grpc\/grpc-js$/));
    expect(tree.filter((m) => HEAVY.test(`${m}/`))).toEqual([]);
  });
});
