/**
 * What an ecdsa (beef) key signs and how the coordinator checks it before release. The TAs hash
 * the payload themselves (optee-ta/ta/core/ecdsa_sign.c); this derives the same prehash so the
 * signature can be judged as the chain judges it: by recovering the public key from (signature,
 * prehash) and comparing it with the group key (sp_core ecdsa, BEEFY's verification).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1Recover } from '@polkadot/wasm-crypto';
import type { EcdsaRequestKind } from '@triad/tee';

/** What an ownership proof's statement starts with (POLKADOT.md, "The session key set"). */
const OWNERSHIP_PROOF_PREFIX = new TextEncoder().encode('POP_');

/**
 * The 32 bytes an ecdsa key signs for a request, as the TAs derive them: keccak-256 of a BEEFY
 * commitment's encoding (the node's `ecdsa_sign_prehashed(keccak_256(commitment.encode()))`),
 * blake2b-256 of b"POP_" ++ owner for an ownership proof (`ecdsa::Pair::sign` hashes with blake2).
 */
export function ecdsaPrehash(kind: EcdsaRequestKind, payload: Uint8Array): Uint8Array {
  if (kind === 'beefy-commitment') return keccak_256(payload);
  return blake2b(Buffer.concat([OWNERSHIP_PROOF_PREFIX, payload]), { dkLen: 32 });
}

/**
 * Whether a 65-byte r || s || v signature of `prehash` recovers to `publicKey` (33 bytes, SEC1
 * compressed). Strict where the TA is: v is 0 or 1 and s is low (libsecp256k1 and the TA always
 * sign so; Ethereum-side BEEFY verifiers refuse a high s). Never throws: anything else is false.
 */
export function ecdsaRecoversTo(signature: Uint8Array, prehash: Uint8Array, publicKey: Uint8Array): boolean {
  if (!wellFormed(signature, prehash, publicKey)) return false;
  const v = signature[64]!;
  try {
    const sig = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact').addRecoveryBit(v);
    return Buffer.from(sig.recoverPublicKey(prehash).toBytes(true)).equals(Buffer.from(publicKey));
  } catch {
    return false;
  }
}

/**
 * The same check by @polkadot/wasm-crypto's secp256k1 recovery (Rust, compiled to wasm: the
 * implementation Polkadot's JS tooling verifies with), which the peer uses as the chain's verifier
 * beside the sr25519 and ed25519 ones. Needs `waitReady()` first.
 */
export function ecdsaRecoversToWasm(
  signature: Uint8Array,
  prehash: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (!wellFormed(signature, prehash, publicKey)) return false;
  try {
    const recovered = secp256k1Recover(prehash, signature.subarray(0, 64), signature[64]!);
    return Buffer.from(recovered).equals(Buffer.from(publicKey));
  } catch {
    return false;
  }
}

const HALF_ORDER = secp256k1.Point.CURVE().n >> 1n;

/** Lengths, a recovery id of 0 or 1, and a low s (0 < s <= n/2), before any curve arithmetic. */
function wellFormed(signature: Uint8Array, prehash: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 65 || prehash.length !== 32 || publicKey.length !== 33) return false;
  if (signature[64]! > 1) return false;
  const s = BigInt(`0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}`);
  return s > 0n && s <= HALF_ORDER;
}
