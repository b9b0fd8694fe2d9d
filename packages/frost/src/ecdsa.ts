/**
 * ECDSA over secp256k1 as Polkadot's `beef` key uses it (POLKADOT.md, beef): the signer is handed a
 * 32-byte prehash (BEEFY: keccak_256(Commitment.encode())) and returns 65 bytes
 * r (32, big-endian) || s (32, big-endian) || recovery id, as sp_core's ecdsa_sign_prehashed does;
 * a verifier recovers the public key from it and compares (BEEFY keys are 33-byte compressed).
 *
 * The nonce is RFC 6979's (HMAC-SHA256, the prehash reduced mod n as bits2octets says, no extra
 * entropy), s is low (s <= n/2, the recovery id flipped accordingly), so the signature is a function
 * of (key, prehash) that libsecp256k1 (whose nonce function reduces the message since
 * bitcoin-core/secp256k1 PR 1064) reproduces byte for byte. The recovery id is 0 or 1 but for
 * R.x >= n (probability about 2^-128), where it is 2 or 3, as libsecp256k1 reports it too.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes, equalBytes } from '@noble/curves/utils.js';
import { FrostError } from './errors.js';
import { encodePoint } from './group.js';
import { secp256k1Scalars } from './scalar.js';
import { secp256k1Group } from './secp256k1.js';

export const ECDSA_PREHASH_LENGTH = 32;
/** r (32) || s (32) || recovery id (1). */
export const ECDSA_RECOVERABLE_SIGNATURE_LENGTH = 65;

function assertPrehash(prehash: Uint8Array): void {
  if (prehash.length !== ECDSA_PREHASH_LENGTH) {
    throw new FrostError('LENGTH', `prehash: expected ${ECDSA_PREHASH_LENGTH} bytes, got ${prehash.length}`);
  }
}

/**
 * The public key (SEC1 compressed, 33 bytes) that signed `prehash`, recovered from a 65-byte
 * r || s || v signature. INVALID_SIGNATURE when none can be (r or s out of range, bad v, no point).
 */
export function recoverPrehashed(signature: Uint8Array, prehash: Uint8Array): Uint8Array {
  assertPrehash(prehash);
  if (signature.length !== ECDSA_RECOVERABLE_SIGNATURE_LENGTH) {
    throw new FrostError('LENGTH', `signature: expected ${ECDSA_RECOVERABLE_SIGNATURE_LENGTH} bytes`);
  }
  try {
    // noble's recovered format puts the recovery id first; Polkadot's puts it last.
    const nobleOrder = concatBytes(signature.subarray(64), signature.subarray(0, 64));
    return secp256k1.recoverPublicKey(nobleOrder, prehash, { prehash: false });
  } catch {
    throw new FrostError('INVALID_SIGNATURE', 'signature: no public key recovers from it');
  }
}

/**
 * Deterministic (RFC 6979), low-S ECDSA of a 32-byte prehash with the secret scalar x, as
 * r || s || v. The signature is checked (the key it recovers is x·G) before it is returned, so a
 * faulty computation is never released. JavaScript cannot wipe a bigint: the caller drops x, and
 * the byte copy of x made here is zeroed.
 */
export function signPrehashedRecoverable(secretScalar: bigint, prehash: Uint8Array): Uint8Array {
  assertPrehash(prehash);
  if (secretScalar <= 0n || secretScalar >= secp256k1Scalars.ORDER) {
    throw new FrostError('INVALID_PARAMETERS', 'secret scalar is not in 1..n-1');
  }
  const secretKey = secp256k1Scalars.encode(secretScalar);
  let recovered: Uint8Array;
  try {
    recovered = secp256k1.sign(prehash, secretKey, {
      prehash: false,
      lowS: true,
      format: 'recovered',
      extraEntropy: false,
    });
  } finally {
    secretKey.fill(0);
  }
  const signature = concatBytes(recovered.subarray(1), recovered.subarray(0, 1));
  const publicKey = encodePoint(secp256k1Group.mulBase(secretScalar));
  if (!equalBytes(recoverPrehashed(signature, prehash), publicKey)) {
    throw new FrostError('INVALID_SIGNATURE', 'the signature does not recover the signing key');
  }
  return signature;
}
