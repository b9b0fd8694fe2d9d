/**
 * What a device's sealed state must survive and what it must catch, on any kind of device whose
 * TA can be restarted and whose storage can be copied and put back: `lifecycleContract` is called
 * with emulated devices (ta-host data dirs, emulated.test.ts) and with real OP-TEE guests (disk
 * images, test/optee). The devices must be running before the contract's beforeAll and must not
 * hold a 'babe' key yet.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { PublicKeyPackage } from '@triad/frost';
import { babeHeader, chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import type { TaGroup } from '@triad/testkit/emulated';
import { LockState } from '../src/index.js';
import { refusal } from './contract.js';

export type StopHow = 'stop' | 'kill';

/** Devices whose TAs restart and whose sealed storage a host can copy and restore. */
export interface RestartableDevices {
  readonly group: TaGroup;
  /** Where a copy of a device's storage may be written. */
  readonly dir: string;
  /** Device i's TA stops (`how`) and starts again on the same storage: a new instance. */
  restart(i: number, how: StopHow): Promise<void>;
  /** A copy of device i's sealed storage at a quiet moment, as its host can take one. */
  copyStorage(i: number, to: string): void;
  /** Device i stops, `copy` is put in place of its storage, and it starts again. */
  restoreStorage(i: number, copy: string): Promise<void>;
}

export function lifecycleContract(
  title: string,
  devices: () => RestartableDevices,
  hows: readonly StopHow[],
): void {
  describe(title, () => {
    let d: RestartableDevices;
    let cluster: TaGroup;
    let babe: PublicKeyPackage;

    beforeAll(async () => {
      await chainVerifierReady();
      d = devices();
      cluster = d.group;
      [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
    });

    it('after a restart a TA is locked until its peers vouch; commitments are gone, marks are kept', async () => {
      await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(5000, { fork: 4 }), [0, 1]);
      for (const how of hows) {
        const stale = await cluster.request(babeHeader(5001), [0, 1]);
        await d.restart(0, how);
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
      const backup = `${d.dir}/device-2-backup`;
      await d.restart(1, hows[0]!); // a quiet moment to copy the storage, as a host would
      await cluster.unlock(1);
      d.copyStorage(1, backup);
      await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6000), [0, 1]);
      await d.restoreStorage(1, backup);
      expect(await refusal(cluster.unlock(1))).toBe('ROLLED_BACK');
      expect((await cluster.tas[1]!.getInfo()).lockState).toBe(LockState.RolledBack);
      // it cannot help sign another header for slot 6000 in either role
      const other = babeHeader(6000, { fork: 1 });
      expect(await refusal(cluster.tas[1]!.signPrepare(await cluster.request(other, [1, 2])))).toBe(
        'ROLLED_BACK',
      );
      const prepared = await cluster.tas[2]!.signPrepare(await cluster.request(other, [2, 1]));
      expect(await refusal(cluster.tas[1]!.signCosign(prepared.request, prepared.update))).toBe(
        'ROLLED_BACK',
      );
      // devices 1 and 3 still sign the next slot
      const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', babeHeader(6001), [0, 2]);
      expect(chainAccepts(signature, msg, babe)).toBe(true);
    });

    it('unlocking needs a report from every peer', async () => {
      await d.restart(2, hows[0]!);
      const challenge = await cluster.tas[2]!.counterChallenge();
      const one = await cluster.tas[0]!.counterReport(challenge);
      expect(await refusal(cluster.tas[2]!.counterUnlock([one]))).toBe('MALFORMED');
      expect(await refusal(cluster.tas[2]!.counterUnlock([one, one]))).toBe('PEER_AUTH');
      expect((await cluster.unlock(2)).lockState).toBe(LockState.Unlocked);
    });
  });
}
