/**
 * BABE's slot lottery as sc-consensus-babe `authorship.rs` computes it, so a Triad validator claims
 * exactly the slots the chain accepts: `calculate_primary_threshold` (f64 where it uses f64, then an
 * exact rational times 2^128, as `BigRational::from_float` does; the power correctly rounded, as
 * the node's libm gives it), the primary check on the VRF
 * score, and the public secondary-author formula.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import { powRounded } from './f64-pow.js';

const U64_MAX = (1n << 64n) - 1n;
const TWO_128 = 1n << 128n;

/** The exact value of a finite f64 as m * 2^e (m an integer), as num_rational reads it. */
function f64Parts(x: number): { m: bigint; e: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = (bits >> 52n) & 0x7ffn;
  const frac = bits & ((1n << 52n) - 1n);
  if (bits >> 63n) throw new FrostError('INVALID_PARAMETERS', 'threshold: negative probability');
  if (exp === 0x7ffn) throw new FrostError('INVALID_PARAMETERS', 'threshold: probability is not finite');
  return exp === 0n ? { m: frac, e: -1074n } : { m: frac | (1n << 52n), e: exp - 1075n };
}

/**
 * `calculate_primary_threshold(c, authorities, authority_index)`: c = c0/c1 and theta =
 * weight/total in f64, p = 1 - (1 - c)^theta in f64, then floor(2^128 * p) exactly. 0 when c1 is 0
 * or the index is out of range (as the node answers); the cases where the node panics (a zero
 * weight, a non-finite p) throw here.
 */
export function calculatePrimaryThreshold(
  c: readonly [bigint, bigint],
  weights: readonly bigint[],
  authorityIndex: number,
): bigint {
  const [c0, c1] = c;
  if (c1 === 0n || authorityIndex < 0 || authorityIndex >= weights.length) return 0n;
  if (c0 < 0n || c0 > U64_MAX || c1 > U64_MAX)
    throw new FrostError('INVALID_PARAMETERS', 'threshold: c is not u64');
  const total = weights.reduce((a, w) => a + w, 0n);
  if (weights.some((w) => w < 0n) || total > U64_MAX)
    throw new FrostError('INVALID_PARAMETERS', 'threshold: weights do not sum in a u64');
  // `as f64` and `/` on f64: Number() of a bigint rounds to nearest like Rust's cast.
  const cf = Number(c0) / Number(c1);
  const theta = Number(weights[authorityIndex]!) / Number(total);
  if (!(theta > 0)) throw new FrostError('INVALID_PARAMETERS', 'threshold: authority with weight 0');
  // powf as glibc computes it (correctly rounded); V8's Math.pow can be one ulp off (f64-pow.ts)
  const p = 1 - powRounded(1 - cf, theta);
  const { m, e } = f64Parts(p);
  const shift = 128n + e;
  const value = shift >= 0n ? m << shift : m >> -shift;
  if (value >= TWO_128) throw new FrostError('INVALID_PARAMETERS', 'threshold: does not fit 128 bits');
  return value;
}

/** The primary claim: the 16-byte VRF score (make_bytes "substrate-babe-vrf") read as u128 LE < threshold. */
export function isPrimaryClaim(score: Uint8Array, threshold: bigint): boolean {
  if (score.length !== 16) throw new FrostError('LENGTH', 'BABE VRF score: expected 16 bytes');
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(score[i]!);
  return v < threshold;
}

/** `secondary_slot_author`: blake2_256((randomness, slot).encode()) as a U256 (LE) mod n. */
export function secondarySlotAuthorIndex(slot: bigint, randomness: Uint8Array, authorities: number): number {
  if (randomness.length !== 32) throw new FrostError('LENGTH', 'randomness: expected 32 bytes');
  if (!Number.isInteger(authorities) || authorities <= 0)
    throw new FrostError('INVALID_PARAMETERS', 'secondary author: no authorities');
  if (slot < 0n || slot > U64_MAX) throw new FrostError('INVALID_PARAMETERS', 'slot: not a u64');
  const s = new Uint8Array(8);
  new DataView(s.buffer).setBigUint64(0, slot, true);
  const h = blake2b(concatBytes(randomness, s), { dkLen: 32 });
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(h[i]!);
  return Number(v % BigInt(authorities));
}
