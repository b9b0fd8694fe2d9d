/**
 * The cluster end to end, as processes: three `triad-signer` peers, each in front of its own
 * ta-host (emulated TEE), mutual TLS everywhere, a validator client signing BABE headers built by
 * @polkadot/types, and the chain's verifier (Rust schnorrkel, wasm) judging every signature.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { blake2b } from '@noble/hashes/blake2.js';
import { TypeRegistry } from '@polkadot/types';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { writeClusterPki } from '@triad/pki';
import type { ClusterPkiPaths } from '@triad/pki';
import { loadServices } from '@triad/signer';
import { defaultTaHostBinary, EmulatedCluster } from '@triad/tee';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const BIN = fileURLToPath(new URL('../packages/signer/dist/src/bin/triad-signer.js', import.meta.url));
const registry = new TypeRegistry();

function header(slot: number, fork = 0): Uint8Array {
  const pre = registry.createType('RawBabePreDigest', {
    SecondaryPlain: { authorityIndex: 2, slotNumber: slot },
  });
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(1 + fork),
      number: 1000 + slot,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', '0x' + Buffer.from(pre.toU8a()).toString('hex')] }] },
    })
    .toU8a();
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

type Reply = { error: ServiceError | null; res: Record<string, unknown> };

describe('a 3-peer cluster of processes', () => {
  let cluster: EmulatedCluster;
  let pki: ClusterPkiPaths;
  const procs: (ChildProcess | undefined)[] = [];
  const configs: string[] = [];
  const signerPorts: number[] = [];
  const clients = new Map<
    number,
    Record<
      string,
      (
        r: unknown,
        o: { deadline: Date },
        cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
      ) => void
    > & { close(): void }
  >();

  /** Starts peer i's process and waits for its ready line. */
  async function startPeer(i: number): Promise<void> {
    const child = spawn(process.execPath, [BIN, '--config', configs[i]!], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs[i] = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`peer ${i + 1} not ready: ${err}`)), 15_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`peer ${i + 1} exited (${code}): ${err}`));
      });
    });
  }

  async function kill(i: number): Promise<void> {
    const child = procs[i];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  function call(i: number, method: 'Sign' | 'Health', req: unknown, timeoutMs = 5000): Promise<Reply> {
    if (!clients.has(i)) {
      const { Signer } = loadServices();
      const c = pki.clients['validator-a']!;
      clients.set(
        i,
        new Signer(
          `127.0.0.1:${signerPorts[i]}`,
          credentials.createSsl(readFileSync(pki.ca.cert), readFileSync(c.key), readFileSync(c.cert)),
        ) as never,
      );
    }
    return new Promise((resolve) =>
      clients.get(i)![method]!(req, { deadline: new Date(Date.now() + timeoutMs) }, (error, res) =>
        resolve({ error, res }),
      ),
    );
  }

  const sign = (i: number, h: Uint8Array) => call(i, 'Sign', { keyType: 'babe', babeSeal: { header: h } });

  /** Waits until peer i says it can sign with both other peers attested. */
  async function settled(i: number, attested = 2): Promise<void> {
    for (let t = 0; t < 150; t++) {
      const { error, res } = await call(i, 'Health', {}, 1000);
      if (!error && res.canSign && (res.attestedPeers as string[]).length >= attested) return;
      await sleep(100);
    }
    throw new Error(`peer ${i + 1} did not settle`);
  }

  function chainAccepts(r: Reply, h: Uint8Array): boolean {
    const sig = r.res?.signature as { signature: Uint8Array; publicKey: Uint8Array } | undefined;
    return !r.error && !!sig && sr25519Verify(sig.signature, blake2b(h, { dkLen: 32 }), sig.publicKey);
  }

  beforeAll(async () => {
    await waitReady();
    cluster = await EmulatedCluster.start(3);
    await cluster.dkg('babe'); // the enrollment-time ceremony, straight on the TAs
    pki = await writeClusterPki(join(cluster.dir, 'pki'), {
      peers: ['1', '2', '3'].map((id) => ({ id, hosts: ['127.0.0.1'] })),
      clients: ['validator-a'],
    });
    const measurement = execFileSync(defaultTaHostBinary(), ['--print-measurement']).toString().trim();
    const keys = await Promise.all(cluster.tas.map(async (t) => (await t.attest(randomBytes(32))).deviceKey));
    const device = (i: number) => ({ e: hex(keys[i]!.e), n: hex(keys[i]!.n) });
    const cosignerPorts = await Promise.all([0, 1, 2].map(freePort));
    signerPorts.push(...(await Promise.all([0, 1, 2].map(freePort))));
    for (let i = 0; i < 3; i++) {
      const id = String(i + 1);
      const file = join(cluster.dir, `peer-${id}.yaml`);
      writeFileSync(
        file,
        stringify({
          peerId: id,
          participantId: i + 1,
          dataDir: join(cluster.dir, `peer-${id}`),
          listen: { signer: `127.0.0.1:${signerPorts[i]}`, cosigner: `127.0.0.1:${cosignerPorts[i]}` },
          tls: { ca: pki.ca.cert, cert: pki.peers[id]!.cert, key: pki.peers[id]!.key },
          tee: { backend: 'emulated', socket: cluster.socketPath(i) },
          measurement,
          device: device(i),
          peers: [0, 1, 2]
            .filter((k) => k !== i)
            .map((k) => ({
              peerId: String(k + 1),
              participantId: k + 1,
              address: `127.0.0.1:${cosignerPorts[k]}`,
              device: device(k),
            })),
          clients: { 'validator-a': ['babe'] },
        }),
      );
      configs.push(file);
    }
    await Promise.all([0, 1, 2].map(startPeer));
    await Promise.all([0, 1, 2].map((i) => settled(i)));
  }, 90_000);

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all([0, 1, 2].map(kill));
    await cluster?.stop();
  });

  it('every peer signs babe-seal headers that the chain verifier accepts', async () => {
    for (let i = 0; i < 3; i++) {
      const h = header(10 + i);
      expect(chainAccepts(await sign(i, h), h)).toBe(true);
    }
  });

  it('a peer killed with SIGKILL: the other two sign on; restarted, it re-attests and signs again', async () => {
    await kill(1);
    const h = header(20);
    const r = await sign(0, h);
    expect(chainAccepts(r, h)).toBe(true);
    expect((r.res.signature as { cosigner: string }).cosigner).toBe('3');
    await startPeer(1);
    await settled(1);
    const h2 = header(21);
    expect(chainAccepts(await sign(1, h2), h2)).toBe(true);
  });

  it('a restarted TA is locked until its peers vouch; its peer unlocks it and signs again', async () => {
    await cluster.restart(2); // ta-host of device 3: the TA starts locked
    let r: Reply | undefined;
    for (let t = 0; t < 100; t++) {
      r = await sign(2, header(30));
      if (!r.error) break;
      await sleep(100);
    }
    expect(chainAccepts(r!, header(30))).toBe(true);
  });

  it('a TA whose data dir is rolled back is caught (ROLLED_BACK): its peer cannot sign, the other two sign on', async () => {
    const backup = join(cluster.dir, 'device-2-backup');
    cpSync(cluster.dataDir(1), backup, { recursive: true });
    const h = header(50);
    expect(chainAccepts(await sign(0, h), h)).toBe(true); // devices 1 and 2 sign slot 50
    await cluster.tas[1]!.close();
    await cluster.hosts[1]!.stop();
    rmSync(cluster.dataDir(1), { recursive: true });
    cpSync(backup, cluster.dataDir(1), { recursive: true });
    await cluster.restart(1);
    // peer 2 reconnects, finds its TA locked, asks its peers: they have seen a later counter
    let r: Reply | undefined;
    for (let t = 0; t < 60; t++) {
      r = await sign(1, header(51));
      if (r.error?.details?.includes('ROLLED_BACK')) break;
      await sleep(100);
    }
    expect(r!.error?.code).toBe(status.UNAVAILABLE);
    expect(r!.error?.details).toContain('ROLLED_BACK');
    // peer 1 passes over the rolled-back cosigner and signs with peer 3
    const h2 = header(52);
    const ok = await sign(0, h2);
    expect(chainAccepts(ok, h2)).toBe(true);
    expect((ok.res.signature as { cosigner: string }).cosigner).toBe('3');
  });

  it('with two peers dead, requests fail fast with UNAVAILABLE (quorum), no hang', async () => {
    await kill(1);
    await kill(2);
    // the survivor learns of the deaths on its next attempts; every answer comes well inside the deadline
    const started = Date.now();
    const r = await sign(0, header(40));
    expect(r.error?.code).toBe(status.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5000);
    await startPeer(1);
    await startPeer(2);
  });
});
