import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PublicKeyPackage } from '@triad/frost';
import { babeHeader, chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import { EmulatedCluster } from '@triad/testkit/emulated';
import { LockState, openEmulatedTa } from '../src/index.js';
import { refusal, taContract } from './contract.js';

describe('the emulated backend: ta-host processes over unix sockets', () => {
  let fresh: EmulatedCluster;
  beforeAll(async () => {
    fresh = await EmulatedCluster.start(3);
  });
  afterAll(() => fresh?.stop());

  taContract('the TA contract through ta-host sockets', (i) => openEmulatedTa(fresh.socketPath(i)));
});

describe('emulated devices: restarts and rollback of sealed state', () => {
  let cluster: EmulatedCluster;
  let babe: PublicKeyPackage;

  beforeAll(async () => {
    await chainVerifierReady();
    cluster = await EmulatedCluster.start(3);
    [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
  });
  afterAll(() => cluster?.stop());

  it('after a restart a TA is locked until its peers vouch; commitments are gone, marks are kept', async () => {
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(5000, { fork: 4 }), [0, 1]);
    for (const how of ['stop', 'kill'] as const) {
      const stale = await cluster.request(babeHeader(5001), [0, 1]);
      await cluster.restart(0, how);
      expect((await cluster.tas[0]!.getInfo()).lockState).toBe(LockState.Locked);
      expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('LOCKED');
      expect((await cluster.unlock(0)).lockState).toBe(LockState.Unlocked);
      expect(await refusal(cluster.tas[0]!.signPrepare(stale))).toBe('NONCE_UNKNOWN');
      const info = await cluster.tas[0]!.getInfo();
      expect(info.keys.find((k) => k.keyType === 'babe')?.highWaterMark).toBe(5000n);
      const conflicting = babeHeader(5000, { fork: 5 });
      expect(await refusal(cluster.tas[0]!.signPrepare(await cluster.request(conflicting, [0, 1])))).toBe(
        'CONFLICT',
      );
    }
    const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(5002), [0, 2]);
    expect(chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('a TA whose sealed state is rolled back is caught (ROLLED_BACK), signs nothing, and the others sign on', async () => {
    const backup = `${cluster.dir}/device-2-backup`;
    await cluster.restart(1, 'stop'); // a quiet moment to copy the data dir, as a host would
    await cluster.unlock(1);
    cluster.copyDataDir(1, backup);
    await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6000), [0, 1]);
    await cluster.restoreDataDir(1, backup);
    expect(await refusal(cluster.unlock(1))).toBe('ROLLED_BACK');
    expect((await cluster.tas[1]!.getInfo()).lockState).toBe(LockState.RolledBack);
    // it cannot help sign another header for slot 6000 in either role
    const other = babeHeader(6000, { fork: 1 });
    expect(await refusal(cluster.tas[1]!.signPrepare(await cluster.request(other, [1, 2])))).toBe(
      'ROLLED_BACK',
    );
    const prepared = await cluster.tas[2]!.signPrepare(await cluster.request(other, [2, 1]));
    expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, prepared.update))).toBe('ROLLED_BACK');
    // devices 1 and 3 still sign the next slot
    const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6001), [0, 2]);
    expect(chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('unlocking needs a report from every peer', async () => {
    await cluster.restart(2, 'stop');
    const challenge = await cluster.tas[2]!.counterChallenge();
    const one = await cluster.tas[0]!.counterReport(challenge);
    expect(await refusal(cluster.tas[2]!.counterUnlock([one]))).toBe('MALFORMED');
    expect(await refusal(cluster.tas[2]!.counterUnlock([one, one]))).toBe('PEER_AUTH');
    expect((await cluster.unlock(2)).lockState).toBe(LockState.Unlocked);
  });
});
