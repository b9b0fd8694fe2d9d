/**
 * The keystore bridge end to end: JSON-RPC over HTTP on 127.0.0.1 -> SignerClient -> a fake peer
 * over mTLS. Every method, the refusal and failure mappings, malformed requests (the JSON-RPC
 * codes, never a crash), the HTTP guards and the loopback-only rule.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { request } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import {
  BRIDGE_ERRORS,
  BridgeUsageError,
  isLoopbackHost,
  parseBridgeArgs,
  SignerClient,
  startKeystoreBridge,
} from '../src/index.js';
import type { KeystoreBridge } from '../src/index.js';
import {
  AUDI_PUB,
  BABE_PUB,
  deadPort,
  FakePeer,
  grpcError,
  makePki,
  refusal,
  signatureFrom,
} from './helpers.js';
import type { TestPki } from './helpers.js';
import { approvalPayload, beefyCommitmentPayload } from '@triad/testkit/chain';

interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: unknown;
}

/** One HTTP request to `bridge` (no keep-alive), the body sent in `chunks` when given. */
function http(
  bridge: KeystoreBridge,
  body: string | string[],
  options: { method?: string; headers?: OutgoingHttpHeaders } = {},
): Promise<HttpAnswer> {
  const chunks = Array.isArray(body) ? body : [body];
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    ...(Array.isArray(body) ? {} : { 'content-length': Buffer.byteLength(body) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path: '/',
        method: options.method ?? 'POST',
        headers,
        agent: false,
      },
      (res) => {
        const got: Buffer[] = [];
        res.on('data', (c: Buffer) => got.push(c));
        res.on('end', () => {
          const text = Buffer.concat(got).toString();
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const header = Buffer.from('a SCALE pre-seal header');

describe('the keystore bridge (JSON-RPC on localhost, backed by SignerClient)', () => {
  let pki: TestPki;
  let peer: FakePeer;
  let client: SignerClient;
  let bridge: KeystoreBridge;
  let id = 0;

  /** One JSON-RPC call; the whole response object. */
  const rpc = async (method: string, params?: unknown, to = bridge) => {
    const answer = await http(to, JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ jsonrpc: '2.0', id });
    return answer.json as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  };

  beforeAll(async () => {
    pki = await makePki();
    peer = await FakePeer.start(pki, '1');
    client = new SignerClient({ urls: [peer.url], tls: pki.tls, timeoutMs: 3000 });
    bridge = await startKeystoreBridge({ signer: client, port: 0 });
  });
  afterAll(async () => {
    await bridge?.close();
    client?.close();
    peer?.stop();
    pki?.remove();
  });
  beforeEach(() => {
    peer.sign = () => signatureFrom('1');
  });

  it('listens on 127.0.0.1 (by default) and says where', () => {
    expect(bridge.host).toBe('127.0.0.1');
    expect(bridge.port).toBeGreaterThan(0);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
  });

  it('sr25519_public_keys(key_type): the cluster public keys of that type, as hex', async () => {
    expect(await rpc('sr25519_public_keys', ['babe'])).toEqual({
      jsonrpc: '2.0',
      id,
      result: [hex(BABE_PUB)],
    });
    expect((await rpc('sr25519_public_keys', { key_type: 'audi' })).result).toEqual([hex(AUDI_PUB)]);
    expect((await rpc('sr25519_public_keys', ['imon'])).result).toEqual([]);
  });

  it('ed25519_public_keys and ed25519_sign(gran, public, vote): only GRANDPA votes go, as grandpa_vote', async () => {
    const GRAN_PUB = Buffer.alloc(32, 0x6a);
    const usual = peer.keys;
    peer.keys = () => ({
      response: {
        keys: [
          { keyType: 'babe', publicKey: BABE_PUB, scheme: 'sr25519', status: 'active' },
          { keyType: 'gran', publicKey: GRAN_PUB, scheme: 'ed25519', status: 'active' },
        ],
      },
    });
    peer.sign = () => signatureFrom('1', GRAN_PUB);
    try {
      expect((await rpc('ed25519_public_keys', ['gran'])).result).toEqual([hex(GRAN_PUB)]);
      expect((await rpc('sr25519_public_keys', ['gran'])).result).toEqual([]);
      expect((await rpc('ed25519_public_keys', ['babe'])).result).toEqual([]);
      expect((await rpc('keys', ['gran'])).result).toEqual([hex(GRAN_PUB)]);

      const vote = Buffer.alloc(53, 0x11);
      vote[0] = 1; // a precommit
      const before = peer.count();
      expect((await rpc('ed25519_sign', ['gran', hex(GRAN_PUB), hex(vote)])).result).toBe(
        hex(Buffer.alloc(64, 1)),
      );
      expect(peer.count()).toBe(before + 1);
      expect(peer.calls.at(-1)!.request).toMatchObject({
        keyType: 'gran',
        kind: 'grandpaVote',
        grandpaVote: { payload: vote },
      });

      // not a vote: refused here, nothing sent
      const notAVote = Buffer.concat([vote, Buffer.from([0])]);
      const badStage = Buffer.from(vote);
      badStage[0] = 7;
      for (const [payload, why] of [
        [notAVote, 'a GRANDPA vote is 53 bytes, got 54'],
        [badStage, 'unknown GRANDPA message variant 7'],
      ] as const) {
        const r = await rpc('ed25519_sign', ['gran', hex(GRAN_PUB), hex(payload)]);
        expect(r.error).toMatchObject({ code: -32602, message: `invalid params: payload: ${why}` });
      }
      expect(peer.count()).toBe(before + 1);
    } finally {
      peer.keys = usual;
    }
  });

  it('sr25519_sign(para, public, statement): only para statements go, as para_statement; other types go raw', async () => {
    const PARA_PUB = Buffer.alloc(32, 0x5b);
    const usual = peer.keys;
    peer.keys = () => ({
      response: {
        keys: [
          { keyType: 'para', publicKey: PARA_PUB, scheme: 'sr25519', status: 'active' },
          { keyType: 'audi', publicKey: AUDI_PUB, scheme: 'sr25519', status: 'active' },
        ],
      },
    });
    peer.sign = () => signatureFrom('1', PARA_PUB);
    try {
      const approval = Buffer.from(approvalPayload({ candidates: [Buffer.alloc(32, 3)], session: 9 }));
      const before = peer.count();
      expect((await rpc('sr25519_sign', ['para', hex(PARA_PUB), hex(approval)])).result).toBe(
        hex(Buffer.alloc(64, 1)),
      );
      expect(peer.calls.at(-1)!.request).toMatchObject({
        keyType: 'para',
        kind: 'paraStatement',
        paraStatement: { payload: approval },
      });
      // not a statement: refused here, nothing sent
      const r = await rpc('sr25519_sign', [
        'para',
        hex(PARA_PUB),
        hex(Buffer.concat([approval, Buffer.from([0])])),
      ]);
      expect(r.error).toMatchObject({ code: -32602 });
      expect((r.error as { message: string }).message).toMatch(/^invalid params: payload: /);
      expect(peer.count()).toBe(before + 1);
      // an authority-discovery record is a raw signature (the TAs allow raw for audi alone)
      peer.sign = () => signatureFrom('1', AUDI_PUB);
      const record = Buffer.from('an authority discovery record');
      expect((await rpc('sr25519_sign', ['audi', hex(AUDI_PUB), hex(record)])).result).toBe(
        hex(Buffer.alloc(64, 1)),
      );
      expect(peer.calls.at(-1)!.request).toMatchObject({
        keyType: 'audi',
        kind: 'raw',
        raw: { payload: record },
      });
    } finally {
      peer.keys = usual;
    }
  });

  it('ecdsa_public_keys and ecdsa_sign_prehashed(beef, public, commitment): only BEEFY commitments go, as beefy_commitment', async () => {
    const BEEF_PUB = Buffer.concat([Buffer.from([0x03]), Buffer.alloc(32, 0x6c)]);
    const signature65 = Buffer.concat([Buffer.alloc(64, 7), Buffer.from([1])]);
    const usual = peer.keys;
    peer.keys = () => ({
      response: {
        keys: [
          { keyType: 'beef', publicKey: BEEF_PUB, scheme: 'ecdsa', status: 'active' },
          { keyType: 'babe', publicKey: BABE_PUB, scheme: 'sr25519', status: 'active' },
        ],
      },
    });
    peer.sign = () => ({
      response: {
        signature: { signature: signature65, publicKey: BEEF_PUB, coordinator: '1', cosigner: '2' },
      },
    });
    try {
      expect((await rpc('ecdsa_public_keys', ['beef'])).result).toEqual([hex(BEEF_PUB)]);
      expect((await rpc('ecdsa_public_keys', ['babe'])).result).toEqual([]);
      expect((await rpc('has_keys', [[[hex(BEEF_PUB), 'beef']]])).result).toBe(true);
      const commitment = Buffer.from(
        beefyCommitmentPayload({ mmrRoot: Buffer.alloc(32, 9), blockNumber: 4321, validatorSetId: 7 }),
      );
      const before = peer.count();
      expect((await rpc('ecdsa_sign_prehashed', ['beef', hex(BEEF_PUB), hex(commitment)])).result).toBe(
        hex(signature65),
      );
      expect(peer.calls.at(-1)!.request).toMatchObject({
        keyType: 'beef',
        publicKey: BEEF_PUB,
        kind: 'beefyCommitment',
        beefyCommitment: { payload: commitment },
      });
      // what is no commitment is refused here, with why, and nothing is sent: a keccak-256 prehash
      // (what the node's Keystore passes), trailing bytes, an empty payload list, a 32-byte key
      const notOne: [string, unknown[], RegExp][] = [
        ['prehash', ['beef', hex(BEEF_PUB), hex(Buffer.alloc(32, 0xee))], /payload: .*keccak-256 prehash\?/],
        [
          'trailing',
          ['beef', hex(BEEF_PUB), hex(Buffer.concat([commitment, Buffer.from([0])]))],
          /payload: not a BEEFY commitment/,
        ],
        [
          'empty',
          ['beef', hex(BEEF_PUB), hex(Buffer.concat([Buffer.from([0]), commitment.subarray(-12)]))],
          /payload: not a BEEFY commitment/,
        ],
        ['babe key', ['babe', hex(BABE_PUB), hex(commitment)], /babe keys are not ecdsa/],
        [
          '32-byte key',
          ['beef', hex(BEEF_PUB.subarray(1)), hex(commitment)],
          /public must be 33 bytes, got 32/,
        ],
      ];
      for (const [what, params, message] of notOne) {
        const r = await rpc('ecdsa_sign_prehashed', params);
        if (r.error?.code !== -32602 || !message.test(r.error.message))
          throw new Error(`${what}: ${JSON.stringify(r)}`);
      }
      expect(peer.count()).toBe(before + 1);
      // a 65-byte signature under a 32-byte key is no answer the bridge passes on
      peer.sign = () => ({
        response: {
          signature: { signature: signature65, publicKey: BABE_PUB, coordinator: '1', cosigner: '2' },
        },
      });
      const bad = await rpc('ecdsa_sign_prehashed', ['beef', hex(BEEF_PUB), hex(commitment)]);
      expect(bad.error).toMatchObject({ code: BRIDGE_ERRORS.BAD_RESPONSE });
    } finally {
      peer.keys = usual;
    }
  });

  it('has_keys([[public_hex, key_type], ...]): true only when the cluster holds every pair', async () => {
    expect((await rpc('has_keys', [[[hex(BABE_PUB), 'babe']]])).result).toBe(true);
    expect(
      (
        await rpc('has_keys', [
          [
            [hex(BABE_PUB), 'babe'],
            [hex(AUDI_PUB), 'audi'],
          ],
        ])
      ).result,
    ).toBe(true);
    expect((await rpc('has_keys', [[[hex(BABE_PUB), 'audi']]])).result).toBe(false); // a key of another type
    expect((await rpc('has_keys', [[[hex(Buffer.alloc(32, 7)), 'babe']]])).result).toBe(false);
    expect((await rpc('has_keys', [[]])).result).toBe(true); // none asked for: all held
  });

  it('sign_with(babe, public, "babe-seal", header): the header goes as a BABE seal, the signature comes back as hex', async () => {
    const before = peer.count();
    const r = await rpc('sign_with', ['babe', hex(BABE_PUB), 'babe-seal', hex(header)]);
    expect(r.result).toBe(hex(Buffer.alloc(64, 1)));
    expect(peer.count()).toBe(before + 1);
    expect(peer.calls.at(-1)!.request).toMatchObject({
      keyType: 'babe',
      kind: 'babeSeal',
      babeSeal: { header },
    });
  });

  it('sign_with(audi, public, "raw", payload): raw bytes, named params and bare hex accepted', async () => {
    peer.sign = () => signatureFrom('1', AUDI_PUB);
    const r = await rpc('sign_with', {
      key_type: 'audi',
      public: Buffer.from(AUDI_PUB).toString('hex'),
      kind: 'raw',
      payload: '0x0102ff',
    });
    expect(r.result).toBe(hex(Buffer.alloc(64, 1)));
    expect(peer.calls.at(-1)!.request).toMatchObject({
      keyType: 'audi',
      kind: 'raw',
      raw: { payload: Buffer.from([1, 2, 255]) },
    });
  });

  /** A VRF answer from the fake peer: pre-output 0x0a.., proof 0x0b.. (or the pre-output alone). */
  const vrfAnswer = (proof: boolean) => () => {
    const preOutput = Buffer.alloc(32, 0x0a);
    const p = proof ? Buffer.alloc(64, 0x0b) : Buffer.alloc(0);
    const signature = proof ? Buffer.concat([preOutput, p]) : Buffer.alloc(0);
    return {
      response: {
        signature: { signature, preOutput, proof: p, publicKey: BABE_PUB, coordinator: '1', cosigner: '2' },
      },
    };
  };

  it('sr25519_vrf_sign(babe, public, { babe: fields }): the fields go as babe_vrf; pre-output, proof and signature come back', async () => {
    peer.sign = vrfAnswer(true);
    const randomness = hex(Buffer.alloc(32, 7));
    const r = await rpc('sr25519_vrf_sign', [
      'babe',
      hex(BABE_PUB),
      { babe: { slot: '18446744073709551615', epoch: 3, randomness } },
    ]);
    expect(r.result).toEqual({
      preOutput: hex(Buffer.alloc(32, 0x0a)),
      proof: hex(Buffer.alloc(64, 0x0b)),
      signature: hex(Buffer.concat([Buffer.alloc(32, 0x0a), Buffer.alloc(64, 0x0b)])),
    });
    expect(peer.calls.at(-1)!.request).toMatchObject({
      keyType: 'babe',
      kind: 'babeVrf',
      babeVrf: { slot: '18446744073709551615', epoch: '3', randomness: Buffer.alloc(32, 7) },
    });
  });

  it('sr25519_vrf_sign with an assignment (cores, or core) goes as assignment_vrf', async () => {
    peer.sign = vrfAnswer(true);
    const story = hex(Buffer.alloc(32, 1));
    await rpc('sr25519_vrf_sign', ['babe', hex(BABE_PUB), { assignment: { story, cores: [1, 4] } }]);
    expect(peer.calls.at(-1)!.request).toMatchObject({
      kind: 'assignmentVrf',
      assignmentVrf: { story: Buffer.alloc(32, 1), moduloCompact: { cores: [1, 4] } },
    });
    await rpc('sr25519_vrf_sign', ['babe', hex(BABE_PUB), { assignment: { story, core: 9 } }]);
    expect(peer.calls.at(-1)!.request).toMatchObject({
      kind: 'assignmentVrf',
      assignmentVrf: { story: Buffer.alloc(32, 1), delayCore: 9 },
    });
  });

  it('sr25519_vrf_pre_output(babe, public, { babe: fields }): babe_vrf_pre_output, the pre-output as hex', async () => {
    peer.sign = vrfAnswer(false);
    const r = await rpc('sr25519_vrf_pre_output', {
      key_type: 'babe',
      public: hex(BABE_PUB),
      input: { babe: { slot: 5, epoch: '1', randomness: hex(Buffer.alloc(32)) } },
    });
    expect(r.result).toBe(hex(Buffer.alloc(32, 0x0a)));
    expect(peer.calls.at(-1)!.request).toMatchObject({ kind: 'babeVrfPreOutput' });
  });

  it('VRF methods: malformed transcript fields are INVALID_PARAMS and nothing is sent', async () => {
    const before = peer.count();
    const story = hex(Buffer.alloc(32));
    for (const [method, input] of [
      ['sr25519_vrf_sign', { babe: { slot: '-1', epoch: 1, randomness: story } }],
      ['sr25519_vrf_sign', { babe: { slot: 1, epoch: 1, randomness: '0x00' } }],
      ['sr25519_vrf_sign', { babe: { slot: 2 ** 60, epoch: 1, randomness: story } }],
      ['sr25519_vrf_sign', { assignment: { story, cores: [] } }],
      ['sr25519_vrf_sign', { assignment: { story, cores: [3, 1] } }],
      ['sr25519_vrf_sign', { assignment: { story } }],
      ['sr25519_vrf_sign', { transcript: '0x00' }],
      ['sr25519_vrf_pre_output', { assignment: { story, core: 1 } }],
    ] as const) {
      expect((await rpc(method, ['babe', hex(BABE_PUB), input])).error?.code).toBe(-32602);
    }
    expect(peer.count()).toBe(before);
  });

  it('a refusal is a JSON-RPC error carrying the reason, message and slot', async () => {
    peer.sign = () => refusal('CONFLICT', 'slot 42 already signed', '42');
    const r = await rpc('sign_with', ['babe', hex(BABE_PUB), 'babe-seal', hex(header)]);
    expect(r.result).toBeUndefined();
    expect(r.error).toEqual({
      code: BRIDGE_ERRORS.REFUSED,
      message: 'refused: CONFLICT: slot 42 already signed',
      data: { reason: 'CONFLICT', message: 'slot 42 already signed', slot: '42', url: peer.url },
    });
  });

  it('sign_with a key the cluster does not hold: KEY_NOT_FOUND, and nothing is sent for signing', async () => {
    const before = peer.count();
    const r = await rpc('sign_with', ['babe', hex(Buffer.alloc(32, 9)), 'babe-seal', hex(header)]);
    expect(r.error).toMatchObject({ code: BRIDGE_ERRORS.KEY_NOT_FOUND });
    expect((await rpc('sign_with', ['gran', hex(BABE_PUB), 'raw', '0x01'])).error?.code).toBe(
      BRIDGE_ERRORS.KEY_NOT_FOUND,
    );
    expect(peer.count()).toBe(before);
  });

  it('withholds a signature made under another key than the one asked for', async () => {
    peer.sign = () => signatureFrom('1', AUDI_PUB);
    const r = await rpc('sign_with', ['babe', hex(BABE_PUB), 'babe-seal', hex(header)]);
    expect(r.error).toMatchObject({
      code: BRIDGE_ERRORS.BAD_RESPONSE,
      message: expect.stringMatching(/withheld/),
    });
  });

  it('maps what the cluster answered: PERMISSION_DENIED, peers down (UNAVAILABLE, with each URL)', async () => {
    peer.sign = () => grpcError(status.PERMISSION_DENIED, 'client validator may not use babe keys');
    expect((await rpc('sign_with', ['babe', hex(BABE_PUB), 'babe-seal', hex(header)])).error).toMatchObject({
      code: BRIDGE_ERRORS.PERMISSION_DENIED,
      data: { code: 'PERMISSION_DENIED', url: peer.url },
    });

    const dead = `127.0.0.1:${await deadPort()}`;
    const down = new SignerClient({ urls: [dead], tls: pki.tls, timeoutMs: 2000 });
    const lonely = await startKeystoreBridge({ signer: down, port: 0 });
    try {
      const r = await rpc('sr25519_public_keys', ['babe'], lonely);
      expect(r.error).toMatchObject({
        code: BRIDGE_ERRORS.UNAVAILABLE,
        data: {
          code: 'UNAVAILABLE',
          failures: [{ url: dead, reason: expect.stringMatching(/ECONNREFUSED/) }],
        },
      });
    } finally {
      await lonely.close();
      down.close();
    }
  });

  it('answers malformed requests with the JSON-RPC error codes', async () => {
    const err = async (body: string) => {
      const a = await http(bridge, body);
      expect(a.status).toBe(200);
      return a.json as { id: unknown; error: { code: number; message: string } };
    };
    expect(await err('{"jsonrpc": "2.0", "method": ')).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await err('')).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await err('42')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await err('[]')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await err('{"jsonrpc":"1.0","id":1,"method":"has_keys"}')).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
    expect(await err('{"jsonrpc":"2.0","id":{},"method":"has_keys"}')).toMatchObject({
      id: null,
      error: { code: -32600 },
    });
    expect(await err('{"jsonrpc":"2.0","id":2,"method":5}')).toMatchObject({
      id: 2,
      error: { code: -32600 },
    });
    expect(await err('{"jsonrpc":"2.0","id":3,"method":"has_keys","params":"x"}')).toMatchObject({
      id: 3,
      error: { code: -32600 },
    });
    expect(await err('{"jsonrpc":"2.0","id":"x","method":"author_insertKey","params":[]}')).toMatchObject({
      id: 'x',
      error: { code: -32601 },
    });
    expect(await err('{"jsonrpc":"2.0","id":4,"method":"toString"}')).toMatchObject({
      error: { code: -32601 },
    });

    const invalidParams: [string, unknown][] = [
      ['sr25519_public_keys', []],
      ['sr25519_public_keys', ['BABE']],
      ['sr25519_public_keys', { keyType: 'babe' }],
      ['sr25519_public_keys', undefined],
      ['has_keys', ['x']],
      ['has_keys', [[['zz', 'babe']]]],
      ['has_keys', [[[hex(BABE_PUB)]]]],
      ['has_keys', [[[hex(BABE_PUB), 'babe1']]]],
      ['has_keys', [Array.from({ length: 65 }, () => [hex(BABE_PUB), 'babe'])]],
      ['sign_with', ['babe', hex(BABE_PUB), 'babe-seal']],
      ['sign_with', ['babe', hex(BABE_PUB), 'babe-vrf', '0x01']],
      ['sign_with', ['babe', hex(BABE_PUB), 'babe-seal', '0x']],
      ['sign_with', ['babe', hex(BABE_PUB), 'babe-seal', '0x123']],
      ['sign_with', ['babe', hex(BABE_PUB), 'babe-seal', 'nothex']],
      ['sign_with', ['babe', '0x1234', 'babe-seal', '0x01']],
      ['sign_with', ['babe', hex(BABE_PUB), 'raw', hex(Buffer.alloc(65537))]],
      ['sign_with', { key_type: 'babe', public: hex(BABE_PUB), kind: 'raw', payload: '0x01', extra: 1 }],
    ];
    const before = peer.count();
    for (const [method, params] of invalidParams) {
      const r = await rpc(method, params);
      if (r.error?.code !== -32602)
        throw new Error(`${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
    }
    expect(peer.count()).toBe(before);
  });

  it('handles batches and notifications', async () => {
    const batch = await http(
      bridge,
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'sr25519_public_keys', params: ['babe'] },
        { jsonrpc: '2.0', method: 'sr25519_public_keys', params: ['babe'] }, // a notification: no answer
        { jsonrpc: '2.0', id: 'b', method: 'nope' },
        7,
      ]),
    );
    expect(batch.status).toBe(200);
    expect(batch.json).toEqual([
      { jsonrpc: '2.0', id: 'a', result: [hex(BABE_PUB)] },
      { jsonrpc: '2.0', id: 'b', error: { code: -32601, message: 'method not found: nope' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: expected an object' } },
    ]);
    const quiet = await http(bridge, JSON.stringify({ jsonrpc: '2.0', method: 'nope' }));
    expect(quiet).toMatchObject({ status: 204, text: '' });
    const tooMany = await http(
      bridge,
      JSON.stringify(
        Array.from({ length: 17 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'has_keys', params: [[]] })),
      ),
    );
    expect(tooMany.json).toMatchObject({ error: { code: -32600 } });
  });

  it('HTTP guards: POST only, application/json only, no web pages (Origin), loopback Host, a body limit', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'has_keys', params: [[]] });
    expect(await http(bridge, '', { method: 'GET' })).toMatchObject({
      status: 405,
      headers: { allow: 'POST' },
    });
    expect((await http(bridge, body, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await http(bridge, body, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await http(bridge, body, { headers: { host: 'evil.example:9945' } })).status).toBe(403);
    expect((await http(bridge, body, { headers: { host: `localhost:${bridge.port}` } })).status).toBe(200);
    expect(
      (await http(bridge, body, { headers: { 'content-type': 'application/json; charset=utf-8' } })).json,
    ).toMatchObject({
      result: true,
    });

    const small = await startKeystoreBridge({ signer: client, port: 0, maxBodyBytes: 1024 });
    try {
      const big = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'has_keys',
        params: [[]],
        pad: 'x'.repeat(2000),
      });
      const declared = await http(small, big);
      expect(declared).toMatchObject({ status: 413, json: { error: { code: -32600 } } });
      const chunked = await http(small, [big.slice(0, 700), big.slice(700, 1400), big.slice(1400)]);
      expect(chunked).toMatchObject({ status: 413, json: { error: { code: -32600 } } });
      expect((await http(small, body)).json).toMatchObject({ result: true }); // still serving
    } finally {
      await small.close();
    }
  });

  it('never crashes on arbitrary input: every body gets a JSON-RPC answer (or none, for notifications)', async () => {
    const known = new Set([-32700, -32600, -32601, -32602]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const a = await http(bridge, body);
          expect([200, 204]).toContain(a.status);
          for (const r of a.json === undefined ? [] : Array.isArray(a.json) ? a.json : [a.json]) {
            const code = (r as { error?: { code: number } }).error?.code;
            if (code !== undefined && !known.has(code)) throw new Error(`${body} -> ${JSON.stringify(r)}`);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect((await rpc('sr25519_public_keys', ['babe'])).result).toEqual([hex(BABE_PUB)]);
  });

  it('refuses to listen on a non-loopback address unless allowRemote', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'validator.example']) {
      const outcome = await startKeystoreBridge({ signer: client, host, port: 0 }).catch((e: unknown) => e);
      if (!(outcome instanceof Error)) await (outcome as KeystoreBridge).close(); // fail, but do not leak it
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(/not a loopback address/);
    }
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', 'localhost.example', '']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
    // The command line says the same before anything starts.
    const args = ['--urls', 'a:1', '--ca', 'ca.crt', '--cert', 'c.crt', '--key', 'c.key'];
    expect(() => parseBridgeArgs([...args, '--listen', '0.0.0.0:9945'])).toThrow(BridgeUsageError);
    expect(() => parseBridgeArgs(args, { TRIAD_BRIDGE_LISTEN: '[::]:9945' })).toThrow(/--allow-remote/);
    expect(parseBridgeArgs([...args, '--listen', '0.0.0.0:9945', '--allow-remote'])).toMatchObject({
      host: '0.0.0.0',
      port: 9945,
      allowRemote: true,
    });
  });

  it('reads its command line from flags, then the environment', () => {
    expect(parseBridgeArgs(['-h'])).toBe('help');
    const env = {
      TRIAD_SIGNER_URLS: 'p1:7100, p2:7100,p3:7100',
      TRIAD_CA: 'env-ca.crt',
      TRIAD_CERT: 'env.crt',
      TRIAD_KEY: 'env.key',
      TRIAD_TIMEOUT_MS: '1500',
      TRIAD_HEDGE_MS: 'off',
    };
    expect(parseBridgeArgs([], env)).toEqual({
      host: '127.0.0.1',
      port: 9945,
      allowRemote: false,
      client: {
        urls: ['p1:7100', 'p2:7100', 'p3:7100'],
        tls: { ca: 'env-ca.crt', cert: 'env.crt', key: 'env.key' },
        timeoutMs: 1500,
        hedgeMs: false,
      },
    });
    expect(
      parseBridgeArgs(['--urls=q:1', '--ca', 'flag-ca.crt', '--hedge-ms', '50', '--listen', '[::1]:0'], env),
    ).toMatchObject({
      host: '::1',
      port: 0,
      client: { urls: ['q:1'], tls: { ca: 'flag-ca.crt' }, hedgeMs: 50 },
    });
    expect(parseBridgeArgs(['--server-name', 'peer.example'], env)).toMatchObject({
      client: { serverName: 'peer.example' },
    });
    expect(parseBridgeArgs([], { ...env, TRIAD_SERVER_NAME: 'env.example' })).toMatchObject({
      client: { serverName: 'env.example' },
    });
    expect(() => parseBridgeArgs(['--ca', 'x'], {})).toThrow(/--urls \(or TRIAD_SIGNER_URLS\) is required/);
    expect(() => parseBridgeArgs(['--bogus'], env)).toThrow(/unknown argument/);
    expect(() => parseBridgeArgs(['--urls'], env)).toThrow(/--urls needs a value/);
    expect(() => parseBridgeArgs(['--timeout-ms', '2s'], env)).toThrow(/--timeout-ms: expected milliseconds/);
    expect(() => parseBridgeArgs(['--listen', 'localhost'], env)).toThrow(/--listen: expected HOST:PORT/);
  });
});
