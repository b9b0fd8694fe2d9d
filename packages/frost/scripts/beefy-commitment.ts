/**
 * Commitment-like bytes for ECDSA test messages: the SCALE encoding of a BEEFY
 * `Commitment { payload: [("mh", mmr_root)], block_number: u32, validator_set_id: u64 }`
 * (POLKADOT.md, beef), so that the prehashes in tests and vectors are keccak_256 of what a
 * validator's beef key actually signs. Not a parser or a rule: the TA's BEEFY rule is its own.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/hashes/utils.js';

const le = (n: bigint, bytes: number): Uint8Array =>
  Uint8Array.from({ length: bytes }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

export function beefyCommitmentLike(
  mmrRoot: Uint8Array,
  blockNumber: number,
  validatorSetId: bigint,
): Uint8Array {
  if (mmrRoot.length !== 32) throw new Error('an MMR root is 32 bytes');
  return concatBytes(
    Uint8Array.of(1 << 2), // compact(1): one payload item
    new TextEncoder().encode('mh'), // BeefyPayloadId [u8; 2]: the MMR root
    Uint8Array.of(32 << 2), // compact(32): the root's length
    mmrRoot,
    le(BigInt(blockNumber), 4),
    le(validatorSetId, 8),
  );
}

/** What the beef key signs for such a commitment: keccak_256 of its encoding. */
export const beefyPrehash = (commitment: Uint8Array): Uint8Array => keccak_256(commitment);
