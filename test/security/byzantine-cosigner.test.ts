/**
 * A Byzantine cosigner against the real coordinator and real TAs (ta-host processes). The host of
 * one peer is compromised: its CosignerLink still reaches its device's genuine TA, but it tampers
 * with what goes in and out (bad shares, commitments its TA does not hold, replays of its earlier
 * answers, counter messages out of order, requests altered on the way to its TA).
 *
 * Two things are judged throughout. Safety: every signature that comes out is checked by the
 * chain's verifier (Rust schnorrkel, wasm) and babe ones are filed in the fault suite's
 * SafetyLedger, which catches two headers signed for one slot. Liveness: 2-of-3 tolerates one bad
 * peer, so after each attack the same coordinator signs the next slot with the honest cosigner.
 *
 * Roles: device 1 coordinates, device 2 is the Byzantine cosigner (tried first), device 3 is honest.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodePoint, mod, mulBase, Point, schnorrkel } from '@triad/frost';
import type { PublicKeyPackage, SignatureShare, SigningCommitment } from '@triad/frost';
import { Coordinator } from '@triad/signer';
import type { CosignerLink, SignOutcome } from '@triad/signer';
import { LockState } from '@triad/tee';
import type { FinishResult } from '@triad/tee';
import { babeHeader, chainAccepts, chainVerifierReady, EmulatedCluster, keyOf } from '@triad/testkit';
import { randomBytes } from 'node:crypto';
import { refusal } from '../../packages/tee/test/contract.js';
import { SafetyLedger } from '../faults/ledger.js';

const COORDINATOR = 0;
const BYZANTINE = 1;
const HONEST = 2;
/** Device i holds FROST identifier i + 1 (the cluster's DKG numbers them so); peers are named by it. */
const idOf = (device: number) => device + 1;
const peerOf = (device: number) => String(idOf(device));

let cluster: EmulatedCluster;
let babe: PublicKeyPackage;
let audi: PublicKeyPackage;
let ledger: SafetyLedger;
/** Every test takes fresh slots above all earlier ones, so no TA ever sees a regression it should not. */
let lastSlot = 1000;
const nextSlot = () => ++lastSlot;

beforeAll(async () => {
  await chainVerifierReady();
  cluster = await EmulatedCluster.start(3);
  [babe] = (await cluster.dkg('babe')) as [PublicKeyPackage];
  [audi] = (await cluster.dkg('audi', true)) as [PublicKeyPackage];
  ledger = new SafetyLedger(encodePoint(babe.groupPublicKey));
});
afterAll(() => cluster?.stop());

/** Whatever TA device i runs now: a restart replaces it. */
const ta = (device: number) => cluster.tas[device]!;

const honestLink = (device: number): CosignerLink => ({
  peerId: peerOf(device),
  commit: (keyType, count) => ta(device).commitNonces(keyType, count),
  cosign: (request, update) => ta(device).signCosign(request, update),
});
/** Device 2's link with its host's tampering in place of the honest relaying. */
const byzantine = (tamper: Partial<Pick<CosignerLink, 'commit' | 'cosign'>>): CosignerLink => ({
  ...honestLink(BYZANTINE),
  ...tamper,
});
/** A Byzantine host that lets its TA sign and then alters the answer. */
const alteringShares = (alter: (s: SignatureShare) => SignatureShare) =>
  byzantine({
    cosign: async (request, update) => {
      const cosigned = await ta(BYZANTINE).signCosign(request, update);
      return { ...cosigned, share: alter(cosigned.share) };
    },
  });

interface Watched {
  readonly coordinator: Coordinator;
  /** "peer: reason" for every pass-over. */
  readonly passedOver: string[];
  readonly blamed: string[];
}

/** Device 1's coordinator, preferring `first` over the honest device 3. */
function coordinatorTrying(first: CosignerLink): Watched {
  const passedOver: string[] = [];
  const blamed: string[] = [];
  const coordinator = new Coordinator(
    ta(COORDINATOR),
    () => babe,
    () => [first, honestLink(HONEST)],
    {
      onPassOver: (peer, reason) => passedOver.push(`${peer}: ${reason}`),
      onBlame: (peer) => blamed.push(peer),
    },
  );
  return { coordinator, passedOver, blamed };
}

