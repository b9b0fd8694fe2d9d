#!/usr/bin/env node
// Prints the Keccak-256 known answers of test_keccak.c's keccak256_kat table, from
// @noble/hashes' keccak_256 (the repository root's node_modules: `npm ci` there), an
// implementation that shares nothing with ta/crypto/keccak.c. Inputs: the empty string, "abc",
// and (i * 7 + 3) mod 256 for i < len (the SHA3-256 test's pattern) at lengths around the
// rate of 136 bytes. Usage: node tests/crypto/gen_keccak256_kat.mjs
import { keccak_256, sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const pattern = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
const inputs = [
  ['""', new Uint8Array(0)],
  ['"abc"', new TextEncoder().encode('abc')],
  ...[135, 136, 137, 200, 272, 1024].map((n) => [String(n), pattern(n)]),
];
// The same permutation with SHA-3's padding must not give the same bytes.
if (bytesToHex(keccak_256(new Uint8Array(0))) === bytesToHex(sha3_256(new Uint8Array(0))))
  throw new Error('keccak_256 is SHA3-256');
for (const [name, msg] of inputs) {
  const hex = bytesToHex(keccak_256(msg));
  console.log(`\t\t{ ${name === '"abc"' ? 3 : name === '""' ? 0 : name}, "${hex.slice(0, 32)}"`);
  console.log(`\t\t     "${hex.slice(32)}" },`);
}
