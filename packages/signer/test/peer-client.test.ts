/**
 * A peer's channel to another peer, over mutual TLS on 127.0.0.1: named by the DNS name in the
 * peer's certificate (`serverName`), it connects without Node's DEP0123 ("Setting the TLS
 * ServerName to an IP address is not permitted"). Node prints that once per process, so each dial
 * runs in a process of its own (fixtures/dial-peer.mjs).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { writeClusterPki } from '@triad/pki';
import type { ClusterPkiPaths } from '@triad/pki';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServices } from '@triad/proto';

const fixture = fileURLToPath(new URL('./fixtures/dial-peer.mjs', import.meta.url));

/** Runs the fixture to its end: exit code, stdout, stderr. */
function dial(nodeFlags: string[], args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, fixture, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.once('error', reject);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

describe('PeerClient over mutual TLS to a peer on 127.0.0.1', () => {
  let dir: string;
  let pki: ClusterPkiPaths;
  let server: Server;
  let address: string;
  let asPeer2: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'triad-peer-client-'));
    // As `triadctl certs` makes them by default: the peers' hosts are 127.0.0.1 and localhost.
    pki = await writeClusterPki(join(dir, 'pki'), {
      peers: ['1', '2'].map((id) => ({ id, hosts: ['127.0.0.1', 'localhost'] })),
      clients: [],
    });
    server = new Server();
    server.addService(loadServices().Cosigner.service, {
      Attest: (_call: unknown, reply: (e: null, r: unknown) => void) =>
        reply(null, { peerId: '1', evidence: Buffer.alloc(0), taInfo: Buffer.alloc(0) }),
    });
    const credentials = ServerCredentials.createSsl(
      readFileSync(pki.ca.cert),
      [{ cert_chain: readFileSync(pki.peers['1']!.cert), private_key: readFileSync(pki.peers['1']!.key) }],
      true,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (e, p) => (e ? reject(e) : resolve(p))),
    );
    address = `127.0.0.1:${port}`;
    asPeer2 = [pki.ca.cert, pki.peers['2']!.cert, pki.peers['2']!.key];
  });

  afterAll(() => {
    server?.forceShutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('dials 127.0.0.1 naming the peer by its certificate DNS name: connected, and no DEP0123 (--throw-deprecation)', async () => {
    const r = await dial(['--throw-deprecation'], [address, ...asPeer2, 'localhost']);
    expect(r.stderr).not.toMatch(/DEP0123/);
    expect(r).toMatchObject({ code: 0, stdout: '1\n' });
  });

  it('dials 127.0.0.1 with no serverName as `localhost` (the loopback default): connected, no DEP0123', async () => {
    const r = await dial(['--throw-deprecation'], [address, ...asPeer2]);
    expect(r.stderr).not.toMatch(/DEP0123/);
    expect(r).toMatchObject({ code: 0, stdout: '1\n' });
  });

  it('(the check sees it) naming the peer by its IP address makes Node print DEP0123', async () => {
    const r = await dial([], [address, ...asPeer2, '127.0.0.1']);
    expect(r).toMatchObject({ code: 0, stdout: '1\n' });
    expect(r.stderr).toMatch(/DEP0123/);
  });
});
