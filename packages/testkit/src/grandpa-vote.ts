/**
 * GRANDPA's localized payload built by @polkadot/types, as the node builds it
 * (`sp_consensus_grandpa::localized_payload`: the SCALE encoding of (Message, round, set_id)).
 * The types are declared here from finality-grandpa's definitions; the encoding is @polkadot/types'.
 */
import { TypeRegistry } from '@polkadot/types';

const registry = new TypeRegistry();
registry.register({
  TriadGrandpaTarget: { targetHash: 'H256', targetNumber: 'u32' },
  TriadGrandpaMessage: {
    _enum: {
      Prevote: 'TriadGrandpaTarget',
      Precommit: 'TriadGrandpaTarget',
      PrimaryPropose: 'TriadGrandpaTarget',
    },
  },
});

export type GrandpaVoteStage = 'Prevote' | 'Precommit' | 'PrimaryPropose';

export interface GrandpaVoteOptions {
  readonly stage: GrandpaVoteStage;
  readonly targetHash: Uint8Array;
  readonly targetNumber: number;
  readonly round: number | bigint;
  readonly setId: number | bigint;
}

/** The bytes a `gran` key signs for this vote. */
export function grandpaVotePayload(o: GrandpaVoteOptions): Uint8Array {
  return registry
    .createType('(TriadGrandpaMessage, u64, u64)', [
      { [o.stage]: { targetHash: o.targetHash, targetNumber: o.targetNumber } },
      o.round,
      o.setId,
    ])
    .toU8a();
}