/** Files a babe signature in the ledger; true when the chain's verifier accepts it. */
const file = (slot: number, header: Uint8Array, signature: Uint8Array) =>
  ledger.record(slot, header, signature, encodePoint(babe.groupPublicKey));

/** The coordinator seals a header for `slot`; any signature that comes out must verify. */
async function seal(c: Coordinator, slot: number): Promise<SignOutcome> {
  const header = babeHeader(slot);
  const outcome = await c.sign({ kind: 'babe-seal', key: keyOf('babe', babe), payload: header });
  if (outcome.kind === 'signature') expect(file(slot, header, outcome.signature)).toBe(true);
  return outcome;
}

const signedBy = (device: number) => ({ kind: 'signature', cosigner: peerOf(device) });

/** The attacked slot went to the honest cosigner, and so does the next one, the attacker still first in line. */
async function honestSideSigns(w: Watched): Promise<void> {
  expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(HONEST));
  expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(HONEST));
}

/** A TA's finish result and the cosigner's share as a signature (R || z, marked), for the ledger. */
const signatureOf = (finished: FinishResult, cosigned: { share: SignatureShare }) =>
  schnorrkel.encodeSignatureBytes(finished.groupCommitment, mod(finished.share.z + cosigned.share.z));

const randomPoint = () => mulBase(mod(BigInt('0x' + randomBytes(32).toString('hex'))));

describe('bad signature shares', () => {
  it.each([
    ['a wrong z', (s: SignatureShare) => ({ ...s, z: mod(s.z + 1n) })],
    ["the coordinator's identifier", (s: SignatureShare) => ({ ...s, identifier: idOf(COORDINATOR) })],
    ["the honest cosigner's identifier", (s: SignatureShare) => ({ ...s, identifier: idOf(HONEST) })],
    ['an identifier outside the group (7)', (s: SignatureShare) => ({ ...s, identifier: 7 })],
    [
      "the coordinator's identifier and a wrong z",
      (s: SignatureShare) => ({ identifier: idOf(COORDINATOR), z: mod(s.z + 1n) }),
    ],
  ])('a share with %s is blamed, and the honest cosigner signs', async (_, alter) => {
    const w = coordinatorTrying(alteringShares(alter));
    await honestSideSigns(w);
    expect(w.blamed).toEqual([peerOf(BYZANTINE), peerOf(BYZANTINE)]);
  });
});

describe('commitments the cosigner does not hold', () => {
  /** The Byzantine host's batch, built from the genuine one its TA hands out. */
  const relabelled = (alter: (c: SigningCommitment) => SigningCommitment) =>
    byzantine({
      commit: async (keyType, count) => (await ta(BYZANTINE).commitNonces(keyType, count)).map(alter),
    });

  it.each([
    [
      'random points under its own identifier',
      (c: SigningCommitment) => ({ ...c, hiding: randomPoint(), binding: randomPoint() }),
      /NONCE_UNKNOWN/,
    ],
    [
      "the coordinator's identifier",
      (c: SigningCommitment) => ({ ...c, identifier: idOf(COORDINATOR) }),
      /not a cosigner's/,
    ],
    [
      'an identifier outside the group (7)',
      (c: SigningCommitment) => ({ ...c, identifier: 7 }),
      /not a cosigner's/,
    ],
    [
      'the identity as hiding point',
      (c: SigningCommitment) => ({ ...c, hiding: Point.ZERO }),
      /not a cosigner's/,
    ],
  ])('%s: passed over, and the honest cosigner signs', async (_, alter, reason) => {
    const w = coordinatorTrying(relabelled(alter));
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(reason);
    expect(w.blamed).toEqual([]);
  });

  it('one genuine commitment handed out again and again: used once, then refused, then passed over', async () => {
    let kept: SigningCommitment | undefined;
    const w = coordinatorTrying(
      byzantine({
        commit: async (keyType, count) => {
          kept ??= (await ta(BYZANTINE).commitNonces(keyType, 1))[0]!;
          return Array.from({ length: count }, () => kept!);
        },
      }),
    );
    // its TA signs with the nonce once: an honest signature
    expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(BYZANTINE));
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(/NONCE_UNKNOWN/);
  });

  it("the third TA's commitments, the request then handed to its own TA: PEER_AUTH, passed over", async () => {
    const w = coordinatorTrying(
      byzantine({ commit: (keyType, count) => ta(HONEST).commitNonces(keyType, count) }),
    );
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(/PEER_AUTH/);
  });

  it("the third TA's commitments, the request relayed to the third TA: a genuine signature of the same header", async () => {
    const w = coordinatorTrying(
      byzantine({
        commit: (keyType, count) => ta(HONEST).commitNonces(keyType, count),
        cosign: (request, update) => ta(HONEST).signCosign(request, update),
      }),
    );
    // the third TA applied its own rules: what it signs is what the coordinator's TA prepared
    expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(BYZANTINE));
    expect(w.passedOver).toEqual([]);
  });
});

