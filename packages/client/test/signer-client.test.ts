/**
 * SignerClient against fake peers over real mTLS on 127.0.0.1: failover, hedging, what is final
 * and what is retried, the remembered peer, the budget, and the client's own input checks.
 * Timing assertions have wide margins: they tell "at once" and "after the hedge" from "after the
 * timeout", never milliseconds apart.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { SignerClient, SignerClientError } from '../src/index.js';
import type { SignerClientErrorCode, SignerClientOptions } from '../src/index.js';
import {
  BABE_PUB,
  BlackHole,
  deadPort,
  delay,
  eventually,
  FakePeer,
  grpcError,
  makePki,
  refusal,
  signatureFrom,
} from './helpers.js';
import type { TestPki } from './helpers.js';

const header = Buffer.from('a pre-seal header, as far as the fake peers care');

/** The rejection of `p`, which must be a SignerClientError. */
async function failure(p: Promise<unknown>): Promise<SignerClientError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SignerClientError);
  return e as SignerClientError;
}

const reasonsByUrl = (e: SignerClientError) => Object.fromEntries(e.failures.map((f) => [f.url, f.reason]));

describe('SignerClient', () => {
  let pki: TestPki;
  let p1: FakePeer;
  let p2: FakePeer;
  let p3: FakePeer;
  const clients: SignerClient[] = [];
  const holes: BlackHole[] = [];

  const client = (options: Partial<SignerClientOptions> & { urls: readonly string[] }) => {
    const c = new SignerClient({ tls: pki.tls, timeoutMs: 5000, ...options });
    clients.push(c);
    return c;
  };
  const blackHole = async () => {
    const hole = await BlackHole.start();
    holes.push(hole);
    return hole;
  };
  const sign = (c: SignerClient) => c.sign({ keyType: 'babe', kind: 'babe-seal', header });

  beforeAll(async () => {
    pki = await makePki();
  });
  afterAll(() => pki?.remove());
  beforeEach(async () => {
    [p1, p2, p3] = await Promise.all([
      FakePeer.start(pki, '1'),
      FakePeer.start(pki, '2'),
      FakePeer.start(pki, '3'),
    ]);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const p of [p1, p2, p3]) p?.stop();
    await Promise.all(holes.splice(0).map((h) => h.stop()));
  });

  it('signs at the first URL, over mTLS as client:validator, and asks no other peer', async () => {
    const c = client({ urls: [p1.url, p2.url], hedgeMs: 200 });
    await c.health(); // connect to every peer first: a slow TLS handshake must not pass for a hedge
    const r = await sign(c);
    expect(r).toEqual({
      kind: 'signature',
      signature: Buffer.alloc(64, 1),
      publicKey: BABE_PUB,
      coordinator: '1',
      cosigner: '2',
      url: p1.url,
    });
    expect(p1.signs).toHaveLength(1);
    expect(p1.signs[0]).toMatchObject({
      replied: true,
      cancelled: false, // grpc-js says 'cancelled' once an answered call closes: the helper tells them apart
      caller: 'client:validator',
      request: { keyType: 'babe', kind: 'babeSeal' },
    });
    expect(p1.signs[0]!.request.babeSeal).toEqual({ header });
    expect(p1.signs[0]!.request.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const raw = await c.sign({
      keyType: 'audi',
      kind: 'raw',
      payload: Buffer.from('record'),
      requestId: 'r-1',
    });
    expect(raw).toMatchObject({ kind: 'signature', url: p1.url });
    expect(p1.signs[1]!.request).toMatchObject({
      keyType: 'audi',
      kind: 'raw',
      raw: { payload: Buffer.from('record') },
    });
    expect(p1.signs[1]!.request.requestId).toBe('r-1');
    // a cluster with several keys of a type: the request names one by its public key
    const publicKey = new Uint8Array(32).fill(5);
    await c.sign({ keyType: 'audi', kind: 'raw', payload: Buffer.from('record'), publicKey });
    expect(p1.signs[2]!.request.publicKey).toEqual(Buffer.from(publicKey));
    expect(p1.signs[1]!.request.publicKey ?? Buffer.alloc(0)).toHaveLength(0);
    await delay(300); // past the hedge delay: still nobody else asked
    expect(p2.signs).toHaveLength(0);
  });

  it('fails over from a dead URL (connection refused) to the next at once, well inside the budget', async () => {
    const dead = `127.0.0.1:${await deadPort()}`;
    // No hedging, so only the refused connection can have moved it on; the per-attempt timeout is 2 s.
    const c = client({ urls: [dead, p2.url], timeoutMs: 4000, hedgeMs: false });
    expect(c.attemptTimeoutMs).toBe(2000);
    const started = performance.now();
    const r = await sign(c);
    const elapsed = performance.now() - started;
    expect(r).toMatchObject({ kind: 'signature', url: p2.url, coordinator: '2' });
    expect(elapsed).toBeLessThan(1500);
    expect(p2.count()).toBe(1);
  });

  it('hedges a black-holed URL (accepts TCP, never answers) with the next one, far inside the budget', async () => {
    const hole = await blackHole();
    const c = client({ urls: [hole.url, p2.url], timeoutMs: 5000, hedgeMs: 100 });
    const started = performance.now();
    const r = await sign(c);
    const elapsed = performance.now() - started;
    expect(r).toMatchObject({ kind: 'signature', url: p2.url });
    expect(elapsed).toBeGreaterThanOrEqual(50); // it did wait for the (100 ms) hedge delay...
    expect(elapsed).toBeLessThan(1500); // ...and not for the 5 s budget
    expect(hole.accepted).toBeGreaterThan(0); // the first URL really was tried
    expect(c.lastHealthyUrl).toBe(p2.url);
  });

  it('without hedging, drops a black-holed URL at its per-attempt timeout (timeoutMs / urls) and fails over', async () => {
    const hole = await blackHole();
    const c = client({ urls: [hole.url, p2.url], timeoutMs: 1200, hedgeMs: false });
    expect(c.attemptTimeoutMs).toBe(600);
    const started = performance.now();
    const r = await sign(c);
    const elapsed = performance.now() - started;
    expect(r).toMatchObject({ kind: 'signature', url: p2.url });
    expect(elapsed).toBeGreaterThanOrEqual(450); // the 600 ms attempt timeout (timers may run a little early)
    expect(elapsed).toBeLessThan(1150); // and inside the 1200 ms budget

    // Two black holes: the first is dropped at its own timeout, the last one has the rest of the budget.
    const hole2 = await blackHole();
    const both = client({ urls: [hole.url, hole2.url], timeoutMs: 1200, hedgeMs: false });
    const e = await failure(sign(both));
    expect(e.code).toBe('DEADLINE');
    expect(e.failures).toEqual([
      { url: hole.url, reason: 'no answer within the per-attempt timeout (600 ms)' },
      { url: hole2.url, reason: "no answer within the call's budget (1200 ms)" },
    ]);
  });

  it('returns a CONFLICT refusal as a typed answer and never asks the second URL', async () => {
    p1.sign = () => refusal('CONFLICT', 'slot 42 already signed another header', '42');
    const c = client({ urls: [p1.url, p2.url, p3.url], hedgeMs: 100 });
    await c.health(); // connect to every peer first: a slow TLS handshake must not pass for a hedge
    const r = await sign(c);
    expect(r).toEqual({
      kind: 'refusal',
      reason: 'CONFLICT',
      message: 'slot 42 already signed another header',
      slot: 42n,
      url: p1.url,
    });
    await delay(250); // well past the hedge delay
    expect([p1.count(), p2.count(), p3.count()]).toEqual([1, 0, 0]);
    // A refusal is an answer from a healthy peer; one without a slot has slot undefined.
    p1.sign = () => refusal('POLICY', 'raw is not allowed for babe');
    expect(await c.sign({ keyType: 'babe', kind: 'raw', payload: Buffer.from('x') })).toMatchObject({
      kind: 'refusal',
      reason: 'POLICY',
      slot: undefined,
    });
    expect([p2.count(), p3.count()]).toEqual([0, 0]);
  });

  it.each<[SignerClientErrorCode, status]>([
    ['PERMISSION_DENIED', status.PERMISSION_DENIED],
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
  ])('a peer answering %s is final: not asked of the next URL', async (expected, code) => {
    p1.sign = () => grpcError(code, 'not for you');
    const c = client({ urls: [p1.url, p2.url], hedgeMs: 1000 });
    const e = await failure(sign(c));
    expect(e.code).toBe(expected);
    expect(e.url).toBe(p1.url);
    expect(e.message).toContain('not for you');
    expect([p1.count(), p2.count()]).toEqual([1, 0]);
  });

  it('says UNAVAILABLE when every URL fails, with each URL and its reason', async () => {
    const dead1 = `127.0.0.1:${await deadPort()}`;
    const dead3 = `127.0.0.1:${await deadPort()}`;
    p2.sign = () => grpcError(status.UNAVAILABLE, 'quorum: no cosigner answered');
    const c = client({ urls: [dead1, p2.url, dead3], timeoutMs: 5000, hedgeMs: 1000 });
    const started = performance.now();
    const e = await failure(sign(c));
    expect(performance.now() - started).toBeLessThan(900); // each failure moved on at once: no 1 s hedges
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.failures.map((f) => f.url)).toEqual([dead1, p2.url, dead3]);
    const reasons = reasonsByUrl(e);
    expect(reasons[dead1]).toMatch(/^UNAVAILABLE: .*ECONNREFUSED/);
    expect(reasons[dead3]).toMatch(/^UNAVAILABLE: .*ECONNREFUSED/);
    expect(reasons[p2.url]).toBe('UNAVAILABLE: quorum: no cosigner answered');
    expect(e.message).toContain(dead1);
    expect(c.lastHealthyUrl).toBeUndefined();
  });

  it('says DEADLINE when the budget runs out, naming the silent URLs, and cancels the calls', async () => {
    const hole = await blackHole();
    p2.sign = () => 'hang';
    const c = client({ urls: [hole.url, p2.url], timeoutMs: 600, hedgeMs: 100 });
    const started = performance.now();
    const e = await failure(sign(c));
    const elapsed = performance.now() - started;
    expect(e.code).toBe('DEADLINE');
    expect(elapsed).toBeGreaterThanOrEqual(450); // the 600 ms budget (timers may run a little early)
    expect(elapsed).toBeLessThan(2500);
    expect(Object.keys(reasonsByUrl(e)).sort()).toEqual([hole.url, p2.url].sort());
    expect(reasonsByUrl(e)[p2.url]).toMatch(/budget \(600 ms\)/);
    await eventually(() => p2.signs[0]?.cancelled === true, 3000, "p2's call cancelled");
  });

  it('remembers the peer that answered and starts there next time, then falls back in configured order', async () => {
    p1.sign = () => grpcError(status.UNAVAILABLE, 'no quorum');
    const c = client({ urls: [p1.url, p2.url, p3.url], hedgeMs: 1000 });
    expect(c.lastHealthyUrl).toBeUndefined();
    expect((await sign(c)).url).toBe(p2.url);
    expect(c.lastHealthyUrl).toBe(p2.url);

    p1.sign = () => signatureFrom('1'); // p1 is fine again, but p2 is where the client starts now
    expect((await sign(c)).url).toBe(p2.url);
    expect((await c.publicKeys()).map((k) => k.keyType)).toEqual(['babe', 'audi']);
    expect([p1.count(), p2.count(), p3.count()]).toEqual([1, 2, 0]);
    expect(p2.count('GetPublicKeys')).toBe(1);

    p2.sign = () => grpcError(status.UNAVAILABLE, 'draining');
    expect((await sign(c)).url).toBe(p1.url); // after the remembered one: the configured order
    expect([p1.count(), p2.count(), p3.count()]).toEqual([2, 3, 0]);
    expect(c.lastHealthyUrl).toBe(p1.url);
  });

  it('a hedged duplicate: the first answer wins, the slower call is cancelled and its late answer ignored', async () => {
    p1.sign = async () => {
      await delay(400);
      return signatureFrom('1');
    };
    const c = client({ urls: [p1.url, p2.url], hedgeMs: 100 });
    await c.health(); // connect to every peer first: a slow TLS handshake must not pass for a hedge
    const r = await sign(c);
    expect(r).toMatchObject({ url: p2.url, coordinator: '2', signature: Buffer.alloc(64, 2) });
    // the very same request went to both: identical repeats are idempotent at the peers
    expect(p2.signs[0]!.request).toEqual(p1.signs[0]!.request);
    expect(p2.signs[0]!.at - p1.signs[0]!.at).toBeGreaterThanOrEqual(50); // the 100 ms hedge delay
    await eventually(() => p1.signs[0]!.cancelled, 3000, "the slower peer's call cancelled");
    await delay(400); // p1's late answer (400 ms after its call), had it been sent, would be here by now
    expect(p1.signs[0]!.replied).toBe(false);
    expect(c.lastHealthyUrl).toBe(p2.url);
    expect([p1.count(), p2.count()]).toEqual([1, 1]);
  });

  it('hedges a gRPC peer whose handler never replies, and cancels that call when the other answers', async () => {
    p1.sign = () => 'hang';
    const c = client({ urls: [p1.url, p2.url, p3.url], timeoutMs: 5000, hedgeMs: 300 });
    await c.health(); // connect to every peer first: a slow TLS handshake must not pass for a hedge
    const started = performance.now();
    const r = await sign(c);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(r.url).toBe(p2.url);
    await eventually(() => p1.signs[0]?.cancelled === true, 3000, "the hanging peer's call cancelled");
    expect(p3.count()).toBe(0); // p2 (connected already) answered long before the next hedge was due
  });

  it('does not hedge when the first URL answers within hedgeMs', async () => {
    p1.sign = async () => {
      await delay(30);
      return signatureFrom('1');
    };
    const c = client({ urls: [p1.url, p2.url], hedgeMs: 300 });
    await c.health(); // connect to every peer first: a slow TLS handshake must not pass for a hedge
    expect((await sign(c)).url).toBe(p1.url);
    await delay(450);
    expect(p2.count()).toBe(0);
  });

  it('treats an unreadable answer as BAD_RESPONSE, final (not asked elsewhere)', async () => {
    const c = client({ urls: [p1.url, p2.url], hedgeMs: 1000 });
    p1.sign = () => ({ response: { signature: { signature: Buffer.alloc(10), publicKey: BABE_PUB } } });
    let e = await failure(sign(c));
    expect(e).toMatchObject({ code: 'BAD_RESPONSE', url: p1.url });
    expect(e.message).toMatch(/signature\.signature: expected 64 bytes, got 10/);
    p1.sign = () => refusal('REFUSAL_REASON_UNSPECIFIED');
    e = await failure(sign(c));
    expect(e.code).toBe('BAD_RESPONSE');
    p1.sign = () => ({ response: {} });
    expect((await failure(sign(c))).code).toBe('BAD_RESPONSE');
    expect(p2.count()).toBe(0);
  });

  it('VRF answers are read strictly: preOutput, proof and signature sized by kind, signature = preOutput || proof', async () => {
    const c = client({ urls: [p1.url] });
    const fields = { slot: 7n, epoch: 1n, randomness: new Uint8Array(32) };
    const answer = (preOutput: Buffer, proof: Buffer, signature: Buffer) => () => ({
      response: {
        signature: { signature, preOutput, proof, publicKey: BABE_PUB, coordinator: '1', cosigner: '2' },
      },
    });
    const [o, p] = [Buffer.alloc(32, 1), Buffer.alloc(64, 2)];
    p1.sign = answer(o, p, Buffer.concat([o, p]));
    expect(await c.babeVrf(fields)).toMatchObject({
      kind: 'vrf',
      preOutput: o,
      proof: p,
      signature: Buffer.concat([o, p]),
    });
    expect(p1.calls.at(-1)!.request).toMatchObject({ keyType: 'babe', babeVrf: { slot: '7', epoch: '1' } });
    p1.sign = answer(o, Buffer.alloc(0), Buffer.alloc(0));
    expect(await c.babeVrfPreOutput(fields)).toMatchObject({ kind: 'vrf', preOutput: o, proof: undefined });
    for (const bad of [
      answer(o, p, Buffer.concat([p, o]).subarray(0, 96)), // not preOutput || proof
      answer(o.subarray(1), p, Buffer.concat([o.subarray(1), p])),
      answer(o, Buffer.alloc(0), Buffer.alloc(0)), // no proof for a babe-vrf
    ]) {
      p1.sign = bad;
      expect((await failure(c.babeVrf(fields))).code).toBe('BAD_RESPONSE');
    }
    const before = p1.count();
    for (const wrong of [
      c.babeVrf({ ...fields, slot: -1n }),
      c.babeVrf({ ...fields, epoch: 1 as unknown as bigint }),
      c.babeVrf({ ...fields, randomness: new Uint8Array(31) }),
      c.assignmentVrf({ story: new Uint8Array(32), cores: [4096] }),
      c.assignmentVrf({ story: new Uint8Array(32), cores: [1], core: 1 } as never),
    ])
      expect((await failure(wrong)).code).toBe('INVALID_ARGUMENT');
    expect(p1.count()).toBe(before);
  });

  it('names a peer at an IP address by serverName: the name in its certificate, or no handshake', async () => {
    expect((await client({ urls: [p1.url], serverName: 'localhost' }).health())[0]).toMatchObject({
      reachable: true,
    });
    const [other] = await client({ urls: [p1.url], serverName: 'peer-9.example', timeoutMs: 1000 }).health();
    expect(other).toMatchObject({ reachable: false, error: expect.stringMatching(/^UNAVAILABLE/) });
  });

  it('publicKeys() gives typed keys; health() reports every URL, reachable or not', async () => {
    const dead = `127.0.0.1:${await deadPort()}`;
    const hole = await blackHole();
    const c = client({ urls: [p1.url, dead, hole.url], timeoutMs: 500 });
    expect(await c.publicKeys()).toEqual([
      {
        keyType: 'babe',
        publicKey: BABE_PUB,
        nonSlashable: false,
        scheme: 'sr25519',
        status: 'active',
        created: 3n,
      },
      // a peer that predates schemes and retiring says neither: sr25519, active
      {
        keyType: 'audi',
        publicKey: expect.any(Buffer),
        nonSlashable: true,
        scheme: 'sr25519',
        status: 'active',
        created: 0n,
      },
    ]);
    p1.health = () => ({
      response: { canSign: false, peerId: '1', attestedPeers: ['2'], version: 'fake-2' },
    });
    const health = await c.health();
    expect(health.map((h) => h.url)).toEqual([p1.url, dead, hole.url]);
    expect(health[0]).toMatchObject({
      reachable: true,
      canSign: false,
      peerId: '1',
      attestedPeers: ['2'],
      version: 'fake-2',
    });
    expect(health[0]!.roundTripMs).toBeGreaterThan(0);
    expect(health[1]).toMatchObject({
      reachable: false,
      canSign: false,
      error: expect.stringMatching(/^UNAVAILABLE/),
    });
    expect(health[2]).toMatchObject({ reachable: false, error: expect.stringMatching(/^DEADLINE_EXCEEDED/) });
    expect(health[2]!.roundTripMs).toBeGreaterThanOrEqual(350);
  });

  it('close() rejects the calls in flight and every later call with CLOSED', async () => {
    const hole = await blackHole();
    const c = client({ urls: [hole.url], timeoutMs: 5000 });
    const pending = sign(c);
    await delay(50);
    const started = performance.now();
    c.close();
    expect((await failure(pending)).code).toBe('CLOSED');
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await failure(sign(c))).code).toBe('CLOSED');
    expect((await failure(c.health())).code).toBe('CLOSED');
    c.close(); // idempotent
  });

  it('checks its options and requests itself, with errors naming the field, and sends nothing bad', async () => {
    const bad = (options: Partial<SignerClientOptions>, message: RegExp) => {
      let thrown: unknown;
      try {
        client({ urls: [p1.url], ...options });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SignerClientError);
      expect(thrown).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    };
    bad({ urls: [] }, /urls: expected a non-empty array/);
    bad({ urls: ['http://peer:7100'] }, /urls\[0\]: expected host:port/);
    bad({ urls: ['peer:0'] }, /urls\[0\]/);
    bad({ urls: ['peer:70000'] }, /urls\[0\]/);
    bad({ urls: [p1.url, 'peer'] }, /urls\[1\]/);
    bad({ urls: [p1.url, p1.url] }, /listed twice/);
    bad({ timeoutMs: 0 }, /timeoutMs/);
    bad({ timeoutMs: 1.5 }, /timeoutMs/);
    bad({ hedgeMs: 0 }, /hedgeMs/);
    bad({ hedgeMs: 6000 }, /hedgeMs/); // more than the 5 s budget
    bad({ attemptTimeoutMs: -1 }, /attemptTimeoutMs/);
    bad({ serverName: '10.0.0.2' }, /serverName: expected a DNS name/);
    bad({ serverName: 'peer..example' }, /serverName: expected a DNS name/);
    bad({ tls: { ...pki.tls, ca: '/nonexistent/ca.crt' } }, /tls\.ca: cannot read \/nonexistent\/ca\.crt/);
    bad({ tls: { ...pki.tls, key: Buffer.from('not a key') } }, /tls\.key: not PEM/);
    bad(
      { tls: { ...pki.tls, key: pki.paths.peers['1']!.key } },
      /tls: the certificate or key cannot be used/,
    );
    // IPv6 and names are fine
    expect(client({ urls: ['[::1]:7100', 'peer-1.example:7100'] }).urls).toHaveLength(2);
    // PEM given as bytes works like a path
    const { readFileSync } = await import('node:fs');
    const c = client({
      urls: [p1.url],
      tls: {
        ca: readFileSync(pki.paths.ca.cert),
        cert: readFileSync(pki.tls.cert as string, 'utf8'),
        key: pki.tls.key,
      },
    });
    expect(c.hedgeMs).toBe(250); // min(5000 / 4, 250)
    expect(client({ urls: [p1.url], timeoutMs: 400 }).hedgeMs).toBe(100);

    const rejects = async (request: unknown, message: RegExp) => {
      const e = await failure(c.sign(request as Parameters<SignerClient['sign']>[0]));
      expect(e).toMatchObject({
        code: 'INVALID_ARGUMENT',
        url: undefined,
        message: expect.stringMatching(message),
      });
    };
    await rejects({ keyType: 'BABE', kind: 'babe-seal', header }, /keyType: expected four lowercase/);
    await rejects({ keyType: 'bab', kind: 'babe-seal', header }, /keyType/);
    await rejects(
      { keyType: 'babe', kind: 'babe-seal', header: new Uint8Array(0) },
      /header: must not be empty/,
    );
    await rejects({ keyType: 'babe', kind: 'babe-seal', header: 'abcd' }, /header: expected a Uint8Array/);
    await rejects({ keyType: 'audi', kind: 'raw', payload: new Uint8Array(65537) }, /payload: 65537 bytes/);
    await rejects(
      { keyType: 'babe', kind: 'babe-vrf', header },
      /kind: expected "babe-seal", "raw", "grandpa-vote", "para-statement" or "beefy-commitment"/,
    );
    await rejects(
      { keyType: 'gran', kind: 'grandpa-vote', payload: new Uint8Array(52) },
      /payload: a GRANDPA vote is 53 bytes, got 52/,
    );
    await rejects(
      { keyType: 'para', kind: 'para-statement', payload: Buffer.from('BKNG') },
      /payload: a backing statement is 73 bytes, got 4/,
    );
    await rejects({ keyType: 'babe', kind: 'raw', payload: header, requestId: 'has space' }, /requestId/);
    await rejects(
      { keyType: 'babe', kind: 'babe-seal', header, publicKey: new Uint8Array(31) },
      /publicKey: expected 32 bytes \(a babe key\), got 31 bytes/,
    );
    await rejects(
      { keyType: 'beef', kind: 'beefy-commitment', payload: new Uint8Array(32).fill(1) },
      /payload: not a BEEFY commitment: .*keccak-256 prehash\?/,
    );
    await rejects(
      {
        keyType: 'beef',
        kind: 'beefy-commitment',
        payload: new Uint8Array(48),
      },
      /payload: not a BEEFY commitment: an empty payload/,
    );
    await rejects(
      { keyType: 'beef', kind: 'raw', payload: header, publicKey: new Uint8Array(32) },
      /publicKey: expected 33 bytes \(a beef key\), got 32 bytes/,
    );
    await rejects(null, /sign: expected/);
    expect(p1.signs).toHaveLength(0);
  });
});
