/**
 * Parachain statements through a cluster of processes (three peers, emulated TAs) with a `para`
 * key made by the TAs' DKG: every statement form, built by @polkadot/types, signs at every peer
 * and verifies under Rust schnorrkel; two validators racing a valid-side and an invalid-side
 * statement for one candidate at different coordinators never both get a signature; approvals
 * across sessions and the dispute window; a session's log filled to its capacity is refused, not
 * forgotten. Each test works in sessions of its own, in increasing order (the window follows the
 * highest session a TA has seen).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SignResult } from '@triad/client';
import {
  approvalPayload,
  backingPayload,
  bitfieldPayload,
  chainAccepts,
  chainVerifierReady,
  disputePayload,
  pvfPrecheckPayload,
  startCluster,
} from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { PeerClients } from './peer-clients.js';

/** A candidate hash; `n` distinct per test, `salt` per test so no two tests share one. */
const candidate = (n: number, salt = 0) =>
  Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (n >>> (8 * i)) & 0xff : (salt * 29 + i * 13) & 0xff));
const parentHash = (session: number) => Uint8Array.from({ length: 32 }, (_, i) => (session + i * 5) & 0xff);

/** Polkadot's session capacity in the TA (para_statement.c): valid-side candidates per session. */
const SESSION_CAPACITY = 32_768;
const MAX_APPROVAL = 64;