describe('replays of old cosigner messages', () => {
  it('TA level: a replayed (request, update) is NONCE_UNKNOWN; an update or ack of another request is PEER_AUTH', async () => {
    const [s1, s2] = [nextSlot(), nextSlot()];
    const [h1, h2] = [babeHeader(s1), babeHeader(s2)];
    const first = await ta(COORDINATOR).signPrepare(await cluster.request(h1, [COORDINATOR, BYZANTINE]));
    const firstCosigned = await ta(BYZANTINE).signCosign(first.request, first.update);
    expect(await refusal(ta(BYZANTINE).signCosign(first.request, first.update))).toBe('NONCE_UNKNOWN');

    const second = await ta(COORDINATOR).signPrepare(await cluster.request(h2, [COORDINATOR, BYZANTINE]));
    expect(await refusal(ta(BYZANTINE).signCosign(second.request, first.update))).toBe('PEER_AUTH');
    const secondCosigned = await ta(BYZANTINE).signCosign(second.request, second.update);
    expect(await refusal(ta(COORDINATOR).signFinish(second.request, firstCosigned.ack))).toBe('PEER_AUTH');
    expect(await refusal(ta(COORDINATOR).signFinish(first.request, secondCosigned.ack))).toBe('PEER_AUTH');

    // a refused ack burns no preparation: the genuine ones still finish, each once
    for (const [slot, header, prepared, cosigned] of [
      [s1, h1, first, firstCosigned],
      [s2, h2, second, secondCosigned],
    ] as const) {
      const finished = await ta(COORDINATOR).signFinish(prepared.request, cosigned.ack);
      expect(file(slot, header, signatureOf(finished, cosigned))).toBe(true);
      expect(await refusal(ta(COORDINATOR).signFinish(prepared.request, cosigned.ack))).toBe('NONCE_UNKNOWN');
    }
  });

  it("its first answer (share and ack) returned for every later request: our TA's PEER_AUTH passes it over", async () => {
    let firstAnswer: Awaited<ReturnType<CosignerLink['cosign']>> | undefined;
    const w = coordinatorTrying(
      byzantine({
        cosign: async (request, update) => {
          // its TA signs each new request; the host withholds the answer and replays the first
          const answer = await ta(BYZANTINE).signCosign(request, update);
          firstAnswer ??= answer;
          return firstAnswer;
        },
      }),
    );
    expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(BYZANTINE));
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(/PEER_AUTH/);
  });

  it('an old share with the fresh ack: our TA finishes, the share is blamed', async () => {
    let firstShare: SignatureShare | undefined;
    const w = coordinatorTrying(
      byzantine({
        cosign: async (request, update) => {
          const answer = await ta(BYZANTINE).signCosign(request, update);
          firstShare ??= answer.share;
          return { ...answer, share: firstShare };
        },
      }),
    );
    expect(await seal(w.coordinator, nextSlot())).toMatchObject(signedBy(BYZANTINE));
    await honestSideSigns(w);
    expect(w.blamed).toEqual([peerOf(BYZANTINE), peerOf(BYZANTINE)]);
  });

  it.each([
    ['altered (one bit)', (ack: Uint8Array) => ack.map((b, i) => (i === 12 ? b ^ 1 : b)), /PEER_AUTH/],
    ['cut short', (ack: Uint8Array) => ack.slice(0, ack.length - 1), /MALFORMED/],
    ['extended', (ack: Uint8Array) => Uint8Array.from([...ack, 0]), /MALFORMED/],
  ])('an ack %s: passed over, and the honest cosigner signs', async (_, alter, reason) => {
    const w = coordinatorTrying(
      byzantine({
        cosign: async (request, update) => {
          const answer = await ta(BYZANTINE).signCosign(request, update);
          return { ...answer, ack: alter(answer.ack) };
        },
      }),
    );
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(reason);
  });
});

