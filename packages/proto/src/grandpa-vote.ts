/**
 * GRANDPA's localized payload, the bytes a `gran` key signs (POLKADOT.md, `gran`): the SCALE
 * encoding of `(Message, round: u64, set_id: u64)` where `Message` is 0 Prevote, 1 Precommit or
 * 2 PrimaryPropose of `{ target_hash: [u8; 32], target_number: u32 }`, 53 bytes on the relay
 * chain. The TAs parse it themselves (optee-ta/ta/policy/grandpa_vote.c); this reading lets a
 * client or the bridge turn away what is not a vote before anything is sent.
 */
export const GRANDPA_VOTE_BYTES = 53;

export const GRANDPA_STAGES = ['prevote', 'precommit', 'primary-propose'] as const;
export type GrandpaStage = (typeof GRANDPA_STAGES)[number];

export interface GrandpaVote {
  readonly stage: GrandpaStage;
  readonly targetHash: Uint8Array;
  readonly targetNumber: number;
  readonly round: bigint;
  readonly setId: bigint;
}

/** The vote in `payload`, or a sentence saying why it is not one. */
export function decodeGrandpaVote(payload: Uint8Array): GrandpaVote | string {
  if (payload.length !== GRANDPA_VOTE_BYTES)
    return `a GRANDPA vote is ${GRANDPA_VOTE_BYTES} bytes, got ${payload.length}`;
  const stage = GRANDPA_STAGES[payload[0]!];
  if (!stage) return `unknown GRANDPA message variant ${payload[0]}`;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return {
    stage,
    targetHash: payload.slice(1, 33),
    targetNumber: view.getUint32(33, true),
    round: view.getBigUint64(37, true),
    setId: view.getBigUint64(45, true),
  };
}

/** The payload for `vote` (tests and tools; a node builds its own). */
export function encodeGrandpaVote(vote: GrandpaVote): Uint8Array {
  if (vote.targetHash.length !== 32) throw new RangeError('targetHash: 32 bytes');
  const out = new Uint8Array(GRANDPA_VOTE_BYTES);
  const view = new DataView(out.buffer);
  out[0] = GRANDPA_STAGES.indexOf(vote.stage);
  out.set(vote.targetHash, 1);
  view.setUint32(33, vote.targetNumber, true);
  view.setBigUint64(37, vote.round, true);
  view.setBigUint64(45, vote.setId, true);
  return out;
}
