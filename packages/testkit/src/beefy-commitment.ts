/**
 * A BEEFY commitment built by @polkadot/types, as the node builds the bytes its `beef` key votes on
 * (sp_consensus_beefy `Commitment<u32>`; the node signs keccak-256 of them). @polkadot/types defines
 * the type itself (interfaces/beefy: `BeefyCommitment { payload: BeefyPayload, blockNumber:
 * BlockNumber, validatorSetId: ValidatorSetId }`, `BeefyPayload = Vec<(BeefyPayloadId, Bytes)>`,
 * `BeefyPayloadId = [u8;2]`), so nothing is declared here; the entries are ordered by id as the
 * node's `Payload::push_raw` orders them.
 */
import { TypeRegistry } from '@polkadot/types';

const registry = new TypeRegistry();

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const idBytes = (id: string | Uint8Array) => (typeof id === 'string' ? Buffer.from(id, 'latin1') : id);

export interface BeefyCommitmentOptions {
  /** The MMR root ("mh" entry, `MmrRootHash`): 32 bytes. */
  readonly mmrRoot: Uint8Array;
  readonly blockNumber: number;
  readonly validatorSetId: number | bigint;
  /** Entries beside "mh" ([id, value], an id of 2 characters or bytes), as another chain adds them. */
  readonly extra?: readonly (readonly [string | Uint8Array, Uint8Array])[];
}

/** The bytes a `beef` key signs (keccak-256 of, in the node) for this commitment. */
export function beefyCommitmentPayload(o: BeefyCommitmentOptions): Uint8Array {
  if (o.mmrRoot.length !== 32) throw new RangeError(`mmrRoot: 32 bytes, got ${o.mmrRoot.length}`);
  const entries = [['mh', o.mmrRoot] as const, ...(o.extra ?? [])].map(
    ([id, value]) => [idBytes(id), value] as const,
  );
  for (const [id] of entries)
    if (id.length !== 2) throw new RangeError(`a payload id is 2 bytes, got ${id.length}`);
  // push_raw's sort_by_key: stable, by the id's bytes
  entries.sort(([a], [b]) => a[0]! - b[0]! || a[1]! - b[1]!);
  return registry
    .createType('BeefyCommitment', {
      payload: entries.map(([id, value]) => [hex(id), hex(value)]),
      blockNumber: o.blockNumber,
      validatorSetId: o.validatorSetId,
    })
    .toU8a();
}
