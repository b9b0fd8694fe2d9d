/**
 * A deterministic byte source for known-answer vectors: SHA-512(seed || counter) blocks. Only for
 * reproducible test data; production randomness is the platform CSPRNG (TEE_GenerateRandom).
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { Rng } from '../src/index.js';

export function drbg(seed: string): Rng {
  const seedBytes = new TextEncoder().encode(seed);
  let counter = 0;
  let pool = new Uint8Array(0);
  return (length: number) => {
    while (pool.length < length) {
      const block = new Uint8Array(8);
      new DataView(block.buffer).setBigUint64(0, BigInt(counter++), true);
      pool = concatBytes(pool, sha512(concatBytes(seedBytes, block)));
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}
