/**
 * The TA contract (packages/tee/test/contract.ts: DKG, signing by every pair judged by Rust
 * schnorrkel, CONFLICT and REGRESSION, forged counter messages, refresh, every refusal) run
 * against three Triad TAs in three real OP-TEE instances: QEMU guests, each TA reached through its
 * triad-bridge over libteec by the same socket transport that reaches a ta-host.
 */
import { afterAll, beforeAll, describe } from '@jest/globals';
import { openEmulatedTa } from '@triad/tee';
import { OpteeCluster } from '@triad/testkit/optee';
import { taContract } from '../../packages/tee/test/contract.js';

describe('three real OP-TEE TAs (QEMU guests)', () => {
  let cluster: OpteeCluster;
  beforeAll(async () => {
    cluster = await OpteeCluster.start(3);
  });
  afterAll(() => cluster?.stop());

  taContract('the TA contract through libteec in real OP-TEE', (i) =>
    openEmulatedTa({ host: '127.0.0.1', port: cluster.guests[i]!.port }),
  );
});
