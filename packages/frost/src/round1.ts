/**
 * Round one (RFC 9591 5.1): a fresh pair of nonces (d, e) and their commitments (D, E).
 * Nonces are secret and single-use; `SigningNonces` refuses a second use.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import type { Group } from './group.js';
import type { KeyPackage } from './keys.js';
import type { SigningCommitment } from './signing-set.js';
import type { Rng } from './vss.js';
import { defaultRng } from './vss.js';
import { FrostError } from './errors.js';

/** RFC 9591 4.1 nonce_generate: H3(random_bytes(32) || SerializeScalar(secret)). */
export function generateNonce(
  secret: bigint,
  rng: Rng = defaultRng,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): bigint {
  return suite.hashes.H3(concatBytes(rng(32), suite.group.scalars.encode(secret)));
}

export class SigningNonces {
  readonly commitment: SigningCommitment;
  #hiding: bigint;
  #binding: bigint;
  #used = false;

  constructor(identifier: number, hiding: bigint, binding: bigint, group: Group = DEFAULT_CIPHERSUITE.group) {
    this.#hiding = hiding;
    this.#binding = binding;
    this.commitment = { identifier, hiding: group.mulBase(hiding), binding: group.mulBase(binding) };
  }

  /** Hands the nonces out exactly once; the second call fails with NONCE_REUSED. */
  consume(): { hiding: bigint; binding: bigint } {
    if (this.#used)
      throw new FrostError('NONCE_REUSED', `nonces of ${this.commitment.identifier} were already used`);
    this.#used = true;
    const nonces = { hiding: this.#hiding, binding: this.#binding };
    this.#hiding = 0n;
    this.#binding = 0n;
    return nonces;
  }

  get used(): boolean {
    return this.#used;
  }
}

/** Round one for one participant. The rng draws hiding randomness first, then binding. */
export function commit(
  key: KeyPackage,
  rng: Rng = defaultRng,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): SigningNonces {
  const hiding = generateNonce(key.signingShare, rng, suite);
  const binding = generateNonce(key.signingShare, rng, suite);
  return new SigningNonces(key.identifier, hiding, binding, suite.group);
}
