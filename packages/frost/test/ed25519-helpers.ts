/**
 * Test support for FROST(Ed25519, SHA-512): the two independent ed25519 verifiers every signature
 * here is judged by (noble in RFC 8032 strict mode, and Rust ed25519-dalek compiled to wasm by
 * @polkadot/wasm-crypto), and DKG / refresh ceremonies run the way the cluster relays them.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed25519Verify, waitReady } from '@polkadot/wasm-crypto';
import {
  dkgRound1,
  dkgRound2,
  dkgRound3,
  ed25519Suite,
  refreshRound1,
  refreshRound2,
  refreshRound3,
} from '../src/index.js';
import type { KeyPackage, PublicKeyPackage } from '../src/index.js';
import { drbg } from '../scripts/drbg.js';

export const ed25519VerifierReady = (): Promise<boolean> => waitReady();

/** What each independent verifier says: both must say true for a signature we release. */
export function ed25519Verdicts(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): [boolean, boolean] {
  return [ed25519.verify(sig, msg, pk, { zip215: false }), ed25519Verify(sig, msg, pk)];
}

/** A whole ed25519 DKG among `n` honest participants. */
export function runEd25519Dkg(threshold: number, n: number, context: Uint8Array, seed: string) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const r1 = ids.map((identifier) =>
    dkgRound1({
      identifier,
      threshold,
      maxSigners: n,
      context,
      rng: drbg(`${seed}/${identifier}`),
      suite: ed25519Suite,
    }),
  );
  const othersOf = (id: number) => r1.map((r) => r.package).filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => dkgRound2(r.secret, othersOf(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  const out = r2.map((r) =>
    dkgRound3(
      r.secret,
      othersOf(r.secret.identifier),
      all2.filter((p) => p.receiver === r.secret.identifier),
    ),
  );
  return { r2, all2, othersOf, out };
}

/** A whole ed25519 refresh of `keys` (every participant takes part). */
export function runEd25519Refresh(keys: readonly KeyPackage[], pub: PublicKeyPackage, seed: string) {
  const r1 = keys.map((k) =>
    refreshRound1({
      identifier: k.identifier,
      threshold: k.threshold,
      maxSigners: keys.length,
      rng: drbg(`${seed}/${k.identifier}`),
      suite: ed25519Suite,
    }),
  );
  const othersOf = (id: number) => r1.map((r) => r.package).filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => refreshRound2(r.secret, othersOf(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  return r2.map((r, i) =>
    refreshRound3(
      r.secret,
      all2.filter((p) => p.receiver === r.secret.identifier),
      keys[i]!,
      pub,
    ),
  );
}