describe('counter updates and acks out of order (TA level)', () => {
  const raw = (text: string) => new TextEncoder().encode(text);
  /** A raw signing under the non-slashable audi key: it changes no mark, so it bumps no counter. */
  const prepareRaw = async (payload: Uint8Array) =>
    ta(COORDINATOR).signPrepare(await cluster.request(payload, [COORDINATOR, BYZANTINE], 'raw', 'audi'));
  const prepareBabe = async (header: Uint8Array) =>
    ta(COORDINATOR).signPrepare(await cluster.request(header, [COORDINATOR, BYZANTINE]));
  const rawVerifies = (finished: FinishResult, cosigned: { share: SignatureShare }, payload: Uint8Array) =>
    chainAccepts(signatureOf(finished, cosigned), payload, audi);

  /** Device i's data dir copied aside (between commands: the TA seals within each one). */
  const snapshot = (device: number, name: string) => {
    const to = `${cluster.dir}/${name}`;
    cluster.copyDataDir(device, to);
    return to;
  };
  /** Device i restarted on `from` (a snapshot), or on its own dir; then asked to unlock. */
  const restartAndUnlock = async (device: number, from?: string) => {
    await (from ? cluster.restoreDataDir(device, from) : cluster.restart(device, 'stop'));
    return cluster.unlock(device);
  };

  it("the cosigner's TA gets an older update after a newer one: it signs both, and still vouches for the newer counter", async () => {
    const rawPayload = raw('record signed before the header');
    const slot = nextSlot();
    const header = babeHeader(slot);
    const older = await prepareRaw(rawPayload);
    // the counter as sealed before the babe preparation bumps it
    const beforeNewer = snapshot(COORDINATOR, 'coordinator-before-newer');
    const newer = await prepareBabe(header);

    const newerCosigned = await ta(BYZANTINE).signCosign(newer.request, newer.update);
    const olderCosigned = await ta(BYZANTINE).signCosign(older.request, older.update);
    expect(await refusal(ta(COORDINATOR).signFinish(older.request, newerCosigned.ack))).toBe('PEER_AUTH');
    expect(await refusal(ta(COORDINATOR).signFinish(newer.request, olderCosigned.ack))).toBe('PEER_AUTH');
    const olderFinished = await ta(COORDINATOR).signFinish(older.request, olderCosigned.ack);
    const newerFinished = await ta(COORDINATOR).signFinish(newer.request, newerCosigned.ack);
    expect(rawVerifies(olderFinished, olderCosigned, rawPayload)).toBe(true);
    expect(file(slot, header, signatureOf(newerFinished, newerCosigned))).toBe(true);

    // no peer recorded more than the coordinator sealed...
    const current = snapshot(COORDINATOR, 'coordinator-current');
    expect((await restartAndUnlock(COORDINATOR)).lockState).toBe(LockState.Unlocked);
    // ...and the cosigner kept the newer counter: the third TA never saw it, so only the
    // cosigner's report can catch the coordinator rolled back to before it
    expect(await refusal(restartAndUnlock(COORDINATOR, beforeNewer))).toBe('ROLLED_BACK');
    expect((await restartAndUnlock(COORDINATOR, current)).lockState).toBe(LockState.Unlocked);
    await honestSideSigns(coordinatorTrying(honestLink(HONEST)));
  });

  it('the coordinator gets an older ack after a newer one: both finish, and it still vouches for the newer counter', async () => {
    const rawPayload = raw('record signed after the header');
    const slot = nextSlot();
    const header = babeHeader(slot);
    const older = await prepareRaw(rawPayload);
    const newer = await prepareBabe(header);
    const olderCosigned = await ta(BYZANTINE).signCosign(older.request, older.update);
    // the cosigner's counter as sealed before the header bumps it
    const beforeNewer = snapshot(BYZANTINE, 'cosigner-before-newer');
    const newerCosigned = await ta(BYZANTINE).signCosign(newer.request, newer.update);

    const newerFinished = await ta(COORDINATOR).signFinish(newer.request, newerCosigned.ack);
    const olderFinished = await ta(COORDINATOR).signFinish(older.request, olderCosigned.ack);
    expect(file(slot, header, signatureOf(newerFinished, newerCosigned))).toBe(true);
    expect(rawVerifies(olderFinished, olderCosigned, rawPayload)).toBe(true);

    const current = snapshot(BYZANTINE, 'cosigner-current');
    expect((await restartAndUnlock(BYZANTINE)).lockState).toBe(LockState.Unlocked);
    expect(await refusal(restartAndUnlock(BYZANTINE, beforeNewer))).toBe('ROLLED_BACK');
    expect((await restartAndUnlock(BYZANTINE, current)).lockState).toBe(LockState.Unlocked);
    // back on its own state, the device cosigns again
    const withIt = coordinatorTrying(honestLink(BYZANTINE)).coordinator;
    expect(await seal(withIt, nextSlot())).toMatchObject(signedBy(BYZANTINE));
  });

  it('two headers cosigned newest first: the older slot is a REGRESSION at the cosigner, and only the newer one is signed', async () => {
    const [olderSlot, newerSlot] = [nextSlot(), nextSlot()];
    const [olderHeader, newerHeader] = [babeHeader(olderSlot), babeHeader(newerSlot)];
    const older = await prepareBabe(olderHeader);
    const newer = await prepareBabe(newerHeader);
    const newerCosigned = await ta(BYZANTINE).signCosign(newer.request, newer.update);
    expect(await refusal(ta(BYZANTINE).signCosign(older.request, older.update))).toBe('REGRESSION');
    const newerFinished = await ta(COORDINATOR).signFinish(newer.request, newerCosigned.ack);
    expect(file(newerSlot, newerHeader, signatureOf(newerFinished, newerCosigned))).toBe(true);
  });
});

