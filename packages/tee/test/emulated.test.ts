import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { encodePoint, encodePublicKeyPackage } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { TaError } from '../src/index.js';
import type { TaErrorCode } from '../src/index.js';
import { babeHeader, EmulatedCluster } from './cluster.js';

/** Rust schnorrkel (wasm): the chain's own verifier. */
async function chainAccepts(sig: Uint8Array, msg: Uint8Array, pub: PublicKeyPackage): Promise<boolean> {
  await waitReady();
  return sr25519Verify(sig, msg, encodePoint(pub.groupPublicKey));
}

async function refusal(p: Promise<unknown>): Promise<TaErrorCode> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TaError);
    return (e as TaError).code;
  }
  throw new Error('expected the TA to refuse');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('three emulated TAs (ta-host processes)', () => {
  let cluster: EmulatedCluster;
  let babe: PublicKeyPackage;

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(3);
    const pubs = await cluster.dkg('babe');
    babe = pubs[0]!;
    for (const p of pubs) expect(hex(encodePublicKeyPackage(p))).toBe(hex(encodePublicKeyPackage(babe)));
  });
  afterAll(() => cluster?.stop());

  it('a DKG gives one key, and every pair of TAs signs headers the chain verifier accepts', async () => {
    let slot = 1000;
    for (const pair of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      for (const variant of ['Primary', 'SecondaryPlain', 'SecondaryVRF'] as const) {
        const header = babeHeader({ slot: slot++, variant });
        const { signature, msg } = await cluster.sign(babe, 'babe', 'babe-seal', header, pair);
        expect(await chainAccepts(signature, msg, babe)).toBe(true);
      }
    }
  });

  it('a nonce commitment signs once: the same signing set again is NONCE_UNKNOWN', async () => {
    const header = babeHeader({ slot: 2000 });
    const signingSet = await cluster.commitments('babe', [0, 1]);
    const req = { kind: 'babe-seal' as const, keyType: 'babe', payload: header, signingSet };
    await cluster.tas[0]!.signPartial(req);
    expect(await refusal(cluster.tas[0]!.signPartial(req))).toBe('NONCE_UNKNOWN');
  });

  it('a conflicting header for a signed slot is CONFLICT; an older slot is REGRESSION', async () => {
    const first = babeHeader({ slot: 3000, parent: 1 });
    await cluster.sign(babe, 'babe', 'babe-seal', first, [0, 1]);
    const other = babeHeader({ slot: 3000, parent: 2 });
    const set = await cluster.commitments('babe', [0, 1]);
    const req = { kind: 'babe-seal' as const, keyType: 'babe', payload: other, signingSet: set };
    expect(await refusal(cluster.tas[0]!.signPartial(req))).toBe('CONFLICT');
    expect(await refusal(cluster.tas[1]!.signPartial(req))).toBe('CONFLICT');
    const older = babeHeader({ slot: 2999 });
    const set2 = await cluster.commitments('babe', [0, 1]);
    expect(
      await refusal(
        cluster.tas[0]!.signPartial({ kind: 'babe-seal', keyType: 'babe', payload: older, signingSet: set2 }),
      ),
    ).toBe('REGRESSION');
    // the same header again is an idempotent retry, not a conflict
    const again = await cluster.sign(babe, 'babe', 'babe-seal', first, [0, 1]);
    expect(await chainAccepts(again.signature, again.msg, babe)).toBe(true);
  });

  it('malformed headers are MALFORMED: sealed, truncated, without a BABE pre-digest', async () => {
    const good = babeHeader({ slot: 4000 });
    const sealed = babeHeader({ slot: 4000, extraLogs: [{ Seal: ['BABE', '0x' + '00'.repeat(64)] }] });
    const noBabe = babeHeader({ slot: 4000 }).slice(0, 32 + 2 + 64); // digest cut off
    for (const payload of [sealed, good.slice(0, good.length - 1), noBabe, new Uint8Array()]) {
      const signingSet = await cluster.commitments('babe', [1, 2]);
      expect(
        await refusal(
          cluster.tas[1]!.signPartial({ kind: 'babe-seal', keyType: 'babe', payload, signingSet }),
        ),
      ).toBe('MALFORMED');
    }
  });

  it('raw is refused for babe keys and allowed for a non-slashable key type', async () => {
    const payload = new TextEncoder().encode('authority discovery record');
    const set = await cluster.commitments('babe', [0, 2]);
    expect(
      await refusal(cluster.tas[0]!.signPartial({ kind: 'raw', keyType: 'babe', payload, signingSet: set })),
    ).toBe('POLICY');
    const [audi] = await cluster.dkg('audi', true);
    const { signature } = await cluster.sign(audi!, 'audi', 'raw', payload, [0, 2]);
    expect(await chainAccepts(signature, payload, audi!)).toBe(true);
    expect(await refusal(cluster.dkg('babe'))).toBe('KEY_EXISTS');
    expect(await refusal(cluster.dkg('gran', true))).toBe('POLICY');
  });

  it('after a ta-host restart, old commitments are gone and the high-water marks are still there', async () => {
    const header = babeHeader({ slot: 5000, parent: 5 });
    await cluster.sign(babe, 'babe', 'babe-seal', header, [0, 1]);
    for (const how of ['stop', 'kill'] as const) {
      const stale = await cluster.commitments('babe', [0, 1]);
      await cluster.restart(0, how);
      const next = babeHeader({ slot: 5001 });
      expect(
        await refusal(
          cluster.tas[0]!.signPartial({
            kind: 'babe-seal',
            keyType: 'babe',
            payload: next,
            signingSet: stale,
          }),
        ),
      ).toBe('NONCE_UNKNOWN');
      const info = await cluster.tas[0]!.getInfo();
      expect(info.keys.find((k) => k.keyType === 'babe')?.highWaterMark).toBe(5000n);
      const conflicting = babeHeader({ slot: 5000, parent: 6 });
      const fresh = await cluster.commitments('babe', [0, 1]);
      expect(
        await refusal(
          cluster.tas[0]!.signPartial({
            kind: 'babe-seal',
            keyType: 'babe',
            payload: conflicting,
            signingSet: fresh,
          }),
        ),
      ).toBe('CONFLICT');
    }
    // and the restarted TA still signs with its sealed share
    const { signature, msg } = await cluster.sign(
      babe,
      'babe',
      'babe-seal',
      babeHeader({ slot: 5002 }),
      [0, 2],
    );
    expect(await chainAccepts(signature, msg, babe)).toBe(true);
  });

  it('bad input from the host gets a typed refusal, and the TA keeps serving', async () => {
    const ta = cluster.tas[2]!;
    expect(await refusal(ta.commitNonces('babe', 0))).toBe('MALFORMED');
    expect(await refusal(ta.commitNonces('BABE', 1))).toBe('MALFORMED');
    expect(await refusal(ta.commitNonces('gran', 1))).toBe('NO_KEY');
    expect(await refusal(ta.dkgRound2([]))).toBe('BAD_STATE');
    expect((await ta.getInfo()).keys.length).toBeGreaterThanOrEqual(1);
  });
});
