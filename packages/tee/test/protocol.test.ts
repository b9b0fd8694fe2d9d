import { describe, expect, it } from '@jest/globals';
import { encodePoint, encodeSignatureShare, mulBase } from '@triad/frost';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeFinishResult } from '../src/messages.js';
import {
  Command,
  COUNTER_ACK_BYTES,
  COUNTER_REPORT_BYTES,
  COUNTER_UPDATE_BYTES,
  DKG_BLAME_BASE,
  INFO_FLAG_ED25519,
  KEY_FLAG_NON_SLASHABLE,
  Kind,
  Limits,
  LockState,
  Tag,
  TA_UUID,
  TA_VERSION,
  TaError,
  TriadResult,
} from '../src/index.js';

// The C header is the contract; every number the host uses must be the TA's.
const header = readFileSync(
  fileURLToPath(new URL('../../../optee-ta/ta/include/triad_ta.h', import.meta.url)),
  'utf8',
);
const defines = new Map(
  [...header.matchAll(/^#define (TRIAD_\w+)\s+(0x[0-9a-f]+|\d+)u?\b/gim)].map((m) => [m[1]!, Number(m[2]!)]),
);
const define = (name: string): number => {
  const v = defines.get(name);
  if (v === undefined) throw new Error(`${name} is not defined in triad_ta.h`);
  return v;
};
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('packages/tee mirrors optee-ta/ta/include/triad_ta.h', () => {
  it('commands', () => {
    for (const [name, value] of Object.entries(Command))
      expect([name, value]).toEqual([name, define(`TRIAD_CMD_${snake(name)}`)]);
  });
  it('result codes', () => {
    for (const [name, value] of Object.entries(TriadResult))
      expect([name, value]).toEqual([name, define(`TRIAD_ERR_${name}`)]);
    expect(header).toContain(`(0x${DKG_BLAME_BASE.toString(16)}u | ((id) & 0xffu))`);
  });
  it('message tags', () => {
    for (const [name, value] of Object.entries(Tag))
      expect([name, value]).toEqual([name, define(`TRIAD_TAG_${snake(name)}`)]);
  });
  it('lock states and counter message sizes', () => {
    expect(LockState.Unlocked).toBe(define('TRIAD_LOCK_UNLOCKED'));
    expect(LockState.Locked).toBe(define('TRIAD_LOCK_LOCKED'));
    expect(LockState.RolledBack).toBe(define('TRIAD_LOCK_ROLLED_BACK'));
    const counterH = readFileSync(
      fileURLToPath(new URL('../../../optee-ta/ta/core/counter_msg.h', import.meta.url)),
      'utf8',
    );
    const size = (name: string) => Number(new RegExp(`#define ${name} (\\d+)`).exec(counterH)?.[1]);
    expect(COUNTER_UPDATE_BYTES).toBe(size('COUNTER_UPDATE_BYTES'));
    expect(COUNTER_ACK_BYTES).toBe(size('COUNTER_ACK_BYTES'));
    expect(COUNTER_REPORT_BYTES).toBe(size('COUNTER_REPORT_BYTES'));
  });
  it('kinds, flags, limits, version and UUID', () => {
    expect(Kind.BabeSeal).toBe(define('TRIAD_KIND_BABE_SEAL'));
    expect(Kind.Raw).toBe(define('TRIAD_KIND_RAW'));
    for (const [name, value] of Object.entries(Kind))
      expect([name, value]).toEqual([name, define(`TRIAD_KIND_${snake(name)}`)]);
    expect(KEY_FLAG_NON_SLASHABLE).toBe(define('TRIAD_KEY_FLAG_NON_SLASHABLE'));
    expect(INFO_FLAG_ED25519).toBe(define('TRIAD_INFO_FLAG_ED25519'));
    for (const [name, value] of Object.entries(Limits))
      expect([name, value]).toEqual([name, define(`TRIAD_${name}`)]);
    expect(TA_VERSION).toBe(define('TRIAD_TA_VERSION'));
    const hex = TA_UUID.replace(/-/g, '');
    expect(header).toContain(`/* ${TA_UUID} */`);
    expect(header).toContain(`0x${hex.slice(0, 8)}, 0x${hex.slice(8, 12)}, 0x${hex.slice(12, 16)}`);
  });
});

describe("SIGN_FINISH's answer (FINISH_RESULT): the share, then R", () => {
  const share = encodeSignatureShare({ identifier: 2, z: 12345n });
  const R = encodePoint(mulBase(777n));
  const answer = new Uint8Array([Tag.FinishResult, ...share, ...R]);

  it('decodes to the share and the encoded group commitment', () => {
    const { share: s, groupCommitment } = decodeFinishResult(answer);
    expect([s.identifier, s.z]).toEqual([2, 12345n]);
    expect(Buffer.from(groupCommitment).toString('hex')).toBe(Buffer.from(R).toString('hex'));
  });

  it('anything else is a PROTOCOL error: truncated, trailing bytes, a bare share (an older TA)', () => {
    for (const bytes of [answer.subarray(0, answer.length - 1), new Uint8Array([...answer, 0]), share]) {
      expect(() => decodeFinishResult(bytes)).toThrow(TaError);
      try {
        decodeFinishResult(bytes);
      } catch (e) {
        expect((e as TaError).code).toBe('PROTOCOL');
      }
    }
  });
});
