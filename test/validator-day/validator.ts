/**
 * One relay-chain validator going through the day's plan with its own SignerClient: per slot, the
 * BABE claim (the pre-output first, the VRF only when the slot is ours, @triad/frost's
 * claimBabeSlot) and the header sealed with its pre-digest; GRANDPA votes when a round ends, then
 * BEEFY's vote on the block it finalised (a commitment to its MMR root, ecdsa); the
 * parachain work (bitfield, backing, assignments and approvals, disputes); authority-discovery
 * records. It starts each slot at the slot's time plus its own jitter, so two of them race as
 * redundant validators do. Whatever comes back goes to the ledger; a refusal or a failure is not
 * this validator's to judge.
 */
import { TypeRegistry } from '@polkadot/types';
import type { SignerClient } from '@triad/client';
import { claimBabeSlot } from '@triad/frost';
import type { BabeClaim, BabeEpoch, BabeVrfAsker } from '@triad/frost';
import {
  approvalPayload,
  backingPayload,
  beefyCommitmentPayload,
  bitfieldPayload,
  disputePayload,
  grandpaVotePayload,
} from '@triad/testkit/chain';
import type { Ledger } from './ledger.js';
import { BEEFY_SET_ID, CORES, derived, GRANDPA_SET_ID } from './schedule.js';
import type { DayEpoch, SlotPlan } from './schedule.js';

const registry = new TypeRegistry();
const te = new TextEncoder();
const sleep = (ms: number) => new Promise((go) => setTimeout(go, Math.max(0, ms)));

export interface ValidatorOptions {
  /** 'A' or 'B': B is the twin that sometimes chooses otherwise (a fork, a target, a dispute vote). */
  readonly name: 'A' | 'B';
  readonly client: SignerClient;
  readonly epoch: DayEpoch;
  readonly ledger: Ledger;
  /** When slot 0 of the plan starts (performance.now()), and how long a slot is. */
  readonly t0: number;
  readonly slotMs: number;
  /** The most this validator starts a slot late (uniform): its own timing. */
  readonly jitterMs: number;
}

/**
 * The pre-seal header of the slot's block, built by @polkadot/types, with the claim's BABE
 * pre-digest (also built by @polkadot/types: its RawBabePreDigest), as the node's proposer
 * builds it before the seal.
 */
export function slotHeader(
  plan: SlotPlan,
  claim: BabeClaim,
  authorityIndex: number,
  fork: boolean,
): Uint8Array {
  const base = { authorityIndex, slotNumber: claim.slot };
  const digest =
    claim.kind === 'secondary-plain'
      ? { SecondaryPlain: base }
      : {
          [claim.kind === 'primary' ? 'Primary' : 'SecondaryVRF']: {
            ...base,
            vrfOutput: claim.vrfSignature.subarray(0, 32),
            vrfProof: claim.vrfSignature.subarray(32, 96),
          },
        };
  // bytes given as hex are the content; a Uint8Array would be read as already length-prefixed
  const preDigest =
    '0x' + Buffer.from(registry.createType('RawBabePreDigest', digest).toU8a()).toString('hex');
  return registry
    .createType('Header', {
      parentHash: plan.parentHash,
      number: plan.number,
      stateRoot: derived('state', plan.slot),
      extrinsicsRoot: fork ? derived('other extrinsics', plan.slot) : derived('extrinsics', plan.slot),
      digest: { logs: [{ PreRuntime: ['BABE', preDigest] }] },
    })
    .toU8a();
}

export class Validator {
  /** Exceptions the validator's own code met (not refusals or failures to answer: those are in the ledger). */
  readonly failures: string[] = [];
  private readonly babeEpoch: BabeEpoch;

  constructor(private readonly o: ValidatorOptions) {
    this.babeEpoch = {
      index: o.epoch.index,
      randomness: o.epoch.randomness,
      authorities: o.epoch.authorities.map((publicKey) => ({ publicKey, weight: 1n })),
      c: o.epoch.c,
      allowedSlots: 'primary-and-secondary-vrf',
    };
  }

  /** Every slot of `plan` in order, each started at its time plus this validator's jitter. */
  async run(plan: readonly SlotPlan[]): Promise<void> {
    for (const p of plan) {
      await sleep(this.o.t0 + p.k * this.o.slotMs + Math.random() * this.o.jitterMs - performance.now());
      // the duties of a slot run side by side, as a node's subsystems do
      await Promise.all(
        [this.author(p), this.finalise(p), this.parachains(p), this.discovery(p)].map((duty) =>
          duty.catch((e: unknown) => {
            this.failures.push(`${this.o.name} slot ${p.slot}: ${e instanceof Error ? e.message : e}`);
          }),
        ),
      );
    }
  }

  private get isB() {
    return this.o.name === 'B';
  }

