/**
 * Three Triad TAs in three real OP-TEE guests, their sealed state in each guest's REE FS on its
 * own disk image (packages/tee/test/lifecycle.ts): a guest that loses power comes back locked
 * until its peers' TAs vouch for its counter; an older copy of a disk image put back is a real
 * rollback of a real TA's storage, caught as ROLLED_BACK, and the other two sign on. Signatures
 * judged by Rust schnorrkel.
 */
import { afterAll, beforeAll, describe } from '@jest/globals';
import { OpteeCluster } from '@triad/testkit/optee';
import { lifecycleContract } from '../../packages/tee/test/lifecycle.js';

describe('three real OP-TEE TAs (QEMU guests): power cuts and a rolled-back disk image', () => {
  let cluster: OpteeCluster;
  beforeAll(async () => {
    cluster = await OpteeCluster.start(3);
  });
  afterAll(() => cluster?.stop());

  // A guest has one way to stop: the power is cut (its disk is mounted -o sync).
  lifecycleContract(
    'REE FS on disk images',
    () => ({
      group: cluster,
      dir: cluster.dir,
      restart: (i) => cluster.reboot(i),
      copyStorage: (i, to) => cluster.copyDisk(i, to),
      restoreStorage: (i, copy) => cluster.restoreDisk(i, copy),
    }),
    ['kill'],
  );
});
