import { afterAll, beforeAll, describe } from '@jest/globals';
import { EmulatedCluster } from '@triad/testkit/emulated';
import { openEmulatedTa } from '../src/index.js';
import { taContract } from './contract.js';
import { lifecycleContract } from './lifecycle.js';

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
  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
  });
  afterAll(() => cluster?.stop());

  lifecycleContract(
    'ta-host data dirs',
    () => ({
      group: cluster,
      dir: cluster.dir,
      restart: (i, how) => cluster.restart(i, how),
      copyStorage: (i, to) => cluster.copyDataDir(i, to),
      restoreStorage: (i, copy) => cluster.restoreDataDir(i, copy),
    }),
    ['stop', 'kill'],
  );
});
