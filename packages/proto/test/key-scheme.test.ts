import { describe, expect, it } from '@jest/globals';
import { publicKeyLength, publicKeyLengthOfType, schemeOfKeyType } from '../src/index.js';

describe("each session key type's scheme (POLKADOT.md, the key table)", () => {
  it('gran is ed25519, beef ecdsa, every other type sr25519', () => {
    expect(['gran', 'babe', 'para', 'asgn', 'audi', 'beef', 'imon'].map(schemeOfKeyType)).toEqual([
      'ed25519',
      'sr25519',
      'sr25519',
      'sr25519',
      'sr25519',
      'ecdsa',
      'sr25519',
    ]);
  });

  it('public keys are 32 bytes, but 33 (SEC1 compressed secp256k1) for ecdsa', () => {
    expect([publicKeyLength('sr25519'), publicKeyLength('ed25519'), publicKeyLength('ecdsa')]).toEqual([
      32, 32, 33,
    ]);
    expect([
      publicKeyLengthOfType('beef'),
      publicKeyLengthOfType('gran'),
      publicKeyLengthOfType('babe'),
    ]).toEqual([33, 32, 32]);
  });
});
