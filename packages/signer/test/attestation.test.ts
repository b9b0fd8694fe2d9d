import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { credentials, Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { Client, ServerUnaryCall, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import { EmulatedCluster, emulatedMeasurement, keyOf } from '@triad/testkit';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmulatedTa, TaHostProcess } from '@triad/tee';
import type { EnrolledDevice, TrustedApp } from '@triad/tee';
import { loadServices } from '@triad/proto';
import { cosignerHandlers, PeerClient } from '../src/index.js';
import { attestHandler, gate, grpcAttestCall, PeerAttestor } from '../src/attestation.js';
import type { AttestAnswer, AttestCall, CallerOf } from '../src/attestation.js';

const PEERS = ['1', '2', '3'] as const;
const indexOf = (peerId: string) => Number(peerId) - 1;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('mutual attestation between peers (emulated devices)', () => {
  let cluster: EmulatedCluster;
  let enrolled: Map<string, EnrolledDevice>;

  /** How each peer answers Attest; tests swap in impostors, replays and outages. */
  const answers = new Map<string, (nonce: Uint8Array) => Promise<AttestAnswer>>();
  const honest = (peerId: string) => async (nonce: Uint8Array) => ({
    peerId,
    evidence: (await cluster.tas[indexOf(peerId)]!.attest(nonce)).bytes,
  });
  /** The injected Attest call: no gRPC, just the peer's TA (or whatever the test made it). */
  const call: AttestCall = (peerId, nonce) => {
    const answer = answers.get(peerId);
    return answer ? answer(nonce) : Promise.reject(new Error(`peer ${peerId}: connection refused`));
  };

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    // Enrollment: each device's attestation key (first contact) and the expected TA measurement.
    const measurement = Buffer.from(emulatedMeasurement(), 'hex');
    enrolled = new Map(
      await Promise.all(
        PEERS.map(async (id): Promise<[string, EnrolledDevice]> => [
          id,
          {
            attestationKey: (await cluster.tas[indexOf(id)]!.attest(randomBytes(32))).deviceKey,
            measurement,
          },
        ]),
      ),
    );
  });
  afterAll(() => cluster?.stop());
  beforeEach(() => PEERS.forEach((id) => answers.set(id, honest(id))));

  it('(a) attests a good peer, with the identity key of its TA; the others stay unknown', async () => {
    const attestor = new PeerAttestor(enrolled, call);
    expect(attestor.status().map((s) => s.state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(attestor.isAttested('2')).toBe(false);
    const outcome = await attestor.attest('2');
    if (outcome.state !== 'attested') throw new Error(`not attested: ${JSON.stringify(outcome)}`);
    const info = await cluster.tas[1]!.getInfo();
    expect(hex(outcome.identityPublicKey)).toBe(hex(info.identityPublicKey));
    expect(attestor.isAttested('2')).toBe(true);
    expect(attestor.status()).toEqual([
      { peerId: '1', state: 'unknown' },
      { peerId: '2', state: 'attested', identityPublicKey: outcome.identityPublicKey, at: expect.any(Date) },
      { peerId: '3', state: 'unknown' },
    ]);
  });

  it('(b) refuses a peer whose device runs a TA build that was not enrolled: MEASUREMENT', async () => {
    await cluster.tas[2]!.close();
    await cluster.hosts[2]!.stop();
    const other = join(cluster.dir, 'other-build');
    writeFileSync(other, 'a TA build that was not enrolled');
    const host = await TaHostProcess.start({
      dataDir: cluster.dataDir(2),
      socketPath: cluster.socketPath(2),
      measurementFile: other,
    });
    let ta: TrustedApp | undefined;
    try {
      ta = await openEmulatedTa(cluster.socketPath(2));
      const running = ta;
      answers.set('3', async (nonce) => ({ peerId: '3', evidence: (await running.attest(nonce)).bytes }));
      const attestor = new PeerAttestor(enrolled, call);
      expect(await attestor.attest('3')).toMatchObject({ state: 'refused', reason: 'MEASUREMENT' });
      expect(attestor.isAttested('3')).toBe(false);
    } finally {
      await ta?.close();
      await host.stop();
      await cluster.restart(2); // the enrolled build again, for the tests that follow
    }
  });

  it("(c) refuses another device's evidence (DEVICE), which ends an earlier attestation", async () => {
    const attestor = new PeerAttestor(enrolled, call);
    expect((await attestor.attest('2')).state).toBe('attested');
    // The host of peer 2 relays device 3's evidence over our nonce.
    answers.set('2', async (nonce) => ({
      peerId: '2',
      evidence: (await cluster.tas[2]!.attest(nonce)).bytes,
    }));
    expect(await attestor.attest('2')).toMatchObject({ state: 'refused', reason: 'DEVICE' });
    expect(attestor.isAttested('2')).toBe(false);
    expect(attestor.state('2')).toMatchObject({
      state: 'refused',
      reason: 'DEVICE',
      message: expect.any(String),
    });
  });

  it('(d) refuses a replayed evidence, made for an earlier nonce: NONCE', async () => {
    const old = (await cluster.tas[1]!.attest(randomBytes(32))).bytes;
    answers.set('2', async () => ({ peerId: '2', evidence: old }));
    const attestor = new PeerAttestor(enrolled, call);
    expect(await attestor.attest('2')).toMatchObject({ state: 'refused', reason: 'NONCE' });
  });

  it('(e) records an unreachable peer as UNREACHABLE, and attests it once it answers', async () => {
    answers.delete('3');
    const attestor = new PeerAttestor(enrolled, call);
    expect(await attestor.attest('3')).toMatchObject({
      state: 'refused',
      reason: 'UNREACHABLE',
      message: 'peer 3: connection refused',
    });
    answers.set('3', honest('3'));
    expect((await attestor.attest('3')).state).toBe('attested');
    expect(attestor.isAttested('3')).toBe(true);
  });

  it('refuses an answer for another peer id (DEVICE), bytes that are no evidence and a forged signature (SIGNATURE)', async () => {
    const attestor = new PeerAttestor(enrolled, call);
    answers.set('2', async (nonce) => ({ ...(await honest('2')(nonce)), peerId: '3' }));
    expect(await attestor.attest('2')).toMatchObject({ state: 'refused', reason: 'DEVICE' });
    answers.set('2', async () => ({ peerId: '2', evidence: new Uint8Array([1, 2, 3]) }));
    expect(await attestor.attest('2')).toMatchObject({ state: 'refused', reason: 'SIGNATURE' });
    answers.set('2', async (nonce) => {
      const evidence = (await honest('2')(nonce)).evidence.slice();
      evidence[evidence.length - 1]! ^= 1; // the signature ends the message
      return { peerId: '2', evidence };
    });
    expect(await attestor.attest('2')).toMatchObject({ state: 'refused', reason: 'SIGNATURE' });
    // A peer that is not enrolled is refused without being asked, and is not listed.
    expect(await attestor.attest('4')).toMatchObject({ state: 'refused', reason: 'DEVICE' });
    expect(attestor.status().map((s) => s.peerId)).toEqual(['1', '2', '3']);
  });

  it('forgets a peer on disconnect, including an attempt still under way', async () => {
    const attestor = new PeerAttestor(enrolled, call);
    await attestor.attest('1');
    attestor.forget('1');
    expect(attestor.state('1')).toEqual({ state: 'unknown' });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    answers.set('1', async (nonce) => {
      await held;
      return honest('1')(nonce);
    });
    const pending = attestor.attest('1');
    attestor.forget('1'); // the connection that attempt was for is gone
    release();
    expect((await pending).state).toBe('attested');
    expect(attestor.isAttested('1')).toBe(false);
  });

  describe('the gate on the Cosigner service (gRPC on loopback)', () => {
    type Unary = (
      req: unknown,
      md: Metadata,
      cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
    ) => void;
    type CosignerClient = Client & Record<'Attest' | 'Commit', Unary>;

    /** TEST ONLY: the caller's peer id from an 'x-test-peer' header (the real one reads the mTLS certificate). */
    const testCallerOf: CallerOf = (c: ServerUnaryCall<unknown, unknown>) => {
      const v = c.metadata.get('x-test-peer')[0];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const servers: Server[] = [];
    const clients = new Map<string, CosignerClient>();
    /** The peers' own channels to each other, as a SignerPeer has them (grpcAttestCall's). */
    const peerClients = new Map<string, PeerClient>();
    let attestorOf2: PeerAttestor;

    const listen = async (service: UntypedServiceImplementation): Promise<[Server, number]> => {
      const server = new Server();
      server.addService(loadServices().Cosigner.service, service);
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
          e ? reject(e) : resolve(p),
        ),
      );
      return [server, port];
    };
    const rpc = (peerId: string, method: 'Attest' | 'Commit', req: unknown, caller?: string) =>
      new Promise<{ error: ServiceError | null; res: Record<string, unknown> }>((resolve) => {
        const md = new Metadata();
        if (caller !== undefined) md.set('x-test-peer', caller);
        clients.get(peerId)![method](req, md, (error, res) => resolve({ error, res }));
      });

    /** The babe key's public key: Commit names a key. */
    let babeKey: Uint8Array;

    beforeAll(async () => {
      babeKey = keyOf('babe', (await cluster.dkg('babe'))[0]!).publicKey; // Commit needs a key
      const { Cosigner } = loadServices();
      // Peers 1 and 2 serve the gated service; peer 3's address has nobody listening.
      const attestors = new Map<string, PeerAttestor>();
      for (const id of ['1', '2']) {
        const attestor = new PeerAttestor(
          enrolled,
          grpcAttestCall(
            (p) => peerClients.get(p),
            id,
            2000,
            () => {
              const md = new Metadata();
              md.set('x-test-peer', id);
              return md;
            },
          ),
        );
        attestors.set(id, attestor);
        const ta = cluster.tas[indexOf(id)]!;
        const handlers = { ...cosignerHandlers(ta), Attest: attestHandler(ta, id) };
        const [, port] = await listen(gate(handlers, (p) => attestor.isAttested(p), testCallerOf));
        clients.set(
          id,
          new Cosigner(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as CosignerClient,
        );
        peerClients.set(id, new PeerClient(id, `127.0.0.1:${port}`, credentials.createInsecure()));
      }
      const [gone, port] = await listen({});
      gone.forceShutdown();
      clients.set(
        '3',
        new Cosigner(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as CosignerClient,
      );
      peerClients.set('3', new PeerClient('3', `127.0.0.1:${port}`, credentials.createInsecure()));
      attestorOf2 = attestors.get('2')!;
    });
    afterAll(() => {
      clients.forEach((c) => c.close());
      peerClients.forEach((c) => c.close());
      servers.forEach((s) => s.forceShutdown());
    });

    it('(f) serves Commit to a peer only once attested; PERMISSION_DENIED to a non-peer, for Attest too', async () => {
      const commit = { keyType: 'babe', publicKey: babeKey, count: 1 };
      const refused = await rpc('2', 'Commit', commit, '1');
      expect(refused.error?.code).toBe(status.FAILED_PRECONDITION);
      expect(refused.error?.details).toBe('peer 1 has not been attested');
      expect((await rpc('2', 'Commit', commit))?.error?.code).toBe(status.PERMISSION_DENIED);

      // Peer 2 attests peer 1 over gRPC: peer 1's Attest passes its gate though it knows nobody yet.
      expect((await attestorOf2.attest('1')).state).toBe('attested');
      const served = await rpc('2', 'Commit', commit, '1');
      expect(served.error).toBeNull();
      expect(served.res.commitments).toHaveLength(1);
      // Peer 3 is still a stranger to peer 2; it may ask for evidence, a non-peer may not.
      expect((await rpc('2', 'Commit', commit, '3')).error?.code).toBe(status.FAILED_PRECONDITION);
      expect((await rpc('2', 'Attest', { nonce: randomBytes(32) })).error?.code).toBe(
        status.PERMISSION_DENIED,
      );
      const attest = await rpc('2', 'Attest', { nonce: randomBytes(32), caller: '3' }, '3');
      expect(attest.error).toBeNull();
      expect(attest.res.peerId).toBe('2');
      expect((attest.res.taInfo as Uint8Array).length).toBe(0); // not available through TrustedApp
      // The evidence crosses gRPC intact: peer 3, not attested itself, attests peer 2 with it.
      const anyone = new PeerAttestor(enrolled, async (peerId, nonce) => {
        const { res } = await rpc(peerId, 'Attest', { nonce }, '3');
        return { peerId: res.peerId as string, evidence: res.evidence as Uint8Array };
      });
      expect((await anyone.attest('2')).state).toBe('attested');
    });

    it('(f) over gRPC, a peer nobody serves for is UNREACHABLE', async () => {
      expect(await attestorOf2.attest('3')).toMatchObject({ state: 'refused', reason: 'UNREACHABLE' });
      expect(attestorOf2.status().map((s) => s.state)).toEqual(['attested', 'unknown', 'refused']);
    });

    it('(g) Attest refuses a nonce that is not 32 bytes with INVALID_ARGUMENT', async () => {
      expect((await rpc('2', 'Attest', { nonce: randomBytes(31) }, '1')).error?.code).toBe(
        status.INVALID_ARGUMENT,
      );
      expect((await rpc('2', 'Attest', {}, '1')).error?.code).toBe(status.INVALID_ARGUMENT);
      expect((await rpc('2', 'Attest', { nonce: randomBytes(32) }, '1')).error).toBeNull();
    });

    it('never throws out of a handler: a failing handler or caller check is INTERNAL', () => {
      const answers: unknown[] = [];
      const gated = gate(
        {
          Boom: () => {
            throw new Error('bug');
          },
        },
        () => true,
        testCallerOf,
      );
      const fakeCall = (peer: string) => {
        const md = new Metadata();
        md.set('x-test-peer', peer);
        return { metadata: md } as unknown as ServerUnaryCall<unknown, unknown>;
      };
      const invoke = (service: UntypedServiceImplementation, call: ServerUnaryCall<unknown, unknown>) =>
        (service.Boom as (c: unknown, cb: (e: unknown) => void) => void)(call, (e) => answers.push(e));
      invoke(gated, fakeCall('1'));
      invoke(
        gate(
          gated,
          () => {
            throw new Error('bug');
          },
          testCallerOf,
        ),
        fakeCall('1'),
      );
      expect(answers).toEqual([
        { code: status.INTERNAL, details: 'internal error' },
        { code: status.INTERNAL, details: 'internal error' },
      ]);
    });
  });
});
