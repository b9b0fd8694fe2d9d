import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { babeVrfTranscripts, encodeBabeVrfPayload, encodePoint, verifyVrf } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { babeHeader, chainAcceptsSeal, chainVerifierReady, EmulatedCluster, keyOf } from '@triad/testkit';
import { loadServices } from '@triad/proto';
import { COUNTER_UPDATE_BYTES, Kind, Tag } from '@triad/tee';
import { Coordinator, cosignerHandlers, GrpcCosignerLink, PeerClient } from '../src/index.js';
import { publicKeysOf } from './helpers.js';

describe('the Cosigner service over gRPC (loopback), driven by a coordinator', () => {
  let cluster: EmulatedCluster;
  let pub: PublicKeyPackage;
  const servers: Server[] = [];
  const addresses: string[] = [];
  const links: GrpcCosignerLink[] = [];
  const clients: PeerClient[] = [];

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    [pub] = (await cluster.dkg('babe')) as [PublicKeyPackage];
    const { Cosigner } = loadServices();
    for (const i of [1, 2]) {
      const server = new Server();
      server.addService(Cosigner.service, cosignerHandlers(cluster.tas[i]!));
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
          e ? reject(e) : resolve(p),
        ),
      );
      servers.push(server);
      addresses.push(`127.0.0.1:${port}`);
      const client = new PeerClient(String(i + 1), `127.0.0.1:${port}`, credentials.createInsecure());
      clients.push(client);
      links.push(new GrpcCosignerLink(client, i + 1, 2000)); // tas[i] is participant i + 1
    }
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    servers.forEach((s) => s.forceShutdown());
    await cluster?.stop();
  });

  const coordinator = () =>
    new Coordinator(
      cluster.tas[0]!,
      publicKeysOf(() => [['babe', pub]]),
      () => links,
    );

  it('signs through a remote cosigner; the chain verifier accepts the signature', async () => {
    await chainVerifierReady();
    const h = babeHeader(10);
    const out = await coordinator().sign({ kind: 'babe-seal', key: keyOf('babe', pub), payload: h });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '2' });
    expect(out.kind === 'signature' && chainAcceptsSeal(out.signature, h, pub)).toBe(true);
  });

  it("carries a remote TA's refusal back as the answer", async () => {
    // device 2 signs slot 20 (header A) as coordinator with device 3; then device 1 asks device 2 for header B
    await new Coordinator(
      cluster.tas[1]!,
      publicKeysOf(() => [['babe', pub]]),
      () => [links[1]!],
    ).sign({
      kind: 'babe-seal',
      key: keyOf('babe', pub),
      payload: babeHeader(20),
    });
    const out = await coordinator().sign({
      kind: 'babe-seal',
      key: keyOf('babe', pub),
      payload: babeHeader(20, { fork: 1 }),
    });
    expect(out).toMatchObject({ kind: 'refusal', code: 'CONFLICT' });
  });

  it('VrfCosign: a babe-vrf through a remote cosigner verifies; a window refusal comes back as the answer', async () => {
    const randomness = new Uint8Array(32).fill(4);
    const key = keyOf('babe', pub);
    const payload = encodeBabeVrfPayload({ slot: 40n, epoch: 1n, randomness });
    const out = await coordinator().vrf({ kind: 'babe-vrf', key, payload });
    if (out.kind !== 'signature') throw new Error(`not signed: ${out.message}`);
    expect(
      verifyVrf(encodePoint(pub.groupPublicKey), babeVrfTranscripts(40n, 1n, randomness), out.signature),
    ).toBe(true);
    const pre = await coordinator().vrf({ kind: 'babe-vrf-pre-output', key, payload });
    expect(pre.kind === 'signature' && Buffer.from(pre.signature)).toEqual(
      Buffer.from(out.signature.subarray(0, 32)),
    );
  });

  it('VrfCosign checks every field: INVALID_ARGUMENT, never a crash', async () => {
    const key = keyOf('babe', pub);
    const payload = encodeBabeVrfPayload({ slot: 41n, epoch: 1n, randomness: new Uint8Array(32) });
    const prepared = await cluster.tas[0]!.vrfPrepare({
      kind: 'babe-vrf',
      key,
      payload,
      signingSet: await cluster.commitments(key, [0, 1]),
    });
    const call = (req: Record<string, unknown>) =>
      clients[0]!.call('VrfCosign', req, 2000).then(
        () => 'answered',
        (e: ServiceError) => e.code,
      );
    const good = { request: prepared.request, part: prepared.part, counterUpdate: prepared.update };
    for (const req of [
      { ...good, request: Buffer.alloc(0) },
      { ...good, request: Buffer.concat([Buffer.of(0x30), prepared.request.subarray(1)]) }, // not a VRF request
      { ...good, part: prepared.part.subarray(1) },
      { ...good, counterUpdate: prepared.update.subarray(2) },
      { request: prepared.request, part: prepared.part },
    ])
      expect(await call(req)).toBe(status.INVALID_ARGUMENT);
  });

  it('passes over a cosigner whose server is gone', async () => {
    servers[0]!.forceShutdown();
    const h = babeHeader(30);
    const out = await coordinator().sign({ kind: 'babe-seal', key: keyOf('babe', pub), payload: h });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '3' });
  });

  it('answers malformed fields with INVALID_ARGUMENT and keeps serving', async () => {
    const { Cosigner } = loadServices();
    const client = new Cosigner(addresses[1]!, credentials.createInsecure()) as unknown as Record<
      string,
      (req: unknown, cb: (e: ServiceError | null, r: unknown) => void) => void
    >;
    const call = (method: string, req: unknown) =>
      new Promise<ServiceError | null>((resolve) => client[method]!(req, (e) => resolve(e)));
    expect((await call('Commit', { keyType: 'BABE', count: 1 }))?.code).toBe(status.INVALID_ARGUMENT);
    const publicKey = keyOf('babe', pub).publicKey;
    expect((await call('Commit', { keyType: 'babe', publicKey, count: 0 }))?.code).toBe(
      status.INVALID_ARGUMENT,
    );
    // a commitment is bound to one key: its public key is required
    expect((await call('Commit', { keyType: 'babe', count: 1 }))?.code).toBe(status.INVALID_ARGUMENT);
    expect((await call('Cosign', { request: Buffer.alloc(0), counterUpdate: Buffer.alloc(76) }))?.code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await call('CounterReport', {}))?.code).toBe(status.INVALID_ARGUMENT);
    // EcdsaCosign: a sign request of a kind an ecdsa key signs, and a whole counter update
    const ecdsaRequest = Buffer.from([Tag.SignRequest, Kind.BeefyCommitment, ...Buffer.from('beef')]);
    for (const req of [
      {},
      { request: Buffer.alloc(0), counterUpdate: Buffer.alloc(COUNTER_UPDATE_BYTES) },
      {
        request: Buffer.from([Tag.VrfRequest, Kind.BeefyCommitment]),
        counterUpdate: Buffer.alloc(COUNTER_UPDATE_BYTES),
      },
      {
        request: Buffer.from([Tag.SignRequest, Kind.BabeSeal]),
        counterUpdate: Buffer.alloc(COUNTER_UPDATE_BYTES),
      },
      { request: ecdsaRequest, counterUpdate: Buffer.alloc(COUNTER_UPDATE_BYTES - 1) },
      { request: ecdsaRequest },
    ])
      expect((await call('EcdsaCosign', req))?.code).toBe(status.INVALID_ARGUMENT);
    expect(await call('Commit', { keyType: 'babe', publicKey, count: 2 })).toBeNull();
    (client as unknown as { close: () => void }).close();
  });
});
