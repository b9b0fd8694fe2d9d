/**
 * GRANDPA votes through a cluster of processes (three peers, emulated TAs) with a `gran` key made
 * by the TAs' DKG over Ed25519: votes built by @polkadot/types sign at every peer and verify under
 * the Rust ed25519 verifier and noble's strict one; two validators racing different targets at
 * different coordinators never both get a signature for one (set_id, stage, round); the window,
 * the set_id rule, and the stages each with their own mark.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SignResult } from '@triad/client';
import { chainAcceptsEd25519, chainVerifierReady, grandpaVotePayload, startCluster } from '@triad/testkit';
import type { GrandpaVoteStage, LocalCluster } from '@triad/testkit';
import { PeerClients } from './peer-clients.js';

const target = (n: number, fork = 0) => ({
  targetHash: Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7 + fork * 101) & 0xff),
  targetNumber: 1_000_000 + n,
});

const vote = (stage: GrandpaVoteStage, round: number, setId: number, n: number, fork = 0) =>
  grandpaVotePayload({ stage, round, setId, ...target(n, fork) });

describe('GRANDPA votes through a 3-peer cluster', () => {
  let c: LocalCluster;
  let publicKey: Uint8Array;
  const clients = new PeerClients(() => c, 15_000);
  const clientAt = (i: number) => clients.at(i);

  const signed = (r: SignResult, payload: Uint8Array) => {
    if (r.kind !== 'signature') throw new Error(`refused: ${r.reason}: ${r.message}`);
    expect(Buffer.from(r.publicKey)).toEqual(Buffer.from(publicKey));
    expect(chainAcceptsEd25519(r.signature, payload, publicKey)).toBe(true);
    return r;
  };

  beforeAll(async () => {
    await chainVerifierReady();
    const started = await startCluster({ keys: [{ keyType: 'gran' }] });
    c = started.cluster;
    publicKey = started.publicKeys.get('gran')!;
  }, 90_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

  it('the cluster lists the gran key as ed25519', async () => {
    const keys = await clientAt(0).publicKeys();
    expect(keys.find((k) => k.keyType === 'gran')).toMatchObject({ scheme: 'ed25519', status: 'active' });
  });

  it('a prevote, a precommit and a primary propose of one round sign at every peer and verify', async () => {
    for (let i = 0; i < 3; i++) {
      const round = 10 + i;
      for (const stage of ['Prevote', 'Precommit', 'PrimaryPropose'] as const) {
        const payload = vote(stage, round, 1, round);
        signed(await clientAt(i).grandpaVote(payload), payload);
      }
    }
  });

  it('two validators racing different targets for each (set_id, stage, round) at different coordinators: never two signatures', async () => {
    const a = clientAt(0);
    const b = clientAt(1);
    let bothRefused = 0;
    for (let round = 100; round < 140; round++) {
      for (const stage of ['Prevote', 'Precommit'] as const) {
        const ours = vote(stage, round, 1, round, 0);
        const theirs = vote(stage, round, 1, round, 1);
        const [ra, rb] = await Promise.all([a.grandpaVote(ours), b.grandpaVote(theirs)]);
        const wins = [ra, rb].filter((r) => r.kind === 'signature');
        expect(wins.length).toBeLessThanOrEqual(1);
        if (ra.kind === 'signature') signed(ra, ours);
        if (rb.kind === 'signature') signed(rb, theirs);
        for (const r of [ra, rb]) if (r.kind === 'refusal') expect(r.reason).toBe('CONFLICT');
        if (wins.length === 0) bothRefused++;
        // the winner's repeats sign at any peer, and then the loser's target is refused there for
        // good. The winner goes first: a coordinator's own TA marks what it is asked before its
        // cosigners refuse, so asking peer 2 for the loser first could take peer 2's mark for it
        // when the race was settled by peers 0 and 1 alone.
        const winner = ra.kind === 'signature' ? ours : rb.kind === 'signature' ? theirs : undefined;
        const loser = winner === ours ? theirs : ours;
        if (winner) signed(await clientAt(2).grandpaVote(winner), winner);
        expect(await clientAt(2).grandpaVote(loser)).toMatchObject({ kind: 'refusal', reason: 'CONFLICT' });
      }
    }
    // every contested vote is settled by the third TA (the coordinator asks the next cosigner)
    expect(bothRefused).toBe(0);
  });

  it('rounds below the window and older set_ids are REGRESSION; the previous round still signs; a new set_id starts over', async () => {
    const client = clientAt(2);
    const top = vote('Prevote', 500, 1, 500);
    signed(await client.grandpaVote(top), top);
    const previous = vote('Precommit', 499, 1, 499);
    signed(await client.grandpaVote(previous), previous);
    expect(await client.grandpaVote(vote('Prevote', 498, 1, 498))).toMatchObject({
      kind: 'refusal',
      reason: 'REGRESSION',
    });
    const nextSet = vote('Prevote', 1, 2, 1);
    signed(await client.grandpaVote(nextSet), nextSet);
    expect(await client.grandpaVote(vote('Prevote', 600, 1, 600))).toMatchObject({
      kind: 'refusal',
      reason: 'REGRESSION',
    });
    // a primary propose has its own mark: one per round, and a second target is a CONFLICT
    const propose = vote('PrimaryPropose', 2, 2, 2);
    signed(await client.grandpaVote(propose), propose);
    expect(await client.grandpaVote(vote('PrimaryPropose', 2, 2, 2, 1))).toMatchObject({
      kind: 'refusal',
      reason: 'CONFLICT',
    });
  });

  it('a refresh led by peer 2 keeps the gran public key and its marks; votes still sign and verify', async () => {
    const { events, error } = await c.ceremony(1, 'RefreshShares', { keyType: 'gran' });
    expect(error).toBeNull();
    expect(Buffer.from((events.at(-1)?.done as { publicKey: Uint8Array }).publicKey)).toEqual(
      Buffer.from(publicKey),
    );
    await Promise.all([0, 1, 2].map((i) => c.settled(i)));
    const next = vote('Precommit', 2, 2, 2);
    signed(await clientAt(1).grandpaVote(next), next);
    // the marks survived the refresh: round 2's primary propose still has its one target
    expect(await clientAt(0).grandpaVote(vote('PrimaryPropose', 2, 2, 2, 1))).toMatchObject({
      kind: 'refusal',
      reason: 'CONFLICT',
    });
  });

  it('malformed votes are INVALID_ARGUMENT at the client; a gran key refuses other kinds (POLICY)', async () => {
    const client = clientAt(0);
    await expect(client.grandpaVote(new Uint8Array(52))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const badStage = vote('Prevote', 700, 2, 700);
    badStage[0] = 3;
    await expect(client.grandpaVote(badStage)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(
      await client.sign({ keyType: 'gran', kind: 'raw', payload: new Uint8Array([1, 2, 3]) }),
    ).toMatchObject({ kind: 'refusal', reason: 'POLICY' });
  });
});
