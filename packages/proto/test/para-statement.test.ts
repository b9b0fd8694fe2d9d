import { describe, expect, it } from '@jest/globals';
import {
  approvalPayload,
  backingPayload,
  bitfieldPayload,
  disputePayload,
  pvfPrecheckPayload,
} from '@triad/testkit/chain';
import {
  candidatesOf,
  decodeParaStatement,
  MAX_APPROVAL_CANDIDATES,
  MAX_BITFIELD_BITS,
  sideOf,
} from '../src/index.js';
import type { ParaStatement } from '../src/index.js';

const hash = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 37 + i * 11) & 0xff);
const read = (p: Uint8Array) => {
  const s = decodeParaStatement(p);
  if (typeof s === 'string') throw new Error(s);
  return s;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe("a para key's statements, as @polkadot/types encodes them", () => {
  it('backing: Seconded and Valid, 73 bytes, valid side, session from the signing context', () => {
    for (const statement of ['Seconded', 'Valid'] as const) {
      const p = backingPayload({ statement, candidate: hash(1), session: 4_321, parentHash: hash(2) });
      expect(p.length).toBe(73);
      expect(Buffer.from(p.subarray(0, 4)).toString()).toBe('BKNG');
      const s = read(p);
      expect(s).toMatchObject({ form: 'backing', statement: statement.toLowerCase(), session: 4_321 });
      expect(hex(candidatesOf(s)[0]!)).toBe(hex(hash(1)));
      expect(hex((s as Extract<ParaStatement, { form: 'backing' }>).parentHash)).toBe(hex(hash(2)));
      expect(sideOf(s)).toBe('valid');
    }
  });

  it('bitfields of 1 to the maximum bits, Lsb0, with their context; no side', () => {
    for (const bits of [1, 7, 8, 17, 100, 1_000, MAX_BITFIELD_BITS]) {
      const set = [0, bits - 1, Math.floor(bits / 2)];
      const p = bitfieldPayload({ bits, set, session: 9, parentHash: hash(bits) });
      const s = read(p) as Extract<ParaStatement, { form: 'bitfield' }>;
      expect(s).toMatchObject({ form: 'bitfield', bits, session: 9 });
      for (const i of set) expect((s.bitfield[i >> 3]! >> (i & 7)) & 1).toBe(1);
      expect(sideOf(s)).toBeUndefined();
      expect(candidatesOf(s)).toEqual([]);
    }
    const tooMany = bitfieldPayload({
      bits: MAX_BITFIELD_BITS + 1,
      set: [],
      session: 1,
      parentHash: hash(0),
    });
    expect(decodeParaStatement(tooMany)).toMatch(/1 to 4096 bits/);
  });

  it("a bitfield's padding bits are zero, so no magic form is also a bitfield", () => {
    // compact(17) is "D": 40 bytes that begin "DISP" would be a 17-bit bitfield but for "P"'s
    // padding bits; read as the dispute vote they start as, they are one byte short
    const p = bitfieldPayload({ bits: 17, set: [16], session: 3, parentHash: hash(3) });
    expect(read(p)).toMatchObject({ form: 'bitfield', bits: 17 });
    p.set([0x49, 0x53, 0x50], 1);
    expect(Buffer.from(p.subarray(0, 4)).toString()).toBe('DISP');
    expect(decodeParaStatement(p)).toMatch(/dispute statement is 41 bytes, got 40/);
    const padded = bitfieldPayload({ bits: 17, set: [16], session: 3, parentHash: hash(3) });
    padded[3]! |= 0x02;
    expect(decodeParaStatement(padded)).toMatch(/padding bits set/);
  });

  it('explicit dispute votes: valid and invalid side, 41 bytes', () => {
    for (const valid of [true, false]) {
      const p = disputePayload({ valid, candidate: hash(5), session: 77 });
      expect(p.length).toBe(41);
      const s = read(p);
      expect(s).toMatchObject({ form: 'dispute', valid, session: 77 });
      expect(sideOf(s)).toBe(valid ? 'valid' : 'invalid');
      expect(hex(candidatesOf(s)[0]!)).toBe(hex(hash(5)));
    }
  });

  it('approvals of one candidate (40 bytes) and of several (a vector), valid side for each', () => {
    const one = approvalPayload({ candidates: [hash(6)], session: 12 });
    expect(one.length).toBe(40);
    expect(read(one)).toMatchObject({ form: 'approval', session: 12 });
    for (const n of [2, 3, 63, MAX_APPROVAL_CANDIDATES]) {
      const candidates = Array.from({ length: n }, (_, i) => hash(100 + i));
      const s = read(approvalPayload({ candidates, session: 2 ** 32 - 1 }));
      expect(s).toMatchObject({ form: 'approval', session: 2 ** 32 - 1 });
      expect(candidatesOf(s).map(hex)).toEqual(candidates.map(hex));
      expect(sideOf(s)).toBe('valid');
    }
    const tooMany = approvalPayload({
      candidates: Array.from({ length: MAX_APPROVAL_CANDIDATES + 1 }, (_, i) => hash(i)),
      session: 1,
    });
    expect(decodeParaStatement(tooMany)).toMatch(/at most 64 candidates/);
  });

  it('PVF pre-checks: accept and reject, 45 bytes; no side', () => {
    for (const accept of [true, false]) {
      const p = pvfPrecheckPayload({ accept, codeHash: hash(8), session: 40, validatorIndex: 299 });
      expect(p.length).toBe(45);
      const s = read(p);
      expect(s).toMatchObject({ form: 'pvf-precheck', accept, session: 40, validatorIndex: 299 });
      expect(sideOf(s)).toBeUndefined();
    }
  });

  it('refuses what is not a statement, saying why', () => {
    const backing = backingPayload({
      statement: 'Valid',
      candidate: hash(1),
      session: 1,
      parentHash: hash(2),
    });
    const bad = (p: Uint8Array, why: RegExp) => expect(decodeParaStatement(p)).toMatch(why);
    bad(backing.subarray(0, 72), /73 bytes/);
    bad(Uint8Array.from([...backing.subarray(0, 4), 3, ...backing.subarray(5)]), /variant 3/);
    const dispute = disputePayload({ valid: true, candidate: hash(1), session: 1 });
    bad(Uint8Array.from([...dispute.subarray(0, 4), 2, ...dispute.subarray(5)]), /0 or 1/);
    const pvf = pvfPrecheckPayload({ accept: true, codeHash: hash(1), session: 1, validatorIndex: 1 });
    bad(Uint8Array.from([...pvf, 0]), /45 bytes/);
    // the vector form with fewer than two candidates, and a non-canonical count
    const one = approvalPayload({ candidates: [hash(1)], session: 1 });
    bad(Uint8Array.from([...one.subarray(0, 4), 1 << 2, ...one.subarray(4)]), /at least 2/);
    const two = approvalPayload({ candidates: [hash(1), hash(2)], session: 1 });
    bad(Uint8Array.from([...two.subarray(0, 4), (2 << 2) | 1, 0, ...two.subarray(5)]), /canonical/);
    bad(Uint8Array.from([...two, 0]), /bytes, got/);
    // bitfields: a zero-bit one, a wrong length, a non-canonical count
    bad(Uint8Array.from([0, ...new Uint8Array(36)]), /1 to 4096/);
    bad(Uint8Array.from([8 << 2, 0xff, ...new Uint8Array(35)]), /bytes, got/);
    bad(Uint8Array.from([(8 << 2) | 1, 0, 0xff, ...new Uint8Array(36)]), /canonical/);
    bad(new Uint8Array(0), /not a para statement/);
  });
});
