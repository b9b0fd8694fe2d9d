/**
 * Three Triad TAs in three real OP-TEE guests, their sealed state in each guest's REE FS on its
 * own disk image: a guest that loses power comes back locked until its peers' TAs vouch for its
 * counter; an older copy of a disk image put back is a real rollback of a real TA's storage,
 * caught as ROLLED_BACK, and the other two sign on. Signatures judged by Rust schnorrkel.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PublicKeyPackage } from '@triad/frost';
import { LockState } from '@triad/tee';
import { babeHeader, chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import { OpteeCluster } from '@triad/testkit/optee';
import { refusal } from '../../packages/tee/test/contract.js';

describe('three real OP-TEE TAs: reboots and a rolled-back disk image', () => {
  let cluster: OpteeCluster;
  let babe: PublicKeyPackage;

  beforeAll(async () => {
    await chainVerifierReady();
    cluster = await OpteeCluster.start(3);
    [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
  });
  afterAll(() => cluster?.stop());

  it('after a reboot a TA is locked until its peers vouch; commitments are gone, its mark is kept', async () => {
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(5000), [0, 1]);
    const stale = await cluster.request(babeHeader(5001), [0, 1]);
    await cluster.reboot(0);
    expect((await cluster.tas[0]!.getInfo()).lockState).toBe(LockState.Locked);
    expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('LOCKED');
    expect((await cluster.unlock(0)).lockState).toBe(LockState.Unlocked);
    expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('NONCE_UNKNOWN');
    const info = await cluster.tas[0]!.getInfo();
    expect(info.keys.find((k) => k.keyType === 'babe')?.highWaterMark).toBe(5000n);
    const conflicting = await cluster.request(babeHeader(5000, { fork: 1 }), [0, 2]);
    expect(await refusal(cluster.tas[0]!.signPrepare(conflicting))).toBe('CONFLICT');
    const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(5002), [0, 2]);
    expect(chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('a restored older disk image is caught (ROLLED_BACK): that TA signs nothing, the others sign on', async () => {
    const backup = `${cluster.dir}/device-2-backup.img`;
    cluster.copyDisk(1, backup);
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6000), [0, 1]);
    await cluster.restoreDisk(1, backup);
    expect(await refusal(cluster.unlock(1))).toBe('ROLLED_BACK');
    expect((await cluster.tas[1]!.getInfo()).lockState).toBe(LockState.RolledBack);
    const other = babeHeader(6000, { fork: 1 });
    expect(await refusal(cluster.tas[1]!.signPrepare(await cluster.request(other, [1, 2])))).toBe(
      'ROLLED_BACK',
    );
    const prepared = await cluster.tas[2]!.signPrepare(await cluster.request(other, [2, 1]));
    expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, prepared.update))).toBe('ROLLED_BACK');
    const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6001), [0, 2]);
    expect(chainAccepts(signature, msg, babe)).toBe(true);
  });
});
