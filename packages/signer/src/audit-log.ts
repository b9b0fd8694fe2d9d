/**
 * The peer's audit log: an append-only record of every signing request it handled (who asked,
 * what, the decision and why), kept on LevelDB in the peer's data dir. It is the operator's
 * record for incident analysis and what `triadctl` reads, so two properties matter most:
 *
 * - durable and gap-free: `append` resolves only once its record is on disk (a `sync` batch, one
 *   fdatasync of LevelDB's write-ahead log), and sequences are dense and in call order, so a
 *   missing number means damage or tampering, never a numbering quirk or a crash (batches are
 *   written one after another, and LevelDB recovers its log as a prefix);
 * - a bad value never hides the good ones: reads skip a corrupt or foreign value, and report it
 *   in `skipped` rather than throwing, because the log is read exactly when something went wrong.
 *
 * Keys: `record:<sequence, 16 decimal digits>` (zero-padded, so byte order = sequence order),
 * `last:<key type>` -> the sequence of the latest signed record for that key type, and
 * `last:<key type>:<public key hex>` -> the same for one key (a cluster holds several of a type). Values are
 * JSON with a format version; a record's value carries its own sequence, so a value found under
 * another record's key is caught as foreign.
 *
 * LevelDB locks its directory (`LOCK`): one process at a time. A second opener (say `triadctl`
 * while the peer runs) gets `AuditLogError('OPEN')`; read a live log through the peer instead.
 */
import { isKeyType, KEY_TYPE_PATTERN } from '@triad/proto';
import { Level } from 'level';

