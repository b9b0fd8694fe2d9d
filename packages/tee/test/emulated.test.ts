import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { encodePoint, encodePublicKeyPackage } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { cpSync, rmSync } from 'node:fs';
import { LockState, TaError } from '../src/index.js';
import type { SignPartialRequest, TaErrorCode } from '../src/index.js';
import { babeHeader, EmulatedCluster } from './cluster.js';

/** Rust schnorrkel (wasm): the chain's own verifier. */
async function chainAccepts(sig: Uint8Array, msg: Uint8Array, pub: PublicKeyPackage): Promise<boolean> {
  await waitReady();
  return sr25519Verify(sig, msg, encodePoint(pub.groupPublicKey));
}

async function refusal(p: Promise<unknown>): Promise<TaErrorCode> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TaError);
    return (e as TaError).code;
  }
  throw new Error('expected the TA to refuse');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('three emulated TAs (ta-host processes)', () => {
  let cluster: EmulatedCluster;
  let babe: PublicKeyPackage;

  /** A request with fresh commitments from `signers` (device indexes). */
  const request = async (
    payload: Uint8Array,
    signers: readonly number[],
    kind: 'babe-seal' | 'raw' = 'babe-seal',
    keyType = 'babe',
  ) =>
    ({
      kind,
      keyType,
      payload,
      signingSet: await cluster.commitments(keyType, signers),
    }) satisfies SignPartialRequest;

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    const pubs = await cluster.dkg('babe');
    babe = pubs[0]!;
    for (const p of pubs) expect(hex(encodePublicKeyPackage(p))).toBe(hex(encodePublicKeyPackage(babe)));
  });
  afterAll(() => cluster?.stop());

  it('a DKG gives one key, and every pair of TAs signs headers the chain verifier accepts', async () => {
    let slot = 1000;
    for (const pair of [
      [0, 1],
      [2, 0],
      [1, 2],
    ] as const) {
      for (const variant of ['Primary', 'SecondaryPlain', 'SecondaryVRF'] as const) {
        const header = babeHeader({ slot: slot++, variant });
        const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', header, pair);
        expect(await chainAccepts(signature, msg, babe)).toBe(true);
      }
    }
  });

  it('a nonce commitment signs once: the same signing set again is NONCE_UNKNOWN', async () => {
    const req = await request(babeHeader({ slot: 2000 }), [0, 1]);
    await cluster.tas[0]!.signPrepare(req);
    expect(await refusal(cluster.tas[0]!.signPrepare(req))).toBe('NONCE_UNKNOWN');
  });

  it('a conflicting header for a signed slot is CONFLICT, as coordinator and as cosigner; an older slot is REGRESSION', async () => {
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader({ slot: 3000, parent: 1 }), [0, 1]);
    const other = babeHeader({ slot: 3000, parent: 2 });
    expect(await refusal(cluster.tas[0]!.signPrepare(await request(other, [0, 2])))).toBe('CONFLICT');
    // device 3 never signed slot 3000, so it prepares; device 2 refuses to cosign
    const prepared = await cluster.tas[2]!.signPrepare(await request(other, [2, 1]));
    expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, prepared.update))).toBe('CONFLICT');
    expect(
      await refusal(cluster.tas[0]!.signPrepare(await request(babeHeader({ slot: 2999 }), [0, 1]))),
    ).toBe('REGRESSION');
    // the same header again is an idempotent retry, not a conflict
    const again = await cluster.sign(
      babe,
      'babe',
      'babe-seal',
      babeHeader({ slot: 3000, parent: 1 }),
      [1, 0],
    );
    expect(await chainAccepts(again.signature, again.msg, babe)).toBe(true);
  });

  it('malformed headers are MALFORMED: sealed, truncated, without a BABE pre-digest', async () => {
    const good = babeHeader({ slot: 4000 });
    const sealed = babeHeader({ slot: 4000, extraLogs: [{ Seal: ['BABE', '0x' + '00'.repeat(64)] }] });
    const noDigest = good.slice(0, 32 + 2 + 64);
    for (const payload of [sealed, good.slice(0, good.length - 1), noDigest, new Uint8Array()]) {
      expect(await refusal(cluster.tas[1]!.signPrepare(await request(payload, [1, 2])))).toBe('MALFORMED');
    }
  });

  it('counter messages forged or altered by a host are PEER_AUTH, and nothing is signed', async () => {
    const header = babeHeader({ slot: 4500 });
    const prepared = await cluster.tas[0]!.signPrepare(await request(header, [0, 1]));
    const forged = prepared.update.slice();
    forged[forged.length - 1]! ^= 1;
    expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, forged))).toBe('PEER_AUTH');
    // an update addressed to another TA is refused too
    expect(await refusal(cluster.tas[2]!.signCosign(prepared.request, prepared.update))).toBe('PEER_AUTH');
    const { ack } = await cluster.tas[1]!.signCosign(prepared.request, prepared.update);
    const badAck = ack.slice();
    badAck[12]! ^= 1;
    expect(await refusal(cluster.tas[0]!.signFinish(prepared.request, badAck))).toBe('PEER_AUTH');
    // a mangled ack does not burn the preparation; the genuine one finishes it, once
    const share = await cluster.tas[0]!.signFinish(prepared.request, ack);
    expect(share.identifier).toBe(1);
    expect(await refusal(cluster.tas[0]!.signFinish(prepared.request, ack))).toBe('NONCE_UNKNOWN');
  });

  it('raw is refused for babe keys and allowed for a non-slashable key type', async () => {
    const payload = new TextEncoder().encode('authority discovery record');
    expect(await refusal(cluster.tas[0]!.signPrepare(await request(payload, [0, 2], 'raw')))).toBe('POLICY');
    const [audi] = await cluster.dkg('audi', true);
    const { signature } = await cluster.sign(audi!, 'audi', 'raw', payload, [0, 2]);
    expect(await chainAccepts(signature, payload, audi!)).toBe(true);
    expect(await refusal(cluster.dkg('babe'))).toBe('KEY_EXISTS');
    expect(await refusal(cluster.dkg('gran', true))).toBe('POLICY');
  });

  it('after a restart a TA is locked until its peers vouch; commitments are gone, marks are kept', async () => {
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader({ slot: 5000, parent: 5 }), [0, 1]);
    for (const how of ['stop', 'kill'] as const) {
      const stale = await request(babeHeader({ slot: 5001 }), [0, 1]);
      await cluster.restart(0, how);
      expect((await cluster.tas[0]!.getInfo()).lockState).toBe(LockState.Locked);
      expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('LOCKED');
      expect((await cluster.unlock(0)).lockState).toBe(LockState.Unlocked);
      expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('NONCE_UNKNOWN');
      const info = await cluster.tas[0]!.getInfo();
      expect(info.keys.find((k) => k.keyType === 'babe')?.highWaterMark).toBe(5000n);
      const conflicting = babeHeader({ slot: 5000, parent: 6 });
      expect(await refusal(cluster.tas[0]!.signPrepare(await request(conflicting, [0, 1])))).toBe('CONFLICT');
    }
    const { signature, msg } = await cluster.sign(
      babe,
      'babe',
      'babe-seal',
      babeHeader({ slot: 5002 }),
      [0, 2],
    );
    expect(await chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('a TA whose sealed state is rolled back is caught (ROLLED_BACK), signs nothing, and the others sign on', async () => {
    const backup = `${cluster.dir}/device-2-backup`;
    await cluster.restart(1, 'stop'); // a quiet moment to copy the data dir, as a host would
    await cluster.unlock(1);
    cpSync(cluster.dataDir(1), backup, { recursive: true });
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader({ slot: 6000, parent: 1 }), [0, 1]);
    await cluster.tas[1]!.close();
    await cluster.hosts[1]!.stop();
    rmSync(cluster.dataDir(1), { recursive: true });
    cpSync(backup, cluster.dataDir(1), { recursive: true });
    await cluster.restart(1, 'stop');
    expect(await refusal(cluster.unlock(1))).toBe('ROLLED_BACK');
    expect((await cluster.tas[1]!.getInfo()).lockState).toBe(LockState.RolledBack);
    // it cannot help sign another header for slot 6000 in either role
    const other = babeHeader({ slot: 6000, parent: 2 });
    expect(await refusal(cluster.tas[1]!.signPrepare(await request(other, [1, 2])))).toBe('ROLLED_BACK');
    const prepared = await cluster.tas[2]!.signPrepare(await request(other, [2, 1]));
    expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, prepared.update))).toBe('ROLLED_BACK');
    // devices 1 and 3 still sign the next slot
    const { signature, msg } = await cluster.sign(
      babe,
      'babe',
      'babe-seal',
      babeHeader({ slot: 6001 }),
      [0, 2],
    );
    expect(await chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('bad input from the host gets a typed refusal, and the TA keeps serving', async () => {
    const ta = cluster.tas[2]!;
    expect(await refusal(ta.commitNonces('babe', 0))).toBe('MALFORMED');
    expect(await refusal(ta.commitNonces('BABE', 1))).toBe('MALFORMED');
    expect(await refusal(ta.commitNonces('gran', 1))).toBe('NO_KEY');
    expect(await refusal(ta.dkgRound2([]))).toBe('BAD_STATE');
    expect(await refusal(ta.counterUnlock([]))).toBe('BAD_STATE');
    expect((await ta.getInfo()).keys.length).toBeGreaterThanOrEqual(1);
  });
});
