/**
 * Test support for the beef key's ECDSA: the verifiers every signature here is judged by, each
 * independent of @triad/frost: noble's ECDSA verify and key recovery, and the Rust `secp256k1`
 * crate's recovery (libsecp256k1 compiled to wasm in @polkadot/wasm-crypto, which refuses high-S
 * signatures as it recovers).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { secp256k1Recover, waitReady } from '@polkadot/wasm-crypto';
import {
  combineWeightedShares,
  secp256k1Sha256,
  signPrehashedRecoverable,
  weightedShare,
} from '../src/index.js';
import type { KeyPackage, PublicKeyPackage } from '../src/index.js';

export const ecdsaVerifierReady = (): Promise<boolean> => waitReady();

/**
 * What each verifier says of a 65-byte r || s || v signature over `prehash` by the 33-byte key
 * `publicKey`: noble verifies (low-S required) and recovers it, Rust recovers it.
 */
export function ecdsaVerdicts(signature: Uint8Array, prehash: Uint8Array, publicKey: Uint8Array) {
  const rs = signature.subarray(0, 64);
  const v = signature[64]!;
  const nobleRecovered = secp256k1.recoverPublicKey(Uint8Array.of(v, ...rs), prehash, { prehash: false });
  return {
    nobleVerify: secp256k1.verify(rs, prehash, publicKey, { prehash: false, lowS: true }),
    nobleRecovers: Buffer.from(nobleRecovered).equals(publicKey),
    rustRecovers: Buffer.from(secp256k1Recover(prehash, rs, v)).equals(publicKey),
  };
}

export const allTrue = { nobleVerify: true, nobleRecovers: true, rustRecovers: true };

/** The whole signing flow for signers `pair`: weighted shares, combination, signature. */
export function ecdsaSign(
  pair: readonly KeyPackage[],
  pub: PublicKeyPackage,
  prehash: Uint8Array,
): Uint8Array {
  const ids = pair.map((k) => k.identifier);
  const shares = pair.map((k) => weightedShare(secp256k1Sha256, k.identifier, ids, k.signingShare));
  const x = combineWeightedShares(secp256k1Sha256, pub, ids, shares);
  return signPrehashedRecoverable(x, prehash);
}
