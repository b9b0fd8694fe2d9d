/**
 * The judge of every signature in the tests and the benchmark: the chain's own sr25519 verifier,
 * Rust schnorrkel compiled to wasm (@polkadot/wasm-crypto), independent of @triad/frost.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { encodePoint } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';

let loading: Promise<boolean> | undefined;

/** Loads the verifier; the checks below need it loaded (they throw before). */
export function chainVerifierReady(): Promise<boolean> {
  loading ??= waitReady();
  return loading;
}

/** A public key as the chain holds it (32 bytes), or the group key of a DKG's public package. */
export type ChainKey = Uint8Array | PublicKeyPackage;

const keyBytes = (key: ChainKey) => (key instanceof Uint8Array ? key : encodePoint(key.groupPublicKey));

/** Whether the chain accepts `signature` over `message` under `publicKey`. */
export function chainAccepts(signature: Uint8Array, message: Uint8Array, publicKey: ChainKey): boolean {
  return sr25519Verify(signature, message, keyBytes(publicKey));
}

/** What a BABE seal signs: blake2-256 of the pre-seal header. */
export const sealedHash = (header: Uint8Array): Uint8Array => blake2b(header, { dkLen: 32 });

/** Whether the chain accepts `signature` as the BABE seal of the pre-seal `header`. */
export function chainAcceptsSeal(signature: Uint8Array, header: Uint8Array, publicKey: ChainKey): boolean {
  return chainAccepts(signature, sealedHash(header), publicKey);
}
