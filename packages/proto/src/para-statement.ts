/**
 * The payloads a `para` key signs (POLKADOT.md, `para`), read the way the TAs read them
 * (optee-ta/ta/policy/para_statement.c): backing statements, availability bitfields, explicit
 * dispute votes, approval votes (one candidate or several) and PVF pre-check votes, each as the
 * exact SCALE bytes the node signs. A payload that starts with a magic is that form or nothing;
 * any other is a bitfield or nothing. A bitfield's bits past its count are zero (as the node's
 * BitVec encodes them), so no magic can also begin a bitfield: "DISP" is compact(17), but its
 * fourth byte "P" would set padding bits. This reading lets a client or the bridge turn away what is not a statement
 * before anything is sent, and tells an operator what a statement is about; the TAs decide.
 */
export const PARA_CONTEXT_BYTES = 36; // SigningContext { session_index: u32, parent_hash: H256 }
export const MAX_BITFIELD_BITS = 4096; // ~100 cores today: room to grow, and a bound
export const MAX_APPROVAL_CANDIDATES = 64; // the TA's bound on one approval of several candidates

/** Which way a statement speaks about its candidates: the rule never lets one key sign both. */
export type ParaSide = 'valid' | 'invalid';

export type ParaStatement =
  | {
      readonly form: 'backing';
      readonly statement: 'seconded' | 'valid';
      readonly candidate: Uint8Array;
      readonly session: number;
      readonly parentHash: Uint8Array;
    }
  | {
      readonly form: 'bitfield';
      readonly bits: number;
      readonly bitfield: Uint8Array;
      readonly session: number;
      readonly parentHash: Uint8Array;
    }
  | {
      readonly form: 'dispute';
      readonly valid: boolean;
      readonly candidate: Uint8Array;
      readonly session: number;
    }
  | { readonly form: 'approval'; readonly candidates: readonly Uint8Array[]; readonly session: number }
  | {
      readonly form: 'pvf-precheck';
      readonly accept: boolean;
      readonly codeHash: Uint8Array;
      readonly session: number;
      readonly validatorIndex: number;
    };

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const BKNG = ascii('BKNG');
const DISP = ascii('DISP');
const APPR = ascii('APPR');
const VCPC = ascii('VCPC');

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);
const u32 = (b: Uint8Array, at: number) =>
  new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);

/** A SCALE compact integer below 2^30 at `at`, canonical only: [value, length] or undefined. */
function readCompact(b: Uint8Array, at: number): [number, number] | undefined {
  const first = b[at];
  if (first === undefined) return undefined;
  switch (first & 3) {
    case 0:
      return [first >> 2, 1];
    case 1: {
      if (at + 2 > b.length) return undefined;
      const v = (first | (b[at + 1]! << 8)) >> 2;
      return v >= 1 << 6 ? [v, 2] : undefined;
    }
    case 2: {
      if (at + 4 > b.length) return undefined;
      const v = u32(b, at) >>> 2;
      return v >= 1 << 14 ? [v, 4] : undefined;
    }
    default:
      return undefined; // big-integer mode: beyond any count a statement carries
  }
}

function readBacking(p: Uint8Array): ParaStatement | string {
  if (p.length !== 4 + 1 + 32 + PARA_CONTEXT_BYTES)
    return `a backing statement is ${4 + 1 + 32 + PARA_CONTEXT_BYTES} bytes, got ${p.length}`;
  const statement = p[4] === 1 ? 'seconded' : p[4] === 2 ? 'valid' : undefined;
  if (!statement) return `unknown backing statement variant ${p[4]}`;
  return {
    form: 'backing',
    statement,
    candidate: p.slice(5, 37),
    session: u32(p, 37),
    parentHash: p.slice(41, 73),
  };
}

function readDispute(p: Uint8Array): ParaStatement | string {
  if (p.length !== 4 + 1 + 32 + 4) return `an explicit dispute statement is 41 bytes, got ${p.length}`;
  if (p[4]! > 1) return `a dispute statement's valid flag is 0 or 1, got ${p[4]}`;
  return { form: 'dispute', valid: p[4] === 1, candidate: p.slice(5, 37), session: u32(p, 37) };
}

