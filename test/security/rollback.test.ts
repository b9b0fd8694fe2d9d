/**
 * Rollback of one TA's sealed state by its host, at every point of a signing where the host could
 * copy the data dir: before it cosigns, before it coordinates, after it cosigned while it still
 * holds the ack back, after it prepared while the update never left, and between a preparation and
 * its finish. The host restores the copy, restarts its TA and asks its peers to unlock it; then it
 * tries to get another header signed for the slot the cluster signed meanwhile, with the third TA
 * (the one that never saw that slot), in both roles.
 *
 * Whatever the unlock says, the invariant holds: every signature that comes out is judged by the
 * chain's verifier (schnorrkel, wasm) and filed per slot, and no slot ever has two headers. Where a
 * rollback cannot be seen (the peers never saw the lost increment), the test shows why it is
 * harmless: nothing was signed on the state that was lost.
 *
 * Real ta-host processes (EmulatedCluster), one per device; device indexes 0..2 here are the TAs
 * with participant ids 1..3. The host that rolls back is always device 1's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { aggregate, encodePoint, schnorrkel } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import { LockState, TaError } from '@triad/tee';
import type { PreparedSignature, TrustedApp } from '@triad/tee';
import { babeHeader, chainVerifierReady, sealedHash } from '@triad/testkit/chain';
import { EmulatedCluster } from '@triad/testkit/emulated';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { SafetyLedger } from '../faults/ledger.js';

const ROLLED = 1;
const THIRD = 2;

let c: EmulatedCluster;
let babe: PublicKeyPackage;
let ledger: SafetyLedger;
let copies: string;
/** Each case signs slots of its own, above the last case's. */
let slot = 100;

beforeAll(async () => {
  await chainVerifierReady();
  c = await EmulatedCluster.start(3);
  [babe] = (await c.dkg('babe')) as [PublicKeyPackage];
  ledger = new SafetyLedger(encodePoint(babe.groupPublicKey));
  copies = mkdtempSync(join(c.dir, 'copies-'));
});
afterAll(async () => {
  await c?.stop();
});

/** 'ok' (or `done`) when `p` resolves, the TA's refusal code when it is refused. */
const answerOf = async (p: Promise<unknown>, done = 'ok'): Promise<string> => {
  try {
    await p;
    return done;
  } catch (e) {
    if (e instanceof TaError) return e.code;
    throw e;
  }
};

/** The host copies its TA's data dir (as it can at any time: the sealed objects are files). */
function copyState(name: string): string {
  const to = join(copies, name);
  c.copyDataDir(ROLLED, to);
  return to;
}

/** The host puts a copy back and restarts its TA on it (a crash: no clean-up). */
const restore = (copy: string) => c.restoreDataDir(ROLLED, copy, 'kill');

/** Every peer's report, as the rolled-back TA's host gathers them: the unlock's answer. */
const unlock = () => answerOf(c.unlock(ROLLED));

/** Files a signature of `header` for slot `s` in the ledger; it must verify. */
const file = (s: number, header: Uint8Array, signature: Uint8Array) =>
  expect(ledger.record(s, header, signature, encodePoint(babe.groupPublicKey))).toBe(true);

/** A whole signature by `pair` (coordinator first), filed in the ledger: 'signed' or the refusal. */
function sign(s: number, fork: number, pair: readonly [number, number]): Promise<string> {
  const h = babeHeader(s, { fork });
  return answerOf(
    c.sign(babe, 'babe', 'babe-seal', h, pair).then(({ signature }) => file(s, h, signature)),
    'signed',
  );
}

/** The rolled-back TA tries the other header for `s` with the third TA, as coordinator and cosigner. */
async function tryOtherHeader(s: number): Promise<string[]> {
  return [await sign(s, 0xbb, [ROLLED, THIRD]), await sign(s, 0xbb, [THIRD, ROLLED])];
}

/** The first steps of a signing by `pair`, held where the host wants them. */
async function prepare(s: number, fork: number, pair: readonly [number, number]) {
  const payload = babeHeader(s, { fork });
  const signingSet = await c.commitments('babe', pair);
  const prepared = await c.tas[pair[0]]!.signPrepare({
    kind: 'babe-seal',
    key: await c.keyId('babe'),
    payload,
    signingSet,
  });
  return { payload, signingSet, prepared };
}

/** The coordinator's finish and the aggregate, filed: 'signed' or the refusal. */
function finish(
  s: number,
  coordinator: number,
  held: { payload: Uint8Array; signingSet: SigningCommitment[]; prepared: PreparedSignature },
  cosigned: Awaited<ReturnType<TrustedApp['signCosign']>>,
): Promise<string> {
  const finishing = c.tas[coordinator]!.signFinish(held.prepared.request, cosigned.ack).then((finished) => {
    const msg = sealedHash(held.payload);
    file(
      s,
      held.payload,
      aggregate(schnorrkel, babe, held.signingSet, msg, [finished.share, cosigned.share]),
    );
  });
  return answerOf(finishing, 'signed');
}

