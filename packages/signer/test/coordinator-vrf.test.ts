/**
 * The coordinator's VRF path (over three emulated TAs): the shared attempt loop with the VRF round
 * trip. Each VRF is checked with @scure/sr25519's transcript and DLEQ code (independent of the
 * frost verifier the coordinator uses before release).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  encodeAssignmentVrfPayload,
  encodeBabeVrfPayload,
  encodeCoreBitfield,
  encodePoint,
} from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import type { CosignerLink } from '../src/index.js';
import { EmulatedCluster, keyOf } from '@triad/testkit';
import { Coordinator } from '../src/index.js';
import { babeSpec, NO_EXTRA, scureVrfVerify } from '../../frost/test/vrf-helpers.js';
import { link, publicKeysOf } from './helpers.js';

describe('the coordinator: threshold VRFs', () => {
  let cluster: EmulatedCluster;
  let babe: PublicKeyPackage;
  let asgn: PublicKeyPackage;
  const keys = publicKeysOf(() => [
    ['babe', babe],
    ['asgn', asgn],
  ]);
  const randomness = new Uint8Array(32).fill(9);

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
    [asgn] = (await cluster.dkg('asgn')) as [PublicKeyPackage];
  });
  afterAll(() => cluster?.stop());

  const coordinator = (i: number, cosigners: CosignerLink[], options = {}) =>
    new Coordinator(cluster.tas[i]!, keys, () => cosigners, options);
  it('babe-vrf verifies under @scure; the pre-output alone is its first 32 bytes and uses no pooled commitment', async () => {
    const counted = { commits: 0 };
    const first = link('1', cluster.tas[0]!);
    const c = coordinator(1, [
      { ...first, commit: (k, n) => (counted.commits++, first.commit(k, n)) },
      link('3', cluster.tas[2]!),
    ]);
    const payload = encodeBabeVrfPayload({ slot: 500n, epoch: 2n, randomness });
    const out = await c.vrf({ kind: 'babe-vrf', key: keyOf('babe', babe), payload });
    if (out.kind !== 'signature') throw new Error(`not signed: ${out.message}`);
    expect(out.signature).toHaveLength(96);
    const pk = encodePoint(babe.groupPublicKey);
    expect(scureVrfVerify(pk, babeSpec(500n, 2n, randomness), NO_EXTRA, out.signature)).toBe(true);
    const pre = await c.vrf({ kind: 'babe-vrf-pre-output', key: keyOf('babe', babe), payload });
    if (pre.kind !== 'signature') throw new Error(`not signed: ${pre.message}`);
    // no nonce used, none handed out: pre-outputs after it leave the pooled commitments to proofs
    const fetched = counted.commits;
    for (let slot = 501n; slot < 501n + 12n; slot++) {
      const p = encodeBabeVrfPayload({ slot, epoch: 2n, randomness });
      expect(
        await c.vrf({ kind: 'babe-vrf-pre-output', key: keyOf('babe', babe), payload: p }),
      ).toMatchObject({
        kind: 'signature',
      });
    }
    expect(counted.commits).toBe(fetched);
    expect(Buffer.from(pre.signature)).toEqual(Buffer.from(out.signature.subarray(0, 32)));
    // an altered proof does not verify: the check is not vacuous
    const altered = out.signature.slice();
    altered[40]! ^= 1;
    expect(scureVrfVerify(pk, babeSpec(500n, 2n, randomness), NO_EXTRA, altered)).toBe(false);
  });

  it('assignment-vrf (delay, modulo-compact) verifies under @scure with its extra transcript', async () => {
    const c = coordinator(0, [link('2', cluster.tas[1]!)]);
    const story = new Uint8Array(32).fill(3);
    const pk = encodePoint(asgn.groupPublicKey);
    const delay = encodeAssignmentVrfPayload({ kind: 'delay', story, core: 4 });
    const d = await c.vrf({ kind: 'assignment-vrf', key: keyOf('asgn', asgn), payload: delay });
    if (d.kind !== 'signature') throw new Error(`not signed: ${d.message}`);
    const core = new Uint8Array(4);
    core[0] = 4;
    const delayInput = {
      label: 'A&V DELAY',
      messages: [
        ['RC-VRF', story],
        ['core', core],
      ] as const,
    };
    expect(scureVrfVerify(pk, delayInput, { label: 'VRF', messages: [] }, d.signature)).toBe(true);
    const bitfield = encodeCoreBitfield([2, 7]);
    const modulo = encodeAssignmentVrfPayload({ kind: 'modulo-compact', story, coreBitfield: bitfield });
    const m = await c.vrf({ kind: 'assignment-vrf', key: keyOf('asgn', asgn), payload: modulo });
    if (m.kind !== 'signature') throw new Error(`not signed: ${m.message}`);
    const input = { label: 'A&V MOD v2', messages: [['RC-VRF', story]] as const };
    const extra = { label: 'A&V ASSIGNED v2', messages: [['cores', bitfield]] as const };
    expect(scureVrfVerify(pk, input, extra, m.signature)).toBe(true);
  });

  it("a slot beyond the window is our TA's final POLICY; assignment-vrf on a babe key POLICY", async () => {
    const c = coordinator(0, [link('2', cluster.tas[1]!), link('3', cluster.tas[2]!)]);
    const far = encodeBabeVrfPayload({ slot: 500n + 2401n, epoch: 2n, randomness });
    expect(await c.vrf({ kind: 'babe-vrf', key: keyOf('babe', babe), payload: far })).toMatchObject({
      kind: 'refusal',
      code: 'POLICY',
    });
    const delay = encodeAssignmentVrfPayload({ kind: 'delay', story: new Uint8Array(32), core: 1 });
    expect(await c.vrf({ kind: 'assignment-vrf', key: keyOf('babe', babe), payload: delay })).toMatchObject({
      kind: 'refusal',
      code: 'POLICY',
    });
  });

  it('blames a cosigner whose host alters its VRF share, passes over one without VRF support, signs with the next', async () => {
    const blamed: string[] = [];
    const passed: string[] = [];
    const tampering: CosignerLink = {
      ...link('1', cluster.tas[0]!),
      vrfCosign: async (request, part, update) => {
        const r = await cluster.tas[0]!.vrfCosign(request, part, update);
        const answer = r.answer.slice();
        answer[answer.length - 84 - 1]! ^= 1; // the last byte of z, before the ack
        return { ...r, answer };
      },
    };
    const { vrfCosign: _, ...sealOnly } = link('2', cluster.tas[1]!);
    const c = coordinator(2, [sealOnly, tampering, link('2', cluster.tas[1]!)], {
      onBlame: (p: string) => blamed.push(p),
      onPassOver: (p: string) => passed.push(p),
    });
    const payload = encodeBabeVrfPayload({ slot: 501n, epoch: 2n, randomness });
    const out = await c.vrf({ kind: 'babe-vrf', key: keyOf('babe', babe), payload });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '2' });
    expect(blamed).toEqual(['1']);
    expect(passed).toEqual(['2', '1']);
  });
});
