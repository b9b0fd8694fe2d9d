/**
 * Test support for FROST(Ed25519, SHA-512): the two independent ed25519 verifiers every signature
 * here is judged by (noble in RFC 8032 strict mode, and Rust ed25519-dalek compiled to wasm by
 * @polkadot/wasm-crypto).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed25519Verify, waitReady } from '@polkadot/wasm-crypto';

export const ed25519VerifierReady = (): Promise<boolean> => waitReady();

/** What each independent verifier says: both must say true for a signature we release. */
export function ed25519Verdicts(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): [boolean, boolean] {
  return [ed25519.verify(sig, msg, pk, { zip215: false }), ed25519Verify(sig, msg, pk)];
}
