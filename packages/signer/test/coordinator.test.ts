import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mod, Point } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import { TaError } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import {
  babeHeader,
  chainAccepts,
  chainAcceptsSeal,
  chainVerifierReady,
  EmulatedCluster,
  keyOf,
} from '@triad/testkit';
import { Coordinator, MAX_IN_FLIGHT, QuorumError } from '../src/index.js';
import type { CosignerLink, SignOutcome } from '../src/index.js';
import { link, publicKeysOf } from './helpers.js';

const dead = (peerId: string): CosignerLink => ({
  peerId,
  commit: () => Promise.reject(new TaError('TRANSPORT', `${peerId} is unreachable`)),
  cosign: () => Promise.reject(new TaError('TRANSPORT', `${peerId} is unreachable`)),
});
/** A Byzantine cosigner: its TA signs, its host alters the share. */
const byzantine = (peerId: string, ta: TrustedApp): CosignerLink => ({
  ...link(peerId, ta),
  cosign: async (request, update) => {
    const r = await ta.signCosign(request, update);
    return { ...r, share: { ...r.share, z: mod(r.share.z + 1n) } };
  },
});

/** `ta` with some methods replaced (a TaClient keeps its methods on its prototype). */
const withOverrides = (ta: TrustedApp, overrides: Partial<TrustedApp>): TrustedApp =>
  new Proxy(ta, {
    get: (target, prop, receiver) =>
      (overrides as Record<string | symbol, unknown>)[prop] ??
      (Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown).bind(target),
  });

async function sealAccepted(o: SignOutcome, payload: Uint8Array, pub: PublicKeyPackage): Promise<boolean> {
  await chainVerifierReady();
  return o.kind === 'signature' && chainAcceptsSeal(o.signature, payload, pub);
}