describe('a request altered by the cosigner host', () => {
  /**
   * Where the payload starts in an encoded request: after tag, kind, the key (type (4) and public
   * key (32)) and length (u32).
   */
  const PAYLOAD_OFFSET = 1 + 1 + 4 + 32 + 4;
  /** The request with another payload of the same length in place of its own. */
  const withPayload = (request: Uint8Array, payload: Uint8Array) => {
    const altered = request.slice();
    altered.set(payload, PAYLOAD_OFFSET);
    return altered;
  };

  it("TA level: a genuine update with another header in the request is PEER_AUTH; the cosigner's TA is left as it was", async () => {
    const slot = nextSlot();
    const header = babeHeader(slot);
    const prepared = await ta(COORDINATOR).signPrepare(
      await cluster.request(header, [COORDINATOR, BYZANTINE]),
    );
    expect(Buffer.from(prepared.request).indexOf(Buffer.from(header))).toBe(PAYLOAD_OFFSET);
    for (const other of [babeHeader(slot, { fork: 1 }), babeHeader(slot + 1)]) {
      expect(other).toHaveLength(header.length);
      const altered = withPayload(prepared.request, other);
      expect(await refusal(ta(BYZANTINE).signCosign(altered, prepared.update))).toBe('PEER_AUTH');
    }
    // neither its nonce nor its mark moved: the genuine request still cosigns
    const cosigned = await ta(BYZANTINE).signCosign(prepared.request, prepared.update);
    const finished = await ta(COORDINATOR).signFinish(prepared.request, cosigned.ack);
    expect(file(slot, header, signatureOf(finished, cosigned))).toBe(true);
  });

  it('coordinator level: its TA refuses the altered request (PEER_AUTH), and the honest cosigner signs', async () => {
    const w = coordinatorTrying(
      byzantine({
        cosign: (request, update) => {
          // the header's parent hash (its first bytes) pointed at a fork
          const forkParent = request.slice(PAYLOAD_OFFSET, PAYLOAD_OFFSET + 32).map((b) => b ^ 0xff);
          return ta(BYZANTINE).signCosign(withPayload(request, forkParent), update);
        },
      }),
    );
    await honestSideSigns(w);
    expect(w.passedOver).toHaveLength(2);
    for (const p of w.passedOver) expect(p).toMatch(/PEER_AUTH/);
  });
});

// declared last, so run last (jest keeps the order of declaration)
it('over the whole file: no slot signed over two headers, no invalid signature released', () => {
  expect(ledger.violations()).toEqual([]);
  expect(ledger.invalid).toBe(0);
  expect(ledger.signatures).toBeGreaterThan(40);
});
