import { describe, expect, it } from '@jest/globals';
import { secp256k1_FROST } from '@noble/curves/secp256k1.js';
import {
  aggregate,
  commit,
  encodePoint,
  refreshRound3,
  rfc9591Secp256k1,
  secp256k1Sha256,
  signShare,
  trustedDealerKeygen,
} from '../src/index.js';
import { drbg } from '../scripts/drbg.js';
import { runRefresh } from './ceremonies.js';
import { expectFrostError, hex, publicKeyBytes, subsets, thresholdSign, utf8 } from './helpers.js';

const suite = rfc9591Secp256k1;
const dealt = () =>
  trustedDealerKeygen({
    threshold: 2,
    maxSigners: 3,
    rng: drbg('secp256k1-refresh'),
    suite: secp256k1Sha256,
  });

describe('share refresh in secp256k1', () => {
  it('keeps the group key, changes every share, and every 2-subset of refreshed shares signs', () => {
    const { keyPackages, publicKeyPackage } = dealt();
    const { out } = runRefresh(keyPackages, publicKeyPackage, 'secp256k1-refresh', secp256k1Sha256);
    const pub = out[0]!.publicKeyPackage;
    expect(hex(publicKeyBytes(pub))).toBe(hex(publicKeyBytes(publicKeyPackage)));
    out.forEach((o, i) => {
      expect(o.keyPackage.signingShare).not.toBe(keyPackages[i]!.signingShare);
      expect(o.keyPackage.verifyingShare.equals(keyPackages[i]!.verifyingShare)).toBe(false);
      expect(hex(encodePoint(o.publicKeyPackage.groupPublicKey))).toBe(hex(publicKeyBytes(pub)));
    });
    const msg = utf8('after the refresh');
    for (const pair of subsets(
      out.map((o) => o.keyPackage),
      2,
    )) {
      const { signature } = thresholdSign(pair, pub, msg, suite, drbg(`sign ${pair[0]!.identifier}`));
      expect(secp256k1_FROST.verify(signature, msg, publicKeyBytes(pub))).toBe(true);
    }
  });

  it('an old share does not combine with refreshed ones; a tampered refresh share names its sender', () => {
    const { keyPackages, publicKeyPackage } = dealt();
    const { out, r2, all2 } = runRefresh(keyPackages, publicKeyPackage, 'secp256k1-refresh', secp256k1Sha256);
    const msg = utf8('mixed');
    const stale = keyPackages[0]!;
    const fresh = out[1]!.keyPackage;
    const [n1, n2] = [commit(stale, drbg('n1'), suite), commit(fresh, drbg('n2'), suite)];
    const set = [n1.commitment, n2.commitment];
    const shares = [signShare(suite, stale, n1, set, msg), signShare(suite, fresh, n2, set, msg)];
    expectFrostError(() => aggregate(suite, out[1]!.publicKeyPackage, set, msg, shares), 'INVALID_SHARE', 1);

    const toOne = all2
      .filter((p) => p.receiver === 1)
      .map((p) => (p.sender === 3 ? { ...p, share: secp256k1Sha256.group.scalars.mod(p.share + 1n) } : p));
    expectFrostError(
      () => refreshRound3(r2[0]!.secret, toOne, keyPackages[0]!, publicKeyPackage),
      'INVALID_SHARE',
      3,
    );
  });
});