describe('the coordinator (over three emulated TAs)', () => {
  let cluster: EmulatedCluster;
  let pub: PublicKeyPackage;
  const keys = publicKeysOf(() => [['babe', pub]]);
  const babe = () => keyOf('babe', pub);
  let slot = 1;

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    [pub] = (await cluster.dkg('babe')) as [PublicKeyPackage];
  });
  afterAll(() => cluster?.stop());

  const coordinator = (i: number, cosigners: CosignerLink[], options = {}) =>
    new Coordinator(cluster.tas[i]!, keys, () => cosigners, options);

  it('signs with the first cosigner, and identical repeats get the same signature', async () => {
    const c = coordinator(0, [link('2', cluster.tas[1]!), link('3', cluster.tas[2]!)]);
    const h = babeHeader(slot++);
    const first = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
    expect(first).toMatchObject({ kind: 'signature', cosigner: '2' });
    expect(await sealAccepted(first, h, pub)).toBe(true);
    expect(await c.sign({ kind: 'babe-seal', key: babe(), payload: h })).toBe(first);
  });

  it('passes over an unreachable cosigner and signs with the next', async () => {
    const passed: string[] = [];
    const c = coordinator(0, [dead('2'), link('3', cluster.tas[2]!)], {
      onPassOver: (p: string) => passed.push(p),
    });
    const h = babeHeader(slot++);
    const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '3' });
    expect(await sealAccepted(out, h, pub)).toBe(true);
    expect(passed).toEqual(['2']);
  });

  it('blames a cosigner whose share does not verify and signs with the next', async () => {
    const blamed: string[] = [];
    const c = coordinator(2, [byzantine('1', cluster.tas[0]!), link('2', cluster.tas[1]!)], {
      onBlame: (p: string) => blamed.push(p),
    });
    const h = babeHeader(slot++);
    const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '2' });
    expect(await sealAccepted(out, h, pub)).toBe(true);
    expect(blamed).toEqual(['1']);
  });

  it("passes over a cosigner whose commitment cannot stand beside ours, instead of our TA's final MALFORMED", async () => {
    const relabelled = (alter: (c: SigningCommitment) => SigningCommitment): CosignerLink => ({
      ...link('2', cluster.tas[1]!),
      commit: async (k, n) => (await cluster.tas[1]!.commitNonces(k, n)).map(alter),
    });
    for (const alter of [
      (c: SigningCommitment) => ({ ...c, identifier: 1 }), // the coordinator's own
      (c: SigningCommitment) => ({ ...c, identifier: 7 }), // no member of the group
      (c: SigningCommitment) => ({ ...c, binding: Point.ZERO }),
    ]) {
      const passed: string[] = [];
      const c = coordinator(0, [relabelled(alter), link('3', cluster.tas[2]!)], {
        onPassOver: (p: string, reason: string) => passed.push(`${p}: ${reason}`),
      });
      const h = babeHeader(slot++);
      const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
      expect(out).toMatchObject({ kind: 'signature', cosigner: '3' });
      expect(await sealAccepted(out, h, pub)).toBe(true);
      expect(passed).toEqual([expect.stringMatching(/^2: its commitment .* is not a cosigner's/)]);
    }
  });

  it('passes over a cosigner whose ack our TA refuses (replayed: PEER_AUTH, cut: MALFORMED), instead of giving up', async () => {
    let firstAck: Uint8Array | undefined;
    const replaying: CosignerLink = {
      ...link('2', cluster.tas[1]!),
      cosign: async (r, u) => {
        const answer = await cluster.tas[1]!.signCosign(r, u);
        firstAck ??= answer.ack;
        return { ...answer, ack: firstAck };
      },
    };
    const cutting: CosignerLink = {
      ...link('2', cluster.tas[1]!),
      cosign: async (r, u) => {
        const answer = await cluster.tas[1]!.signCosign(r, u);
        return { ...answer, ack: answer.ack.slice(1) };
      },
    };
    for (const [byzantineLink, code, fromSlot] of [
      [replaying, 'PEER_AUTH', 1], // its first ack is genuine: the replay starts with the second slot
      [cutting, 'MALFORMED', 0],
    ] as const) {
      const passed: string[] = [];
      const c = coordinator(0, [byzantineLink, link('3', cluster.tas[2]!)], {
        onPassOver: (p: string, reason: string) => passed.push(`${p}: ${reason}`),
      });
      for (let i = 0; i < 2; i++) {
        const h = babeHeader(slot++);
        const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
        expect(out).toMatchObject({ kind: 'signature', cosigner: i < fromSlot ? '2' : '3' });
        expect(await sealAccepted(out, h, pub)).toBe(true);
      }
      expect(passed).toHaveLength(2 - fromSlot);
      for (const p of passed) expect(p).toContain(`2: its counter ack: ${code}`);
    }
  });

  it('blames a share labelled with another identifier before its TA releases its own share', async () => {
    const blamed: string[] = [];
    let finishes = 0;
    const ta = withOverrides(cluster.tas[0]!, {
      signFinish: (r, a) => (finishes++, cluster.tas[0]!.signFinish(r, a)),
    });
    const mislabelling: CosignerLink = {
      ...link('2', cluster.tas[1]!),
      cosign: async (r, u) => {
        const answer = await cluster.tas[1]!.signCosign(r, u);
        return { ...answer, share: { ...answer.share, identifier: 3 } }; // its z is genuine
      },
    };
    const c = new Coordinator(ta, keys, () => [mislabelling, link('3', cluster.tas[2]!)], {
      onBlame: (p: string) => blamed.push(p),
    });
    const h = babeHeader(slot++);
    const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
    expect(out).toMatchObject({ kind: 'signature', cosigner: '3' });
    expect(await sealAccepted(out, h, pub)).toBe(true);
    expect(blamed).toEqual(['2']);
    expect(finishes).toBe(1); // the honest cosigner's round only
  });

  it("returns a cosigner's refusal as the answer and never asks another cosigner", async () => {
    const s = slot++;
    await coordinator(0, [link('2', cluster.tas[1]!)]).sign({
      kind: 'babe-seal',
      key: babe(),
      payload: babeHeader(s),
    });
    let askedThird = false;
    const third: CosignerLink = {
      ...link('1', cluster.tas[0]!),
      commit: (k, n) => ((askedThird = true), cluster.tas[0]!.commitNonces(k, n)),
    };
    // device 3 never signed slot s; device 2 did (another header): it refuses, and that is final
    const out = await coordinator(2, [link('2', cluster.tas[1]!), third]).sign({
      kind: 'babe-seal',
      key: babe(),
      payload: babeHeader(s, { fork: 1 }),
    });
    expect(out).toMatchObject({ kind: 'refusal', code: 'CONFLICT' });
    expect(askedThird).toBe(false);
  });

  it("returns its own TA's refusal (MALFORMED, NO_KEY) without asking a cosigner to sign", async () => {
    const c = coordinator(1, [link('1', cluster.tas[0]!)]);
    expect(
      await c.sign({ kind: 'babe-seal', key: babe(), payload: new Uint8Array([1, 2, 3]) }),
    ).toMatchObject({
      kind: 'refusal',
      code: 'MALFORMED',
    });
    expect(
      await c.sign({
        kind: 'raw',
        key: { keyType: 'gran', publicKey: new Uint8Array(32) },
        payload: new Uint8Array([1]),
      }),
    ).toMatchObject({
      kind: 'refusal',
      code: 'NO_KEY',
    });
  });

  it('fails fast with a quorum error when no cosigner can take part', async () => {
    await expect(
      coordinator(0, [dead('2'), dead('3')]).sign({
        kind: 'babe-seal',
        key: babe(),
        payload: babeHeader(slot++),
      }),
    ).rejects.toBeInstanceOf(QuorumError);
    await expect(
      coordinator(0, []).sign({ kind: 'babe-seal', key: babe(), payload: babeHeader(slot++) }),
    ).rejects.toBeInstanceOf(QuorumError);
  });

  it('two validators racing conflicting headers at different coordinators: never two signatures for a slot', async () => {
    const a = coordinator(0, [link('2', cluster.tas[1]!), link('3', cluster.tas[2]!)]);
    const b = coordinator(2, [link('2', cluster.tas[1]!), link('1', cluster.tas[0]!)]);
    let signatures = 0;
    for (let round = 0; round < 12; round++) {
      const s = slot++;
      const [ha, hb] = [babeHeader(s), babeHeader(s, { fork: 1 })];
      // the order in which the two requests reach the cluster varies from round to round
      const racers =
        round % 2
          ? [
              b.sign({ kind: 'babe-seal', key: babe(), payload: hb }),
              a.sign({ kind: 'babe-seal', key: babe(), payload: ha }),
            ]
          : [
              a.sign({ kind: 'babe-seal', key: babe(), payload: ha }),
              b.sign({ kind: 'babe-seal', key: babe(), payload: hb }),
            ];
      const settled = await Promise.allSettled(racers);
      const outcomes = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
      const payloads = round % 2 ? [hb, ha] : [ha, hb];
      const valid = await Promise.all(
        outcomes.map((o, i) => (o ? sealAccepted(o, payloads[i]!, pub) : false)),
      );
      expect(valid.filter(Boolean).length).toBeLessThanOrEqual(1);
      signatures += valid.filter(Boolean).length;
      // the loser is told why
      outcomes.forEach((o, i) => {
        if (!valid[i]) expect(o === undefined || (o.kind === 'refusal' && o.code === 'CONFLICT')).toBe(true);
      });
    }
    expect(signatures).toBeGreaterThan(0);
  });

  it('the common path is one round trip: commitments come in batches, each signature only cosigns', async () => {
    const calls = { commit: 0, cosign: 0 };
    const counted: CosignerLink = {
      peerId: '2',
      commit: (k, n) => (calls.commit++, cluster.tas[1]!.commitNonces(k, n)),
      cosign: (r, u) => (calls.cosign++, cluster.tas[1]!.signCosign(r, u)),
    };
    const c = coordinator(0, [counted]);
    for (let i = 0; i < 5; i++) {
      const h = babeHeader(slot++);
      expect(await sealAccepted(await c.sign({ kind: 'babe-seal', key: babe(), payload: h }), h, pub)).toBe(
        true,
      );
    }
    expect(calls).toEqual({ commit: 1, cosign: 5 });
  });

  it('pooled commitments a TA has forgotten cost one retry with fresh ones, not a failure', async () => {
    const passed: string[] = [];
    const c = coordinator(0, [link('2', cluster.tas[1]!)], { onPassOver: (p: string) => passed.push(p) });
    const sign = async () => {
      const h = babeHeader(slot++);
      const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
      expect(out).toMatchObject({ kind: 'signature', cosigner: '2' });
      expect(await sealAccepted(out, h, pub)).toBe(true);
    };
    await sign(); // both stocks filled
    // Each TA keeps 64 nonce pairs: 64 fresh ones push out every pooled one (as a restart would).
    const flood = (i: number) => Promise.all([0, 1].map(() => cluster.tas[i]!.commitNonces(babe(), 32)));
    await flood(1); // the cosigner's
    await sign();
    await flood(0); // our own TA's
    await sign();
    expect(passed).toEqual([]);
  });

  it('a TA that cannot act at all is a quorum error naming the step, not an internal error', async () => {
    const c = new Coordinator(
      withOverrides(cluster.tas[0]!, {
        commitNonces: () => Promise.reject(new TaError('TRANSPORT', 'ta-host is gone')),
      }),
      keys,
      () => [link('2', cluster.tas[1]!)],
    );
    await expect(c.sign({ kind: 'babe-seal', key: babe(), payload: babeHeader(slot++) })).rejects.toThrow(
      /this peer's TA cannot commit: .*ta-host is gone/,
    );
  });

  it('many requests at once: at most MAX_IN_FLIGHT prepared at its TA, every one signed', async () => {
    const [imon] = (await cluster.dkg('imon', true)) as [PublicKeyPackage];
    let preparing = 0;
    let most = 0;
    const ta = withOverrides(cluster.tas[0]!, {
      signPrepare: async (r) => {
        most = Math.max(most, ++preparing);
        return cluster.tas[0]!.signPrepare(r);
      },
      // the request is pending at the TA from its prepare until its finish
      signFinish: (r, a) => cluster.tas[0]!.signFinish(r, a).finally(() => preparing--),
    });
    const c = new Coordinator(
      ta,
      publicKeysOf(() => [['imon', imon]]),
      () => [link('2', cluster.tas[1]!), link('3', cluster.tas[2]!)],
    );
    const payloads = Array.from({ length: 3 * MAX_IN_FLIGHT }, (_, i) => new Uint8Array([i, 1, 2, 3]));
    const outs = await Promise.all(
      payloads.map((payload) => c.sign({ kind: 'raw', key: keyOf('imon', imon), payload })),
    );
    await chainVerifierReady();
    outs.forEach((o, i) => {
      expect(o.kind).toBe('signature');
      const sig = (o as { signature: Uint8Array }).signature;
      expect(chainAccepts(sig, payloads[i]!, imon)).toBe(true);
    });
    expect(most).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });
});