describe('parachain statements through a 3-peer cluster', () => {
  let c: LocalCluster;
  let publicKey: Uint8Array;
  const clients = new PeerClients(() => c, 30_000);
  const clientAt = (i: number) => clients.at(i);

  const signed = (r: SignResult, payload: Uint8Array) => {
    if (r.kind !== 'signature') throw new Error(`refused: ${r.reason}: ${r.message}`);
    expect(Buffer.from(r.publicKey)).toEqual(Buffer.from(publicKey));
    expect(chainAccepts(r.signature, payload, publicKey)).toBe(true);
    return r;
  };
  const refused = (reason: string) => ({ kind: 'refusal', reason });

  beforeAll(async () => {
    await chainVerifierReady();
    const started = await startCluster({ keys: [{ keyType: 'para' }] });
    c = started.cluster;
    publicKey = started.publicKeys.get('para')!;
  }, 90_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

  it('every statement form signs at every peer and verifies under Rust schnorrkel', async () => {
    for (let i = 0; i < 3; i++) {
      const session = 10;
      const statements = [
        backingPayload({
          statement: 'Seconded',
          candidate: candidate(i, 1),
          session,
          parentHash: parentHash(session),
        }),
        backingPayload({
          statement: 'Valid',
          candidate: candidate(i, 1),
          session,
          parentHash: parentHash(session),
        }),
        bitfieldPayload({ bits: 80, set: [0, 7, 41, 79], session, parentHash: parentHash(session) }),
        disputePayload({ valid: true, candidate: candidate(10 + i, 1), session }),
        disputePayload({ valid: false, candidate: candidate(20 + i, 1), session }),
        approvalPayload({ candidates: [candidate(30 + i, 1)], session }),
        approvalPayload({
          candidates: [candidate(40 + i, 1), candidate(50 + i, 1), candidate(60 + i, 1)],
          session,
        }),
        pvfPrecheckPayload({ accept: true, codeHash: candidate(70 + i, 1), session, validatorIndex: 17 }),
      ];
      for (const payload of statements) signed(await clientAt(i).paraStatement(payload), payload);
    }
  });

  it('a valid-side and an invalid-side statement raced for one candidate at two coordinators: never both', async () => {
    const a = clientAt(0);
    const b = clientAt(1);
    let bothRefused = 0;
    for (let n = 0; n < 40; n++) {
      // a new session every two races: a TA's invalid votes over the window stay within its 16
      const session = 11 + Math.floor(n / 2);
      const x = candidate(n, 2);
      // the valid side takes each form in turn: backing, approval, dispute valid
      const valid = [
        backingPayload({ statement: 'Valid', candidate: x, session, parentHash: parentHash(session) }),
        approvalPayload({ candidates: [x], session }),
        disputePayload({ valid: true, candidate: x, session }),
      ][n % 3]!;
      const invalid = disputePayload({ valid: false, candidate: x, session });
      const [first, second] = n % 2 ? [valid, invalid] : [invalid, valid];
      const [ra, rb] = await Promise.all([a.paraStatement(first), b.paraStatement(second)]);
      const wins = [ra, rb].filter((r) => r.kind === 'signature');
      expect(wins.length).toBeLessThanOrEqual(1);
      if (ra.kind === 'signature') signed(ra, first);
      if (rb.kind === 'signature') signed(rb, second);
      for (const r of [ra, rb]) if (r.kind === 'refusal') expect(r.reason).toBe('CONFLICT');
      if (wins.length === 0) bothRefused++;
      // at the third peer the winner signs again and the loser is refused (the winner first: a
      // coordinator's own TA marks what it is asked before its cosigners refuse)
      const winner = ra.kind === 'signature' ? first : rb.kind === 'signature' ? second : undefined;
      if (winner) signed(await clientAt(2).paraStatement(winner), winner);
      const loser = winner === first ? second : first;
      expect(await clientAt(2).paraStatement(loser)).toMatchObject(refused('CONFLICT'));
    }
    // the third TA settles every race (a cosigner's CONFLICT passes to the next cosigner)
    expect(bothRefused).toBe(0);
  });

  it('approvals across sessions; identical repeats sign; sessions below the 6-session window are REGRESSION', async () => {
    const client = clientAt(2);
    const first = 40;
    for (let session = first; session <= first + 7; session++) {
      const approval = approvalPayload({
        candidates: [candidate(session, 3), candidate(session + 100, 3)],
        session,
      });
      signed(await client.paraStatement(approval), approval);
      signed(await client.paraStatement(approval), approval); // an identical repeat
    }
    // the highest session is first + 7: the window is first + 2 .. first + 7
    const old = approvalPayload({ candidates: [candidate(999, 3)], session: first + 1 });
    expect(await client.paraStatement(old)).toMatchObject(refused('REGRESSION'));
    const oldBitfield = bitfieldPayload({
      bits: 8,
      set: [1],
      session: first + 1,
      parentHash: parentHash(first + 1),
    });
    expect(await client.paraStatement(oldBitfield)).toMatchObject(refused('REGRESSION'));
    // inside the window, the candidates approved in each session cannot be voted invalid
    for (let session = first + 2; session <= first + 7; session++)
      expect(
        await client.paraStatement(
          disputePayload({ valid: false, candidate: candidate(session + 100, 3), session }),
        ),
      ).toMatchObject(refused('CONFLICT'));
    // the same candidate in another session is another (session, candidate)
    const x = candidate(first + 3, 3);
    const elsewhere = disputePayload({ valid: false, candidate: x, session: first + 4 });
    signed(await client.paraStatement(elsewhere), elsewhere);
    // and once voted invalid, no valid-side statement for it in that session: an approval naming
    // it is refused whole, so its other candidate is still free to be voted invalid (asked at the
    // same peer: a coordinator's TA records what it signs before asking its cosigners)
    expect(
      await client.paraStatement(approvalPayload({ candidates: [candidate(1, 3), x], session: first + 4 })),
    ).toMatchObject(refused('CONFLICT'));
    const free = disputePayload({ valid: false, candidate: candidate(1, 3), session: first + 4 });
    signed(await client.paraStatement(free), free);
  });

  it("a session's log filled to capacity refuses the next candidate (POLICY) and forgets none", async () => {
    const client = clientAt(0);
    const session = 50;
    const fill = SESSION_CAPACITY / MAX_APPROVAL;
    for (let k = 0; k < fill; k++) {
      const approval = approvalPayload({
        candidates: Array.from({ length: MAX_APPROVAL }, (_, j) => candidate(k * MAX_APPROVAL + j, 4)),
        session,
      });
      const r = await client.paraStatement(approval);
      if (r.kind !== 'signature') throw new Error(`approval ${k} of ${fill}: ${r.reason}: ${r.message}`);
    }
    const next = approvalPayload({ candidates: [candidate(SESSION_CAPACITY, 4)], session });
    expect(await client.paraStatement(next)).toMatchObject(refused('POLICY'));
    // every candidate of the full session is still remembered: none can be voted invalid
    for (const n of [0, 1, SESSION_CAPACITY / 2, SESSION_CAPACITY - 1])
      expect(
        await client.paraStatement(disputePayload({ valid: false, candidate: candidate(n, 4), session })),
      ).toMatchObject(refused('CONFLICT'));
    // what leaves no mark still signs in the full session, and the next session has room
    const bitfield = bitfieldPayload({ bits: 80, set: [3], session, parentHash: parentHash(session) });
    signed(await client.paraStatement(bitfield), bitfield);
    const nextSession = approvalPayload({
      candidates: [candidate(SESSION_CAPACITY, 4)],
      session: session + 1,
    });
    signed(await client.paraStatement(nextSession), nextSession);
  }, 600_000);

  it('a para key refuses other kinds (POLICY); malformed statements are INVALID_ARGUMENT at the client', async () => {
    const client = clientAt(1);
    expect(
      await client.sign({ keyType: 'para', kind: 'raw', payload: new Uint8Array([1, 2, 3]) }),
    ).toMatchObject(refused('POLICY'));
    await expect(client.paraStatement(Buffer.from('APPR'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
