import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { babeVrfTranscripts, verifyVrf } from '@triad/frost';
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { createClusterCa, identityOfCall, issueClientCertificate, issuePeerCertificate } from '@triad/pki';
import { TaError } from '@triad/tee';
import {
  babeHeader,
  chainAccepts,
  chainAcceptsSeal,
  chainVerifierReady,
  EmulatedCluster,
  keyOf,
} from '@triad/testkit';
import { loadServices, tlsChannelOptions } from '@triad/proto';
import { Coordinator, KeyRing, signerHandlers } from '../src/index.js';
import type { CosignerLink } from '../src/index.js';
import { ClientPermissions } from '../src/permissions.js';
import { link } from './helpers.js';

type Call = (req: unknown) => Promise<{ error: ServiceError | null; res: Record<string, unknown> }>;

describe('the validator Signer service over mTLS', () => {
  let cluster: EmulatedCluster;
  /** Device 0's TA's keys, as a peer keeps them (loaded again after a DKG). */
  let keys = KeyRing.EMPTY;
  /** Which keys each client may use (the last test limits each validator to its own key). */
  let permissions = new ClientPermissions(
    new Map([
      ['validator-a', [{ keyType: 'babe' }, { keyType: 'audi' }]],
      ['validator-b', [{ keyType: 'audi' }]],
    ]),
  );
  let server: Server;
  let links: CosignerLink[] = [];
  let clients: Record<string, { Sign: Call; GetPublicKeys: Call; Health: Call; close: () => void }>;

  beforeAll(async () => {
    await chainVerifierReady();
    cluster = await EmulatedCluster.start(3);
    await cluster.dkg('babe');
    await cluster.dkg('audi', true);
    keys = (await KeyRing.load(cluster.tas[0]!)).ring;
    links = [link('2', cluster.tas[1]!), link('3', cluster.tas[2]!)];

    // the CA outlives its 1-day leaves (a leaf may not outlive its CA, to the second)
    const ca = await createClusterCa({ name: 'test-cluster', validityDays: 2 });
    const peer = await issuePeerCertificate(ca, {
      peerId: '1',
      hosts: ['localhost', '127.0.0.1'],
      validityDays: 1,
    });
    const { Signer } = loadServices();
    server = new Server();
    server.addService(
      Signer.service,
      signerHandlers({
        peerId: '1',
        version: 'test',
        coordinator: new Coordinator(
          cluster.tas[0]!,
          (k) => keys.get(k)?.package,
          () => links,
        ),
        keys: () => keys,
        allowed: {
          mayUse: (...a) => permissions.mayUse(...a),
          mayUseType: (...a) => permissions.mayUseType(...a),
        },
        identify: (call: ServerUnaryCall<unknown, unknown>) => {
          try {
            return identityOfCall(call);
          } catch {
            return undefined;
          }
        },
        health: () => ({ canSign: links.length > 0, attestedPeers: links.map((l) => l.peerId) }),
      }),
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        '127.0.0.1:0',
        ServerCredentials.createSsl(
          Buffer.from(ca.certificatePem),
          [{ cert_chain: Buffer.from(peer.certificatePem), private_key: Buffer.from(peer.privateKeyPem) }],
          true,
        ),
        (e, p) => (e ? reject(e) : resolve(p)),
      ),
    );
    const connect = (pem: { certificatePem: string; privateKeyPem: string }) => {
      const c = new Signer(
        `127.0.0.1:${port}`,
        credentials.createSsl(
          Buffer.from(ca.certificatePem),
          Buffer.from(pem.privateKeyPem),
          Buffer.from(pem.certificatePem),
        ),
        tlsChannelOptions(`127.0.0.1:${port}`),
      ) as unknown as Record<
        string,
        (req: unknown, cb: (e: ServiceError | null, r: Record<string, unknown>) => void) => void
      > & {
        close: () => void;
      };
      const call =
        (m: string): Call =>
        (req) =>
          new Promise((resolve) => c[m]!(req, (error, res) => resolve({ error, res })));
      return {
        Sign: call('Sign'),
        GetPublicKeys: call('GetPublicKeys'),
        Health: call('Health'),
        close: () => c.close(),
      };
    };
    clients = {
      a: connect(await issueClientCertificate(ca, { clientName: 'validator-a', validityDays: 1 })),
      b: connect(await issueClientCertificate(ca, { clientName: 'validator-b', validityDays: 1 })),
      peer: connect(await issuePeerCertificate(ca, { peerId: '2', hosts: ['localhost'], validityDays: 1 })),
    };
  });
  afterAll(async () => {
    Object.values(clients ?? {}).forEach((c) => c.close());
    server?.forceShutdown();
    await cluster?.stop();
  });

  it('signs a babe-seal for an allowed client: a standard sr25519 signature under the cluster key', async () => {
    const h = babeHeader(1);
    const { error, res } = await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: h } });
    expect(error).toBeNull();
    const sig = res.signature as {
      signature: Uint8Array;
      publicKey: Uint8Array;
      coordinator: string;
      cosigner: string;
    };
    expect(sig).toMatchObject({ coordinator: '1', cosigner: '2' });
    expect(chainAcceptsSeal(sig.signature, h, sig.publicKey)).toBe(true);
  });

  it('denies a key type the client is not allowed (implicit deny), and any non-client certificate', async () => {
    expect(
      (await clients.b!.Sign({ keyType: 'babe', babeSeal: { header: babeHeader(2) } })).error?.code,
    ).toBe(status.PERMISSION_DENIED);
    expect(
      (await clients.peer!.Sign({ keyType: 'audi', raw: { payload: Buffer.from('x') } })).error?.code,
    ).toBe(status.PERMISSION_DENIED);
    const listed = (await clients.b!.GetPublicKeys({})).res.keys as {
      keyType: string;
      nonSlashable: boolean;
    }[];
    expect(listed.map((k) => [k.keyType, k.nonSlashable])).toEqual([['audi', true]]);
  });

  it('answers refusals as typed results: raw for babe (POLICY), a garbage header (MALFORMED), grandpa-vote (POLICY)', async () => {
    expect(
      (await clients.a!.Sign({ keyType: 'babe', raw: { payload: Buffer.from('x') } })).res,
    ).toMatchObject({
      result: 'refusal',
      refusal: { reason: 'POLICY' },
    });
    expect(
      (await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: Buffer.from('not a header') } })).res,
    ).toMatchObject({
      refusal: { reason: 'MALFORMED' },
    });
    expect(
      (
        await clients.a!.Sign({
          keyType: 'babe',
          grandpaVote: { payload: Buffer.alloc(53) }, // a well-formed vote, but not for a babe key
        })
      ).res,
    ).toMatchObject({
      refusal: { reason: 'POLICY' },
    });
    const ok = await clients.b!.Sign({ keyType: 'audi', raw: { payload: Buffer.from('discovery record') } });
    const sig = ok.res.signature as { signature: Uint8Array; publicKey: Uint8Array };
    expect(chainAccepts(sig.signature, Buffer.from('discovery record'), sig.publicKey)).toBe(true);
  });

  it('serves babe-vrf with its pre-output and proof (verified by frost on the BABE transcript), and the pre-output alone', async () => {
    const fields = { slot: '1', epoch: '4', randomness: Buffer.alloc(32, 5) };
    const { error, res } = await clients.a!.Sign({ keyType: 'babe', babeVrf: fields });
    expect(error).toBeNull();
    const sig = res.signature as {
      signature: Uint8Array;
      preOutput: Uint8Array;
      proof: Uint8Array;
      publicKey: Uint8Array;
    };
    expect(sig.signature).toHaveLength(96);
    expect(Buffer.concat([sig.preOutput, sig.proof])).toEqual(Buffer.from(sig.signature));
    const transcripts = babeVrfTranscripts(1n, 4n, fields.randomness);
    expect(verifyVrf(sig.publicKey, transcripts, sig.signature)).toBe(true);
    expect(verifyVrf(sig.publicKey, babeVrfTranscripts(2n, 4n, fields.randomness), sig.signature)).toBe(
      false,
    );
    const pre = (await clients.a!.Sign({ keyType: 'babe', babeVrfPreOutput: fields })).res.signature as {
      signature: Uint8Array;
      preOutput: Uint8Array;
      proof: Uint8Array;
    };
    expect(pre.signature).toHaveLength(0);
    expect(pre.proof).toHaveLength(0);
    expect(Buffer.from(pre.preOutput)).toEqual(Buffer.from(sig.preOutput));
  });

  it('rejects malformed fields with INVALID_ARGUMENT', async () => {
    const story = Buffer.alloc(32);
    for (const req of [
      { keyType: 'babe' },
      { keyType: 'BABE', babeSeal: { header: babeHeader(3) } },
      { keyType: 'babe', babeSeal: {} },
      { keyType: 'babe', babeVrf: { slot: '1', epoch: '1', randomness: Buffer.alloc(31) } },
      { keyType: 'babe', babeVrfPreOutput: { slot: '1', epoch: '1' } },
      { keyType: 'audi', assignmentVrf: { story: Buffer.alloc(33), delayCore: 1 } },
      { keyType: 'audi', assignmentVrf: { story } },
      { keyType: 'audi', assignmentVrf: { story, moduloCompact: { cores: [] } } },
      { keyType: 'audi', assignmentVrf: { story, moduloCompact: { cores: [3, 2] } } },
      { keyType: 'audi', assignmentVrf: { story, moduloCompact: { cores: [5000] } } },
    ]) {
      expect((await clients.a!.Sign(req)).error?.code).toBe(status.INVALID_ARGUMENT);
    }
  });

  it('says UNAVAILABLE when no cosigner can take part, and Health reports it', async () => {
    const saved = links;
    const dead: CosignerLink = {
      peerId: '2',
      commit: () => Promise.reject(new TaError('TRANSPORT', 'down')),
      cosign: () => Promise.reject(new TaError('TRANSPORT', 'down')),
    };
    links = [dead];
    try {
      expect(
        (await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: babeHeader(4) } })).error?.code,
      ).toBe(status.UNAVAILABLE);
      links = [];
      expect((await clients.a!.Health({})).res).toMatchObject({ canSign: false, peerId: '1' });
    } finally {
      links = saved;
    }
    expect((await clients.a!.Health({})).res).toMatchObject({ canSign: true, attestedPeers: ['2', '3'] });
  });

  // Last: it leaves two babe keys, so a Sign naming only the type is ambiguous from here on.
  it('with two babe keys, a Sign names one by publicKey (else INVALID_ARGUMENT); each signs under its own key', async () => {
    const first = keys.choose('babe');
    if (!('key' in first)) throw new Error('one babe key expected');
    const second = (await cluster.dkg('babe', false, 'second babe key'))[0]!;
    keys = (await KeyRing.load(cluster.tas[0]!)).ring;
    const secondKey = keyOf('babe', second).publicKey;
    expect(Buffer.from(secondKey).equals(Buffer.from(first.key.publicKey))).toBe(false);

    const h = babeHeader(5);
    const ambiguous = await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: h } });
    expect(ambiguous.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(ambiguous.error?.details).toBe('several babe keys: name one by public_key');
    // the same header for the same slot under both keys: marks are per key, both sign
    for (const publicKey of [first.key.publicKey, secondKey]) {
      const { error, res } = await clients.a!.Sign({ keyType: 'babe', publicKey, babeSeal: { header: h } });
      expect(error).toBeNull();
      const sig = res.signature as { signature: Uint8Array; publicKey: Uint8Array };
      expect(Buffer.from(sig.publicKey).equals(Buffer.from(publicKey))).toBe(true);
      expect(chainAcceptsSeal(sig.signature, h, publicKey)).toBe(true);
    }
    const listed = (await clients.a!.GetPublicKeys({})).res.keys as { keyType: string }[];
    expect(listed.filter((k) => k.keyType === 'babe')).toHaveLength(2);

    const unknown = await clients.a!.Sign({
      keyType: 'babe',
      publicKey: Buffer.alloc(32, 7),
      babeSeal: { header: babeHeader(6) },
    });
    expect(unknown.res).toMatchObject({ refusal: { reason: 'NO_KEY' } });
    const short = await clients.a!.Sign({
      keyType: 'babe',
      publicKey: Buffer.alloc(31),
      babeSeal: { header: babeHeader(6) },
    });
    expect(short.error?.code).toBe(status.INVALID_ARGUMENT);
  });

  it('two validators in one cluster, each limited to its own babe key: each signs with it alone, marks per key', async () => {
    const [mine, theirs] = keys.active.filter((k) => k.keyType === 'babe');
    if (!mine || !theirs) throw new Error('two babe keys expected (the test above makes the second)');
    permissions = new ClientPermissions(
      new Map([
        ['validator-a', [{ keyType: 'babe', publicKey: Buffer.from(mine.publicKey).toString('hex') }]],
        ['validator-b', [{ keyType: 'babe', publicKey: Buffer.from(theirs.publicKey).toString('hex') }]],
      ]),
    );
    const [ha, hb] = [babeHeader(40), babeHeader(40, { fork: 1 })];
    // naming only the type is enough: each client may use one babe key
    const a = await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: ha } });
    const b = await clients.b!.Sign({ keyType: 'babe', babeSeal: { header: hb } });
    for (const [r, h, key] of [
      [a, ha, mine],
      [b, hb, theirs],
    ] as const) {
      const sig = r.res.signature as { signature: Uint8Array; publicKey: Uint8Array };
      expect(Buffer.from(sig.publicKey).equals(Buffer.from(key.publicKey))).toBe(true);
      expect(chainAcceptsSeal(sig.signature, h, key.publicKey)).toBe(true);
    }
    const other = await clients.a!.Sign({
      keyType: 'babe',
      publicKey: theirs.publicKey,
      babeSeal: { header: ha },
    });
    expect(other.error?.code).toBe(status.PERMISSION_DENIED);
    const conflicting = await clients.a!.Sign({ keyType: 'babe', babeSeal: { header: hb } });
    expect(conflicting.res).toMatchObject({ refusal: { reason: 'CONFLICT' } });
    const listed = (await clients.b!.GetPublicKeys({})).res.keys as {
      publicKey: Uint8Array;
      status: string;
    }[];
    expect(listed.map((k) => [Buffer.from(k.publicKey).toString('hex'), k.status])).toEqual([
      [Buffer.from(theirs.publicKey).toString('hex'), 'active'],
    ]);
  });
});
