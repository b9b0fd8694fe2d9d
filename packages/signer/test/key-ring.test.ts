import { describe, expect, it } from '@jest/globals';
import type { PublicKeyPackage } from '@triad/frost';
import type { KeyId, TaInfo, TrustedApp } from '@triad/tee';
import { KeyRing } from '../src/index.js';

type KeyInfo = TaInfo['keys'][number];

const keyInfo = (keyType: string, fill: number, scheme: KeyInfo['scheme']): KeyInfo => ({
  keyType,
  nonSlashable: false,
  scheme,
  status: 'active',
  created: BigInt(fill),
  ownId: 1,
  threshold: 2,
  participants: 3,
  groupPublicKey: new Uint8Array(32).fill(fill),
  highWaterMark: undefined,
});

/** A TA that lists `keys` and hands out a stand-in package for each key exported. */
function fakeTa(keys: KeyInfo[], exported: KeyId[]): TrustedApp {
  const info = {
    version: 1,
    identityPublicKey: new Uint8Array(32),
    counter: 9n,
    lockState: 0,
    ownId: 1,
    keys,
  };
  return {
    getInfo: async () => info as unknown as TaInfo,
    exportPublic: async (key: KeyId) => {
      exported.push(key);
      return { threshold: 2 } as unknown as PublicKeyPackage;
    },
  } as unknown as TrustedApp;
}

describe('the key ring', () => {
  it("holds keys whose scheme is their type's, and only lists a gran key an older TA made as sr25519", async () => {
    const exported: KeyId[] = [];
    const { ring } = await KeyRing.load(
      fakeTa(
        [keyInfo('babe', 1, 'sr25519'), keyInfo('gran', 2, 'sr25519'), keyInfo('gran', 3, 'ed25519')],
        exported,
      ),
    );
    expect(ring.active.map((k) => [k.keyType, k.publicKey[0]])).toEqual([
      ['babe', 1],
      ['gran', 3],
    ]);
    expect(exported.map((k) => k.publicKey[0])).toEqual([1, 3]); // its points were never read
    expect(ring.listed.map((k) => [k.keyType, k.scheme, k.publicKey[0]])).toEqual([
      ['babe', 'sr25519', 1],
      ['gran', 'sr25519', 2],
      ['gran', 'ed25519', 3],
    ]);
    expect(ring.choose('gran')).toEqual({ key: ring.active[1] });
  });
});