describe('one host rolls its TA back, at every point of a signing', () => {
  let s: number;
  /** The rolled-back TA's latest genuine state, to put it back in service after a caught rollback. */
  let latest: string;

  beforeEach(() => {
    s = slot += 10;
  });

  /** Puts the genuine state back after a caught rollback (the operator's recovery). */
  async function recover(): Promise<void> {
    await restore(latest);
    expect(await unlock()).toBe('ok');
  }

  it('before it cosigned a signature: caught at unlock; it signs nothing in either role', async () => {
    const copy = copyState('before-cosign');
    expect(await sign(s, 0xaa, [0, ROLLED])).toBe('signed');
    latest = copyState('latest-a');
    await restore(copy);
    expect(await unlock()).toBe('ROLLED_BACK');
    expect((await c.tas[ROLLED]!.getInfo()).lockState).toBe(LockState.RolledBack);
    expect(await tryOtherHeader(s)).toEqual(['ROLLED_BACK', 'ROLLED_BACK']);
    await recover();
    expect(await tryOtherHeader(s)).toEqual(['CONFLICT', 'CONFLICT']);
  });

  it('before it coordinated a signature: caught at unlock; it signs nothing in either role', async () => {
    const copy = copyState('before-coordinate');
    expect(await sign(s, 0xaa, [ROLLED, 0])).toBe('signed');
    latest = copyState('latest-b');
    await restore(copy);
    expect(await unlock()).toBe('ROLLED_BACK');
    expect(await tryOtherHeader(s)).toEqual(['ROLLED_BACK', 'ROLLED_BACK']);
    await recover();
  });

  it('after it cosigned, holding its ack back until the rolled-back TA is unlocked: the late ack releases nothing', async () => {
    const copy = copyState('before-cosign-held');
    const held = await prepare(s, 0xaa, [0, ROLLED]);
    const cosigned = await c.tas[ROLLED]!.signCosign(held.prepared.request, held.prepared.update);
    await restore(copy);
    // Nobody saw the cosigner's increment yet, so nothing can tell this rollback...
    expect(await unlock()).toBe('ok');
    // ...but the coordinator's TA dropped the preparation when it reported to the fresh instance.
    expect(await finish(s, 0, held, cosigned)).toBe('NONCE_UNKNOWN');
    // So the other header, which the rolled-back TA may now sign with the third, is the only one.
    expect(await sign(s, 0xbb, [ROLLED, THIRD])).toBe('signed');
    expect(ledger.signed(s)).toBe(true);
  });

  it('after it prepared, the update never sent: unlocks (nobody saw it), and nothing was signed on the lost state', async () => {
    const copy = copyState('before-prepare');
    const held = await prepare(s, 0xaa, [ROLLED, 0]);
    await restore(copy);
    expect(await unlock()).toBe('ok');
    // The host delivers the old update after all: the cosigner signs its part, but the
    // rolled-back TA no longer holds the preparation, so no signature can be finished.
    const cosigned = await c.tas[0]!.signCosign(held.prepared.request, held.prepared.update);
    expect(await finish(s, ROLLED, held, cosigned)).toBe('NONCE_UNKNOWN');
    expect(ledger.signed(s)).toBe(false);
    // TA 0 cosigned 0xaa and refuses the other header; the third signs it with the rolled-back TA.
    expect(await sign(s, 0xbb, [ROLLED, 0])).toBe('CONFLICT');
    expect(await sign(s, 0xbb, [ROLLED, THIRD])).toBe('signed');
  });

  it('between its preparation and its finish: the copy already holds the mark, so the slot stays taken', async () => {
    const held = await prepare(s, 0xaa, [ROLLED, 0]);
    const copy = copyState('after-prepare');
    const cosigned = await c.tas[0]!.signCosign(held.prepared.request, held.prepared.update);
    expect(await finish(s, ROLLED, held, cosigned)).toBe('signed');
    await restore(copy);
    expect(await unlock()).toBe('ok');
    expect(await tryOtherHeader(s)).toEqual(['CONFLICT', 'CONFLICT']);
  });

  it('across every case (run last): never two headers for one slot, never a bad signature', () => {
    expect(ledger.violations()).toEqual([]);
    expect(ledger.invalid).toBe(0);
    expect(ledger.signatures).toBeGreaterThanOrEqual(5);
  });
});
