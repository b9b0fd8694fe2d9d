import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { expect } from '@jest/globals';
import type {
  ChallengeSuite,
  FrostErrorCode,
  KeyPackage,
  PublicKeyPackage,
  SignatureShare,
} from '../src/index.js';
import { aggregate, commit, encodePoint, FrostError, schnorrkel, signShare } from '../src/index.js';
import type { Rng } from '../src/index.js';

export const hex = bytesToHex;
export const unhex = hexToBytes;
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs both rounds and aggregation for one signing set, the way the cluster does. */
export function thresholdSign(
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  msg: Uint8Array,
  suite: ChallengeSuite = schnorrkel,
  rng?: Rng,
): { signature: Uint8Array; shares: SignatureShare[] } {
  const nonces = keys.map((k) => commit(k, rng, suite));
  const set = nonces.map((n) => n.commitment).sort((a, b) => a.identifier - b.identifier);
  const shares = keys.map((k, i) => signShare(suite, k, nonces[i]!, set, msg));
  return { signature: aggregate(suite, pub, set, msg, shares), shares };
}

export const publicKeyBytes = (pub: PublicKeyPackage): Uint8Array => encodePoint(pub.groupPublicKey);

/** Every k-element subset of `items`, in order. */
export function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((first, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [first, ...rest]));
}

/** `fn` throws a FrostError with this code (and, if given, this culprit). */
export function expectFrostError(fn: () => unknown, code: FrostErrorCode, culprit?: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(FrostError);
  expect((caught as FrostError).code).toBe(code);
  if (culprit !== undefined) expect((caught as FrostError).culprit).toBe(culprit);
}
