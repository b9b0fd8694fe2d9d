/**
 * x^y in f64, correctly rounded, for the one use the BABE threshold makes of it (x in [0, 1],
 * y in (0, 1]). A Polkadot node computes `(1 - c).powf(theta)` with its platform's libm: glibc on
 * Linux, whose pow is within 0.52 ulp, so correctly rounded except when the exact power lies
 * within a few hundredths of an ulp of a rounding tie. V8's Math.pow is further off: on 2000
 * random inputs (test/fixtures/glibc-pow.json) it differs from glibc on 188, this function on 4
 * (each a near-tie glibc rounds the other way). For c = 2987038802/2^32 and theta =
 * 613469/613470 Math.pow is one ulp below glibc and this function, which moves the threshold.
 * Matching glibc on the near-ties too would take its exact algorithm; a one-ulp difference in p
 * moves the threshold by about 2^-53 of itself, so a VRF score falls between the two with
 * probability near 2^-53 per slot.
 *
 * Method: ln x and exp in 256-bit fixed point (errors near 2^-180 relative), then one rounding
 * to the nearest f64, ties to even.
 */
import { FrostError } from './errors.js';

const P = 256n; // fixed-point fraction bits
const ONE = 1n << P;

/** The exact value of a positive finite f64 as m * 2^e, m an integer below 2^53. */
function parts(x: number): { m: bigint; e: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = (bits >> 52n) & 0x7ffn;
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0n ? { m: frac, e: -1074n } : { m: frac | (1n << 52n), e: exp - 1075n };
}

/** 2*atanh(num/den) in fixed point: ln((den + num)/(den - num)), for 0 <= num/den <= 1/3. */
function twoAtanh(num: bigint, den: bigint): bigint {
  const z = (num << P) / den;
  const z2 = (z * z) >> P;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) >> P;
  }
  return 2n * sum;
}

const LN2 = twoAtanh(1n, 3n);

/** ln x in fixed point for a positive finite f64. */
function ln(x: number): bigint {
  const { m, e } = parts(x);
  // x = (m / 2^k) * 2^(e + k) with m / 2^k in [1, 2): ln of the mantissa by atanh, the rest by ln 2
  const k = BigInt(m.toString(2).length - 1);
  const one = 1n << k;
  return twoAtanh(m - one, m + one) + (e + k) * LN2;
}

/** e^y in fixed point, as (mantissa in [1, 2) fixed point, power of two). */
function exp(y: bigint): { f: bigint; k: bigint } {
  let k = y / LN2;
  let r = y - k * LN2;
  if (r < 0n) {
    k -= 1n;
    r += LN2;
  }
  let term = ONE;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = (term * r) / (n << P);
  }
  return { f: sum, k };
}

/** f * 2^(k - P) rounded to the nearest f64 (ties to even); f in [2^P, 2^(P+1)). */
function toF64(f: bigint, k: bigint): number {
  const bits = BigInt(f.toString(2).length);
  const shift = bits - 53n;
  let mant = f >> shift;
  const rem = f & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (mant & 1n) === 1n)) mant += 1n;
  const e2 = k - P + shift;
  if (e2 < -1074n) throw new FrostError('INVALID_PARAMETERS', 'pow: result below the normal range');
  return Number(mant) * 2 ** Number(e2);
}

/** x^y correctly rounded, for x in [0, 1] and y in (0, 1] (the BABE threshold's domain). */
export function powRounded(x: number, y: number): number {
  if (!(x >= 0 && x <= 1) || !(y > 0 && y <= 1))
    throw new FrostError('INVALID_PARAMETERS', 'pow: outside x in [0, 1], y in (0, 1]');
  if (x === 0) return 0;
  if (x === 1) return 1;
  const { m, e } = parts(y);
  const lnx = ln(x);
  const t = lnx * m;
  const yl = e >= 0n ? t << e : t >> -e; // y * ln x, floor: well below the precision kept
  const { f, k } = exp(yl);
  return toF64(f, k);
}
