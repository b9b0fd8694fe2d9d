// SPDX-License-Identifier: Apache-2.0
/*
 * BEEFY commitment vectors for the TA's beefy-commitment parser
 * (ta/policy/beefy_commitment.c) and for @triad/proto's decodeBeefyCommitment,
 * which must agree with it on every one:
 *
 *   node tests/policy/gen-beefy-vectors.mjs OUT_DIR
 *
 * writes OUT_DIR/beefy_vectors.h (an array of `struct beefy_vector`, declared
 * in tests/policy/policy_tests.h) and OUT_DIR/beefy-seeds/ (the fuzzer's seed
 * corpus: records of len:u16 then a commitment). Deterministic: every
 * "random" byte is a blake2b of a fixed label.
 *
 * Commitments are encoded by @polkadot/types with its own BeefyCommitment
 * (interfaces/beefy: { payload: Vec<([u8;2], Bytes)>, blockNumber: u32,
 * validatorSetId: u64 }), the node's Commitment<u32>. Accepted ones are
 * decoded back with @polkadot/types and the values the tests expect are the
 * decoded ones. Refused ones are either encoded by @polkadot/types itself
 * (it keeps a payload in the order given, so unsorted and duplicate ids, an
 * empty payload and oversize ones come from it; a Commitment<u64> or <u128>
 * block number from another registry) or an accepted encoding with one
 * field's bytes changed (non-canonical and out-of-range compacts, lengths
 * past the end, trailing bytes). Truncations are not listed: the tests cut
 * every accepted vector at every length.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { blake2b } from '@noble/hashes/blake2.js';
import { packageInfo, TypeRegistry } from '@polkadot/types';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node gen-beefy-vectors.mjs OUT_DIR');
  process.exit(2);
}

/* The TA's bounds (ta/policy/rule.h); the limit vectors sit on both sides of each. */
const MAX_ENTRIES = 16;
const MAX_VALUE = 1024;
const MAX_BYTES = 4096;

const reg = new TypeRegistry();
/* Other chains' BlockNumber, and Substrate's own tests' Commitment<u128> */
const reg64 = new TypeRegistry();
reg64.register({ BlockNumber: 'u64' });
const reg128 = new TypeRegistry();
reg128.register({ BlockNumber: 'u128' });

const utf8 = (s) => new TextEncoder().encode(s);
const hex = (u8a) => '0x' + Buffer.from(u8a).toString('hex');
function fill(label, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 64) out.set(blake2b(utf8(`${label}/${i / 64}`)).subarray(0, n - i), i);
  return out;
}
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));

function check(cond, what) {
  if (!cond) throw new Error(`gen-beefy-vectors: ${what}`);
}

/* entries: [[id (2 characters or 2 bytes), value bytes]]; Bytes as hex is its content, unprefixed. */
function commitment(entries, blockNumber, validatorSetId, r = reg) {
  return r
    .createType('BeefyCommitment', {
      payload: entries.map(([id, value]) => [typeof id === 'string' ? id : hex(id), hex(value)]),
      blockNumber,
      validatorSetId,
    })
    .toU8a();
}

/* ---- SCALE compacts by hand, only to mutate encodings ---- */

function compactLen(firstByte) {
  const mode = firstByte & 3;
  return mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : (firstByte >> 2) + 5;
}
/* `value` in `bytes` little-endian bytes after a 0b11 prefix (any length). */
function compactBig(value, bytes) {
  const out = [((bytes - 4) << 2) | 3];
  let v = BigInt(value);
  for (let i = 0; i < bytes; i++, v >>= 8n) out.push(Number(v & 0xffn));
  return Uint8Array.from(out);
}
/* `value` in mode 0b01 or 0b10, even where a shorter mode would hold it. */
function compactMode(value, mode) {
  const v = (BigInt(value) << 2n) | BigInt(mode);
  const n = mode === 1 ? 2 : 4;
  return Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
}
function splice(u8a, at, removed, inserted = []) {
  return concat(u8a.subarray(0, at), inserted, u8a.subarray(at + removed));
}

/* ---- the vectors ---- */

const vectors = [];

function accepted(name, entries, blockNumber, validatorSetId) {
  const bytes = commitment(entries, blockNumber, validatorSetId);
  const c = reg.createType('BeefyCommitment', bytes);
  check(Buffer.from(c.toU8a()).equals(Buffer.from(bytes)), `${name}: re-encoding differs`);
  const got = {
    blockNumber: c.blockNumber.toNumber(),
    validatorSetId: c.validatorSetId.toBigInt(),
    entries: c.payload.length,
  };
  check(got.blockNumber === blockNumber && got.validatorSetId === BigInt(validatorSetId), `${name}: values`);
  check(got.entries === entries.length, `${name}: entries`);
  vectors.push({ name, bytes, ok: true, ...got });
  return bytes;
}

function refused(name, bytes) {
  vectors.push({ name, bytes, ok: false, blockNumber: 0, validatorSetId: 0n, entries: 0 });
}

const mmr = (label) => ['mh', fill(`${label}/mmr-root`, 32)];

