import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeSignatureShare } from '@triad/frost';
import { babeHeader } from '@triad/testkit/chain';
import { EmulatedCluster } from '@triad/testkit/emulated';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTaHostBinary } from '../src/index.js';
import type { TeeTransport } from '../src/index.js';

/**
 * DESIGN.md: shares, nonces and identity keys never leave the TA. A test build of ta-host
 * (ta-host-reveal) writes every secret the TA makes to a side file; this test records every byte
 * that crosses the socket, both ways, during a DKG and signing session, and finds none of them.
 */
const revealBinary = join(defaultTaHostBinary(), '..', 'ta-host-reveal');

describe('secrets never cross the TA boundary', () => {
  const traffic: Uint8Array[] = [];
  const record = (t: TeeTransport): TeeTransport => ({
    invoke: async (command, input, capacity) => {
      traffic.push(input.slice());
      const answer = await t.invoke(command, input, capacity);
      traffic.push(answer.output.slice());
      return answer;
    },
    close: () => t.close(),
  });
  let cluster: EmulatedCluster;
  let shareBytes: Uint8Array[] = [];

  beforeAll(async () => {
    expect(existsSync(revealBinary)).toBe(true);
    cluster = await EmulatedCluster.start(3, {
      binary: revealBinary,
      envFor: (dir, i) => ({ TRIAD_TEST_REVEAL_FILE: join(dir, `revealed-${i + 1}.txt`) }),
      wrap: record,
    });
    const [pub] = await cluster.dkg('babe');
    for (const [slot, pair] of [
      [10, [0, 1]],
      [11, [0, 2]],
      [12, [1, 2]],
    ] as const) {
      const { signingSet } = await cluster.sign(pub!, 'babe', 'babe-seal', babeHeader(slot), pair);
      expect(signingSet).toHaveLength(2);
    }
    // spare commitments stay in the pools: their nonces must not leak either
    await cluster.tas[0]!.commitNonces('babe', 8);
    // coordinators' shares come in their finish result (tag 0x33, followed by the public R),
    // cosigners' in their cosign result (tag 0x2a)
    shareBytes = traffic.flatMap((b) => (b[0] === 0x33 || b[0] === 0x2a ? [b.slice(1, 36)] : []));
  });
  afterAll(() => cluster?.stop());

  const revealed = () =>
    [0, 1, 2].flatMap((i) =>
      readFileSync(join(cluster.dir, `revealed-${i + 1}.txt`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const [what, hex] = line.split(' ');
          return { what: what!, bytes: Buffer.from(hex!, 'hex') };
        }),
    );

  const crossed = (secret: Uint8Array) =>
    traffic.some((b) => Buffer.from(b).indexOf(Buffer.from(secret)) >= 0);

  it('the test build revealed every kind of secret (so the scan below has something to find)', () => {
    const kinds = new Set(revealed().map((r) => r.what));
    for (const k of [
      'identity-key',
      'polynomial',
      'pok-nonce',
      'dealt-share',
      'received-share',
      'pairwise-key',
      'signing-share',
      'nonce',
    ]) {
      expect(kinds).toContain(k);
    }
    expect(revealed().filter((r) => r.what === 'nonce').length).toBeGreaterThanOrEqual(2 * (6 + 8));
  });

  it('the scan finds bytes that did cross (a signature share), so a leak would be seen', () => {
    expect(shareBytes.length).toBeGreaterThanOrEqual(6);
    expect(crossed(encodeSignatureShare({ identifier: shareBytes[0]![1]!, z: 0n }).subarray(0, 1))).toBe(
      true,
    );
    expect(crossed(shareBytes[0]!.subarray(3))).toBe(true);
  });

  it('no revealed secret appears in any request or answer', () => {
    const leaks = revealed().filter((r) => crossed(r.bytes));
    expect(leaks.map((l) => l.what)).toEqual([]);
  });
});
