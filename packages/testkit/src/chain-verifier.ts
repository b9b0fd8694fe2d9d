/**
 * The judge of every signature in the tests and the benchmark: the chain's own sr25519 verifier,
 * Rust schnorrkel compiled to wasm (@polkadot/wasm-crypto), independent of @triad/frost; for
 * ed25519 (GRANDPA) wasm-crypto's Rust ed25519 and noble's in strict RFC 8032 mode, both.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { ed25519Verify, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
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

/**
 * Whether an ed25519 `signature` (a GRANDPA vote's) over `message` is accepted by the Rust
 * verifier and by noble's strict one (no ZIP-215 leniency): a signature both take is one every
 * node takes.
 */
export function chainAcceptsEd25519(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  return (
    ed25519Verify(signature, message, publicKey) &&
    ed25519.verify(signature, message, publicKey, { zip215: false })
  );
}