/* What Polkadot and Kusama sign: one "mh" entry, the 32-byte MMR root. */
const polkadot = accepted('polkadot_mmr_root', [mmr('polkadot')], 27_123_456, 3_219);
accepted('kusama_mmr_root', [mmr('kusama')], 29_876_543, 41_802);
/* sp-consensus-beefy's commitment_encode_decode test, as Commitment<u32> (it uses u128) */
const rustTest = accepted(
  'substrate_test_hello_world',
  [['mh', concat([12 << 2], utf8('Hello World!'))]],
  5,
  0,
);
check(
  hex(rustTest) === '0x046d68343048656c6c6f20576f726c6421' + '05000000' + '0000000000000000',
  'Substrate test vector as Commitment<u32>',
);

/* Block numbers and set ids across their whole widths. */
accepted('block_0_set_0', [mmr('zero')], 0, 0);
accepted('block_u32_max', [mmr('u32max')], 2 ** 32 - 1, 1);
accepted('set_2pow32', [mmr('set32')], 1_000, 2n ** 32n);
accepted('set_2pow63', [mmr('set63')], 1_001, 2n ** 63n);
accepted('set_u64_max', [mmr('set64')], 1_002, 2n ** 64n - 1n);

/* Several entries, ids strictly increasing bytewise (payload.rs keeps them sorted). */
accepted('three_entries_sorted', [['cs', fill('cs', 40)], mmr('three'), ['ns', fill('ns', 40)]], 2_000, 7);
accepted('ids_differ_in_second_byte', [['ma', fill('ma', 8)], mmr('second')], 2_001, 7);
accepted(
  'ids_at_both_ends',
  [
    [[0, 0], fill('lo', 4)],
    [[0xff, 0xff], fill('hi', 4)],
  ],
  2_002,
  7,
);
accepted('empty_value', [['aa', new Uint8Array(0)], mmr('empty')], 2_003, 7);
/* The bounds, exactly: entries, one value's length, the whole encoding. */
const ids = (n) => Array.from({ length: n }, (_, i) => [[0x61, 0x61 + i], fill(`id-${i}`, 3)]);
accepted('entries_16', ids(MAX_ENTRIES), 3_000, 9);
accepted('value_63_bytes', [['mh', fill('v63', 63)]], 3_001, 9); // compact mode 0, its largest
accepted('value_64_bytes', [['mh', fill('v64', 64)]], 3_002, 9); // mode 1, its smallest
accepted('value_1024_bytes', [['mh', fill('v1024', MAX_VALUE)]], 3_003, 9);
const big = (last, label) => [
  ['aa', fill(`${label}/1`, MAX_VALUE)],
  ['ab', fill(`${label}/2`, MAX_VALUE)],
  ['ac', fill(`${label}/3`, MAX_VALUE)],
  ['mh', fill(`${label}/4`, last)],
];
/* 1 + 3 x (2 + 2 + 1024) + (2 + 2 + 995) + 4 + 8 = 4096 */
const whole = accepted('commitment_4096_bytes', big(995, 'whole'), 3_004, 9);
check(whole.length === MAX_BYTES, 'the 4096-byte commitment');

/* ---- refused: encoded by @polkadot/types ---- */

refused('payload_empty', commitment([], 10, 1));
refused('entries_17', commitment(ids(MAX_ENTRIES + 1), 10, 1));
refused('value_1025_bytes', commitment([['mh', fill('v1025', MAX_VALUE + 1)]], 10, 1));
const over = commitment(big(996, 'over'), 10, 1);
check(over.length === MAX_BYTES + 1, 'the 4097-byte commitment');
refused('commitment_4097_bytes', over);
refused('ids_unsorted', commitment([mmr('unsorted'), ['cs', fill('cs', 8)]], 10, 1));
refused('ids_unsorted_second_byte', commitment([mmr('unsorted2'), ['ma', fill('ma', 8)]], 10, 1));
refused('ids_duplicate', commitment([mmr('dup-a'), mmr('dup-b')], 10, 1));
refused('ids_duplicate_identical', commitment([mmr('dup'), mmr('dup')], 10, 1));
refused('ids_duplicate_after_sorted', commitment([['cs', fill('cs', 8)], mmr('d1'), mmr('d2')], 10, 1));
/* other chains' block number widths: more bytes than a u32 */
refused('block_number_u64', commitment([mmr('u64')], 10, 1, reg64));
refused('block_number_u128', commitment([mmr('u128')], 10, 1, reg128));
refused(
  'substrate_test_u128',
  Buffer.from('046d68343048656c6c6f20576f726c6421050000000000000000000000000000000000000000000000', 'hex'),
);

/* ---- refused: an accepted encoding with one field changed ---- */

