#!/usr/bin/env node
// Writes a C file of known answers for ta/crypto/secp256k1_ops.c from code that shares
// nothing with it: @noble/curves' secp256k1 (points, ECDSA with RFC 6979 and its recovery
// bit), hash_to_field and expand_message_xmd, @noble/hashes' SHA-256, and plain bigint
// arithmetic mod n. The inputs are fixed (SHA-256 of a label and a counter, and the edge
// cases named below), so the header is the same on every run.
// The tables' types and extern declarations are secp256k1_vectors.h, beside this script.
// Usage: node gen-secp256k1-vectors.mjs OUT_C
import { writeFileSync, renameSync } from 'node:fs';

import { expand_message_xmd, hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { secp256k1, secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const [output] = process.argv.slice(2);
if (!output) throw new Error('usage: gen-secp256k1-vectors.mjs OUT_C');

const Point = secp256k1.Point;
const n = Point.Fn.ORDER;
const p = Point.Fp.ORDER;
const mod = (a, m) => ((a % m) + m) % m;
const pow = (b, e, m) => {
  let r = 1n;
  for (b = mod(b, m); e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const inv = (a) => pow(a, n - 2n, n); // Fermat, n prime: not the C side's safegcd
const hex = (b) => bytesToHex(b);
const be = (v, len = 32) => v.toString(16).padStart(2 * len, '0');
const num = (b) => BigInt('0x' + (bytesToHex(b) || '0'));
const CONTEXT = 'FROST-secp256k1-SHA256-v1';

// Fixed pseudo-random inputs: SHA-256("triad-secp256k1-vectors" || label || i).
const seeded = (label, i, len = 32) => {
  let out = new Uint8Array(0);
  for (let j = 0; out.length < len; j++)
    out = concatBytes(out, sha256(utf8ToBytes(`triad-secp256k1-vectors/${label}/${i}/${j}`)));
  return out.slice(0, len);
};
const seededScalar = (label, i) => mod(num(seeded(label, i)), n);

// Inputs are C byte arrays (no hex parsing in the test), expected outputs hex strings for the
// harness's CHECK_HEX. A row's values: a string (a C string), a number, fixed(bytes) (an array
// member's initializer) or sized(bytes) (a pointer to a static array and its length).
const lines = [];
const str = (s) => JSON.stringify(s);
const cbytes = (b) => `{ ${Array.from(b, (x) => '0x' + x.toString(16).padStart(2, '0')).join(', ')} }`;
const fixed = (b) => ({ c: cbytes(b) });
const sized = (b) => ({ c: b.length ? `(const uint8_t[])${cbytes(b)}, ${b.length}` : 'NULL, 0' });
const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const cval = (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? str(v) : v.c);
const table = (type, name, rows) => {
  lines.push(`const struct ${type} ${name}[] = {`);
  for (const r of rows) lines.push(`\t{ ${r.map(cval).join(', ')} },`);
  lines.push('};');
  lines.push(`const size_t ${name}_count = sizeof(${name}) / sizeof(${name}[0]);`);
};

// ---- scalars: a, b, a + b, a - b, a * b, -a, 1/a ("" for a = 0) ----
const edge = [
  [0n, 0n],
  [1n, 0n],
  [0n, 1n],
  [n - 1n, 1n], // a + b wraps to 0
  [1n, n - 1n],
  [n - 1n, n - 1n], // a * b = 1
  [2n, (n + 1n) / 2n], // a * b = 1: (n + 1) / 2 is 1/2
  [(1n << 255n) - 1n, (1n << 128n) + 7n],
];
const scalarRows = [];
for (const [a, b] of [
  ...edge,
  ...Array.from({ length: 24 }, (_, i) => [seededScalar('a', i), seededScalar('b', i)]),
])
  scalarRows.push([
    fixed(fromHex(be(a))),
    fixed(fromHex(be(b))),
    be(mod(a + b, n)),
    be(mod(a - b, n)),
    be(mod(a * b, n)),
    be(mod(-a, n)),
    a === 0n ? '' : be(inv(a)),
  ]);
table('scalar_vec', 'scalar_vecs', scalarRows);

// ---- wide reduction: a 48-byte big-endian integer mod n ----
const wideInputs = [
  new Uint8Array(48),
  new Uint8Array(48).fill(0xff),
  Uint8Array.from(Buffer.from(be(n, 48), 'hex')), // n itself -> 0
  Uint8Array.from(Buffer.from(be(n * (1n << 128n) - 1n, 48), 'hex')), // just below 2^128 n
  Uint8Array.from(Buffer.from(be(1n << 256n, 48), 'hex')),
  ...Array.from({ length: 16 }, (_, i) => seeded('wide', i, 48)),
];
table(
  'wide_vec',
  'wide_vecs',
  wideInputs.map((w) => [fixed(w), be(mod(num(w), n))]),
);

// ---- points: A = a G, B = b G, A + B, A - B, b A ----
const pointOf = (k) => Point.BASE.multiply(k);
const enc = (P) => hex(P.toBytes(true));
const pointPairs = [
  [1n, 2n], // G and 2G
  [1n, 1n], // A + B doubles, A - B is the identity: "" in the table
  [2n, n - 1n], // b A = -A
  [n - 1n, 1n], // A + B is the identity
  ...Array.from({ length: 16 }, (_, i) => [seededScalar('pa', i), seededScalar('pb', i)]),
];
const pointRows = pointPairs.map(([a, b]) => {
  const A = pointOf(a);
  const B = pointOf(b);
  const sum = A.add(B);
  const diff = A.subtract(B);
  return [
    fixed(fromHex(be(a))),
    fixed(fromHex(be(b))),
    enc(A),
    enc(B),
    sum.is0() ? '' : enc(sum),
    diff.is0() ? '' : enc(diff),
    enc(A.multiply(b)),
  ];
});
table('point_vec', 'point_vecs', pointRows);

// ---- encodings the decoders must refuse (and one they must take) ----
const isSquare = (v) => pow(v, (p - 1n) / 2n, p) === 1n;
const onCurve = (x) => isSquare(mod(x ** 3n + 7n, p));
let offX = 0n;
while (onCurve(offX)) offX++; // the smallest x with no point
let smallX = 1n;
while (!onCurve(smallX)) smallX++; // the smallest x with one: x + p still fits 32 bytes
const gx = be(Point.BASE.toAffine().x);
const badPoints = [
  ['00' + '00'.repeat(32), 'the identity (all zero)'],
  ['00' + gx, 'prefix 00'],
  ['01' + gx, 'prefix 01'],
  ['04' + gx, 'prefix 04 (uncompressed) in 33 bytes'],
  ['05' + gx, 'prefix 05'],
  ['06' + gx, 'prefix 06 (hybrid)'],
  ['07' + gx, 'prefix 07 (hybrid)'],
  ['ff' + gx, 'prefix ff'],
  ['02' + be(p), 'x = p'],
  ['02' + 'ff'.repeat(32), 'x = 2^256 - 1'],
  ['02' + be(smallX + p), `x = ${smallX} + p, a point's x not reduced`],
  ['03' + be(smallX + p), `x = ${smallX} + p, odd`],
  ['02' + be(offX), `x = ${offX}, not on the curve`],
  ['03' + be(offX), `x = ${offX}, odd, not on the curve`],
];
// A few more x off the curve, from the seeded stream.
for (let i = 0; badPoints.length < 20; i++) {
  const x = mod(num(seeded('offcurve', i)), p);
  if (!onCurve(x)) badPoints.push([(i & 1 ? '03' : '02') + be(x), 'x not on the curve']);
}
table(
  'bad_point',
  'bad_points',
  badPoints.map(([h, why]) => [fixed(fromHex(h)), why]),
);
lines.push(`const uint8_t small_x_point[33] = ${cbytes(fromHex('02' + be(smallX)))};`);
const badScalars = [
  [be(n), 'n'],
  [be(n + 1n), 'n + 1'],
  [be((1n << 256n) - 1n), '2^256 - 1'],
  [be(n + (1n << 128n)), 'n + 2^128'],
];
table(
  'bad_scalar',
  'bad_scalars',
  badScalars.map(([h, why]) => [fixed(fromHex(h)), why]),
);

// ---- RFC 9380 expand_message_xmd, SHA-256: its K.1 messages and DST ----
const xmdDst = 'QUUX-V01-CS02-with-expander-SHA256-128';
const xmdMsgs = ['', 'abc', 'abcdef0123456789', 'q128_' + 'q'.repeat(128), 'a512_' + 'a'.repeat(512)];
const xmdRows = [];
for (const len of [0x20, 0x80, 1, 33, 8160])
  for (const m of xmdMsgs) {
    const out = expand_message_xmd(utf8ToBytes(m), utf8ToBytes(xmdDst), len, sha256);
    // Past 4095 characters a string literal is not portable C99 (-Woverlength-strings):
    // of the longest output (ell = 255) the last 64 bytes, b_254's tail and b_255.
    const from = len > 128 ? len - 64 : 0;
    xmdRows.push([xmdDst, m, len, from, hex(out.subarray(from))]);
  }
lines.push('/* The message and DST are text; len is len_in_bytes; want is out[from..len). */');
table('xmd_vec', 'xmd_vecs', xmdRows);
// A DST of 255 bytes, the longest without RFC 9380's oversize hashing.
const longDst = 'D'.repeat(255);
lines.push(
  `const char xmd_long_dst_out[] = ${str(hex(expand_message_xmd(utf8ToBytes('abc'), utf8ToBytes(longDst), 48, sha256)))};`,
);

// ---- RFC 9591 6.5: hash_to_field (H1, H2, H3, HDKG, HID) and SHA-256 (H4, H5) ----
const h2f = (tag, msg) =>
  hash_to_field(msg, 1, {
    DST: CONTEXT + tag,
    p: n,
    m: 1,
    k: 128,
    expand: 'xmd',
    hash: sha256,
  })[0][0];
const hashMsgs = [
  new Uint8Array(0),
  utf8ToBytes('abc'),
  seeded('msg', 0, 33 + 33 + 32), // the size of a point || point || scalar
  seeded('msg', 1, 64),
  seeded('msg', 2, 200),
  seeded('msg', 3, 1000),
];
const h2fRows = [];
const hashRows = [];
for (const tag of ['rho', 'chal', 'nonce', 'dkg', 'id'])
  for (const m of hashMsgs) {
    // The same as noble's own FROST(secp256k1) hasher, which secp256k1_FROST's H1..HID call.
    if (h2f(tag, m) !== secp256k1_hasher.hashToScalar(m, { DST: CONTEXT + tag }))
      throw new Error('hash_to_field disagrees with secp256k1_hasher.hashToScalar');
    h2fRows.push([tag, sized(m), be(h2f(tag, m))]);
  }
for (const tag of ['msg', 'com'])
  for (const m of hashMsgs)
    hashRows.push([tag, sized(m), hex(sha256(concatBytes(utf8ToBytes(CONTEXT + tag), m)))]);
table('hash_vec', 'h2f_vecs', h2fRows);
table('hash_vec', 'frost_hash_vecs', hashRows);

// ---- ECDSA: RFC 6979, low-S, r || s || v; noble's "recovered" format is v || r || s ----
const ecdsaCases = [
  [1n, new Uint8Array(32)],
  [n - 1n, new Uint8Array(32).fill(0xff)], // prehash >= n: RFC 6979 reduces it first
  [seededScalar('x', 100), Uint8Array.from(Buffer.from(be(n), 'hex'))], // prehash = n, 0 mod n
  [seededScalar('x', 101), Uint8Array.from(Buffer.from(be(n + 5n), 'hex'))],
  ...Array.from({ length: 40 }, (_, i) => [seededScalar('x', i), seeded('prehash', i)]),
];
const ecdsaRows = ecdsaCases.map(([x, h]) => {
  const sk = Uint8Array.from(Buffer.from(be(x), 'hex'));
  const rec = secp256k1.sign(h, sk, { prehash: false, lowS: true, format: 'recovered' });
  const sig = concatBytes(rec.subarray(1), rec.subarray(0, 1));
  if (!secp256k1.verify(rec.subarray(1), h, secp256k1.getPublicKey(sk), { prehash: false }))
    throw new Error('noble does not verify its own signature');
  return [fixed(sk), fixed(h), hex(secp256k1.getPublicKey(sk, true)), hex(sig)];
});
table('ecdsa_vec', 'ecdsa_vecs', ecdsaRows);
// ---- a 2-of-3 Shamir sharing of x (f(z) = x + c z), as a DKG leaves it: any two shares,
// Lagrange-weighted, give back x, whose signature of keccak_256(msg) is noble's ----
const combineRows = [0, 1, 2].map((i) => {
  const x = seededScalar('combine-x', i);
  const c = seededScalar('combine-c', i);
  const shares = [1n, 2n, 3n].map((z) => fixed(fromHex(be(mod(x + c * z, n)))));
  const msg = seeded('commitment', i, 48 + 16 * i);
  const prehash = keccak_256(msg);
  const sk = fromHex(be(x));
  const rec = secp256k1.sign(prehash, sk, { prehash: false, lowS: true, format: 'recovered' });
  return [
    { c: `{ ${shares.map((sh) => sh.c).join(', ')} }` },
    sized(msg),
    hex(secp256k1.getPublicKey(sk, true)),
    hex(prehash),
    hex(concatBytes(rec.subarray(1), rec.subarray(0, 1))),
  ];
});
table('combine_vec', 'combine_vecs', combineRows);

// s is low when s <= (n - 1) / 2 = n >> 1.
lines.push(`const uint8_t half_order[32] = ${cbytes(fromHex(be(n >> 1n)))};`);

const header = [
  '/* Generated by tests/secp256k1/gen-secp256k1-vectors.mjs from @noble/curves and @noble/hashes. Do not edit. */',
  '#include "secp256k1_vectors.h"',
  ...lines,
  '',
].join('\n');
writeFileSync(output + '.tmp', header);
renameSync(output + '.tmp', output);
