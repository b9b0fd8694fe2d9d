import { describe, expect, it } from '@jest/globals';
import { grandpaVotePayload } from '@triad/testkit/chain';
import type { GrandpaVoteStage } from '@triad/testkit/chain';
import { decodeGrandpaVote, encodeGrandpaVote, GRANDPA_STAGES, GRANDPA_VOTE_BYTES } from '../src/index.js';
import type { GrandpaVoteFields } from '../src/index.js';

const STAGE_NAMES: Record<string, GrandpaVoteStage> = {
  prevote: 'Prevote',
  precommit: 'Precommit',
  'primary-propose': 'PrimaryPropose',
};

describe("GRANDPA's localized payload", () => {
  it('reads what @polkadot/types encodes, for every stage and extreme numbers', () => {
    for (const stage of GRANDPA_STAGES)
      for (const [round, setId, targetNumber] of [
        [1n, 0n, 0],
        [123_456_789n, 42n, 27_000_000],
        [2n ** 64n - 1n, 2n ** 64n - 2n, 2 ** 32 - 1],
      ] as const) {
        const targetHash = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + Number(round % 251n)) & 0xff);
        const payload = grandpaVotePayload({
          stage: STAGE_NAMES[stage]!,
          targetHash,
          targetNumber,
          round,
          setId,
        });
        expect(payload.length).toBe(GRANDPA_VOTE_BYTES);
        const vote = decodeGrandpaVote(payload) as GrandpaVoteFields;
        expect(vote).toEqual({ stage, targetHash, targetNumber, round, setId });
        expect(Buffer.from(encodeGrandpaVote(vote)).equals(payload)).toBe(true);
      }
  });

  it('says why bytes are not a vote', () => {
    const good = encodeGrandpaVote({
      stage: 'precommit',
      targetHash: new Uint8Array(32).fill(1),
      targetNumber: 5,
      round: 9n,
      setId: 3n,
    });
    expect(decodeGrandpaVote(good.subarray(0, 52))).toBe('a GRANDPA vote is 53 bytes, got 52');
    expect(decodeGrandpaVote(new Uint8Array(54))).toBe('a GRANDPA vote is 53 bytes, got 54');
    const badStage = good.slice();
    badStage[0] = 3;
    expect(decodeGrandpaVote(badStage)).toBe('unknown GRANDPA message variant 3');
    expect(() =>
      encodeGrandpaVote({
        ...(decodeGrandpaVote(good) as GrandpaVoteFields),
        targetHash: new Uint8Array(31),
      }),
    ).toThrow('targetHash: 32 bytes');
  });
});