export const AUDIT_KINDS = [
  'babe-seal',
  'raw',
  'babe-vrf',
  'grandpa-vote',
  'babe-vrf-pre-output',
  'assignment-vrf',
  'para-statement',
  'beefy-commitment',
] as const; // DESIGN.md section 6
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_DECISIONS = ['signed', 'refused', 'failed'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** One signing request as the peer handled it. */
export interface AuditRecord {
  /** Who asked: the client's name (from its certificate). */
  readonly client: string;
  readonly kind: AuditKind;
  /** Four lowercase ASCII letters or digits, as the TA takes them (`babe`, `gran`, `audi`, ...). */
  readonly keyType: string;
  /**
   * The key that was asked for or chosen (its group public key, 32 bytes, or 33 for an ecdsa key,
   * lowercase hex): absent
   * only when none was (a request refused before a key was named, or from a log written before keys
   * had identities).
   */
  readonly publicKey?: string;
  /** The header's slot, where the peer knows it: babe kinds only (the TAs parse headers; the host may not). */
  readonly slot?: bigint;
  /** Hash of the payload the client sent (for babe-seal, blake2-256 of the header): 32 bytes, lowercase hex. */
  readonly payloadHash: string;
  readonly decision: AuditDecision;
  /**
   * Why it was refused or failed: a machine-readable code (`CONFLICT`, `REGRESSION`, `MALFORMED`,
   * `POLICY`, `LOCKED`, `ROLLED_BACK`, `QUORUM`, `TIMEOUT`, or a TA/transport code). Required
   * unless signed, absent when signed. Not a closed list: the log must record causes added later.
   */
  readonly reason?: string;
  /**
   * The signature returned (sr25519 and ed25519 are both 64 bytes; a VRF's VrfSignature 96, its
   * pre-output alone 32), lowercase hex; exactly when signed.
   */
  readonly signature?: string;
  /** The peer id of the cosigner, when one was involved. */
  readonly cosigner?: string;
  readonly latencyMs: number;
  /** When the request was decided: ISO 8601 in UTC, exactly as `Date.prototype.toISOString` writes it. */
  readonly time: string;
}

/** What `append` takes: a record whose `time` defaults to now. */
export type AuditRecordInput = Omit<AuditRecord, 'time'> & { readonly time?: string };

/** A record read back, with its sequence number. */
export interface AuditEntry extends AuditRecord {
  readonly seq: number;
}

/** A value that was read but could not be returned as a record: counted, never thrown. */
export interface SkippedEntry {
  readonly key: string;
  /** The sequence its key names, if the key is a well-formed record key. */
  readonly seq: number | undefined;
  readonly why: string;
}

export interface AuditRead {
  readonly records: AuditEntry[];
  readonly skipped: SkippedEntry[];
}

export interface RangeOptions {
  /** First sequence, inclusive (default 1). */
  readonly from?: number;
  /** Last sequence, inclusive (default: the end of the log). */
  readonly to?: number;
  /** At most this many entries read, skipped ones included (default `DEFAULT_RANGE_LIMIT`). */
  readonly limit?: number;
}

/** A log grows by thousands of records a day; an unbounded read would load all of them. */
export const DEFAULT_RANGE_LIMIT = 1000;

export type AuditLogErrorCode =
  | 'CLOSED' // the log was closed; open it again
  | 'OPEN' // the database could not be opened (held by another process, unreadable, ...); `cause` has LevelDB's error
  | 'WRITE'; // a batch failed; none of its records were written and their sequences are not used

export class AuditLogError extends Error {
  readonly code: AuditLogErrorCode;

  constructor(code: AuditLogErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'AuditLogError';
    this.code = code;
  }
}

const FORMAT = 1;
const RECORD_PREFIX = 'record:';
const INDEX_PREFIX = 'last:';
const SEQ_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits
const MAX_GROUP = 256; // records per batch, to bound one write

/** The index entries a signed record moves: its key type's, and its key's when it names one. */
const indexKeys = (keyType: string, publicKey?: string): string[] =>
  publicKey === undefined
    ? [INDEX_PREFIX + keyType]
    : [INDEX_PREFIX + keyType, `${INDEX_PREFIX}${keyType}:${publicKey}`];
const recordKey = (seq: number): string => RECORD_PREFIX + String(seq).padStart(SEQ_DIGITS, '0');
/**
 * Every read covers the keys of sequences 1 to MAX_SAFE_INTEGER, so that all reads agree on what
 * they see: a stray key in that span is skipped and counted, one outside it is no record at all.
 */
const ALL_RECORDS = { gte: recordKey(1), lte: recordKey(Number.MAX_SAFE_INTEGER) } as const;

/** LevelDB's own message: open() wraps it in `cause` (an Error of another realm under jest, so no instanceof). */
const messageOf = (e: unknown): string => {
  const cause = (e as { cause?: { message?: unknown } } | undefined)?.cause;
  return typeof cause?.message === 'string' ? cause.message : String((e as Error | undefined)?.message ?? e);
};

const RECORD_KEY = new RegExp(`^${RECORD_PREFIX}(\\d{${SEQ_DIGITS}})$`);

function seqOfKey(key: string): number | undefined {
  const m = RECORD_KEY.exec(key);
  const seq = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(seq) && seq >= 1 ? seq : undefined;
}

const HASH_HEX = /^[0-9a-f]{64}$/;
// a group public key: 32 bytes, or 33 (SEC1 compressed) for an ecdsa key
const PUBLIC_KEY_HEX = /^(?:[0-9a-f]{64}|0[23][0-9a-f]{64})$/;
// 64 bytes (a signature), 65 (an ecdsa signature), 96 (a VrfSignature) or 32 (a VRF pre-output alone)
const SIGNATURE_HEX = /^(?:[0-9a-f]{64}|[0-9a-f]{128}|[0-9a-f]{130}|[0-9a-f]{192})$/;
const REASON = /^[A-Z][A-Z0-9_]*$/;
const SLOT_LIMIT = 1n << 64n; // slots are u64
const FIELDS = new Set([
  'client',
  'kind',
  'keyType',
  'publicKey',
  'slot',
  'payloadHash',
  'decision',
  'reason',
  'signature',
  'cosigner',
  'latencyMs',
  'time',
]);

const show = (v: unknown): string =>
  typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);

