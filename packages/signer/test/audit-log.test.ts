import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Level } from 'level';
import { AuditLog, AuditLogError } from '../src/audit-log.js';
import type { AuditEntry, AuditRecord, AuditRecordInput } from '../src/audit-log.js';

const root = mkdtempSync(join(tmpdir(), 'triad-audit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `log-${++dirs}`);

const hex = (n: number, bytes: number): string => n.toString(16).padStart(2 * bytes, '0');

const signed = (slot: number, over: Partial<AuditRecord> = {}): AuditRecord => ({
  client: 'validator-a',
  kind: 'babe-seal',
  keyType: 'babe',
  slot: BigInt(slot),
  payloadHash: hex(slot, 32),
  decision: 'signed',
  signature: hex(slot, 64),
  cosigner: 'peer-2',
  latencyMs: 14.5,
  time: new Date(Date.UTC(2026, 10, 23, 12) + slot * 6000).toISOString(),
  ...over,
});

const refused = (slot: number, reason: string): AuditRecord => ({
  client: 'validator-b',
  kind: 'babe-seal',
  keyType: 'babe',
  slot: BigInt(slot),
  payloadHash: hex(slot + 1, 32),
  decision: 'refused',
  reason,
  latencyMs: 3,
  time: '2026-11-23T12:00:00.000Z',
});

/** The same records as `writerRecord` in fixtures/audit-writer.mjs (a .mjs file has no types to import). */
const writerRecord = (n: number): AuditRecord => ({
  client: `writer-${n}`,
  kind: 'babe-seal',
  keyType: 'babe',
  slot: BigInt(n),
  payloadHash: n.toString(16).padStart(64, '0'),
  decision: 'signed',
  signature: 'ab'.repeat(64),
  cosigner: 'peer-2',
  latencyMs: n % 50,
  time: new Date(Date.UTC(2026, 0, 1) + n).toISOString(),
});

const seqs = (records: AuditEntry[]): number[] => records.map((r) => r.seq);

describe('AuditLog: append, tail, range, lastFor', () => {
  it('numbers records from 1, reads them back exactly, and continues the sequence after a reopen', async () => {
    const dir = freshDir();
    const log = await AuditLog.open(dir);
    expect(log.lastSequence).toBe(0);
    expect(await log.tail(5)).toEqual({ records: [], skipped: [] });
    expect(await log.lastFor('babe')).toEqual({ record: undefined, skipped: [] });

    const written: AuditRecord[] = [
      signed(100),
      refused(100, 'CONFLICT'),
      signed(101),
      { ...refused(99, 'REGRESSION'), cosigner: 'peer-3' },
      {
        client: 'validator-a',
        kind: 'raw',
        keyType: 'imon',
        payloadHash: hex(7, 32),
        decision: 'signed',
        signature: hex(7, 64),
        latencyMs: 0,
        time: '2026-11-23T12:01:00.000Z',
      },
      { ...refused(0, 'MALFORMED'), slot: undefined }, // an unparsable header has no slot
      { ...refused(102, 'TIMEOUT'), decision: 'failed', cosigner: 'peer-3' },
    ];
    for (const [i, r] of written.entries()) expect(await log.append(r)).toBe(i + 1);
    expect(log.lastSequence).toBe(7);

    const all = await log.range();
    expect(all.skipped).toEqual([]);
    expect(all.records).toEqual(written.map((r, i) => ({ ...r, seq: i + 1 })));
    expect(all.records[5]).not.toHaveProperty('slot');
    expect(all.records[0]!.slot).toBe(100n);

    expect(seqs((await log.tail(3)).records)).toEqual([5, 6, 7]);
    expect(seqs((await log.tail(50)).records)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs((await log.range({ from: 2, to: 4 })).records)).toEqual([2, 3, 4]);
    expect(seqs((await log.range({ from: 3, limit: 2 })).records)).toEqual([3, 4]);
    expect(seqs((await log.range({ from: 6 })).records)).toEqual([6, 7]);
    expect((await log.range({ from: 5, to: 4 })).records).toEqual([]);
    expect((await log.range({ from: 8 })).records).toEqual([]);

    // lastFor: the latest *signed* record per key type; later refusals do not move it.
    expect((await log.lastFor('babe')).record).toEqual({ ...signed(101), seq: 3 });
    expect((await log.lastFor('imon')).record?.seq).toBe(5);
    expect((await log.lastFor('gran')).record).toBeUndefined();
    await log.close();

    const again = await AuditLog.open(dir);
    expect(again.lastSequence).toBe(7);
    expect((await again.lastFor('babe')).record?.seq).toBe(3);
    expect(await again.append(signed(103))).toBe(8);
    expect((await again.lastFor('babe')).record?.slot).toBe(103n);
    expect(seqs((await again.range()).records)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await again.close();
  });

  it('records the key by its public key, and finds the latest signature of each key of one type', async () => {
    const log = await AuditLog.open(freshDir());
    const keyA = hex(0xa, 32);
    const keyB = hex(0xb, 32);
    await log.append({ ...signed(10), publicKey: keyA });
    await log.append({ ...signed(11), publicKey: keyB });
    await log.append({ ...refused(12, 'CONFLICT'), publicKey: keyA });
    await log.append(signed(13)); // from before keys had identities: no public key
    expect((await log.lastFor('babe', keyA)).record).toEqual({ ...signed(10), publicKey: keyA, seq: 1 });
    expect((await log.lastFor('babe', keyB)).record?.seq).toBe(2);
    expect((await log.lastFor('babe', hex(0xc, 32))).record).toBeUndefined();
    expect((await log.lastFor('babe')).record?.seq).toBe(4); // the type's latest, whichever key
    expect((await log.range()).records.map((r) => r.publicKey)).toEqual([keyA, keyB, keyA, undefined]);
    await expect(log.append({ ...signed(14), publicKey: 'AB'.repeat(32) })).rejects.toThrow(
      /publicKey must be 32 bytes, or 33 \(SEC1 compressed\), as lowercase hex/,
    );
    await expect(log.lastFor('babe', keyA.slice(2))).rejects.toThrow(/publicKey must be 32 bytes/);
    await log.close();
  });

  it('records a beef key by its 33-byte compressed public key, with its 65-byte ecdsa signature', async () => {
    const log = await AuditLog.open(freshDir());
    const beefKey = `02${hex(0xd, 32)}`;
    const { slot: _slot, ...unslotted } = signed(20); // a slot is for babe kinds only
    const record = {
      ...unslotted,
      kind: 'beefy-commitment' as const,
      keyType: 'beef',
      publicKey: beefKey,
      signature: hex(0xe, 65),
    };
    await log.append(record);
    expect((await log.lastFor('beef', beefKey)).record).toEqual({ ...record, seq: 1 });
    // 33 bytes that are no compressed point's encoding, and a 66-byte signature, are refused
    await expect(log.append({ ...record, publicKey: `04${hex(0xd, 32)}` })).rejects.toThrow(
      /publicKey must be/,
    );
    await expect(log.append({ ...record, signature: hex(0xe, 66) })).rejects.toThrow(/signature must be/);
    await log.close();
  });

  it('fills in the time when none is given', async () => {
    const log = await AuditLog.open(freshDir());
    const before = Date.now();
    const input: AuditRecordInput = { ...signed(1), time: undefined };
    await log.append(input);
    const [entry] = (await log.tail(1)).records;
    expect(Date.parse(entry!.time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entry!.time)).toBeLessThanOrEqual(Date.now());
    await log.close();
  });

  it('gives 200 concurrent appends distinct, gap-free sequences in call order', async () => {
    const log = await AuditLog.open(freshDir());
    await log.append(signed(1));
    const got = await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.append(signed(10 + i, { client: `c${i}` }))),
    );
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    const { records, skipped } = await log.range({ from: 2 });
    expect(skipped).toEqual([]);
    expect(records.map((r) => [r.seq, r.client])).toEqual(got.map((seq, i) => [seq, `c${i}`]));
    expect((await log.lastFor('babe')).record?.client).toBe('c199');
    // close() waits for queued appends rather than dropping them
    const late = [log.append(signed(500)), log.append(signed(501))];
    await log.close();
    expect(await Promise.all(late)).toEqual([202, 203]);
  });
});

describe('AuditLog: crash safety', () => {
  it('keeps every append the writer saw resolve when it is SIGKILLed mid-stream', async () => {
    const dir = freshDir();
    const fixture = fileURLToPath(new URL('./fixtures/audit-writer.mjs', import.meta.url));
    const child = spawn(process.execPath, [fixture, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: [number, number][] = [];
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          stdout += b.toString();
          const lines = stdout.split('\n');
          stdout = lines.pop()!; // only whole lines count as reported
          for (const line of lines) reported.push(line.split(' ').map(Number) as [number, number]);
          if (reported.length >= 300) resolve();
        });
        void exited.then((how) => reject(new Error(`the writer exited early (${how}): ${stderr}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      child.kill('SIGKILL'); // harmless if already dead
    }

    const log = await AuditLog.open(dir); // LevelDB's LOCK died with the process
    const { records, skipped } = await log.range({ limit: 1_000_000 });
    expect(skipped).toEqual([]);
    // gap-free from 1, and at least every reported append is there (later ones may be too)
    expect(seqs(records)).toEqual(records.map((_, i) => i + 1));
    const bySeq = new Map(records.map((r) => [r.seq, r]));
    for (const [seq, n] of reported) {
      expect(seq).toBe(n + 1);
      expect(bySeq.get(seq)).toEqual({ ...writerRecord(n), seq });
    }
    expect(log.lastSequence).toBe(records.length);
    expect(records.length).toBeGreaterThanOrEqual(Math.max(...reported.map(([seq]) => seq)));
    expect((await log.lastFor('babe')).record?.seq).toBe(records.length);
    expect(await log.append(signed(1))).toBe(records.length + 1);
    await log.close();
  });
});

describe('AuditLog: corrupt and foreign values', () => {
  it('skips and counts them on every read, never throws, and keeps numbering after them', async () => {
    const dir = freshDir();
    const log = await AuditLog.open(dir);
    for (let slot = 1; slot <= 5; slot++) await log.append(signed(slot));
    await log.close();

    const valueOf = (seq: number) => `record:${String(seq).padStart(16, '0')}`;
    const raw = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    const garbage = Uint8Array.from([0xff, 0x00, 0xfe, 0x7b, 0x22]); // not UTF-8, not JSON
    await raw.put<string, Uint8Array>(valueOf(2), garbage, { valueEncoding: 'view' });
    await raw.put(valueOf(3), JSON.stringify({ hello: 'world' })); // foreign JSON
    await raw.put(valueOf(4), (await raw.get(valueOf(1)))!); // a record's value under another record's key
    await raw.put('record:1', '{}'); // a stray key among the record keys (sorts after record:…05)
    await raw.put('record:x', '{}'); // a key past every sequence: not part of the log
    await raw.close();

    const again = await AuditLog.open(dir);
    expect(again.lastSequence).toBe(5); // the stray keys are not sequences
    const all = await again.range();
    expect(seqs(all.records)).toEqual([1, 5]);
    expect(all.skipped.map((s) => [s.key, s.seq])).toEqual([
      [valueOf(2), 2],
      [valueOf(3), 3],
      [valueOf(4), 4],
      ['record:1', undefined],
    ]);
    expect(all.skipped.map((s) => s.why)).toEqual([
      'value is not JSON',
      'unknown format version undefined',
      'value belongs to sequence 1',
      'not a record key',
    ]);
    const tail = await again.tail(3);
    expect(seqs(tail.records)).toEqual([5]);
    expect(tail.skipped.map((s) => s.key)).toEqual([valueOf(4), 'record:1']); // the last 3 keys, in key order
    expect(await again.append(signed(6))).toBe(6);
    await again.close();
  });

  it('reports a corrupt index or record behind lastFor instead of throwing', async () => {
    const dir = freshDir();
    const log = await AuditLog.open(dir);
    await log.append(signed(1));
    await log.append(signed(2, { keyType: 'sass', kind: 'babe-vrf' }));
    await log.close();

    const raw = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await raw.put('record:0000000000000001', '{"v":1,"seq":1,"client":7}');
    await raw.put('last:gran', 'not a number');
    await raw.put('last:imon', '99');
    await raw.put('last:audi', '2'); // points to the sass record
    await raw.close();

    const again = await AuditLog.open(dir);
    const babe = await again.lastFor('babe');
    expect(babe.record).toBeUndefined();
    expect(babe.skipped).toEqual([
      {
        key: 'record:0000000000000001',
        seq: 1,
        why: 'stored record: client must be a non-empty string, got 7',
      },
    ]);
    expect((await again.lastFor('gran')).skipped[0]!.why).toBe('index value is not a sequence');
    expect((await again.lastFor('imon')).skipped[0]!.why).toBe('last:imon points to a missing record');
    expect((await again.lastFor('audi')).skipped[0]!.why).toMatch(/not a signed audi record/);
    expect((await again.lastFor('sass')).record?.seq).toBe(2);
    await again.close();
  });
});

describe('AuditLog: misuse', () => {
  it('rejects every use of a closed log with a clear error, and closing twice is harmless', async () => {
    const log = await AuditLog.open(freshDir());
    await log.append(signed(1));
    await log.close();
    await log.close();
    for (const use of [
      () => log.append(signed(2)),
      () => log.tail(1),
      () => log.range(),
      () => log.lastFor('babe'),
    ]) {
      const error = await use().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditLogError);
      expect(error).toMatchObject({
        code: 'CLOSED',
        message: expect.stringMatching(/CLOSED: audit log .* is closed/),
      });
    }
  });

  it('refuses a second opener of the same directory (LevelDB locks it)', async () => {
    const dir = freshDir();
    const log = await AuditLog.open(dir);
    const error = await AuditLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogError);
    expect(error).toMatchObject({ code: 'OPEN', message: expect.stringMatching(/lock.*already held/) });
    await log.close();
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', null, /a record must be an object/],
    ['an unknown kind', { ...signed(1), kind: 'sign-anything' }, /kind must be one of/],
    ['an unknown decision', { ...signed(1), decision: 'maybe' }, /decision must be one of/],
    ['no client', { ...signed(1), client: undefined }, /client must be a non-empty string/],
    ['an empty client', { ...signed(1), client: '' }, /client must be a non-empty string/],
    ['a bad key type', { ...signed(1), keyType: 'BABE' }, /keyType must be four/],
    ['a number slot', { ...signed(1), slot: 1 }, /slot must be a bigint/],
    ['a negative slot', { ...signed(1), slot: -1n }, /slot must be a bigint/],
    ['a slot past u64', { ...signed(1), slot: 1n << 64n }, /slot must be a bigint/],
    ['a slot on a raw request', { ...signed(1), kind: 'raw' }, /slot is for babe kinds only/],
    ['a short payload hash', { ...signed(1), payloadHash: 'abcd' }, /payloadHash must be 32 bytes/],
    ['an upper-case payload hash', { ...signed(1), payloadHash: 'AB'.repeat(32) }, /payloadHash/],
    [
      'signed without signature',
      { ...signed(1), signature: undefined },
      /signature must be 64, 65, 96 or 32 bytes/,
    ],
    ['signed with a reason', { ...signed(1), reason: 'CONFLICT' }, /a signed record has no reason/],
    ['refused without reason', { ...refused(1, 'X'), reason: undefined }, /reason must be/],
    [
      'refused with a signature',
      { ...refused(1, 'CONFLICT'), signature: hex(1, 64) },
      /only a signed record/,
    ],
    ['a lower-case reason', refused(1, 'conflict'), /reason must be an upper-case code/],
    ['a negative latency', { ...signed(1), latencyMs: -1 }, /latencyMs must be/],
    ['a NaN latency', { ...signed(1), latencyMs: NaN }, /latencyMs must be/],
    ['a latency string', { ...signed(1), latencyMs: '12' }, /latencyMs must be/],
    ['a local time', { ...signed(1), time: '2026-11-23 12:00:00' }, /time must be an ISO 8601 UTC time/],
    ['an empty cosigner', { ...signed(1), cosigner: '' }, /cosigner must be a non-empty string/],
    ['an unknown field', { ...signed(1), note: 'hi' }, /unknown field "note"/],
  ];
  it.each(bad)(
    'rejects a record with %s (TypeError) and uses no sequence for it',
    async (_, record, message) => {
      const log = await AuditLog.open(freshDir());
      const error = await log.append(record as AuditRecord).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
      expect(await log.append(signed(1))).toBe(1);
      await log.close();
    },
  );

  it('rejects bad read arguments with TypeError', async () => {
    const log = await AuditLog.open(freshDir());
    await expect(log.tail(-1)).rejects.toThrow(TypeError);
    await expect(log.tail(1.5)).rejects.toThrow(TypeError);
    await expect(log.range({ from: 0 })).rejects.toThrow(TypeError);
    await expect(log.range({ limit: -1 })).rejects.toThrow(TypeError);
    await expect(log.lastFor('babe-seal')).rejects.toThrow(TypeError);
    await log.close();
  });
});
