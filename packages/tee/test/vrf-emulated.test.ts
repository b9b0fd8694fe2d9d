/**
 * The threshold VRF end to end through three ta-host processes (the unchanged TA sources): the
 * TAs' VRFs verify with @triad/frost's verifier and with schnorrkel's DLEQ replayed on @scure's
 * transcripts; the pre-output alone equals the proof's; the babe window, a host altering what it
 * relays, and a kind on the wrong key are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  assignmentVrfPayloadTranscripts,
  babeVrfPayloadTranscripts,
  encodeAssignmentVrfPayload,
  encodeBabeVrfPayload,
  encodeCoreBitfield,
  encodePoint,
  verifyVrf,
} from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { EmulatedCluster, keyOf } from '@triad/testkit/emulated';
import type { VrfRequest, VrfResult } from '../src/index.js';
import { refusal } from './contract.js';
import { babeSpec, NO_EXTRA, scureVrfVerify } from '../../frost/test/vrf-helpers.js';

describe('threshold VRF through ta-host', () => {
  let cluster: EmulatedCluster;
  let babe: PublicKeyPackage;
  let asgn: PublicKeyPackage;
  const randomness = new Uint8Array(32).fill(0x42);

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
    [asgn] = (await cluster.dkg('asgn')) as [PublicKeyPackage];
  });
  afterAll(() => cluster?.stop());

  /** The host's part: prepare on `pair[0]`, cosign on `pair[1]`, finish on `pair[0]`. */
  async function vrf(
    kind: VrfRequest['kind'],
    pub: PublicKeyPackage,
    keyType: string,
    payload: Uint8Array,
    pair: readonly [number, number],
  ): Promise<VrfResult> {
    const key = keyOf(keyType, pub);
    const [a, b] = [cluster.tas[pair[0]]!, cluster.tas[pair[1]]!];
    const request: VrfRequest =
      kind === 'babe-vrf-pre-output'
        ? { kind, key, payload, signers: [pair[0] + 1, pair[1] + 1].sort() }
        : { kind, key, payload, signingSet: await cluster.commitments(key, pair) };
    const prepared = await a.vrfPrepare(request);
    const cosigned = await b.vrfCosign(prepared.request, prepared.part, prepared.update);
    return a.vrfFinish(prepared.request, prepared.part, cosigned.answer);
  }

  it('every pair makes a babe-vrf that verifies (frost, @scure transcripts), one pre-output for all', async () => {
    const slot = 100_000n;
    const payload = encodeBabeVrfPayload({ slot, epoch: 7n, randomness });
    const pk = encodePoint(babe.groupPublicKey);
    const outputs = new Set<string>();
    for (const pair of [
      [0, 1],
      [2, 0],
      [1, 2],
    ] as const) {
      const { signature, preOutput } = await vrf('babe-vrf', babe, 'babe', payload, pair);
      expect(signature).toHaveLength(96);
      expect(verifyVrf(pk, babeVrfPayloadTranscripts(payload), signature!)).toBe(true);
      expect(scureVrfVerify(pk, babeSpec(slot, 7n, randomness), NO_EXTRA, signature!)).toBe(true);
      outputs.add(Buffer.from(preOutput).toString('hex'));
      const alone = await vrf('babe-vrf-pre-output', babe, 'babe', payload, pair);
      expect(alone.signature).toBeUndefined();
      expect(Buffer.from(alone.preOutput).toString('hex')).toBe(Buffer.from(preOutput).toString('hex'));
    }
    expect(outputs.size).toBe(1);
  });

  it('assignment VRFs (modulo compact, delay) verify for the asgn key', async () => {
    const story = new Uint8Array(32).fill(0x17);
    const pk = encodePoint(asgn.groupPublicKey);
    for (const payload of [
      encodeAssignmentVrfPayload({
        kind: 'modulo-compact',
        story,
        coreBitfield: encodeCoreBitfield([1, 5, 9]),
      }),
      encodeAssignmentVrfPayload({ kind: 'delay', story, core: 5 }),
    ]) {
      const { signature } = await vrf('assignment-vrf', asgn, 'asgn', payload, [1, 0]);
      expect(verifyVrf(pk, assignmentVrfPayloadTranscripts(payload), signature!)).toBe(true);
    }
  });

  it('refusals: beyond the window POLICY, a relayed part altered PEER_AUTH, wrong key POLICY, bad fields MALFORMED', async () => {
    const far = encodeBabeVrfPayload({ slot: 100_000n + 2401n, epoch: 7n, randomness });
    expect(await refusal(vrf('babe-vrf', babe, 'babe', far, [0, 1]))).toBe('POLICY');
    const payload = encodeBabeVrfPayload({ slot: 100_001n, epoch: 7n, randomness });
    const key = keyOf('babe', babe);
    const prepared = await cluster.tas[0]!.vrfPrepare({
      kind: 'babe-vrf',
      key,
      payload,
      signingSet: await cluster.commitments(key, [0, 1]),
    });
    const altered = prepared.part.slice();
    altered[3]! ^= 1;
    expect(await refusal(cluster.tas[1]!.vrfCosign(prepared.request, altered, prepared.update))).toBe(
      'PEER_AUTH',
    );
    expect(await refusal(vrf('assignment-vrf', babe, 'babe', payload, [0, 1]))).toBe('POLICY');
    expect(await refusal(vrf('babe-vrf', babe, 'babe', payload.slice(1), [0, 1]))).toBe('MALFORMED');
  });
});