/**
 * Checks a record field by field and returns a copy holding exactly the known fields, so that
 * nothing the caller changes later, and no stray property, reaches the disk. Throws TypeError.
 * Used both on append and on every value read back.
 */
function checkRecord(input: unknown, what: string): AuditRecord {
  const fail = (message: string): never => {
    throw new TypeError(`${what}: ${message}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('a record must be an object');
  const r = input as Record<string, unknown>;
  for (const name of Object.keys(r)) if (!FIELDS.has(name)) fail(`unknown field "${name}"`);
  const present = (name: string): boolean => r[name] !== undefined;
  const string = (name: string): string => {
    const v = r[name];
    if (typeof v !== 'string' || v === '') fail(`${name} must be a non-empty string, got ${show(v)}`);
    return v as string;
  };
  const matching = (name: string, re: RegExp, description: string): string => {
    const v = r[name];
    if (typeof v !== 'string' || !re.test(v)) fail(`${name} must be ${description}, got ${show(v)}`);
    return v as string;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[]): T => {
    const v = r[name];
    if (!values.includes(v as T)) fail(`${name} must be one of ${values.join(', ')}, got ${show(v)}`);
    return v as T;
  };

  const client = string('client');
  const kind = oneOf('kind', AUDIT_KINDS);
  const keyType = matching('keyType', KEY_TYPE_PATTERN, 'four lowercase ASCII letters or digits');
  const publicKey = present('publicKey')
    ? matching('publicKey', PUBLIC_KEY_HEX, '32 bytes, or 33 (SEC1 compressed), as lowercase hex')
    : undefined;
  const payloadHash = matching('payloadHash', HASH_HEX, '32 bytes as lowercase hex');
  const decision = oneOf('decision', AUDIT_DECISIONS);

  let slot: bigint | undefined;
  if (present('slot')) {
    if (kind !== 'babe-seal' && kind !== 'babe-vrf') fail(`slot is for babe kinds only, not ${kind}`);
    slot = r.slot as bigint;
    if (typeof slot !== 'bigint' || slot < 0n || slot >= SLOT_LIMIT)
      fail(`slot must be a bigint in [0, 2^64), got ${show(r.slot)}`);
  }

  let reason: string | undefined;
  let signature: string | undefined;
  if (decision === 'signed') {
    if (present('reason')) fail(`a signed record has no reason, got ${show(r.reason)}`);
    signature = matching('signature', SIGNATURE_HEX, '64, 65, 96 or 32 bytes as lowercase hex');
  } else {
    if (present('signature')) fail(`only a signed record has a signature (decision is ${decision})`);
    reason = matching('reason', REASON, 'an upper-case code such as CONFLICT');
  }
  const cosigner = present('cosigner') ? string('cosigner') : undefined;

  const latencyMs = r.latencyMs;
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0)
    fail(`latencyMs must be a finite number >= 0, got ${show(latencyMs)}`);
  const time = string('time');
  // Date.parse alone accepts many shapes and local times; one exact UTC form keeps times comparable.
  if (Number.isNaN(Date.parse(time)) || new Date(time).toISOString() !== time)
    fail(`time must be an ISO 8601 UTC time as toISOString writes it, got ${show(time)}`);

  return {
    client,
    kind,
    keyType,
    ...(publicKey !== undefined && { publicKey }),
    ...(slot !== undefined && { slot }),
    payloadHash,
    decision,
    ...(reason !== undefined && { reason }),
    ...(signature !== undefined && { signature }),
    ...(cosigner !== undefined && { cosigner }),
    latencyMs: latencyMs as number,
    time,
  };
}

/** The stored form: JSON has no bigint, so the slot is a decimal string. */
function encodeRecord(seq: number, record: AuditRecord): string {
  return JSON.stringify({ v: FORMAT, seq, ...record, slot: record.slot?.toString() });
}

function decodeRecord(key: string, value: string): { entry: AuditEntry } | { skipped: SkippedEntry } {
  const seq = seqOfKey(key);
  const skip = (why: string) => ({ skipped: { key, seq, why } });
  if (seq === undefined) return skip('not a record key');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return skip('value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) return skip('value is not a JSON object');
  const { v, seq: ownSeq, slot, ...rest } = parsed as Record<string, unknown>;
  if (v !== FORMAT) return skip(`unknown format version ${show(v)}`);
  if (ownSeq !== seq) return skip(`value belongs to sequence ${show(ownSeq)}`);
  if (slot !== undefined && (typeof slot !== 'string' || !/^\d{1,20}$/.test(slot)))
    return skip(`slot is not a decimal string: ${show(slot)}`);
  try {
    const record = checkRecord(
      { ...rest, ...(slot !== undefined && { slot: BigInt(slot) }) },
      'stored record',
    );
    return { entry: { seq, ...record } };
  } catch (e) {
    return skip((e as Error).message);
  }
}

interface Pending {
  readonly record: AuditRecord;
  readonly resolve: (seq: number) => void;
  readonly reject: (e: Error) => void;
}

export class AuditLog {
  private last: number;
  private closed = false;
  private readonly queue: Pending[] = [];
  private writing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly db: Level<string, string>,
    last: number,
  ) {
    this.last = last;
  }

  /** Opens the log in `dir`, creating it if missing, and continues after its last sequence. */
  static async open(dir: string): Promise<AuditLog> {
    const db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (e) {
      throw new AuditLogError('OPEN', `cannot open the audit log in ${dir}: ${messageOf(e)}`, { cause: e });
    }
    // The highest well-formed record key, whatever its value holds: a corrupt last value is still a
    // used sequence, and numbering must not reuse it.
    let last = 0;
    try {
      for await (const key of db.keys({ ...ALL_RECORDS, reverse: true })) {
        const seq = seqOfKey(key);
        if (seq !== undefined) {
          last = seq;
          break;
        }
      }
    } catch (e) {
      await db.close(); // release the LOCK: the caller has nothing to close
      throw new AuditLogError('OPEN', `cannot read the audit log in ${dir}: ${messageOf(e)}`, {
        cause: e,
      });
    }
    return new AuditLog(dir, db, last);
  }

  /** The highest sequence written (0 for an empty log). */
  get lastSequence(): number {
    return this.last;
  }

  /**
   * Appends a record and resolves with its sequence once it is on disk. Appends are queued in call
   * order and written in groups (one synchronous batch, so one fsync, per group): sequences are
   * given when a group is written, so a failed batch leaves no gap. Rejects with TypeError for an
   * invalid record, `AuditLogError` CLOSED or WRITE otherwise.
   */
  async append(input: AuditRecordInput): Promise<number> {
    this.assertOpen();
    // Checked and copied now, synchronously, so call order is queue order.
    const record = checkRecord(
      typeof input === 'object' && input !== null && input.time === undefined
        ? { ...input, time: new Date().toISOString() }
        : input,
      'audit record',
    );
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP);
      const first = this.last + 1;
      const ops: { type: 'put'; key: string; value: string }[] = [];
      group.forEach(({ record }, i) => {
        ops.push({ type: 'put', key: recordKey(first + i), value: encodeRecord(first + i, record) });
        // Same batch as the record, so the index never points past the log nor lags behind it.
        if (record.decision === 'signed')
          for (const key of indexKeys(record.keyType, record.publicKey))
            ops.push({ type: 'put', key, value: String(first + i) });
      });
      try {
        // classic-level passes `sync` to leveldb::WriteOptions for batches too: the write-ahead log
        // is fdatasync'd before the promise settles.
        await this.db.batch(ops, { sync: true });
      } catch (e) {
        const error = new AuditLogError('WRITE', `audit log ${this.dir}: ${messageOf(e)}`, {
          cause: e,
        });
        for (const p of group) p.reject(error);
        continue;
      }
      this.last += group.length;
      group.forEach((p, i) => p.resolve(first + i));
    }
    this.writing = undefined;
  }

  /** The last `n` entries, oldest first (fewer records than `n` if some were skipped). */
  async tail(n: number): Promise<AuditRead> {
    this.assertOpen();
    if (!Number.isSafeInteger(n) || n < 0)
      throw new TypeError(`tail: n must be an integer >= 0, got ${show(n)}`);
    if (n === 0) return { records: [], skipped: [] };
    const entries = await this.db.iterator({ ...ALL_RECORDS, reverse: true, limit: n }).all();
    return this.decodeAll(entries.reverse());
  }

  /** Entries with `from` <= sequence <= `to`, oldest first, at most `limit` of them read. */
  async range({
    from = 1,
    to = Number.MAX_SAFE_INTEGER,
    limit = DEFAULT_RANGE_LIMIT,
  }: RangeOptions = {}): Promise<AuditRead> {
    this.assertOpen();
    for (const [name, v, min] of [
      ['from', from, 1],
      ['to', to, 1],
      ['limit', limit, 0],
    ] as const)
      if (!Number.isSafeInteger(v) || v < min)
        throw new TypeError(`range: ${name} must be an integer >= ${min}, got ${show(v)}`);
    if (limit === 0 || to < from) return { records: [], skipped: [] };
    const entries = await this.db.iterator({ gte: recordKey(from), lte: recordKey(to), limit }).all();
    return this.decodeAll(entries);
  }

  /**
   * The latest signed record for a key type, or for one key of it when `publicKey` (lowercase hex)
   * is given, from the index kept beside the log.
   */
  async lastFor(
    keyType: string,
    publicKey?: string,
  ): Promise<{ record: AuditEntry | undefined; skipped: SkippedEntry[] }> {
    this.assertOpen();
    if (!isKeyType(keyType))
      throw new TypeError(
        `lastFor: keyType must be four lowercase ASCII letters or digits, got ${show(keyType)}`,
      );
    if (publicKey !== undefined && !PUBLIC_KEY_HEX.test(publicKey))
      throw new TypeError(
        `lastFor: publicKey must be 32 bytes, or 33 (SEC1 compressed), as lowercase hex, got ${show(publicKey)}`,
      );
    const indexKey = indexKeys(keyType, publicKey).at(-1)!;
    // level 10's typings say get() resolves to a value; abstract-level 3 resolves undefined when missing.
    const pointer: string | undefined = await this.db.get(indexKey);
    if (pointer === undefined) return { record: undefined, skipped: [] };
    const seq = /^\d{1,16}$/.test(pointer) ? Number(pointer) : NaN;
    if (!Number.isSafeInteger(seq) || seq < 1)
      return {
        record: undefined,
        skipped: [{ key: indexKey, seq: undefined, why: 'index value is not a sequence' }],
      };
    const key = recordKey(seq);
    const value: string | undefined = await this.db.get(key);
    if (value === undefined)
      return { record: undefined, skipped: [{ key, seq, why: `${indexKey} points to a missing record` }] };
    const decoded = decodeRecord(key, value);
    if ('skipped' in decoded) return { record: undefined, skipped: [decoded.skipped] };
    const { entry } = decoded;
    if (
      entry.keyType !== keyType ||
      entry.decision !== 'signed' ||
      (publicKey !== undefined && entry.publicKey !== publicKey)
    )
      return {
        record: undefined,
        skipped: [
          {
            key,
            seq,
            why: `${indexKey} points to a record that is not a signed ${keyType} record${publicKey ? ` of key ${publicKey}` : ''}`,
          },
        ],
      };
    return { record: entry, skipped: [] };
  }

  /** Waits for queued appends to be written, then closes the database. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    await this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new AuditLogError('CLOSED', `audit log ${this.dir} is closed`);
  }

  private decodeAll(entries: [string, string][]): AuditRead {
    const records: AuditEntry[] = [];
    const skipped: SkippedEntry[] = [];
    for (const [key, value] of entries) {
      const decoded = decodeRecord(key, value);
      if ('entry' in decoded) records.push(decoded.entry);
      else skipped.push(decoded.skipped);
    }
    return { records, skipped };
  }
}
