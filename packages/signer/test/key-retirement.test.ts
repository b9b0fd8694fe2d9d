import { describe, expect, it } from '@jest/globals';
import { TaError } from '@triad/tee';
import type { KeyId, TrustedApp } from '@triad/tee';
import {
  KeyUsage,
  retireEverywhere,
  RetireRefusal,
  retireHere,
  RetirementError,
} from '../src/key-retirement.js';
import type { RetirementPeer } from '../src/key-retirement.js';

const babe: KeyId = { keyType: 'babe', publicKey: new Uint8Array(32).fill(1) };
const other: KeyId = { keyType: 'babe', publicKey: new Uint8Array(32).fill(2) };

/** A TA holding `babe`, as far as retiring goes: its info and retireKey. */
function fakeTa() {
  let status: 'active' | 'retired' = 'active';
  const calls: string[] = [];
  const ta = {
    getInfo: async () => ({
      keys: [{ keyType: 'babe', groupPublicKey: babe.publicKey, status }],
    }),
    retireKey: async (key: KeyId) => {
      calls.push(Buffer.from(key.publicKey).toString('hex'));
      if (status === 'retired') throw new TaError('NO_KEY', 'retired');
      status = 'retired';
    },
  } as unknown as TrustedApp;
  return { ta, calls, status: () => status };
}

describe("retiring a key at one peer's TA", () => {
  it('refuses a key the TA does not hold, and one that signed here within the quiet period', async () => {
    let now = 1_000_000;
    const usage = new KeyUsage(() => now);
    const { ta, calls } = fakeTa();
    await expect(retireHere(ta, usage, 60_000, other, false)).rejects.toMatchObject({ reason: 'NOT_FOUND' });
    usage.signed(babe);
    now += 59_000;
    await expect(retireHere(ta, usage, 60_000, babe, false)).rejects.toBeInstanceOf(RetireRefusal);
    await expect(retireHere(ta, usage, 60_000, babe, true)).rejects.toMatchObject({ reason: 'IN_USE' });
    expect(calls).toEqual([]);
    now += 2_000;
    await retireHere(ta, usage, 60_000, babe, true);
    expect(calls).toEqual([]); // a check retires nothing
    await retireHere(ta, usage, 60_000, babe, false);
    expect(calls).toHaveLength(1);
  });

  it('is idempotent: a key already retired is done, and the TA is not asked again', async () => {
    const { ta, calls, status } = fakeTa();
    await retireHere(ta, new KeyUsage(), 60_000, babe, false);
    await retireHere(ta, new KeyUsage(), 60_000, babe, false);
    expect([calls.length, status()]).toEqual([1, 'retired']);
  });
});

describe('retiring a key at every peer', () => {
  const peer = (peerId: string, fail?: (checkOnly: boolean) => Error | undefined) => {
    const done: boolean[] = [];
    const p: RetirementPeer = {
      peerId,
      retire: async (_key, checkOnly) => {
        const e = fail?.(checkOnly);
        if (e) throw e;
        done.push(checkOnly);
      },
    };
    return { p, done };
  };

  it('checks at every peer first, then retires at every peer', async () => {
    const ps = ['1', '2', '3'].map((id) => peer(id));
    expect(
      await retireEverywhere(
        babe,
        ps.map((x) => x.p),
      ),
    ).toEqual(['1', '2', '3']);
    for (const x of ps) expect(x.done).toEqual([true, false]);
  });

  it('one refusal (in use at peer 2) leaves every share in place and names the peer', async () => {
    const ps = [
      peer('1'),
      peer('2', (check) => (check ? new RetireRefusal('IN_USE', 'still in use') : undefined)),
      peer('3'),
    ];
    const e = await retireEverywhere(
      babe,
      ps.map((x) => x.p),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RetirementError);
    expect((e as RetirementError).message).toMatch(/peer 2: still in use/);
    expect((e as RetirementError).retired).toEqual([]);
    for (const x of ps) expect(x.done.filter((c) => !c)).toEqual([]);
  });

  it('a peer lost between the phases: the others retired it, and the error says to run it again', async () => {
    const ps = [peer('1'), peer('2'), peer('3', (check) => (check ? undefined : new Error('unreachable')))];
    const e = (await retireEverywhere(
      babe,
      ps.map((x) => x.p),
    ).catch((x: unknown) => x)) as RetirementError;
    expect(e.retired).toEqual(['1', '2']);
    expect(e.message).toMatch(/run it again/);
  });
});
