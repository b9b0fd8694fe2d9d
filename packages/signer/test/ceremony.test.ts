import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { encodePoint, encodePublicKeyPackage, ORDER } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { TaError } from '@triad/tee';
import type { DkgParticipant, KeyId } from '@triad/tee';
import { babeHeader, chainAccepts, chainVerifierReady, EmulatedCluster, keyOf } from '@triad/testkit';
import { loadServices } from '@triad/proto';
import { CeremonyError } from '../src/ceremony.js';
import type { CeremonyLink, CeremonyProgress } from '../src/ceremony.js';
import { ceremonyHandlers } from '../src/ceremony-handlers.js';
import { GrpcCeremonyLink } from '../src/ceremony-link.js';
import { runDkg, runRefresh } from '../src/ceremony-relay.js';
import { PeerClient } from '../src/peer-client.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const PAIRS = [
  [0, 1],
  [1, 2],
  [2, 0],
] as const;

describe('the DKG and share refresh, led by device 1 over gRPC (loopback) with devices 2 and 3', () => {
  let cluster: EmulatedCluster;
  let participants: DkgParticipant[];
  let babe: PublicKeyPackage;
  // servers[k], ports[k], links[k]: device k + 2
  const servers: Server[] = [];
  const ports: number[] = [];
  const links: GrpcCeremonyLink[] = [];
  const clients: PeerClient[] = [];
  let slot = 10;
  let session = 0;

  /** Serves device i's ceremony RPCs on `port` (0: any free one); the port. */
  async function serve(i: number, port = 0): Promise<number> {
    const server = new Server();
    server.addService(loadServices().Cosigner.service, ceremonyHandlers(cluster.tas[i]!, i + 1));
    servers[i - 1] = server;
    return new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
  }

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    participants = await Promise.all(
      cluster.tas.map(async (t, i) => ({
        id: i + 1,
        identityPublicKey: (await t.getInfo()).identityPublicKey,
      })),
    );
    for (const i of [1, 2]) {
      ports[i - 1] = await serve(i);
      // short reconnect backoff: the peer that was down is reachable as soon as it is back
      const options = { 'grpc.initial_reconnect_backoff_ms': 50, 'grpc.max_reconnect_backoff_ms': 100 };
      const client = new PeerClient(
        String(i + 1),
        `127.0.0.1:${ports[i - 1]}`,
        credentials.createInsecure(),
        {
          channelOptions: options,
        },
      );
      clients.push(client);
      links.push(new GrpcCeremonyLink(client, i + 1, 5000));
    }
    await chainVerifierReady();
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    servers.forEach((s) => s.forceShutdown());
    await cluster?.stop();
  });

  const self = () => ({ id: 1, ta: cluster.tas[0]! });
  const context = () => new TextEncoder().encode(`ceremony-test-${++session}`);
  const dkg = (keyType: string, more: { nonSlashable?: boolean; peers?: CeremonyLink[] } = {}) =>
    runDkg({ self: self(), peers: links, participants, keyType, threshold: 2, context: context(), ...more });
  const failed = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('the ceremony succeeded');
      },
      (e: unknown) => {
        expect(e).toBeInstanceOf(CeremonyError);
        return e as CeremonyError;
      },
    );
  /** Every TA's exported package for `key`, encoded. */
  const exported = (key: KeyId) =>
    Promise.all(cluster.tas.map(async (t) => hex(encodePublicKeyPackage(await t.exportPublic(key)))));
  const keyTypes = () =>
    Promise.all(cluster.tas.map(async (t) => (await t.getInfo()).keys.map((k) => k.keyType)));

  /** A BABE seal from every pair of devices verifies under schnorrkel (the chain's verifier). */
  async function everyPairSigns(pub: PublicKeyPackage) {
    for (const pair of PAIRS) {
      const { signature, msg } = await cluster.sign(pub, 'babe', 'babe-seal', babeHeader(slot++), pair);
      expect(chainAccepts(signature, msg, pub)).toBe(true);
    }
  }

  it('runs a DKG: all three TAs hold one key, and every pair signs under it', async () => {
    babe = await dkg('babe');
    expect(await exported(keyOf('babe', babe))).toEqual(Array(3).fill(hex(encodePublicKeyPackage(babe))));
    expect([...babe.verifyingShares.keys()]).toEqual([1, 2, 3]);
    await everyPairSigns(babe);
  });

  it('reports progress stage by stage, in order', async () => {
    const events: CeremonyProgress[] = [];
    const audi = await runDkg({
      self: self(),
      peers: links,
      participants,
      keyType: 'audi',
      nonSlashable: true,
      threshold: 2,
      context: context(),
      onProgress: (p) => events.push(p),
    });
    expect(events.map((e) => `${e.stage} ${e.done}/${e.total}`)).toEqual(
      ['round1', 'round2', 'round3'].flatMap((s) => [0, 1, 2, 3].map((d) => `${s} ${d}/3`)),
    );
    const payload = new TextEncoder().encode('authority discovery record');
    const { signature } = await cluster.sign(audi, 'audi', 'raw', payload, [0, 2]);
    expect(chainAccepts(signature, payload, audi)).toBe(true);
  });

  // Was: refused as KEY_EXISTS. A TA now holds several keys of a type (a validator each, rotation).
  it('a DKG for a key type that exists makes a second key of it; both sign, each with its own marks', async () => {
    const second = await dkg('babe');
    expect(hex(encodePoint(second.groupPublicKey))).not.toBe(hex(encodePoint(babe.groupPublicKey)));
    expect(await exported(keyOf('babe', second))).toEqual(Array(3).fill(hex(encodePublicKeyPackage(second))));
    expect(await exported(keyOf('babe', babe))).toEqual(Array(3).fill(hex(encodePublicKeyPackage(babe))));
    // different headers for one slot under the two keys: both sign (marks are per key)
    const s = slot++;
    for (const [pub, fork] of [
      [babe, 0],
      [second, 1],
    ] as const) {
      const { signature, msg } = await cluster.sign(
        pub,
        'babe',
        'babe-seal',
        babeHeader(s, { fork }),
        [0, 1],
      );
      expect(chainAccepts(signature, msg, pub)).toBe(true);
    }
    // another header for that slot under one of them is still a CONFLICT
    await expect(
      cluster.sign(second, 'babe', 'babe-seal', babeHeader(s, { fork: 2 }), [1, 2]),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refreshes the shares: same group key, new verifying shares, every pair still signs', async () => {
    const events: string[] = [];
    const after = await runRefresh({
      self: self(),
      peers: links,
      key: keyOf('babe', babe),
      context: context(),
      onProgress: (p) => events.push(`${p.stage} ${p.done}`),
    });
    expect(events).toHaveLength(12);
    expect(hex(encodePoint(after.groupPublicKey))).toBe(hex(encodePoint(babe.groupPublicKey)));
    for (const id of [1, 2, 3]) {
      expect(after.verifyingShares.get(id)!.equals(babe.verifyingShares.get(id)!)).toBe(false);
    }
    expect(await exported(keyOf('babe', babe))).toEqual(Array(3).fill(hex(encodePublicKeyPackage(after))));
    await everyPairSigns(after);
    babe = after;

    const none = { keyType: 'none', publicKey: new Uint8Array(32) };
    const e = await failed(runRefresh({ self: self(), peers: links, key: none, context: context() }));
    expect(e).toMatchObject({ stage: 'setup', code: 'NO_KEY', peerId: 'self' });
  });

  it('names the peer that is down and round one; the retry once it is back succeeds', async () => {
    servers[1]!.forceShutdown();
    const e = await failed(dkg('gran'));
    expect(e).toMatchObject({ stage: 'round1', peerId: '3', participant: 3, code: 'TRANSPORT' });
    expect(e.failures).toHaveLength(1);
    expect(e.message).toMatch(/^dkg round1 failed at peer 3 \(participant 3\): TRANSPORT: peer 3 DkgRound1/);
    expect((await keyTypes()).every((k) => !k.includes('gran'))).toBe(true);

    await serve(2, ports[1]);
    await links[1]!.ready(2000);
    const gran = await dkg('gran');
    expect(await exported(keyOf('gran', gran))).toEqual(Array(3).fill(hex(encodePublicKeyPackage(gran))));
  });

  it("aborts on a tampered round-one package with the honest TAs' blame of its sender", async () => {
    const peer3 = links[1]!;
    const tampered: CeremonyLink = {
      peerId: peer3.peerId,
      participantId: peer3.participantId,
      dkgRound1: async (args) => {
        const p = await peer3.dkgRound1(args);
        const z = (p.proofOfKnowledge.z + 1n) % ORDER;
        return { ...p, proofOfKnowledge: { ...p.proofOfKnowledge, z } };
      },
      refreshRound1: (k, c) => peer3.refreshRound1(k, c),
      dkgRound2: (others) => peer3.dkgRound2(others),
      refreshRound2: (others) => peer3.refreshRound2(others),
      dkgRound3: (received) => peer3.dkgRound3(received),
    };
    const e = await failed(dkg('imon', { peers: [links[0]!, tampered] }));
    expect(e).toMatchObject({ stage: 'round2', code: 'DKG_BLAME', culprit: 3, participant: 1 });
    // device 2's blame crossed gRPC with its culprit intact
    expect(e.failures.map((f) => [f.participant, (f.error as TaError).culprit])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect((await keyTypes()).every((k) => !k.includes('imon'))).toBe(true);
  });

  it('answers malformed fields with INVALID_ARGUMENT, a TA refusal (NO_KEY) with FAILED_PRECONDITION', async () => {
    const { Cosigner } = loadServices();
    const client = new Cosigner(`127.0.0.1:${ports[0]}`, credentials.createInsecure()) as unknown as Record<
      string,
      (req: unknown, cb: (e: ServiceError | null, r: unknown) => void) => void
    >;
    const call = (method: string, req: unknown) =>
      new Promise<ServiceError | null>((resolve) => client[method]!(req, (e) => resolve(e)));
    const start = {
      keyType: 'babe',
      threshold: 2,
      participants: participants.map((p) => ({ id: p.id, identityPublicKey: p.identityPublicKey })),
      context: Buffer.from('malformed'),
    };
    const bad: [string, unknown, RegExp][] = [
      ['DkgRound1', { ...start, keyType: 'BABE' }, /^keyType/],
      ['DkgRound1', { ...start, threshold: 4 }, /^threshold: 2\.\.3/],
      [
        'DkgRound1',
        { ...start, participants: start.participants.slice(0, 1) },
        /^participants: expected 2\.\.8/,
      ],
      [
        'DkgRound1',
        { ...start, participants: [start.participants[0], start.participants[2]] },
        /not among them/,
      ],
      [
        'DkgRound1',
        { ...start, participants: [start.participants[0], { id: 2, identityPublicKey: Buffer.alloc(31) }] },
        /^participants\[1\]\.identityPublicKey: expected 32\.\.32 bytes/,
      ],
      ['DkgRound1', { ...start, context: Buffer.alloc(0) }, /^context/],
      ['RefreshRound1', { keyType: 'babe', context: Buffer.from('x') }, /^publicKey: expected 32\.\.32/],
      [
        'RefreshRound1',
        { keyType: 'babe', publicKey: Buffer.alloc(32), context: Buffer.alloc(65) },
        /^context: expected 1\.\.64/,
      ],
      ['DkgRound2', { packages: [Buffer.from([4, 0, 1])] }, /^packages\[0\]: /],
      ['DkgRound2', { packages: [] }, /^packages: expected 1\.\.7/],
      ['DkgRound3', { shares: [{ sender: 0, receiver: 2, box: Buffer.alloc(53) }] }, /^shares\[0\]\.sender/],
      ['DkgRound3', { shares: [{ sender: 1, receiver: 2, box: Buffer.alloc(0) }] }, /^shares\[0\]\.box/],
    ];
    for (const [method, req, details] of bad) {
      const e = await call(method, req);
      expect([method, e?.code, e?.details]).toEqual([
        method,
        status.INVALID_ARGUMENT,
        expect.stringMatching(details),
      ]);
    }
    const refused = await call('RefreshRound1', {
      keyType: 'babe',
      publicKey: Buffer.alloc(32, 9),
      context: Buffer.from('no such key'),
    });
    expect([refused?.code, refused?.details]).toEqual([
      status.FAILED_PRECONDITION,
      expect.stringMatching(/^NO_KEY: /),
    ]);
    (client as unknown as { close: () => void }).close();
  });
});
