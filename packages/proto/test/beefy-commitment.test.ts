import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TypeRegistry } from '@polkadot/types';
import type { BeefyCommitment as PolkadotBeefyCommitment } from '@polkadot/types/interfaces';
import { beefyCommitmentPayload } from '@triad/testkit/chain';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BEEFY_MAX_COMMITMENT_BYTES,
  BEEFY_MAX_ENTRIES,
  BEEFY_MAX_VALUE_BYTES,
  BeefyCommitmentError,
  decodeBeefyCommitment,
  mmrRootOf,
} from '../src/index.js';

const root = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 29 + i * 13) & 0xff);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const refusal = (bytes: Uint8Array) => {
  try {
    decodeBeefyCommitment(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(BeefyCommitmentError);
    return (e as Error).message;
  }
  throw new Error(`accepted 0x${hex(bytes)}`);
};

describe('a BEEFY commitment, as @polkadot/types encodes it', () => {
  it("Polkadot's: one MMR root entry, 48 bytes, the values read back", () => {
    for (const [blockNumber, validatorSetId] of [
      [0, 0n],
      [27_123_456, 3_219n],
      [2 ** 32 - 1, 2n ** 64n - 1n],
    ] as const) {
      const bytes = beefyCommitmentPayload({ mmrRoot: root(blockNumber % 7), blockNumber, validatorSetId });
      expect(bytes.length).toBe(48);
      const c = decodeBeefyCommitment(bytes);
      expect(c.blockNumber).toBe(blockNumber);
      expect(c.validatorSetId).toBe(validatorSetId);
      expect(c.payload.map((e) => ascii(e.id))).toEqual(['mh']);
      expect(hex(mmrRootOf(c)!)).toBe(hex(root(blockNumber % 7)));
      // and @polkadot/types reads the same bytes the same way
      const theirs = new TypeRegistry().createType<PolkadotBeefyCommitment>('BeefyCommitment', bytes);
      expect(theirs.blockNumber.toNumber()).toBe(blockNumber);
      expect(theirs.validatorSetId.toBigInt()).toBe(validatorSetId);
    }
  });

  it("Substrate's own commitment test vector (as Commitment<u32>)", () => {
    // sp-consensus-beefy commitment.rs, commitment_encode_decode: payload "mh" => "Hello World!".encode()
    const bytes = Buffer.from('046d68343048656c6c6f20576f726c6421' + '05000000' + '0000000000000000', 'hex');
    const c = decodeBeefyCommitment(bytes);
    expect(c).toMatchObject({ blockNumber: 5, validatorSetId: 0n });
    expect(Buffer.from(c.payload[0]!.value.subarray(1)).toString()).toBe('Hello World!');
    expect(mmrRootOf(c)).toBeUndefined(); // not a 32-byte root
    // the same test's Commitment<u128> is no Polkadot commitment: 12 bytes too many
    const u128 = Buffer.concat([bytes.subarray(0, 17), Buffer.alloc(24)]);
    u128[17] = 5;
    expect(refusal(u128)).toMatch(/12 bytes after validator_set_id/);
  });

  it('entries another chain adds: sorted by id as the node sorts them, every one read', () => {
    const extra = [
      ['ns', Uint8Array.of(1, 2, 3)],
      ['cs', new Uint8Array(0)],
      [Uint8Array.of(0xff, 0xff), new Uint8Array(BEEFY_MAX_VALUE_BYTES).fill(9)],
    ] as const;
    const bytes = beefyCommitmentPayload({ mmrRoot: root(1), blockNumber: 9, validatorSetId: 2n, extra });
    const c = decodeBeefyCommitment(bytes);
    expect(c.payload.map((e) => hex(e.id))).toEqual(['6373', '6d68', '6e73', 'ffff']);
    expect(c.payload.map((e) => e.value.length)).toEqual([0, 32, 3, BEEFY_MAX_VALUE_BYTES]);
  });

  it('refuses with a reason: empty, too many, too long, unsorted, duplicate, non-canonical, trailing, cut', () => {
    const mh = beefyCommitmentPayload({ mmrRoot: root(3), blockNumber: 100, validatorSetId: 1n });
    const r = new TypeRegistry();
    const raw = (payload: [string, string][]) =>
      r.createType('BeefyCommitment', { payload, blockNumber: 1, validatorSetId: 1 }).toU8a();
    const v = (n: number) => `0x${'ab'.repeat(n)}`;
    expect(refusal(raw([]))).toMatch(/empty payload/);
    const ids = Array.from({ length: BEEFY_MAX_ENTRIES + 1 }, (_, i): [string, string] => [
      `0x61${(0x61 + i).toString(16)}`,
      v(1),
    ]);
    expect(refusal(raw(ids))).toMatch(/17 payload entries, more than 16/);
    expect(refusal(raw([['mh', v(BEEFY_MAX_VALUE_BYTES + 1)]]))).toMatch(/1025-byte value, more than 1024/);
    const big = ['aa', 'ab', 'ac'].map((id): [string, string] => [id, v(1024)]);
    expect(raw([...big, ['mh', v(995)]]).length).toBe(BEEFY_MAX_COMMITMENT_BYTES);
    expect(decodeBeefyCommitment(raw([...big, ['mh', v(995)]])).payload.length).toBe(4);
    expect(refusal(raw([...big, ['mh', v(996)]]))).toMatch(/4097 bytes, more than the 4096/);
    expect(
      refusal(
        raw([
          ['mh', v(32)],
          ['cs', v(1)],
        ]),
      ),
    ).toMatch(/not strictly increasing \(0x6d68 then 0x6373\)/);
    expect(
      refusal(
        raw([
          ['mh', v(32)],
          ['mh', v(32)],
        ]),
      ),
    ).toMatch(/not strictly increasing \(0x6d68 then 0x6d68\)/);
    // compacts: the count 1 in two bytes, the value length 32 in four, a 5-byte Compact<u32>
    expect(refusal(Uint8Array.from([0x05, 0x00, ...mh.subarray(1)]))).toMatch(/count: non-canonical compact/);
    expect(refusal(Uint8Array.from([...mh.subarray(0, 3), 0x82, 0, 0, 0, ...mh.subarray(4)]))).toMatch(
      /value length: non-canonical compact/,
    );
    expect(refusal(Uint8Array.from([0x07, 1, 0, 0, 0, 0, ...mh.subarray(1)]))).toMatch(
      /5 bytes is beyond a u32/,
    );
    expect(refusal(Uint8Array.from([...mh, 0]))).toMatch(/1 bytes after validator_set_id/);
    expect(refusal(mh.subarray(0, 47))).toMatch(/end before block_number/);
    expect(refusal(mh.subarray(0, 20))).toMatch(/value past the end/);
    expect(refusal(new Uint8Array(0))).toMatch(/count: the bytes end before it/);
  });
});

/*
 * The corpus the TA's C tests read (gen-beefy-vectors.mjs writes build/policy/beefy_vectors.h for
 * them): generated here again, the header parsed, and every verdict and value compared with
 * decodeBeefyCommitment's, so the host never turns away what the TAs sign or passes on what they
 * refuse.
 */
describe('the TA and decodeBeefyCommitment agree on the generated vectors', () => {
  const script = fileURLToPath(
    new URL('../../../optee-ta/tests/policy/gen-beefy-vectors.mjs', import.meta.url),
  );
  let dir = '';
  let header = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beefy-vectors-'));
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    header = readFileSync(join(dir, 'beefy_vectors.h'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const vectors = () => {
    const arrays = new Map(
      [...header.matchAll(/static const uint8_t (bv_\w+)\[\] = \{([^}]*)\};/g)].map((m) => [
        m[1]!,
        Uint8Array.from(m[2]!.match(/0x[0-9a-f]{2}/g)!.map(Number)),
      ]),
    );
    return [
      ...header.matchAll(
        /\{ "(\w+)", (bv_\w+), sizeof\(\2\), ([01]), UINT32_C\((\d+)\), UINT64_C\((\d+)\), (\d+) \}/g,
      ),
    ].map((m) => ({
      name: m[1]!,
      bytes: arrays.get(m[2]!)!,
      ok: m[3] === '1',
      blockNumber: Number(m[4]),
      validatorSetId: BigInt(m[5]!),
      entries: Number(m[6]),
    }));
  };

  it('accepts exactly the vectors the TA accepts, with the values @polkadot/types decoded', () => {
    const all = vectors();
    // every array in the header has its row: the parse above missed none
    expect(all.length).toBe([...header.matchAll(/static const uint8_t bv_/g)].length);
    expect(all.filter((v) => v.ok).length).toBeGreaterThanOrEqual(17);
    expect(all.filter((v) => !v.ok).length).toBeGreaterThanOrEqual(30);
    for (const v of all) {
      expect([v.name, v.bytes?.length > 0]).toEqual([v.name, true]);
      let verdict = 'accepted';
      try {
        decodeBeefyCommitment(v.bytes);
      } catch (e) {
        verdict = e instanceof BeefyCommitmentError ? 'refused' : String(e);
      }
      expect([v.name, verdict]).toEqual([v.name, v.ok ? 'accepted' : 'refused']);
      if (!v.ok) continue;
      const c = decodeBeefyCommitment(v.bytes);
      expect([v.name, c.blockNumber, c.validatorSetId, c.payload.length]).toEqual([
        v.name,
        v.blockNumber,
        v.validatorSetId,
        v.entries,
      ]);
    }
  });

  it('refuses every truncation of an accepted vector, as the TA does', () => {
    let cuts = 0;
    for (const v of vectors().filter((v) => v.ok))
      for (let cut = 0; cut < v.bytes.length; cut++, cuts++)
        expect(() => decodeBeefyCommitment(v.bytes.subarray(0, cut))).toThrow(BeefyCommitmentError);
    expect(cuts).toBeGreaterThan(BEEFY_MAX_COMMITMENT_BYTES);
  });

  it("the testkit's builder makes the generator's bytes for the same commitment", () => {
    let rebuilt = 0;
    for (const v of vectors().filter((v) => v.ok)) {
      const c = decodeBeefyCommitment(v.bytes);
      const mmrRoot = mmrRootOf(c);
      if (!mmrRoot) continue;
      const extra = c.payload.filter((e) => ascii(e.id) !== 'mh').map((e) => [e.id, e.value] as const);
      const bytes = beefyCommitmentPayload({
        mmrRoot,
        blockNumber: c.blockNumber,
        validatorSetId: c.validatorSetId,
        extra,
      });
      expect([v.name, hex(bytes)]).toEqual([v.name, hex(v.bytes)]);
      rebuilt++;
    }
    expect(rebuilt).toBeGreaterThanOrEqual(10);
  });
});
