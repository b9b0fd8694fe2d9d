/**
 * The gRPC boundary of a 3-peer cluster of processes, fuzzed with fast-check: arbitrary bytes,
 * mutations of a valid SignRequest (bit flips, truncation, lying length fields, wrong wire types,
 * unknown and conflicting fields), messages over the size limit, and Cosign requests forged by a
 * peer's host. They are sent raw (identity serializers: no client-side protobuf stands in the way)
 * to the validator `Signer`, the `Operator` and the peer-to-peer `Cosigner` service, under every
 * certificate the cluster issues.
 *
 * Every answer is judged from the bytes sent and the caller: a status from a precise set, or a
 * refusal; any signature that comes back must be one the chain's rules allow (a pre-seal BABE
 * header, parsed here by @polkadot/types, under the babe key, one header per slot, slots only up;
 * raw bytes only under a non-slashable key, for a client allowed it), as the chain's verifier
 * (schnorrkel, wasm) sees it; a peer's TA never hands out a signature share it was not asked for
 * by its peer's TA. After each property every peer process is alive and signs a fresh header.
 *
 * fast-check prints the seed and the shrunk input of a failure; rerun with that seed to replay it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, credentials, status } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/grpc-js';
import { blake2b } from '@noble/hashes/blake2.js';
import { TypeRegistry } from '@polkadot/types';
import type { Header, RawBabePreDigest } from '@polkadot/types/interfaces';
import { decodeSigningCommitment } from '@triad/frost';
import { loadServices, MAX_MESSAGE_BYTES, tlsChannelOptions } from '@triad/proto';
import { FINAL_REFUSALS, IDEMPOTENCY_KEEP, loadConfig } from '@triad/signer';
import { COUNTER_UPDATE_BYTES, encodeSignRequest, Limits } from '@triad/tee';
import fc from 'fast-check';
import { babeHeader, chainAccepts, chainAcceptsSeal, chainVerifierReady, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { readFileSync } from 'node:fs';
import { SafetyLedger } from '../faults/ledger.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (s: string) => new Uint8Array(Buffer.from(s));
const hash = (b: Uint8Array) => blake2b(b, { dkLen: 32 });

/** Runs per property: bounded, so the whole file stays well under a minute on two busy cores. */
const RUNS = 150;
/** The first slot signed here: high, and every later one above it. */
const FIRST_SLOT = 10_000;
/** Who may use which key type (LocalCluster's configuration); the cluster holds babe and audi. */
const ALLOWED: Record<string, readonly string[]> = {
  'validator-a': ['babe', 'gran', 'imon', 'audi'],
  'validator-b': ['babe'],
  ops: [],
};
const CLIENTS = Object.keys(ALLOWED);

// ---------------------------------------------------------------------------------------------
// Raw calls: bytes in, bytes out, decoded here with the very functions the server decodes with.

const services = loadServices();
type Endpoint = { service: keyof typeof services; method: string };
const definition = (e: Endpoint) =>
  services[e.service].service[e.method] as MethodDefinition<unknown, unknown>;
