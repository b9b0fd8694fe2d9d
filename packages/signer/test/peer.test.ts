import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import { writeClusterPki } from '@triad/pki';
import type { ClusterPkiPaths } from '@triad/pki';
import {
  babeHeader,
  chainAcceptsSeal,
  chainVerifierReady,
  deviceKeys,
  EmulatedCluster,
  emulatedMeasurement,
  freePort,
} from '@triad/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServices, tlsChannelOptions } from '@triad/proto';
import { parseConfig, SignerPeer, VERSION } from '../src/index.js';

process.env.TRIAD_LOG_LEVEL = 'silent'; // the peers' JSON logs would bury jest's report

describe('three signer peers (in process) over mTLS, each in front of its emulated TA', () => {
  let cluster: EmulatedCluster;
  let pki: ClusterPkiPaths;
  /** The first babe key's public key (the DKG test makes it). */
  let babeKey: Uint8Array;
  const peers: SignerPeer[] = [];
  let sign: (
    i: number,
    client: string,
    req: unknown,
  ) => Promise<{ error: ServiceError | null; res: Record<string, unknown> }>;
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    await chainVerifierReady();
    cluster = await EmulatedCluster.start(3);
    pki = await writeClusterPki(join(cluster.dir, 'pki'), {
      peers: ['1', '2', '3'].map((id) => ({ id, hosts: ['127.0.0.1', 'localhost'] })),
      clients: ['validator-a', 'validator-b', 'ops'],
    });
    const measurement = emulatedMeasurement();
    const devices = await deviceKeys(cluster.tas);
    const ports = await Promise.all([0, 1, 2, 3, 4, 5].map(() => freePort()));
    for (let i = 0; i < 3; i++) {
      const id = String(i + 1);
      const config = parseConfig(
        {
          peerId: id,
          participantId: i + 1,
          dataDir: join(cluster.dir, `peer-${id}`),
          listen: {
            signer: `127.0.0.1:${ports[i]}`,
            cosigner: `127.0.0.1:${ports[3 + i]}`,
            metrics: '127.0.0.1:0',
          },
          tls: { ca: pki.ca.cert, cert: pki.peers[id]!.cert, key: pki.peers[id]!.key },
          tee: { backend: 'emulated', socket: cluster.socketPath(i) },
          measurement,
          device: devices[i]!,
          peers: [0, 1, 2]
            .filter((k) => k !== i)
            .map((k) => ({
              peerId: String(k + 1),
              participantId: k + 1,
              address: `127.0.0.1:${ports[3 + k]}`,
              serverName: 'localhost', // a DNS name in its certificate: no DEP0123 for dialling an IP
              device: devices[k]!,
            })),
          clients: { 'validator-a': ['babe'], 'validator-b': ['audi'] },
          operators: ['ops'],
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
          tlsChannelOptions(peers[i]!.signerAddress),
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

  /** A client of peer i's Operator service with the certificate of `name`. */
  function operator(i: number, name = 'ops') {
    const c = pki.clients[name]!;
    const client = new (loadServices().Operator)(
      peers[i]!.signerAddress,
      credentials.createSsl(readFileSync(pki.ca.cert), readFileSync(c.key), readFileSync(c.cert)),
      tlsChannelOptions(peers[i]!.signerAddress),
    ) as unknown as Record<string, (...a: unknown[]) => unknown> & { close(): void };
    closers.push(() => client.close());
    return client;
  }

  /** Runs a ceremony RPC to its end: the events streamed, and the final status. */
  function ceremony(i: number, method: 'RunDkg' | 'RefreshShares', req: unknown, name = 'ops') {
    return new Promise<{ events: Record<string, unknown>[]; error: ServiceError | null }>((resolve) => {
      const events: Record<string, unknown>[] = [];
      const stream = operator(i, name)[method]!(req) as NodeJS.EventEmitter;
      stream.on('data', (e: Record<string, unknown>) => events.push(e));
      stream.on('error', (error: ServiceError) => resolve({ events, error }));
      stream.on('end', () => resolve({ events, error: null }));
    });
  }

  it('every peer attests the other two; before any key, none can sign', () => {
    expect(peers.map((p) => p.health().attestedPeers.length)).toEqual([2, 2, 2]);
    expect(peers.map((p) => p.health().canSign)).toEqual([false, false, false]);
  });

  it('only an operator may run the DKG; peer 2 leads it with progress, every peer then holds the key', async () => {
    const denied = await ceremony(1, 'RunDkg', { keyType: 'babe' }, 'validator-a');
    expect(denied.error?.code).toBe(status.PERMISSION_DENIED);
    expect(denied.events).toEqual([]);

    const { events, error } = await ceremony(1, 'RunDkg', { keyType: 'babe' });
    expect(error).toBeNull();
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.progress);
    for (const stage of ['round1', 'round2', 'round3'])
      expect(progress).toContainEqual({ stage, done: 3, total: 3 });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', done: { keyType: 'babe', threshold: 2 } });
    const publicKey = (done.done as { publicKey: Uint8Array }).publicKey;
    babeKey = publicKey;
    // the followers pick the key up when their TA finishes round three, the leader at once
    for (let t = 0; t < 50 && peers.some((p) => !p.health().canSign); t++)
      await new Promise((r) => setTimeout(r, 50));
    for (const p of peers) {
      const st = await p.status();
      expect(st).toMatchObject({
        canSign: true,
        threshold: 2,
        ta: { reachable: true, lockState: 'unlocked' },
      });
      expect((st.ta as { keys: { publicKey: Uint8Array }[] }).keys[0]!.publicKey).toEqual(publicKey);
    }

    const malformed = await ceremony(0, 'RunDkg', { keyType: 'BABE!' });
    expect(malformed.error?.code).toBe(status.INVALID_ARGUMENT);
  });

  it('a validator signs a babe-seal at any peer; the chain verifier accepts it; the audit log records it', async () => {
    for (let i = 0; i < 3; i++) {
      const h = babeHeader(10 + i);
      const { error, res } = await sign(i, 'validator-a', { keyType: 'babe', babeSeal: { header: h } });
      expect(error).toBeNull();
      const sig = res.signature as { signature: Uint8Array; publicKey: Uint8Array; coordinator: string };
      expect(sig.coordinator).toBe(String(i + 1));
      expect(chainAcceptsSeal(sig.signature, h, sig.publicKey)).toBe(true);
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
      publicKey: Buffer.from(babeKey).toString('hex'),
      decision: 'signed',
    });
  });

  it('a client without permission for the key type is denied; a conflicting header is refused', async () => {
    expect(
      (await sign(0, 'validator-b', { keyType: 'babe', babeSeal: { header: babeHeader(20) } })).error?.code,
    ).toBe(status.PERMISSION_DENIED);
    expect(
      (await sign(0, 'validator-a', { keyType: 'babe', babeSeal: { header: babeHeader(21) } })).error,
    ).toBeNull();
    const conflict = await sign(2, 'validator-a', {
      keyType: 'babe',
      babeSeal: { header: babeHeader(21, { fork: 1 }) },
    });
    expect(conflict.res).toMatchObject({ refusal: { reason: 'CONFLICT' } });
  });

  it('Operator.Status shows the TA, its keys and marks, and each peer; a validator may not read it', async () => {
    const ask = (name: string) =>
      new Promise<{ error: ServiceError | null; res: Record<string, unknown> }>((resolve) =>
        operator(2, name).Status!({}, (error: ServiceError | null, res: Record<string, unknown>) =>
          resolve({ error, res }),
        ),
      );
    expect((await ask('validator-a')).error?.code).toBe(status.PERMISSION_DENIED);
    const { error, res } = await ask('ops');
    expect(error).toBeNull();
    expect(res).toMatchObject({
      peerId: '3',
      version: VERSION,
      canSign: true,
      ta: { reachable: true, lockState: 'unlocked', participantId: 3, keys: [{ keyType: 'babe' }] },
    });
    expect(Number((res.ta as { counter: string }).counter)).toBeGreaterThan(0);
    // peer 3 cosigned or coordinated slot 21 (the conflict test): its mark is at least there
    expect(Number((res.ta as { keys: { lastSlot: string }[] }).keys[0]!.lastSlot)).toBeGreaterThanOrEqual(21);
    expect(
      (res.peers as { peerId: string; attestation: string }[]).map((p) => [p.peerId, p.attestation]),
    ).toEqual([
      ['1', 'attested'],
      ['2', 'attested'],
    ]);
  });

  it('serves grpc.health.v1 and Prometheus metrics; an oversized request is refused by limit', async () => {
    const health = new (
      loadPackageDefinition(loadSync(protoPath, { keepCase: true, enums: String })) as unknown as {
        grpc: { health: { v1: { Health: ServiceClientConstructor } } };
      }
    ).grpc.health.v1.Health(
      peers[0]!.signerAddress,
      credentials.createSsl(
        readFileSync(pki.ca.cert),
        readFileSync(pki.clients['validator-a']!.key),
        readFileSync(pki.clients['validator-a']!.cert),
      ),
      tlsChannelOptions(peers[0]!.signerAddress),
    ) as unknown as Client & { Check: (r: unknown, cb: (e: unknown, r: { status: string }) => void) => void };
    closers.push(() => health.close());
    const check = (service: string) =>
      new Promise<string>((resolve, reject) =>
        health.Check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))),
      );
    expect(await check('')).toBe('SERVING');
    expect(await check('triad.v1.Signer')).toBe('SERVING');

    const big = await sign(0, 'validator-a', {
      keyType: 'babe',
      babeSeal: { header: new Uint8Array(200_000) },
    });
    expect(big.error?.code).toBe(status.RESOURCE_EXHAUSTED);

    const text = await (await fetch(`http://${peers[0]!.metricsAddress}/metrics`)).text();
    const signed =
      /triad_sign_requests_total\{kind="babe-seal",key_type="babe",decision="signed",reason=""\} (\d+)/.exec(
        text,
      );
    expect(Number(signed?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^triad_quorum_up 1$/m);
    expect(text).toMatch(/^triad_ta_state\{state="unlocked"\} 1$/m);
    expect(text).toMatch(/^triad_peer_attested\{peer="2"\} 1$/m);
    expect(text).toMatch(/triad_sign_duration_seconds_bucket/);
    expect((await fetch(`http://${peers[0]!.metricsAddress}/other`)).status).toBe(404);
    // the conflicting header of slot 21 was refused at peer 3
    const third = await (await fetch(`http://${peers[2]!.metricsAddress}/metrics`)).text();
    expect(third).toMatch(/triad_sign_requests_total\{[^}]*decision="refused",reason="CONFLICT"\} 1/);
  });

  it('a TA that stops answering: its peer no longer claims it can sign; restarted, the TA is unlocked and it signs again', async () => {
    const waitFor = async (want: boolean) => {
      for (let t = 0; t < 50 && peers[2]!.health().canSign !== want; t++)
        await new Promise((r) => setTimeout(r, 100));
      return peers[2]!.health().canSign;
    };
    expect(await waitFor(true)).toBe(true);
    await cluster.tas[2]!.close();
    await cluster.hosts[2]!.kill();
    expect(await waitFor(false)).toBe(false);
    await cluster.restart(2, 'kill');
    expect(await waitFor(true)).toBe(true);
    const h = babeHeader(25);
    const { error } = await sign(2, 'validator-a', { keyType: 'babe', babeSeal: { header: h } });
    expect(error).toBeNull();
  });

  // Was: a second RunDkg for babe was ALREADY_EXISTS. Now it makes a second babe key.
  it('a DKG for a key type the cluster holds makes another key; a Sign then names one by publicKey', async () => {
    const { events, error } = await ceremony(0, 'RunDkg', { keyType: 'babe' });
    expect(error).toBeNull();
    const second = (events.at(-1)!.done as { publicKey: Uint8Array }).publicKey;
    expect(Buffer.from(second).equals(Buffer.from(babeKey))).toBe(false);
    const seesBoth = async (i: number) => {
      const keys = (await peers[i]!.status()).ta as { keys: { keyType: string }[] };
      return keys.keys.filter((k) => k.keyType === 'babe').length === 2;
    };
    for (let t = 0; t < 50 && !(await Promise.all([0, 1, 2].map(seesBoth))).every(Boolean); t++)
      await new Promise((r) => setTimeout(r, 50));

    // a refresh names the key among several; the key stays the same
    const unnamed = await ceremony(2, 'RefreshShares', { keyType: 'babe' });
    expect(unnamed.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(unnamed.error?.details).toMatch(/several babe keys \(0x[0-9a-f]{64}, 0x[0-9a-f]{64}\): name one/);
    const unknown = await ceremony(2, 'RefreshShares', { keyType: 'babe', publicKey: Buffer.alloc(32, 7) });
    expect(unknown.error?.code).toBe(status.NOT_FOUND);
    expect(unknown.error?.details).toContain(`no active babe key 0x${'07'.repeat(32)}`);
    const short = await ceremony(2, 'RefreshShares', { keyType: 'babe', publicKey: Buffer.alloc(31) });
    expect(short.error?.code).toBe(status.INVALID_ARGUMENT);
    const refreshed = await ceremony(2, 'RefreshShares', { keyType: 'babe', publicKey: second });
    expect(refreshed.error).toBeNull();
    expect(Buffer.from((refreshed.events.at(-1)!.done as { publicKey: Uint8Array }).publicKey)).toEqual(
      Buffer.from(second),
    );

    const h = babeHeader(25);
    const ambiguous = await sign(1, 'validator-a', { keyType: 'babe', babeSeal: { header: h } });
    expect(ambiguous.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(ambiguous.error?.details).toMatch(/several babe keys: name one by public_key/);
    for (const publicKey of [babeKey, second]) {
      const { error: e, res } = await sign(1, 'validator-a', {
        keyType: 'babe',
        publicKey,
        babeSeal: { header: h },
      });
      expect(e).toBeNull();
      const sig = res.signature as { signature: Uint8Array; publicKey: Uint8Array };
      expect(chainAcceptsSeal(sig.signature, h, publicKey)).toBe(true);
    }
  });

  it('with one peer stopped, the other two still sign', async () => {
    await peers[1]!.stop();
    const h = babeHeader(30);
    const { error, res } = await sign(0, 'validator-a', {
      keyType: 'babe',
      publicKey: babeKey,
      babeSeal: { header: h },
    });
    expect(error).toBeNull();
    expect((res.signature as { cosigner: string }).cosigner).toBe('3');
  });
});
