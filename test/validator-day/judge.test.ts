/**
 * The judge of the validator day catches what it is there to catch, on made-up ledgers signed with
 * ordinary keys (@scure/sr25519, noble ed25519 and secp256k1), no cluster: two headers sealed for
 * one slot, two prevotes for different targets in one round, two BEEFY payloads for one block, both
 * sides of one candidate, a signature the chain
 * rejects, a key the chain does not know, an entitled slot left unsealed. And its public formulas
 * (primary threshold, secondary author) agree with @triad/frost's, written separately.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { getPublicKey, secretFromSeed, sign } from '@scure/sr25519';
import {
  calculatePrimaryThreshold,
  encodeBabePreRuntimeDigest,
  secondarySlotAuthorIndex,
} from '@triad/frost';
import type { BabeClaim } from '@triad/frost';
import {
  approvalPayload,
  babeHeader,
  backingPayload,
  beefyCommitmentPayload,
  chainVerifierReady,
  disputePayload,
  grandpaVotePayload,
  sealedHash,
} from '@triad/testkit/chain';
import type { GrandpaVoteStage } from '@triad/testkit/chain';
import { ecdsaVerifiersReady } from '../ecdsa-verifiers.js';
import { decodeBabePreDigest, judge, primaryThreshold, secondaryAuthor } from './judge.js';
import type { ChainKeys, JudgeInput } from './judge.js';
import type { Entry, Kind } from './ledger.js';
import { planDay } from './schedule.js';
import { slotHeader } from './validator.js';

const srSecret = (n: number) => secretFromSeed(new Uint8Array(32).fill(n));
const babe = srSecret(1);
const para = srSecret(2);
const other = srSecret(9);
const granSecret = new Uint8Array(32).fill(3);
const beefSecret = new Uint8Array(32).fill(6);
const keys: ChainKeys = {
  babe: getPublicKey(babe),
  gran: ed25519.getPublicKey(granSecret),
  para: getPublicKey(para),
  asgn: getPublicKey(srSecret(4)),
  audi: getPublicKey(srSecret(5)),
  beef: secp256k1.getPublicKey(beefSecret, true),
};
const randomness = new Uint8Array(32).fill(0x3c);

const entry = (
  kind: Kind,
  bytes: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  slot = 1n,
): Entry => ({
  validator: 'A',
  kind,
  slot,
  request: { bytes },
  outcome: { kind: 'signature', signature, publicKey },
  ms: 1,
});
const sealed = (header: Uint8Array, secret = babe) =>
  entry('babe-seal', header, sign(secret, sealedHash(header)), getPublicKey(secret));
const vote = (stage: GrandpaVoteStage, round: number, fork: number) => {
  const payload = grandpaVotePayload({
    stage,
    round,
    setId: 1,
    targetHash: new Uint8Array(32).fill(10 + fork),
    targetNumber: 100,
  });
  return entry('grandpa-vote', payload, ed25519.sign(payload, granSecret), keys.gran);
};
const statement = (payload: Uint8Array) => entry('para-statement', payload, sign(para, payload), keys.para);
/** A BEEFY vote as the node signs it: ecdsa over keccak-256 of the commitment, r || s || v. */
const beefyVote = (block: number, root: number) => {
  const payload = beefyCommitmentPayload({
    mmrRoot: new Uint8Array(32).fill(root),
    blockNumber: block,
    validatorSetId: 1,
  });
  const sig = secp256k1.sign(keccak_256(payload), beefSecret, { prehash: false, format: 'recovered' });
  // noble's recovered format puts the recovery id first; the chain's is r || s || v
  const signature = Uint8Array.from([...sig.subarray(1), sig[0]!]);
  return entry('beefy-vote', payload, signature, keys.beef);
};

const day = (entries: Entry[], slots = { start: 1000n, count: 0 }): JudgeInput => ({
  entries,
  keys,
  // babeHeader's pre-digest names authority 0
  epoch: { index: 5n, randomness, authorityIndex: 0, authorities: 3, c: [1n, 4n] },
  slots,
});

