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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  it("after a cosigner's refusal asks the next one; refuses, with the TAs' reason, only when every cosigner refused", async () => {
    const s = slot++;
    await coordinator(0, [link('2', cluster.tas[1]!)]).sign({
      kind: 'babe-seal',
      key: babe(),
      payload: babeHeader(s),
    });
    let askedThird = false;
    const third: CosignerLink = {
      ...link('1', cluster.tas[0]!),
      cosign: (r, u) => ((askedThird = true), cluster.tas[0]!.signCosign(r, u)),
    };
    const passedOver: string[] = [];
    // device 3 never signed slot s; devices 1 and 2 did (another header): both refuse
    const out = await coordinator(2, [link('2', cluster.tas[1]!), third], {
      onPassOver: (peerId: string) => passedOver.push(peerId),
    }).sign({ kind: 'babe-seal', key: babe(), payload: babeHeader(s, { fork: 1 }) });
    expect(out).toMatchObject({ kind: 'refusal', code: 'CONFLICT' });
    expect(out.kind === 'refusal' && out.message).toMatch(
      /^cosigner 2: .*CONFLICT.*; cosigner 1: .*CONFLICT/,
    );
    expect(askedThird).toBe(true);
    expect(passedOver).toEqual(['2', '1']);
    // one cosigner refused, the other could not be asked: no answer from the TAs yet (quorum)
    const s2 = slot++;
    await coordinator(0, [link('2', cluster.tas[1]!)]).sign({
      kind: 'babe-seal',
      key: babe(),
      payload: babeHeader(s2),
    });
    await expect(
      coordinator(2, [link('2', cluster.tas[1]!), dead('1')]).sign({
        kind: 'babe-seal',
        key: babe(),
        payload: babeHeader(s2, { fork: 1 }),
      }),
    ).rejects.toThrow(/2: its TA refused: .*CONFLICT.*; 1: .*unreachable/);
  });

  it('a cosigner host that fakes CONFLICT for everything: the third TA signs', async () => {
    const liar: CosignerLink = {
      ...link('2', cluster.tas[1]!),
      cosign: () => Promise.reject(new TaError('CONFLICT', 'conflict (faked by the host)')),
    };
    const c = coordinator(0, [liar, link('3', cluster.tas[2]!)]);
    for (let k = 0; k < 3; k++) {
      const h = babeHeader(slot++);
      const out = await c.sign({ kind: 'babe-seal', key: babe(), payload: h });
      expect(out).toMatchObject({ kind: 'signature', cosigner: '3' });
      expect(await sealAccepted(out, h, pub)).toBe(true);
    }
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

  it('1,000 rounds of two validators racing different headers for a slot at two coordinators: exactly one signature each', async () => {
    await chainVerifierReady();
    // ten validators, each with its own babe key and a redundant twin, race 100 slots each
    const lanes: PublicKeyPackage[] = [];
    for (let k = 0; k < 10; k++) lanes.push((await cluster.dkg('babe', false, `race-${k}`))[0]!);
    // a seeded generator, so that a failing round can be replayed (the seed is in the message)
    const seed = Date.now() % 1_000_000;
    let state = seed;
    const random = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    // one coordinator per peer, as in a cluster; each signing ranks its two cosigners at random,
    // as health and round trips do
    const laneKeys = publicKeysOf(() => lanes.map((p) => ['babe', p] as const));
    const coordinators = [0, 1, 2].map((i) => {
      const cosigners = [0, 1, 2].filter((j) => j !== i).map((j) => link(String(j + 1), cluster.tas[j]!));
      return new Coordinator(
        cluster.tas[i]!,
        laneKeys,
        () => (random(2) ? cosigners : [...cosigners].reverse()),
        { verify: { sr25519: chainAccepts } },
      );
    });
    const round = async (lane: PublicKeyPackage, s: number) => {
      const a = random(3);
      const b = (a + 1 + random(2)) % 3;
      const headers = [babeHeader(s), babeHeader(s, { fork: 1 })];
      const key = keyOf('babe', lane);
      const [ja, jb] = [random(4), random(4)];
      const outcomes = await Promise.all([
        sleep(ja).then(() => coordinators[a]!.sign({ kind: 'babe-seal', key, payload: headers[0]! })),
        sleep(jb).then(() => coordinators[b]!.sign({ kind: 'babe-seal', key, payload: headers[1]! })),
      ]);
      const valid = outcomes.map(
        (o, k) => o.kind === 'signature' && chainAcceptsSeal(o.signature, headers[k]!, lane),
      );
      const codes = outcomes.map((o) => (o.kind === 'refusal' ? o.code : 'signature'));
      return { s, a, b, valid: valid.filter(Boolean).length, codes: codes.sort().join('+') };
    };
    // the slots of one key in order, as a validator signs them; the ten keys at once
    const rounds = (
      await Promise.all(
        lanes.map(async (lane) => {
          const done: Awaited<ReturnType<typeof round>>[] = [];
          for (let s = 1; s <= 100; s++) done.push(await round(lane, s));
          return done;
        }),
      )
    ).flat();
    const wrong = rounds.filter((r) => r.valid !== 1 || r.codes !== 'CONFLICT+signature');
    expect({ seed, rounds: rounds.length, wrong: wrong.slice(0, 5) }).toEqual({
      seed,
      rounds: 1000,
      wrong: [],
    });
  }, 240_000);

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