/* polkadot: 04 | 6d68 | 80 | root[32] | block u32 | set u64 (48 bytes) */
check(polkadot.length === 48 && polkadot[0] === 4 && polkadot[3] === 32 << 2, 'polkadot layout');
refused('trailing_byte', concat(polkadot, [0]));
refused('trailing_u32', concat(polkadot, [0, 0, 0, 0]));
/* the entry count */
refused('count_1_mode1', splice(polkadot, 0, 1, compactMode(1, 1)));
refused('count_1_mode2', splice(polkadot, 0, 1, compactMode(1, 2)));
refused('count_1_mode3', splice(polkadot, 0, 1, compactBig(1, 4)));
refused('count_5_bytes', splice(polkadot, 0, 1, compactBig(1, 5)));
refused('count_prefix_ff', splice(polkadot, 0, 1, [0xff]));
refused('count_2_of_1', splice(polkadot, 0, 1, [2 << 2]));
refused('count_u32_max', splice(polkadot, 0, 1, compactBig(2 ** 32 - 1, 4)));
/* the value's length */
refused('value_len_mode1', splice(polkadot, 3, 1, compactMode(32, 1)));
refused('value_len_mode2', splice(polkadot, 3, 1, compactMode(32, 2)));
refused('value_len_mode3', splice(polkadot, 3, 1, compactBig(32, 4)));
refused('value_len_5_bytes', splice(polkadot, 3, 1, compactBig(32, 5)));
refused('value_len_33', splice(polkadot, 3, 1, [33 << 2])); // eats the block number: 1 byte short
refused('value_len_past_the_end', splice(polkadot, 3, 1, [63 << 2]));
refused('value_len_u32_max', splice(polkadot, 3, 1, compactBig(2 ** 32 - 1, 4)));
const v1024 = vectors.find((v) => v.name === 'value_1024_bytes').bytes;
check(compactLen(v1024[3]) === 2, 'a 1024-byte value has a 2-byte length');
refused('value_1024_len_mode2', splice(v1024, 3, 2, compactMode(MAX_VALUE, 2)));
refused('value_len_31_then_a_byte_of_block', splice(polkadot, 3, 1, [31 << 2])); // 1 byte too many after

/* ---- output ---- */

const cName = (name) => `bv_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const seen = new Set();
for (const v of vectors) {
  check(!seen.has(cName(v.name)), `duplicate name ${v.name}`);
  seen.add(cName(v.name));
}

function cBytes(u8a) {
  const lines = [];
  for (let i = 0; i < u8a.length; i += 12)
    lines.push(
      '\t' + [...u8a.subarray(i, i + 12)].map((b) => `0x${b.toString(16).padStart(2, '0')},`).join(' '),
    );
  return lines.join('\n');
}

let c = `/* Generated by tests/policy/gen-beefy-vectors.mjs with @polkadot/types ${packageInfo.version}: do not edit. */
#ifndef TRIAD_BEEFY_VECTORS_H
#define TRIAD_BEEFY_VECTORS_H

`;
/* a one-element array for an empty encoding would not be empty: every vector here has bytes */
for (const v of vectors) {
  check(v.bytes.length > 0, `${v.name}: empty`);
  c += `static const uint8_t ${cName(v.name)}[] = {\n${cBytes(v.bytes)}\n};\n\n`;
}
c += 'static const struct beefy_vector beefy_vectors[] = {\n';
for (const v of vectors)
  c +=
    `\t{ "${v.name}", ${cName(v.name)}, sizeof(${cName(v.name)}), ${v.ok ? 1 : 0}, ` +
    `UINT32_C(${v.blockNumber}), UINT64_C(${v.validatorSetId}), ${v.entries} },\n`;
c += `};

#define BEEFY_VECTOR_COUNT (sizeof(beefy_vectors) / sizeof(beefy_vectors[0]))

#endif /* TRIAD_BEEFY_VECTORS_H */
`;

/*
 * Seeds: each vector as one record (len:u16, bytes), and a run the rule
 * decides every way: a vote, its repeat, a conflict, a regression by block
 * and by set, and a set change.
 */
const record = (bytes) => concat([bytes.length & 0xff, bytes.length >> 8], bytes);
const run = [
  commitment([mmr('run-a')], 100, 5),
  commitment([mmr('run-a')], 100, 5),
  commitment([mmr('run-b')], 100, 5),
  commitment([mmr('run-c')], 99, 5),
  commitment([mmr('run-d')], 108, 6),
  commitment([mmr('run-e')], 116, 5),
  commitment([mmr('run-f')], 116, 6),
];

/* Replace the previous output whole, so that a failed run leaves none. */
const seeds = join(outDir, 'beefy-seeds');
rmSync(seeds, { recursive: true, force: true });
mkdirSync(seeds, { recursive: true });
vectors.forEach((v, i) =>
  writeFileSync(join(seeds, `${String(i).padStart(3, '0')}-${v.name}`), record(v.bytes)),
);
writeFileSync(join(seeds, 'run-repeat-conflict-regression-set-change'), concat(...run.map(record)));
const out = join(outDir, 'beefy_vectors.h');
writeFileSync(`${out}.tmp`, c);
renameSync(`${out}.tmp`, out);
console.log(
  `gen-beefy-vectors: ${vectors.length} vectors (${vectors.filter((v) => v.ok).length} accepted) -> ${out}`,
);