function readApproval(p: Uint8Array): ParaStatement | string {
  if (p.length === 4 + 32 + 4) return { form: 'approval', candidates: [p.slice(4, 36)], session: u32(p, 36) };
  const n = readCompact(p, 4);
  if (!n) return 'an approval of several candidates needs a canonical compact count';
  const [count, len] = n;
  if (count < 2)
    return `an approval of several candidates names at least 2, got ${count} (one uses the single form)`;
  if (count > MAX_APPROVAL_CANDIDATES)
    return `an approval names at most ${MAX_APPROVAL_CANDIDATES} candidates, got ${count}`;
  if (p.length !== 4 + len + 32 * count + 4)
    return `an approval of ${count} candidates is ${4 + len + 32 * count + 4} bytes, got ${p.length}`;
  const candidates = Array.from({ length: count }, (_, i) =>
    p.slice(4 + len + 32 * i, 4 + len + 32 * (i + 1)),
  );
  return { form: 'approval', candidates, session: u32(p, p.length - 4) };
}

function readPvfPrecheck(p: Uint8Array): ParaStatement | string {
  if (p.length !== 4 + 1 + 32 + 4 + 4) return `a PVF pre-check statement is 45 bytes, got ${p.length}`;
  if (p[4]! > 1) return `a PVF pre-check's accept flag is 0 or 1, got ${p[4]}`;
  return {
    form: 'pvf-precheck',
    accept: p[4] === 1,
    codeHash: p.slice(5, 37),
    session: u32(p, 37),
    validatorIndex: u32(p, 41),
  };
}

function readBitfield(p: Uint8Array): ParaStatement | string {
  const n = readCompact(p, 0);
  if (!n) return 'not a para statement: no known magic, and no canonical compact bit count of a bitfield';
  const [bits, len] = n;
  if (bits < 1 || bits > MAX_BITFIELD_BITS)
    return `a bitfield has 1 to ${MAX_BITFIELD_BITS} bits, got ${bits}`;
  const bytes = Math.ceil(bits / 8);
  if (p.length !== len + bytes + PARA_CONTEXT_BYTES)
    return `a bitfield of ${bits} bits with its context is ${len + bytes + PARA_CONTEXT_BYTES} bytes, got ${p.length}`;
  const at = len + bytes;
  if (bits % 8 && p[at - 1]! >> (bits % 8))
    return `a bitfield of ${bits} bits has its padding bits set (byte ${bytes - 1}: 0x${p[at - 1]!.toString(16)})`;
  return {
    form: 'bitfield',
    bits,
    bitfield: p.slice(len, at),
    session: u32(p, at),
    parentHash: p.slice(at + 4, at + 36),
  };
}

const MAGIC_FORMS: [number[], (p: Uint8Array) => ParaStatement | string][] = [
  [BKNG, readBacking],
  [DISP, readDispute],
  [APPR, readApproval],
  [VCPC, readPvfPrecheck],
];

/** The statement in `payload`, or a sentence saying why it is not one. */
export function decodeParaStatement(payload: Uint8Array): ParaStatement | string {
  const magic = MAGIC_FORMS.find(([m]) => startsWith(payload, m));
  return magic ? magic[1](payload) : readBitfield(payload);
}

/**
 * The side a statement takes on its candidates, or undefined for the forms that speak about no
 * candidate (bitfields, PVF pre-checks: neither is slashable, and the TAs keep no mark for them).
 */
export function sideOf(s: ParaStatement): ParaSide | undefined {
  switch (s.form) {
    case 'backing':
    case 'approval':
      return 'valid';
    case 'dispute':
      return s.valid ? 'valid' : 'invalid';
    default:
      return undefined;
  }
}

/** The candidates a statement speaks about (none for bitfields and PVF pre-checks). */
export function candidatesOf(s: ParaStatement): readonly Uint8Array[] {
  switch (s.form) {
    case 'backing':
    case 'dispute':
      return [s.candidate];
    case 'approval':
      return s.candidates;
    default:
      return [];
  }
}
