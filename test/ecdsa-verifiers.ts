/**
 * Independent judges of an ecdsa (beef) signature, none of them Triad's own code: noble (verify
 * with low s over the prehash, and public key recovery) and @polkadot/util-crypto's
 * secp256k1Verify over @polkadot/wasm-crypto (Rust, compiled to wasm), which hashes the message
 * itself as the chain does: keccak-256 for a BEEFY commitment, blake2-256 for an ownership proof.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { cryptoWaitReady, secp256k1Expand, secp256k1Verify } from '@polkadot/util-crypto';
import { isReady } from '@polkadot/wasm-crypto';

/** The wasm verifier loaded (util-crypto falls back to JS without it: not a second opinion then). */
export async function ecdsaVerifiersReady(): Promise<void> {
  await cryptoWaitReady();
  if (!isReady()) throw new Error('@polkadot/wasm-crypto did not load');
}

/** noble: a low-s signature of `prehash` under `publicKey`, whose recovery id recovers that key. */
export function nobleAccepts(signature: Uint8Array, prehash: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 65) return false;
  const compact = signature.subarray(0, 64);
  try {
    const verified = secp256k1.verify(compact, prehash, publicKey, { prehash: false, lowS: true });
    const recovered = secp256k1.Signature.fromBytes(compact, 'compact')
      .addRecoveryBit(signature[64]!)
      .recoverPublicKey(prehash)
      .toBytes(true);
    return verified && Buffer.from(recovered).equals(Buffer.from(publicKey));
  } catch {
    return false;
  }
}

/** A BEEFY vote as the chain checks it: keccak-256 of the commitment, both verifiers. */
export function beefyVoteAccepted(
  signature: Uint8Array,
  commitment: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  const wasm = secp256k1Verify(commitment, signature, secp256k1Expand(publicKey), 'keccak');
  return wasm && nobleAccepts(signature, keccak_256(commitment), publicKey);
}

/** An ecdsa key's ownership proof: blake2-256 of b"POP_" ++ owner, both verifiers. */
export function ecdsaProofAccepted(signature: Uint8Array, owner: Uint8Array, publicKey: Uint8Array): boolean {
  const statement = Buffer.concat([Buffer.from('POP_'), owner]);
  const wasm = secp256k1Verify(statement, signature, publicKey, 'blake2');
  return wasm && nobleAccepts(signature, blake2b(statement, { dkLen: 32 }), publicKey);
}