  /** BABE: claim the slot if it is ours, then seal the block. */
  private async author(p: SlotPlan): Promise<void> {
    const { client, ledger, name } = this.o;
    const asker: BabeVrfAsker = {
      preOutput: async (f) => {
        const r = await ledger.ask(name, 'babe-vrf-pre-output', p.slot, { babe: f }, () =>
          client.babeVrfPreOutput(f),
        );
        return r?.kind === 'vrf' ? r.preOutput : undefined;
      },
      vrfSignature: async (f) => {
        const r = await ledger.ask(name, 'babe-vrf', p.slot, { babe: f }, () => client.babeVrf(f));
        return r?.kind === 'vrf' ? r.signature : undefined;
      },
    };
    const claim = await claimBabeSlot(this.babeEpoch, this.o.epoch.authorityIndex, p.slot, asker);
    if (!claim) return;
    // the twins' headers for a slot differ even without a fork: each VRF proof has its own nonces,
    // so the pre-digests differ, and one of the two seals is always refused (CONFLICT)
    const header = slotHeader(p, claim, this.o.epoch.authorityIndex, this.isB && p.forkHeader);
    await ledger.ask(name, 'babe-seal', p.slot, { bytes: header }, () =>
      client.sign({ keyType: 'babe', kind: 'babe-seal', header }),
    );
  }

  /**
   * GRANDPA: at a round's end, a primary propose when we are primary, then prevote, then precommit;
   * then BEEFY's vote on the finalised block.
   */
  private async finalise(p: SlotPlan): Promise<void> {
    const g = p.grandpa;
    if (!g) return;
    const targetHash = this.isB && g.divergentTargetHash ? g.divergentTargetHash : g.targetHash;
    const stages = [...(g.propose ? (['PrimaryPropose'] as const) : []), 'Prevote', 'Precommit'] as const;
    for (const stage of stages) {
      const payload = grandpaVotePayload({
        stage,
        round: g.round,
        setId: GRANDPA_SET_ID,
        targetHash,
        targetNumber: g.targetNumber,
      });
      await this.o.ledger.ask(this.o.name, 'grandpa-vote', p.slot, { bytes: payload }, () =>
        this.o.client.grandpaVote(payload),
      );
    }
    const b = p.beefy;
    if (!b) return;
    const commitment = beefyCommitmentPayload({
      mmrRoot: this.isB && b.divergentMmrRoot ? b.divergentMmrRoot : b.mmrRoot,
      blockNumber: b.blockNumber,
      validatorSetId: BEEFY_SET_ID,
    });
    await this.o.ledger.ask(this.o.name, 'beefy-vote', p.slot, { bytes: commitment }, () =>
      this.o.client.beefyCommitment(commitment),
    );
  }

  /** A para statement, recorded. */
  private statement(p: SlotPlan, payload: Uint8Array) {
    return this.o.ledger.ask(this.o.name, 'para-statement', p.slot, { bytes: payload }, () =>
      this.o.client.paraStatement(payload),
    );
  }

  /** Parachains: the availability bitfield, a backing now and then, assignments and approvals, disputes. */
  private async parachains(p: SlotPlan): Promise<void> {
    const { session, parentHash } = p;
    const set = this.isB ? p.availability.b : p.availability.a;
    const bitfield = this.statement(p, bitfieldPayload({ bits: CORES, set, session, parentHash }));
    const backing = p.backing
      ? this.statement(
          p,
          backingPayload({ statement: 'Seconded', candidate: p.backing.hash, session, parentHash }),
        )
      : undefined;
    // each candidate: the assignment VRF first (modulo-compact, or a delay tranche on odd slots),
    // then the approval vote once "checked"
    await Promise.all(
      p.approvals.map((c) => {
        const fields = p.k % 2 ? { story: p.story, core: c.core } : { story: p.story, cores: [c.core] };
        return this.o.ledger.ask(this.o.name, 'assignment-vrf', p.slot, { assignment: fields }, () =>
          this.o.client.assignmentVrf(fields),
        );
      }),
    );
    if (p.coalesce)
      await this.statement(p, approvalPayload({ candidates: p.approvals.map((c) => c.hash), session }));
    else
      await Promise.all(
        p.approvals.map((c) => this.statement(p, approvalPayload({ candidates: [c.hash], session }))),
      );
    if (p.dispute) {
      // A finds the raced candidate valid, B invalid, at once; then B votes against one both approved
      await this.statement(p, disputePayload({ valid: !this.isB, candidate: p.dispute.raced, session }));
      if (this.isB)
        await this.statement(p, disputePayload({ valid: false, candidate: p.dispute.approved, session }));
    }
    await Promise.all([bitfield, backing]);
  }

  /** Authority discovery: this validator's addresses, signed raw with the non-slashable `audi` key. */
  private async discovery(p: SlotPlan): Promise<void> {
    if (!p.discovery) return;
    const payload = te.encode(`/ip4/10.0.0.${this.isB ? 2 : 1}/tcp/30333 at slot ${p.slot}`);
    await this.o.ledger.ask(this.o.name, 'audi-record', p.slot, { bytes: payload }, () =>
      this.o.client.sign({ keyType: 'audi', kind: 'raw', payload }),
    );
  }
}
