import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import { writeClusterPki } from '@triad/pki';
import { defaultTaHostBinary, EmulatedCluster } from '@triad/tee';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadServices, parseConfig, SignerPeer } from '../src/index.js';
import { header } from './helpers.js';

/** A free loopback port (bound and released), so the peers can be told each other's addresses. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('three signer peers (in process) over mTLS, each in front of its emulated TA', () => {
  let cluster: EmulatedCluster;
  const peers: SignerPeer[] = [];
  let sign: (
    i: number,
    client: string,
    req: unknown,
  ) => Promise<{ error: ServiceError | null; res: Record<string, unknown> }>;
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    await waitReady();
    cluster = await EmulatedCluster.start(3);
    await cluster.dkg('babe'); // the deploy-time ceremony, done here straight on the TAs
    const pki = await writeClusterPki(join(cluster.dir, 'pki'), {
      peers: ['1', '2', '3'].map((id) => ({ id, hosts: ['127.0.0.1', 'localhost'] })),
      clients: ['validator-a', 'validator-b'],
    });
    const measurement = execFileSync(defaultTaHostBinary(), ['--print-measurement']).toString().trim();
    const devices = await Promise.all(
      cluster.tas.map(async (t) => (await t.attest(randomBytes(32))).deviceKey),
    );
    const ports = await Promise.all([0, 1, 2, 3, 4, 5].map(() => freePort()));
    const device = (i: number) => ({ e: hex(devices[i]!.e), n: hex(devices[i]!.n) });
    for (let i = 0; i < 3; i++) {
      const id = String(i + 1);
      const config = parseConfig(
        {
          peerId: id,
          participantId: i + 1,
          dataDir: join(cluster.dir, `peer-${id}`),
          listen: { signer: `127.0.0.1:${ports[i]}`, cosigner: `127.0.0.1:${ports[3 + i]}` },
          tls: { ca: pki.ca.cert, cert: pki.peers[id]!.cert, key: pki.peers[id]!.key },
          tee: { backend: 'emulated', socket: cluster.socketPath(i) },
          measurement,
          device: device(i),
          peers: [0, 1, 2]
            .filter((k) => k !== i)
            .map((k) => ({
              peerId: String(k + 1),
              participantId: k + 1,
              address: `127.0.0.1:${ports[3 + k]}`,
              device: device(k),
            })),
          clients: { 'validator-a': ['babe'], 'validator-b': ['audi'] },
        },
        cluster.dir,
        {},
      );
      peers.push(await SignerPeer.start(config));
    }
    const { Signer } = loadServices();
    const ca = readFileSync(pki.ca.cert);
    const clientOf = new Map<
      string,
      Record<string, (r: unknown, cb: (e: ServiceError | null, res: Record<string, unknown>) => void) => void>
    >();
    sign = (i, name, req) => {
      const key = `${i}/${name}`;
      if (!clientOf.has(key)) {
        const c = pki.clients[name]!;
        const client = new Signer(
          peers[i]!.signerAddress,
          credentials.createSsl(ca, readFileSync(c.key), readFileSync(c.cert)),
        ) as unknown as Record<
          string,
          (r: unknown, cb: (e: ServiceError | null, res: Record<string, unknown>) => void) => void
        > & { close: () => void };
        closers.push(() => client.close());
        clientOf.set(key, client);
      }
      const client = clientOf.get(key)!;
      return new Promise((resolve) => client.Sign!(req, (error, res) => resolve({ error, res })));
    };
    // the peers attest one another (once a second) before they cosign for each other
    for (let t = 0; t < 100 && peers.some((p) => p.health().attestedPeers.length < 2); t++)
      await new Promise((r) => setTimeout(r, 100));
  }, 60_000);

  afterAll(async () => {
    closers.forEach((c) => c());
    for (const p of peers) await p.stop().catch(() => undefined);
    await cluster?.stop();
  });

  it('every peer attests the other two', () => {
    for (const p of peers)
      expect(p.health()).toMatchObject({ canSign: true, attestedPeers: expect.arrayContaining([]) });
    expect(peers.map((p) => p.health().attestedPeers.length)).toEqual([2, 2, 2]);
  });

  it('a validator signs a babe-seal at any peer; the chain verifier accepts it; the audit log records it', async () => {
    for (let i = 0; i < 3; i++) {
      const h = header(10 + i);
      const { error, res } = await sign(i, 'validator-a', { keyType: 'babe', babeSeal: { header: h } });
      expect(error).toBeNull();
      const sig = res.signature as { signature: Uint8Array; publicKey: Uint8Array; coordinator: string };
      expect(sig.coordinator).toBe(String(i + 1));
      expect(sr25519Verify(sig.signature, blake2b(h, { dkLen: 32 }), sig.publicKey)).toBe(true);
    }
    // the record is written just after the answer goes out
    let last = await peers[0]!.audit.tail(1);
    for (let t = 0; t < 50 && last.records.length === 0; t++) {
      await new Promise((r) => setTimeout(r, 20));
      last = await peers[0]!.audit.tail(1);
    }
    expect(last.records[0]).toMatchObject({
      client: 'validator-a',
      kind: 'babe-seal',
      keyType: 'babe',
      decision: 'signed',
    });
  });

  it('a client without permission for the key type is denied; a conflicting header is refused', async () => {
    expect(
      (await sign(0, 'validator-b', { keyType: 'babe', babeSeal: { header: header(20) } })).error?.code,
    ).toBe(status.PERMISSION_DENIED);
    expect(
      (await sign(0, 'validator-a', { keyType: 'babe', babeSeal: { header: header(21) } })).error,
    ).toBeNull();
    const conflict = await sign(2, 'validator-a', { keyType: 'babe', babeSeal: { header: header(21, 1) } });
    expect(conflict.res).toMatchObject({ refusal: { reason: 'CONFLICT' } });
  });

  it('with one peer stopped, the other two still sign', async () => {
    await peers[1]!.stop();
    const h = header(30);
    const { error, res } = await sign(0, 'validator-a', { keyType: 'babe', babeSeal: { header: h } });
    expect(error).toBeNull();
    expect((res.signature as { cosigner: string }).cosigner).toBe('3');
  });
});
