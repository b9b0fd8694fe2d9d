/**
 * DKG and refresh ceremonies run the way the cluster's peers relay them, from deterministic
 * randomness, in any ciphersuite (default ristretto255, as the sr25519 tests use them).
 */
import {
  DEFAULT_CIPHERSUITE,
  dkgRound1,
  dkgRound2,
  dkgRound3,
  refreshRound1,
  refreshRound2,
  refreshRound3,
} from '../src/index.js';
import type { Ciphersuite, KeyPackage, PublicKeyPackage } from '../src/index.js';
import { drbg } from '../scripts/drbg.js';

/** Runs a whole ceremony among `n` honest participants, as the cluster's peers relay it. */
export function runDkg(
  threshold: number,
  n: number,
  context: Uint8Array,
  seed = 'dkg',
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const r1 = ids.map((identifier) =>
    dkgRound1({ identifier, threshold, maxSigners: n, context, rng: drbg(`${seed}/${identifier}`), suite }),
  );
  const packages1 = r1.map((r) => r.package);
  const othersOf = (id: number) => packages1.filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => dkgRound2(r.secret, othersOf(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  const out = r2.map((r) =>
    dkgRound3(
      r.secret,
      othersOf(r.secret.identifier),
      all2.filter((p) => p.receiver === r.secret.identifier),
    ),
  );
  return { ids, r1, r2, packages1, all2, out, othersOf };
}

/** Refreshes `keys` with every participant taking part. */
export function runRefresh(
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  seed = 'refresh',
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
) {
  const n = pub.verifyingShares.size;
  const r1 = keys.map((k) =>
    refreshRound1({
      identifier: k.identifier,
      threshold: k.threshold,
      maxSigners: n,
      rng: drbg(`${seed}/${k.identifier}`),
      suite,
    }),
  );
  const othersOf = (id: number) => r1.map((r) => r.package).filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => refreshRound2(r.secret, othersOf(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  return {
    r1,
    r2,
    all2,
    out: r2.map((r, i) =>
      refreshRound3(
        r.secret,
        all2.filter((p) => p.receiver === r.secret.identifier),
        keys[i]!,
        pub,
      ),
    ),
  };
}