/** The request as the server's handler sees it, or undefined where grpc-js cannot deserialize it. */
function decodeRequest(e: Endpoint, bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    return definition(e).requestDeserialize(Buffer.from(bytes)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
const decodeResponse = (e: Endpoint, bytes: Buffer) =>
  definition(e).responseDeserialize(bytes) as Record<string, unknown>;

const SIGN: Endpoint = { service: 'Signer', method: 'Sign' };
const COSIGN: Endpoint = { service: 'Cosigner', method: 'Cosign' };
const COUNTER_REPORT: Endpoint = { service: 'Cosigner', method: 'CounterReport' };
/** What the validator-facing port serves (grpc.health.v1 aside). */
const SIGNER_PORT: readonly Endpoint[] = [
  SIGN,
  { service: 'Signer', method: 'GetPublicKeys' },
  { service: 'Signer', method: 'Health' },
  { service: 'Operator', method: 'Status' },
];
/** Every method of the peer-to-peer port (proto-loader lists each under two spellings). */
const COSIGNER_PORT: readonly Endpoint[] = [
  ...new Set(Object.values(services.Cosigner.service).map((m) => m.path.split('/').pop()!)),
].map((method) => ({ service: 'Cosigner' as const, method }));
const EVERY_ENDPOINT = [...SIGNER_PORT, ...COSIGNER_PORT];

type Answer = { code: status; details: string; res?: Buffer };
/** What grpc-js answers, before any handler runs, for a request its deserializer throws on. */
const UNDECODABLE = { code: status.INTERNAL, details: 'Error deserializing request' };

// ---------------------------------------------------------------------------------------------
// Protobuf wire format by hand, so the fuzzer can write what no encoder would.

const varint = (v: bigint): Uint8Array => {
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return Uint8Array.from(out);
};

/** A field on the wire; `len` overrides the length prefix of a length-delimited one (a lie). */
type Field = { no: number; wt: number; body: Uint8Array | Field[]; len?: bigint };

function encode(fields: readonly Field[]): Buffer {
  const out: Uint8Array[] = [];
  for (const f of fields) {
    const body = f.body instanceof Uint8Array ? f.body : encode(f.body);
    out.push(varint(BigInt(f.no * 8 + f.wt)));
    if (f.wt === 2) out.push(varint(f.len ?? BigInt(body.length)));
    out.push(body);
  }
  return Buffer.concat(out);
}

const len = (no: number, body: Uint8Array | Field[]): Field => ({ no, wt: 2, body });
const uint = (no: number, v: bigint): Field => ({ no, wt: 0, body: varint(v) });

/** A valid SignRequest: key_type 1, babe_seal 2 { header 1 }, request_id 6. */
const signRequest = (h: Uint8Array): Field[] => [
  len(1, utf8('babe')),
  len(2, [len(1, h)]),
  len(6, utf8('fuzz')),
];
/** Where its length-delimited fields are: [top-level index, nested index?]. */
const LEN_PATHS = [[0], [1], [1, 0], [2]] as const;
const fieldAt = (fields: Field[], path: readonly number[]): Field =>
  path.length === 1 ? fields[path[0]!]! : (fields[path[0]!]!.body as Field[])[path[1]!]!;

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const unknownNo = fc.integer({ min: 7, max: 2 ** 29 - 1 });
/** A field the schema does not have, in every wire type, the deprecated groups and 6, 7 included. */
const unknownField: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ no: unknownNo, wt: fc.constant(0), body: u64.map(varint) }),
  fc.record({ no: unknownNo, wt: fc.constant(1), body: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
  fc.record({ no: unknownNo, wt: fc.constant(2), body: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ no: unknownNo, wt: fc.constant(5), body: fc.uint8Array({ minLength: 4, maxLength: 4 }) }),
  fc.record({ no: unknownNo, wt: fc.constantFrom(3, 4, 6, 7), body: fc.uint8Array({ maxLength: 8 }) }),
);
/**
 * A second occurrence of a known field: another kind next to babe_seal (a oneof: the last one on
 * the wire wins), another key_type, or another babe_seal (embedded messages merge: the last header
 * wins) holding a conflicting header for the base slot, or one for the slot below.
 */
const knownField = (slot: number): fc.Arbitrary<Field> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 48 }).map((p) => len(3, [len(1, p)])),
    u64.map((s) => len(4, [uint(1, s)])),
    fc.uint8Array({ maxLength: 48 }).map((m) => len(5, [len(1, m)])),
    fc.string({ maxLength: 6 }).map((s) => len(1, utf8(s))),
    fc.constantFrom(babeHeader(slot, { fork: 1 }), babeHeader(slot - 1)).map((h) => len(2, [len(1, h)])),
  );

