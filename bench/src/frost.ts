/**
 * In-process signing costs: single-key sr25519 (Rust schnorrkel in WASM, and @scure/sr25519) as
 * baselines, and a whole 2-of-3 threshold signature (two commits, two shares, aggregate with share
 * checks and the final verification) plus its named steps.
 */
import * as scure from '@scure/sr25519';
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import { aggregate, commit, schnorrkel, signShare, trustedDealerKeygen, verifyShare } from '@triad/frost';
import type { BenchCase } from './harness.js';

export function frostCases(): BenchCase[] {
  const msg = new Uint8Array(32).fill(0xab); // a header hash: what a BABE seal signs
  const pair = { pk: new Uint8Array(), sk: new Uint8Array() };
  const scureSk = scure.secretFromSeed(new Uint8Array(32).fill(1));
  const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
  const [k1, k2] = [keyPackages[0]!, keyPackages[1]!];

  const oneShare = () => {
    const n1 = commit(k1);
    const n2 = commit(k2);
    const set = [n1.commitment, n2.commitment];
    return { set, share: signShare(schnorrkel, k1, n1, set, msg), n2 };
  };
  const prepared = oneShare();
  const secondShare = signShare(schnorrkel, k2, prepared.n2, prepared.set, msg);

  return [
    {
      name: 'sr25519 sign, single key (wasm schnorrkel) [baseline]',
      setup: async () => {
        await waitReady();
        const kp = sr25519KeypairFromSeed(new Uint8Array(32).fill(2));
        pair.sk = kp.slice(0, 64);
        pair.pk = kp.slice(64);
      },
      run: () => sr25519Sign(pair.pk, pair.sk, msg),
    },
    { name: 'sr25519 sign, single key (@scure/sr25519)', run: () => scure.sign(scureSk, msg) },
    {
      name: 'FROST 2-of-3: commit x2 + signShare x2 + aggregate (verified)',
      run: () => {
        const n1 = commit(k1);
        const n2 = commit(k2);
        const set = [n1.commitment, n2.commitment];
        const shares = [signShare(schnorrkel, k1, n1, set, msg), signShare(schnorrkel, k2, n2, set, msg)];
        return aggregate(schnorrkel, publicKeyPackage, set, msg, shares);
      },
    },
    { name: 'FROST round 1: commit', run: () => commit(k1) },
    { name: 'FROST round 2: commit x2 + one signShare', run: oneShare },
    {
      name: 'FROST verifyShare',
      run: () => verifyShare(schnorrkel, publicKeyPackage, prepared.set, msg, prepared.share),
    },
    {
      name: 'FROST aggregate (sum + final verify; blame only on failure)',
      run: () => aggregate(schnorrkel, publicKeyPackage, prepared.set, msg, [prepared.share, secondShare]),
    },
  ];
}
