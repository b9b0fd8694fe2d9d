/**
 * The plan of a validator's day, the same for both redundant validators: what the chain asks of
 * the validator in each slot (a BABE claim, GRANDPA votes and a BEEFY vote every few slots,
 * parachain work, authority-discovery records), and where the two validators choose differently
 * (another header for a slot, another GRANDPA target, another MMR root, an invalid vote against a
 * candidate). Everything is derived
 * from the slot and a seed, so both validators agree on what they share without talking, as twins
 * watching one chain do, and a failed run can be replayed.
 */
import { blake2b } from '@noble/hashes/blake2.js';

/** The epoch the validators claim slots in: the cluster's `babe` key is authority `authorityIndex` of three. */
export interface DayEpoch {
  readonly index: bigint;
  readonly randomness: Uint8Array;
  /** Every authority's sr25519 public key, ours at `authorityIndex`; all of weight 1. */
  readonly authorities: readonly Uint8Array[];
  readonly authorityIndex: number;
  /** Polkadot's primary probability, 1/4. */
  readonly c: readonly [bigint, bigint];
}

export interface DayOptions {
  readonly startSlot: bigint;
  readonly slots: number;
  /** Changes every choice the schedule makes (which slots fork, which rounds diverge). */
  readonly seed: number;
}

/** Slots per parachain session: short, so a day crosses the TAs' 6-session dispute window. */
export const SLOTS_PER_SESSION = 10;
/** A GRANDPA round every this many slots (a round takes a few blocks on Polkadot). */
export const SLOTS_PER_ROUND = 3;
/** The relay chain's availability cores in this simulation (bits of a bitfield). */
export const CORES = 10;
export const GRANDPA_SET_ID = 1;
export const BEEFY_SET_ID = 1;
/** The first session of the day (the TAs' para window follows the highest session they saw). */
export const FIRST_SESSION = 100;

const te = new TextEncoder();
const u64le = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};
/** A 32-byte value named by `label` and numbers: made-up chain data both validators derive alike. */
export const derived = (label: string, ...n: (number | bigint)[]): Uint8Array =>
  blake2b(Uint8Array.from([...te.encode(label), ...n.flatMap((x) => [...u64le(BigInt(x))])]), { dkLen: 32 });

/** A small seeded generator (mulberry32): the schedule's choices are reproducible from the seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GrandpaRound {
  readonly round: number;
  /** The block both validators would vote for. */
  readonly targetNumber: number;
  readonly targetHash: Uint8Array;
  /** Validator B sees another best block this round (a fork): it votes for this one instead. */
  readonly divergentTargetHash: Uint8Array | undefined;
  /** This round's primary is us: a primary propose before the votes. */
  readonly propose: boolean;
}

/** BEEFY's vote on the block GRANDPA just finalised: its MMR root, in one validator set. */
export interface BeefyVote {
  readonly blockNumber: number;
  readonly mmrRoot: Uint8Array;
  /** Validator B computed another MMR root (another view of the chain): it votes for this one. */
  readonly divergentMmrRoot: Uint8Array | undefined;
}

export interface Candidate {
  readonly hash: Uint8Array;
  readonly core: number;
}

export interface SlotPlan {
  readonly slot: bigint;
  /** 0-based position in the day. */
  readonly k: number;
  readonly session: number;
  /** The relay parent of this slot's block and of its parachain statements. */
  readonly parentHash: Uint8Array;
  /** The block's number: its height on the chain of the day. */
  readonly number: number;
  /** Validator B builds another block for this slot (another extrinsics root): the seals race. */
  readonly forkHeader: boolean;
  readonly grandpa: GrandpaRound | undefined;
  /** With each GRANDPA round, after its precommit. */
  readonly beefy: BeefyVote | undefined;
  /** Candidates to back this slot (Seconded), if any. */
  readonly backing: Candidate | undefined;
  /** Cores whose chunk each validator holds (the bitfields differ a little: no mark, no risk). */
  readonly availability: { readonly a: readonly number[]; readonly b: readonly number[] };
  /** Candidates included at this slot that we are assigned to check: assignment VRF, then approval. */
  readonly approvals: readonly Candidate[];
  /** The story of the slot's block (what approval assignments are drawn from). */
  readonly story: Uint8Array;
  /** Approve this slot's candidates in one coalesced vote rather than one vote each. */
  readonly coalesce: boolean;
  /**
   * A dispute this slot: over `raced`, A votes valid and B invalid at once (one wins, the other is
   * CONFLICT); and B votes invalid against `approved`, a candidate both approved earlier (always
   * CONFLICT). Once a session: a TA keeps at most 16 invalid votes over its 6-session window.
   */
  readonly dispute: { readonly raced: Uint8Array; readonly approved: Uint8Array } | undefined;
  /** Publish an authority-discovery record (the `audi` key, raw) this slot. */
  readonly discovery: boolean;
}

/** The whole day, slot by slot. */
export function planDay(o: DayOptions): SlotPlan[] {
  const rnd = random(o.seed);
  const plans: SlotPlan[] = [];
  for (let k = 0; k < o.slots; k++) {
    const slot = o.startSlot + BigInt(k);
    const session = FIRST_SESSION + Math.floor(k / SLOTS_PER_SESSION);
    const inSession = k % SLOTS_PER_SESSION;
    const round = Math.floor(k / SLOTS_PER_ROUND) + 1;
    // the round's vote comes at its last slot and finalises the block of the slot before
    const grandpa: GrandpaRound | undefined =
      k % SLOTS_PER_ROUND === SLOTS_PER_ROUND - 1
        ? {
            round,
            targetNumber: k,
            targetHash: derived('block', slot - 1n),
            divergentTargetHash: rnd() < 0.2 ? derived('fork block', slot - 1n) : undefined,
            propose: round % 3 === 0,
          }
        : undefined;
    // BEEFY votes for the block GRANDPA finalises; every fourth round B's MMR root differs (derived,
    // not drawn, so the seed's other choices stay as they were)
    const beefy: BeefyVote | undefined = grandpa && {
      blockNumber: grandpa.targetNumber,
      mmrRoot: derived('mmr root', slot - 1n),
      divergentMmrRoot: round % 4 === 2 ? derived('other mmr root', slot - 1n) : undefined,
    };
    const approvals = [0, 1].map((core) => ({ hash: derived('candidate', slot, core), core }));
    const held = (lose: number) =>
      Array.from({ length: CORES }, (_, c) => c).filter((c) => c !== lose && rnd() < 0.9);
    plans.push({
      slot,
      k,
      session,
      parentHash: derived('block', slot - 1n),
      number: k + 1,
      forkHeader: rnd() < 0.2,
      grandpa,
      beefy,
      backing: k % 4 === 1 ? { hash: derived('backed candidate', slot), core: 2 + (k % 3) } : undefined,
      availability: { a: held(-1), b: held(Math.floor(rnd() * CORES)) },
      approvals,
      story: derived('story', slot),
      coalesce: k % 5 === 4,
      dispute:
        inSession === 5
          ? { raced: derived('disputed candidate', slot), approved: derived('candidate', slot - 1n, 0) }
          : undefined,
      discovery: inSession === 0,
    });
  }
  return plans;
}
