import { describe, expect, it } from '@jest/globals';
import {
  calculatePrimaryThreshold,
  decodeAssignmentVrfPayload,
  decodeBabeVrfPayload,
  decodeCoreBitfield,
  encodeAssignmentVrfPayload,
  encodeBabeVrfPayload,
  encodeCoreBitfield,
  FrostError,
  isPrimaryClaim,
  secondarySlotAuthorIndex,
} from '../src/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unhex } from './helpers.js';

const python = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fixtures/babe-primary-thresholds.json', import.meta.url)), 'utf8'),
) as { cases: { c: [string, string]; weights: string[]; index: number; threshold: string }[] };

/*
 * Computed independently with CPython (glibc pow, fractions.Fraction for the exact value of the
 * f64): floor(Fraction(1.0 - (1.0 - c0/c1) ** (w_i/sum(w))) * 2**128).
 */
const pythonThresholds: [bigint, bigint, bigint[], number, bigint][] = [
  [1n, 4n, [1n, 1n, 1n], 0, 31115318766088776340791719032032067584n],
  [1n, 4n, Array<bigint>(297).fill(1n), 5, 329446939041455646821181862768017408n],
  [3n, 10n, [5n, 7n, 10n], 2, 50928385046946532074341390827430871040n],
  [1n, 4n, [1n, 2n], 1, 59385462007286893500044643770306658304n],
  [1n, 2n, [3n, 1n], 0, 137949260994765173112925795994944143360n],
  [1n, 4n, [1000000000000n, 1n], 1, 97885212456922005989490688n],
  [1n, 4n, [1n], 0, 85070591730234615865843651857942052864n],
];

describe('calculate_primary_threshold', () => {
  it.each(pythonThresholds)('c = %d/%d matches the independent computation', (c0, c1, w, i, expected) => {
    expect(calculatePrimaryThreshold([c0, c1], w, i)).toBe(expected);
  });

  it('300 random epochs (c, weights, index) agree with CPython to the last unit', () => {
    expect(python.cases).toHaveLength(300);
    for (const k of python.cases) {
      const got = calculatePrimaryThreshold([BigInt(k.c[0]), BigInt(k.c[1])], k.weights.map(BigInt), k.index);
      expect([k, got.toString()]).toEqual([k, k.threshold]);
    }
  });

  it('answers 0 where the node does (c1 = 0, index out of range) and refuses where it panics', () => {
    expect(calculatePrimaryThreshold([1n, 0n], [1n, 1n], 0)).toBe(0n);
    expect(calculatePrimaryThreshold([1n, 4n], [1n, 1n], 2)).toBe(0n);
    expect(() => calculatePrimaryThreshold([1n, 4n], [0n, 1n], 0)).toThrow(FrostError);
    // c = 1 gives p = 1, and 2^128 does not fit a u128
    expect(() => calculatePrimaryThreshold([1n, 1n], [1n, 1n], 0)).toThrow(FrostError);
  });

  it('the primary check compares the score as a little-endian u128', () => {
    const score = new Uint8Array(16);
    score[15] = 0x01; // 2^120
    expect(isPrimaryClaim(score, (1n << 120n) + 1n)).toBe(true);
    expect(isPrimaryClaim(score, 1n << 120n)).toBe(false);
    expect(() => isPrimaryClaim(new Uint8Array(15), 1n)).toThrow(FrostError);
  });

  it('the secondary author is blake2_256(randomness ++ slot LE) as a LE U256 mod n', () => {
    // CPython hashlib: int.from_bytes(blake2b(b"\x11"*32 + (0x0102030405).to_bytes(8, "little"),
    // digest_size=32).digest(), "little") % 297 == 234, % 1000 == 603
    const randomness = unhex('11'.repeat(32));
    expect(secondarySlotAuthorIndex(0x0102030405n, randomness, 297)).toBe(234);
    expect(secondarySlotAuthorIndex(0x0102030405n, randomness, 1000)).toBe(603);
    expect(() => secondarySlotAuthorIndex(1n, randomness, 0)).toThrow(FrostError);
  });
});

describe('strict decoders', () => {
  it('CoreBitfield: polkadot-sdk layout, round trip, every malformed form refused', () => {
    expect(Buffer.from(encodeCoreBitfield([0, 2, 9])).toString('hex')).toBe('280502');
    expect(decodeCoreBitfield(encodeCoreBitfield([0, 2, 9]))).toEqual([0, 2, 9]);
    expect(decodeCoreBitfield(encodeCoreBitfield([100, 4095]))).toEqual([100, 4095]);
    const bad = [
      '',
      '00',
      '2805',
      '28050100',
      '280506' /* bit 10 is past the 10-bit length */,
      '0900',
      '2800',
      '04',
    ];
    for (const b of bad) expect(() => decodeCoreBitfield(unhex(b))).toThrow(FrostError);
    expect(() => encodeCoreBitfield([])).toThrow(FrostError);
    expect(() => encodeCoreBitfield([4096])).toThrow(FrostError);
  });

  it('payloads: exact lengths, known kinds, nothing trailing', () => {
    const randomness = new Uint8Array(32).fill(7);
    const p = encodeBabeVrfPayload({ slot: 5n, epoch: 2n, randomness });
    expect(p).toHaveLength(48);
    expect(decodeBabeVrfPayload(p)).toEqual({ slot: 5n, epoch: 2n, randomness });
    expect(() => decodeBabeVrfPayload(p.subarray(1))).toThrow(FrostError);
    const story = new Uint8Array(32).fill(9);
    const d = encodeAssignmentVrfPayload({ kind: 'delay', story, core: 77 });
    expect(decodeAssignmentVrfPayload(d)).toEqual({ kind: 'delay', story, core: 77 });
    const m = encodeAssignmentVrfPayload({
      kind: 'modulo-compact',
      story,
      coreBitfield: encodeCoreBitfield([1]),
    });
    expect(decodeAssignmentVrfPayload(m)).toEqual({
      kind: 'modulo-compact',
      story,
      coreBitfield: unhex('0802'),
    });
    expect(() => decodeAssignmentVrfPayload(new Uint8Array([...d, 0]))).toThrow(FrostError);
    expect(() => decodeAssignmentVrfPayload(new Uint8Array([2, ...story, 0, 0, 0, 0]))).toThrow(FrostError);
    expect(() => decodeAssignmentVrfPayload(new Uint8Array([0, ...story]))).toThrow(FrostError);
  });
});