type Mutation =
  | { op: 'lie'; at: number; len: bigint }
  | { op: 'wiretype'; at: number; wt: number }
  | { op: 'extra'; nested: boolean; field: Field }
  | { op: 'flip'; bits: number[] }
  | { op: 'truncate'; at: number }
  | { op: 'overwrite'; at: number; bytes: Uint8Array };

const mutation = (slot: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    // small lies (off by a few) and large ones, up to 2^64 - 1
    fc.record({ op: fc.constant('lie' as const), at: fc.nat(), len: fc.oneof(fc.bigInt(0n, 300n), u64) }),
    fc.record({
      op: fc.constant('wiretype' as const),
      at: fc.nat(),
      wt: fc.constantFrom(0, 1, 3, 4, 5, 6, 7),
    }),
    fc.record({
      op: fc.constant('extra' as const),
      nested: fc.boolean(),
      field: fc.oneof(unknownField, knownField(slot)),
    }),
    fc.record({ op: fc.constant('flip' as const), bits: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      op: fc.constant('overwrite' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  );

/** A SignRequest for `h` with the field-level mutations applied, encoded, then the byte-level ones. */
function mutate(h: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  const fields = signRequest(h);
  for (const m of mutations) {
    if (m.op === 'lie') fieldAt(fields, LEN_PATHS[m.at % LEN_PATHS.length]!).len = m.len;
    if (m.op === 'wiretype') fieldAt(fields, LEN_PATHS[m.at % LEN_PATHS.length]!).wt = m.wt;
    if (m.op === 'extra') (m.nested ? (fields[1]!.body as Field[]) : fields).push(m.field);
  }
  let bytes = encode(fields);
  for (const m of mutations) {
    if (m.op === 'flip') for (const b of m.bits) bytes[(b >> 3) % bytes.length]! ^= 1 << (b & 7);
    if (m.op === 'truncate') bytes = bytes.subarray(0, m.at % bytes.length);
    if (m.op === 'overwrite') {
      const at = m.at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at + m.bytes.length)]);
    }
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The chain's side: which headers may be signed at all, and which were.

const registry = new TypeRegistry();

/**
 * The slot of a pre-seal BABE header, read independently of the TA (by @polkadot/types, pedantic:
 * every byte consumed, canonical encodings), or undefined when it is not one: not a header, a
 * sealed one, or not exactly one BABE pre-digest of a real variant.
 */
function preSealSlot(h: Uint8Array): bigint | undefined {
  try {
    const logs = registry.createTypeUnsafe<Header>('Header', [h], { isPedantic: true }).digest.logs;
    if (logs.some((l) => l.isSeal || l.isSealV0)) return undefined;
    const babe = logs.filter((l) => l.isPreRuntime && l.asPreRuntime[0].isBabe);
    if (babe.length !== 1) return undefined;
    const pre = registry.createTypeUnsafe<RawBabePreDigest>(
      'RawBabePreDigest',
      [babe[0]!.asPreRuntime[1].toU8a(true)],
      { isPedantic: true },
    );
    if (pre.isPrimary) return pre.asPrimary.slotNumber.toBigInt();
    if (pre.isSecondaryPlain) return pre.asSecondaryPlain.slotNumber.toBigInt();
    if (pre.isSecondaryVRF) return pre.asSecondaryVRF.slotNumber.toBigInt();
    return undefined;
  } catch {
    return undefined;
  }
}

/** Every header signed under the babe key, by slot: the fault suite's ledger (set once babe exists). */
let ledger: SafetyLedger;
/** The highest slot signed. */
let mark = 0n;
/** Requests go one at a time here, so beyond one header per slot, a new slot must be above the mark. */
function recordBabeSignature(
  slot: bigint,
  h: Uint8Array,
  sig: { signature: Uint8Array; publicKey: Uint8Array },
): void {
  const isNew = !ledger.signed(Number(slot));
  expect(ledger.record(Number(slot), h, sig.signature, sig.publicKey)).toBe(true);
  expect(ledger.violations()).toEqual([]); // a repeat is the same header; another one is equivocation
  if (!isNew) return;
  expect(slot).toBeGreaterThan(mark);
  mark = slot;
}

// ---------------------------------------------------------------------------------------------

describe('the gRPC boundary, fuzzed', () => {
  let c: LocalCluster;
  /** The cluster's public keys by key type, from the DKGs. */
  const keys = new Map<string, Buffer>();
  const cosignerAddress: string[] = [];
  const clients = new Map<string, Client>();

  /** A raw client to `address` under a client's certificate, or a peer's ("peer:<id>"). */
  function client(address: string, who: string): Client {
    const key = `${address}/${who}`;
    if (!clients.has(key)) {
      const files = who.startsWith('peer:') ? c.pki.peers[who.slice(5)]! : c.pki.clients[who]!;
      const creds = credentials.createSsl(
        readFileSync(c.pki.ca.cert),
        readFileSync(files.key),
        readFileSync(files.cert),
      );
      clients.set(
        key,
        new Client(address, creds, {
          ...tlsChannelOptions(address),
          'grpc.initial_reconnect_backoff_ms': 100,
        }),
      );
    }
    return clients.get(key)!;
  }

  /** Sends bytes as they are; a hang would show as DEADLINE_EXCEEDED, which no expected set holds. */
  function send(i: number, e: Endpoint, who: string, bytes: Uint8Array): Promise<Answer> {
    const address = e.service === 'Cosigner' ? cosignerAddress[i]! : `127.0.0.1:${c.signerPorts[i]}`;
    const same = (b: Buffer) => b;
    return new Promise((resolve) =>
      client(address, who).makeUnaryRequest(
        `/triad.v1.${e.service}/${e.method}`,
        same,
        same,
        Buffer.from(bytes),
        { deadline: Date.now() + 10_000 },
        (err, res) =>
          resolve(err ? { code: err.code, details: err.details } : { code: status.OK, details: '', res }),
      ),
    );
  }

  /**
   * A signature that came back must be one the rules allow: under the key of the type asked, which
   * the client may use; under babe, only for a pre-seal header (one per slot, slots up), otherwise
   * only for raw bytes under a non-slashable key. Under the babe key it verifies for nothing else.
   */
  function expectAllowedSignature(
    who: string,
    req: Record<string, unknown>,
    sent: Uint8Array,
    sig: Record<string, Buffer>,
  ): void {
    const keyType = req.keyType as string;
    expect(ALLOWED[who]).toContain(keyType);
    expect(hex(sig.publicKey!)).toBe(hex(keys.get(keyType) ?? new Uint8Array()));
    const body = (req.babeSeal ?? req.raw) as Record<string, Buffer>;
    const payload = req.kind === 'babeSeal' ? body.header! : body.payload!;
    const babe = keys.get('babe')!;
    const candidates = [sent, hash(sent), payload, hash(payload)];
    const underBabe = candidates.filter((m) => chainAccepts(sig.signature!, m, babe)).map(hex);
    if (keyType === 'babe') {
      expect(req.kind).toBe('babeSeal');
      const slot = preSealSlot(payload);
      expect(slot).toBeDefined();
      expect([...new Set(underBabe)]).toEqual([hex(hash(payload))]);
      recordBabeSignature(slot!, payload, { signature: sig.signature!, publicKey: sig.publicKey! });
    } else {
      expect({ keyType, kind: req.kind }).toEqual({ keyType: 'audi', kind: 'raw' });
      expect(chainAccepts(sig.signature!, payload, keys.get('audi')!)).toBe(true);
      expect(underBabe).toEqual([]);
    }
  }

  /** The answer the contract allows for these bytes, from this caller, at this endpoint. */
  function expectAllowedAnswer(e: Endpoint, who: string, bytes: Uint8Array, a: Answer): void {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      // the server's own limit (the client has none on sending), before anything is parsed
      expect(a.code).toBe(status.RESOURCE_EXHAUSTED);
      return void expect(a.details).toMatch(/^Received message larger than max/);
    }
    const req = decodeRequest(e, bytes);
    if (!req) return void expect(a).toEqual(UNDECODABLE);
    if (e.service === 'Cosigner') {
      // only the peers are served there (Attest included), never validators or operators; what a
      // peer's certificate gets there has a test of its own
      expect(who).not.toMatch(/^peer:/);
      return void expect(a.code).toBe(status.PERMISSION_DENIED);
    }
    if (e.service === 'Operator')
      return void expect(a.code).toBe(who === 'ops' ? status.OK : status.PERMISSION_DENIED);
    if (e.method === 'Health') return void expect(a.code).toBe(status.OK);
    if (e.method === 'GetPublicKeys') {
      expect(a.code).toBe(status.OK);
      const listed = (decodeResponse(e, a.res!).keys as { keyType: string }[]).map((k) => k.keyType).sort();
      return void expect(listed).toEqual(['audi', 'babe'].filter((k) => ALLOWED[who]!.includes(k)));
    }
    expect(e).toEqual(SIGN);
    const allowed = ALLOWED[who]!.includes(req.keyType as string);
    if (a.code === status.PERMISSION_DENIED) return void expect(allowed).toBe(false);
    if (a.code !== status.OK) return void expect(a.code).toBe(status.INVALID_ARGUMENT);
    expect(allowed).toBe(true); // an answer at all: the client may use the key type
    const res = decodeResponse(e, a.res!);
    if (res.result === 'refusal')
      return void expect(FINAL_REFUSALS).toContain((res.refusal as { reason: string }).reason);
    expectAllowedSignature(who, req, bytes, res.signature as Record<string, Buffer>);
  }

  /** Signs a fresh header above every slot signed so far at peer i (validator-a), checked. */
  async function signNext(i: number): Promise<number> {
    const slot = Number(mark) + 1;
    const h = babeHeader(slot);
    const r = await c.call(i, 'Sign', { keyType: 'babe', babeSeal: { header: h } });
    expect(r.error).toBeNull();
    expect(
      chainAcceptsSeal((r.res.signature as { signature: Uint8Array }).signature, h, keys.get('babe')!),
    ).toBe(true);
    recordBabeSignature(BigInt(slot), h, r.res.signature as { signature: Uint8Array; publicKey: Uint8Array });
    return slot;
  }

  /** Every peer process still runs, and signs a fresh header at a higher slot. */
  async function expectServing(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const proc = c.procs[i]!;
      expect({ peer: i + 1, exitCode: proc.exitCode, signal: proc.signalCode }).toEqual({
        peer: i + 1,
        exitCode: null,
        signal: null,
      });
      await signNext(i);
    }
  }

  beforeAll(async () => {
    await chainVerifierReady();
    // babe (slashable: headers only) and audi (non-slashable: raw bytes), as an operator would
    const started = await startCluster({
      keys: [{ keyType: 'babe' }, { keyType: 'audi', nonSlashable: true }],
    });
    c = started.cluster;
    for (const [keyType, key] of started.publicKeys) keys.set(keyType, Buffer.from(key));
    for (let i = 0; i < 3; i++) cosignerAddress.push(loadConfig(c.configs[i]!).listen.cosigner);
    ledger = new SafetyLedger(keys.get('babe')!);
    mark = BigInt(FIRST_SLOT - 1);
  }, 90_000);

  afterAll(async () => {
    clients.forEach((cl) => cl.close());
    await c?.stop();
  });

  it('a client with a valid certificate but no permission for the key type gets PERMISSION_DENIED', async () => {
    const raw = { keyType: 'audi', raw: { payload: utf8('an im-online heartbeat') } };
    // validator-a may use audi: the key exists and signs raw bytes
    const a = await c.call(0, 'Sign', raw, { client: 'validator-a' });
    const sig = (a.res.signature as { signature: Uint8Array }).signature;
    expect(chainAccepts(sig, raw.raw.payload, keys.get('audi')!)).toBe(true);
    // validator-b (babe only) is refused audi at every peer; and gran, which has no key (no NO_KEY hint)
    for (let i = 0; i < 3; i++) {
      expect((await c.call(i, 'Sign', raw, { client: 'validator-b' })).error?.code).toBe(
        status.PERMISSION_DENIED,
      );
      const gran = { keyType: 'gran', raw: { payload: utf8('x') } };
      expect((await c.call(i, 'Sign', gran, { client: 'validator-b' })).error?.code).toBe(
        status.PERMISSION_DENIED,
      );
    }
    // the operator's certificate cannot sign at all, and sees no keys
    const h = { keyType: 'babe', babeSeal: { header: babeHeader(Number(mark) + 1) } };
    expect((await c.call(1, 'Sign', h, { client: 'ops' })).error?.code).toBe(status.PERMISSION_DENIED);
    expect((await c.call(1, 'GetPublicKeys', {}, { client: 'ops' })).res).toEqual({ keys: [] });
    // validators cannot use the operator's API; no client may use the peers' port, not even Attest
    const st = await send(2, { service: 'Operator', method: 'Status' }, 'validator-a', new Uint8Array());
    expect(st.code).toBe(status.PERMISSION_DENIED);
    for (const e of COSIGNER_PORT)
      for (const who of CLIENTS)
        expect((await send(2, e, who, new Uint8Array())).code).toBe(status.PERMISSION_DENIED);
    await expectServing();
  });

  it("a validator's request replayed byte for byte: the same header at any peer, REGRESSION once a later slot is signed", async () => {
    const slot = Number(mark) + 1;
    const h = babeHeader(slot);
    const bytes = encode(signRequest(h));
    const answer = async (i: number) => {
      const a = await send(i, SIGN, 'validator-a', bytes);
      expect(a.code).toBe(status.OK);
      return decodeResponse(SIGN, a.res!) as {
        signature?: { signature: Buffer; publicKey: Buffer };
        refusal?: { reason: string };
      };
    };
    // each peer signs it once (the others sign the same header again: the same message, which the
    // ledger files as one header); a repeat at the same peer is the very same signature
    const first: string[] = [];
    for (const i of [0, 1, 2]) {
      const { signature } = await answer(i);
      recordBabeSignature(BigInt(slot), h, signature!);
      first.push(hex(signature!.signature));
      expect(hex((await answer(i)).signature!.signature)).toBe(first[i]);
    }
    // later slots signed: a replay still gets the signature it already had, while it is remembered...
    await expectServing();
    for (const i of [0, 1, 2]) expect(hex((await answer(i)).signature!.signature)).toBe(first[i]);
    // ...and once forgotten, the TAs see an old slot: REGRESSION, nothing signed
    for (let k = 0; k < IDEMPOTENCY_KEEP; k++) await expectServing();
    for (const i of [0, 1, 2]) expect((await answer(i)).refusal?.reason).toBe('REGRESSION');
  });

  it('mutations of a valid SignRequest: nothing signed but the header sent, at any peer, for any client', async () => {
    // The base header is signed first: a mutation that keeps it is a repeat, one that changes it
    // within the slot a conflict, one that lowers the slot a regression.
    const slot = await signNext(0);
    const base = babeHeader(slot);
    const seen = { undecodable: 0, taRefusals: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation(slot), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(...CLIENTS),
        async (mutations, i, who) => {
          const bytes = mutate(base, mutations);
          const req = decodeRequest(SIGN, bytes);
          const h = (req?.babeSeal as { header?: Uint8Array } | null)?.header;
          // A mutation that only moved the slot up made a well-formed request for a later slot,
          // which the cluster rightly signs (slashing protection across slots is cluster.test.ts's
          // business): skipped, so that the mark stays put. A few percent of the bit flips.
          fc.pre(!(req?.keyType === 'babe' && h && (preSealSlot(h) ?? 0n) > BigInt(slot)));
          const a = await send(i, SIGN, who, bytes);
          expectAllowedAnswer(SIGN, who, bytes, a);
          if (!req) seen.undecodable++;
          const reason = a.res && (decodeResponse(SIGN, a.res).refusal as { reason?: string } | null)?.reason;
          if (reason === 'CONFLICT' || reason === 'REGRESSION' || reason === 'MALFORMED') seen.taRefusals++;
        },
      ),
      { numRuns: RUNS },
    );
    // the fuzzer went past the decoder, and past the handler's checks to the TAs' own refusals
    expect(seen.undecodable).toBeGreaterThan(0);
    expect(seen.taRefusals).toBeGreaterThan(0);
    await expectServing();
  });

  it('arbitrary bytes to every method of both ports, under every client certificate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVERY_ENDPOINT),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(...CLIENTS),
        fc.oneof(fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 600 })),
        async (e, i, who, bytes) => expectAllowedAnswer(e, who, bytes, await send(i, e, who, bytes)),
      ),
      { numRuns: RUNS },
    );
    await expectServing();
  });

  it("a peer's host forging Cosign requests gets no signature share from another peer's TA", async () => {
    // Real commitments from each TA's nonce pool (Commit, as a peer asks for them), so that a
    // forged signing set names nonces the cosigner TA holds: only the counter update's MAC, which
    // a host cannot make, stands between the forgery and a share.
    const commitment = async (i: number) => {
      const ask = encode([len(1, utf8('babe')), uint(2, 1n), len(3, keys.get('babe')!)]);
      const a = await send(i, { service: 'Cosigner', method: 'Commit' }, `peer:${((i + 1) % 3) + 1}`, ask);
      const res = decodeResponse({ service: 'Cosigner', method: 'Commit' }, a.res!);
      return decodeSigningCommitment((res.commitments as Uint8Array[])[0]!);
    };
    const commitments = [await commitment(0), await commitment(1), await commitment(2)];
    const forged = fc
      .record({
        target: fc.integer({ min: 0, max: 2 }),
        other: fc.integer({ min: 1, max: 2 }),
        // any slot: a share for a header far ahead would be the prize
        slot: fc.oneof(fc.integer({ min: Number(mark) + 1, max: Number(mark) + 10 }), fc.integer({ min: 0 })),
        counter: u64,
        mac: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        // the update mostly from the impersonated peer to the target, as a real one would be
        ends: fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })),
          },
        ),
      })
      .map(({ target, other, slot, counter, mac, ends }) => {
        const from = (target + other) % 3;
        const request = encodeSignRequest({
          kind: 'babe-seal',
          key: { keyType: 'babe', publicKey: keys.get('babe')! },
          payload: babeHeader(slot),
          signingSet: [commitments[from]!, commitments[target]!].sort((x, y) => x.identifier - y.identifier),
        });
        // update: from:u16 to:u16 counter:u64 digest[32] mac[32], little-endian (counter.h)
        const update = Buffer.alloc(COUNTER_UPDATE_BYTES);
        update.writeUInt16LE(ends?.[0] ?? from + 1, 0);
        update.writeUInt16LE(ends?.[1] ?? target + 1, 2);
        update.writeBigUInt64LE(counter, 4);
        Buffer.from(blake2b(Buffer.concat([utf8('triad-sign-request-v1'), request]), { dkLen: 32 })).copy(
          update,
          12,
        );
        Buffer.from(mac).copy(update, 44);
        return {
          target,
          who: `peer:${from + 1}`,
          bytes: encode([len(1, request), len(2, update)]),
          forged: true,
        };
      });
    /** Junk from a peer's certificate: undecodable, or well-formed fields around junk for the TA. */
    const junk = fc
      .record({
        target: fc.integer({ min: 0, max: 2 }),
        other: fc.integer({ min: 1, max: 2 }),
        e: fc.constantFrom(COSIGN, COUNTER_REPORT),
        bytes: fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .tuple(
              fc.uint8Array({ minLength: 1, maxLength: 400 }),
              fc.uint8Array({ minLength: 1, maxLength: 200 }),
            )
            .map(([r, u]) => encode([len(1, r), len(2, u)])),
        ),
      })
      .map(({ target, other, e, bytes }) => ({
        target,
        e,
        who: `peer:${((target + other) % 3) + 1}`,
        bytes,
      }));
    const seen = { forgedRefused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          forged.map((f) => ({ ...f, e: COSIGN })),
          junk.map((j) => ({ ...j, forged: false })),
        ),
        async ({ target, e, who, bytes, forged: isForged }) => {
          const a = await send(target, e, who, bytes);
          const req = decodeRequest(e, bytes);
          if (!req) return void expect(a).toEqual(UNDECODABLE);
          if (e === COUNTER_REPORT) {
            // a TA refusal (FAILED_PRECONDITION, its code first); a report would be harmless (MAC'd
            // for the challenger's TA) but junk is no challenge
            if (a.code === status.INVALID_ARGUMENT) return;
            expect(a.code).toBe(status.FAILED_PRECONDITION);
            return void expect(a.details).toMatch(/^MALFORMED:/);
          }
          if (a.code === status.INVALID_ARGUMENT) return void expect(isForged).toBe(false); // field sizes
          expect(a.code).toBe(status.OK);
          const res = decodeResponse(e, a.res!);
          expect(res.result).toBe('refusal'); // never `cosigned`
          // junk does not parse; a forgery parses, up to the MAC
          expect((res.refusal as { code: string }).code).toBe(isForged ? 'PEER_AUTH' : 'MALFORMED');
          if (isForged) seen.forgedRefused++;
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.forgedRefused).toBeGreaterThan(0);
    await expectServing();
  });

  it('oversized messages are RESOURCE_EXHAUSTED before parsing; the limit itself is served', async () => {
    const slot = await signNext(0);
    const base = babeHeader(slot);
    /** The request for the base header padded with an unknown field to exactly `size` bytes. */
    const padded = (size: number) => {
      const bare = encode(signRequest(base)).length;
      // the padding costs its tag (2 bytes for field 99), its length (1 to 5 bytes) and itself
      for (let prefix = 3; prefix <= 7; prefix++) {
        const bytes = encode([
          ...signRequest(base),
          len(99, new Uint8Array(Math.max(size - bare - prefix, 0))),
        ]);
        if (bytes.length === size) return bytes;
      }
      throw new Error(`cannot pad to ${size}`);
    };
    const atLimit = padded(MAX_MESSAGE_BYTES);
    const a = await send(1, SIGN, 'validator-b', atLimit);
    expect(a.code).toBe(status.OK); // served: the base header, signed again
    expectAllowedAnswer(SIGN, 'validator-b', atLimit, a);
    // a header over the TA's payload limit, in a message under the gRPC one: the handler refuses it
    const big = encode([len(1, utf8('babe')), len(2, [len(1, new Uint8Array(Limits.MAX_PAYLOAD + 1))])]);
    expect((await send(2, SIGN, 'validator-a', big)).code).toBe(status.INVALID_ARGUMENT);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVERY_ENDPOINT),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(...CLIENTS, 'peer:1', 'peer:2', 'peer:3'),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 3 * MAX_MESSAGE_BYTES })),
        fc.boolean(),
        async (e, i, who, over, junk) => {
          const size = MAX_MESSAGE_BYTES + over;
          const bytes = junk ? new Uint8Array(size).fill(0xff) : padded(size);
          expectAllowedAnswer(e, who, bytes, await send(i, e, who, bytes));
        },
      ),
      { numRuns: 40 },
    );
    await expectServing();
  });
});
