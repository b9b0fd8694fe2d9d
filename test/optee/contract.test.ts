/**
 * The TA contract (packages/tee/test/contract.ts: DKG, signing by every pair judged by Rust
 * schnorrkel, CONFLICT and REGRESSION, forged counter messages, refresh, every refusal) run
 * against three Triad TAs in three real OP-TEE instances: QEMU guests, each TA reached through its
 * triad-bridge over libteec by the same socket transport that reaches a ta-host. Then one more
 * key, whose signatures by every pair are written to the log with the verifier's verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodePoint } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { openEmulatedTa } from '@triad/tee';
import { babeHeader, chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import { OpteeCluster } from '@triad/testkit/optee';
import { taContract } from '../../packages/tee/test/contract.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('three real OP-TEE TAs (QEMU guests)', () => {
  let cluster: OpteeCluster;
  beforeAll(async () => {
    cluster = await OpteeCluster.start(3);
  });
  afterAll(() => cluster?.stop());

  taContract('the TA contract through libteec in real OP-TEE', (i) =>
    openEmulatedTa({ host: '127.0.0.1', port: cluster.guests[i]!.port }),
  );

  // After the contract (which wants no babe key before it): another babe key of the same TAs.
  describe('signatures for the log', () => {
    it('a 2-of-3 babe seal by each pair of real OP-TEE TAs, accepted by Rust schnorrkel', async () => {
      await chainVerifierReady();
      const [pub] = (await cluster.dkg('babe', false, 'optee-log')) as [PublicKeyPackage];
      const lines = [`group key ${hex(encodePoint(pub.groupPublicKey))}`];
      for (const [slot, pair] of [
        [7001, [0, 1]],
        [7002, [1, 2]],
        [7003, [2, 0]],
      ] as const) {
        const { signature, msg } = await cluster.sign(pub, 'babe', 'babe-seal', babeHeader(slot), pair);
        const accepted = chainAccepts(signature, msg, pub);
        lines.push(
          `slot ${slot}, TAs ${pair[0] + 1} and ${pair[1] + 1}: ${hex(signature)} schnorrkel: ${accepted ? 'accepted' : 'REJECTED'}`,
        );
        expect(accepted).toBe(true);
      }
      process.stderr.write(`real OP-TEE 2-of-3 babe-seal signatures:\n  ${lines.join('\n  ')}\n`);
    });
  });
});