describe('the validator day judge', () => {
  beforeAll(async () => {
    await chainVerifierReady();
    await ecdsaVerifiersReady();
  });

  it('two different headers sealed for one slot are an offence; the same header twice is not', () => {
    const once = judge(day([sealed(babeHeader(7)), sealed(babeHeader(7)), sealed(babeHeader(8))]));
    expect(once.offences).toEqual([]);
    expect(once.accepted['babe-seal']).toBe(3);
    const twice = judge(day([sealed(babeHeader(7)), sealed(babeHeader(7, { fork: 1 }))]));
    expect(twice.offences).toEqual([{ rule: 'babe-equivocation', detail: 'slot 7: 2 headers sealed' }]);
    // and babeHeader's made-up claims are not what the chain takes for a block of this epoch
    expect(twice.rejected.some((r) => /SecondaryPlain/.test(r))).toBe(true);
  });

  it('two prevotes (or precommits) in one round with different targets are an offence; one of each is not', () => {
    const fine = judge(
      day([
        vote('Prevote', 3, 0),
        vote('Precommit', 3, 1),
        vote('Prevote', 3, 0),
        vote('PrimaryPropose', 3, 0),
        vote('PrimaryPropose', 3, 1),
      ]),
    );
    expect(fine.offences).toEqual([]);
    expect(fine.accepted['grandpa-vote']).toBe(5);
    const bad = judge(day([vote('Precommit', 4, 0), vote('Prevote', 4, 0), vote('Precommit', 4, 1)]));
    expect(bad.offences.map((o) => o.rule)).toEqual(['grandpa-equivocation']);
    expect(bad.offences[0]!.detail).toMatch(/Precommit round 4/);
  });

  it('two BEEFY commitments with different payloads for one (set, block) are an offence; one per block is not', () => {
    const fine = judge(day([beefyVote(20, 1), beefyVote(20, 1), beefyVote(23, 2)]));
    expect(fine.rejected).toEqual([]);
    expect(fine.offences).toEqual([]);
    expect(fine.accepted['beefy-vote']).toBe(3);
    const bad = judge(day([beefyVote(20, 1), beefyVote(23, 2), beefyVote(20, 3)]));
    expect(bad.offences).toEqual([
      { rule: 'beefy-double-vote', detail: 'set 1 block 20: 2 payloads signed' },
    ]);
    // a signature over other bytes than the commitment is not a vote the chain takes
    const forged = {
      ...beefyVote(30, 1),
      request: {
        bytes: beefyCommitmentPayload({ mmrRoot: new Uint8Array(32), blockNumber: 30, validatorSetId: 1 }),
      },
    };
    expect(judge(day([forged])).rejected).toHaveLength(1);
  });

  it('a valid-side and an invalid-side statement for one (session, candidate) are an offence', () => {
    const x = new Uint8Array(32).fill(0x77);
    const y = new Uint8Array(32).fill(0x78);
    const parentHash = new Uint8Array(32).fill(1);
    const fine = judge(
      day([
        statement(approvalPayload({ candidates: [x, y], session: 10 })),
        statement(disputePayload({ valid: false, candidate: x, session: 11 })), // another session
        statement(disputePayload({ valid: true, candidate: y, session: 10 })),
      ]),
    );
    expect(fine.offences).toEqual([]);
    for (const valid of [
      backingPayload({ statement: 'Valid', candidate: y, session: 10, parentHash }),
      approvalPayload({ candidates: [x, y], session: 10 }), // one of several candidates
      disputePayload({ valid: true, candidate: y, session: 10 }),
    ]) {
      const bad = judge(
        day([statement(valid), statement(disputePayload({ valid: false, candidate: y, session: 10 }))]),
      );
      expect(bad.offences).toEqual([
        {
          rule: 'para-both-sides',
          detail: `session 10 candidate 0x${Buffer.from(y).toString('hex')}: valid and invalid signed`,
        },
      ]);
    }
  });

  it('what the chain would not accept is rejected, and counts for no offence', () => {
    const header = babeHeader(9);
    const forged = sealed(babeHeader(9, { fork: 1 }));
    const v = judge(
      day([
        sealed(header),
        { ...forged, outcome: { ...forged.outcome, signature: sign(babe, header) } } as Entry, // not over the header's hash
        sealed(babeHeader(9, { fork: 2 }), other), // another key
      ]),
    );
    expect(v.accepted['babe-seal']).toBe(1);
    expect(v.offences).toEqual([]);
    expect(v.rejected.filter((r) => /verifier rejects/.test(r))).toHaveLength(1);
    expect(v.rejected.filter((r) => /another key/.test(r))).toHaveLength(1);
  });

  it('an entitled slot (secondary author) without a sealed block is missed; others without a pre-output are unjudged', () => {
    const start = 2000n;
    const ours = Array.from({ length: 12 }, (_, k) => start + BigInt(k)).filter(
      (s) => secondaryAuthor(randomness, s, 3) === 0,
    );
    expect(ours.length).toBeGreaterThan(0);
    const v = judge(day([], { start, count: 12 }));
    expect(v.missed).toEqual(ours);
    expect(v.unjudged).toHaveLength(12 - ours.length);
  });

  it('its public formulas agree with @triad/frost: the primary threshold, the secondary author', () => {
    const ours = primaryThreshold([1n, 4n], 3);
    const frost = calculatePrimaryThreshold([1n, 4n], [1n, 1n, 1n], 1);
    expect(Math.abs(Number(ours - frost) / Number(frost))).toBeLessThan(1e-12);
    for (let s = 0n; s < 200n; s++)
      expect(secondaryAuthor(randomness, s, 3)).toBe(secondarySlotAuthorIndex(s, randomness, 3));
  });

  it("the day's headers carry the claim's pre-digest as @triad/frost encodes it, and the judge reads it back", () => {
    const plan = planDay({ startSlot: 700n, slots: 1, seed: 1 })[0]!;
    const vrfSignature = Uint8Array.from({ length: 96 }, (_, i) => i);
    for (const claim of [
      { kind: 'primary', slot: 700n, vrfSignature },
      { kind: 'secondary-vrf', slot: 700n, vrfSignature },
    ] as BabeClaim[]) {
      const header = slotHeader(plan, claim, 1, false);
      const digest = encodeBabePreRuntimeDigest(claim, 1);
      expect(Buffer.from(header).includes(Buffer.from(digest))).toBe(true);
      expect(decodeBabePreDigest(header)).toEqual({
        kind: claim.kind === 'primary' ? 'Primary' : 'SecondaryVRF',
        authorityIndex: 1,
        slot: 700n,
        vrfSignature,
      });
      // B's other block for the slot is another header with the same claim
      expect(Buffer.from(slotHeader(plan, claim, 1, true))).not.toEqual(Buffer.from(header));
    }
  });
});
