/**
 * The coordinator's ecdsa round trip against TAs simulated in memory: each holds a share of a
 * secp256k1 key dealt by @triad/frost in FROST(secp256k1, SHA-256), the cosigner answers its
 * Lagrange-weighted share, the coordinator's "TA" combines, checks x·G against the group key (else
 * DKG_BLAME of the cosigner, as optee-ta/ta/core/ecdsa_sign.c does) and signs with noble. What is
 * under test is the coordinator: how it names signers, routes kinds, checks before release, passes
 * over and blames. The real TAs' round trip is test/beefy.test.ts's.
 */
import { describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encodePoint, secp256k1Sha256, trustedDealerKeygen } from '@triad/frost';
import type { KeyPackage } from '@triad/frost';
import { COUNTER_ACK_BYTES, COUNTER_UPDATE_BYTES, encodeEcdsaSignRequest, Tag, TaError } from '@triad/tee';
import type { EcdsaCosigned, EcdsaSignRequest, KeyId, TrustedApp } from '@triad/tee';
import { Coordinator, ecdsaPrehash, ecdsaRecoversTo, QuorumError } from '../src/index.js';
import type { CosignerLink, SignOutcome } from '../src/index.js';

const N = secp256k1.Point.CURVE().n;
const modN = (a: bigint) => ((a % N) + N) % N;
const inverse = (a: bigint) => {
  let [r, newR, t, newT] = [N, modN(a), 0n, 1n];
  while (newR !== 0n) {
    const q = r / newR;
    [r, newR] = [newR, r - q * newR];
    [t, newT] = [newT, t - q * newT];
  }
  return modN(t);
};
/** lambda_i(S) at 0 for the identifiers S. */
const lagrange = (i: number, ids: readonly number[]) =>
  ids.filter((j) => j !== i).reduce((acc, j) => modN(acc * BigInt(j) * inverse(BigInt(j - i))), 1n);
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');

const dealt = trustedDealerKeygen({ threshold: 2, maxSigners: 3, suite: secp256k1Sha256 });
const pub = dealt.publicKeyPackage;
const groupKey = encodePoint(pub.groupPublicKey);
const beef: KeyId = { keyType: 'beef', publicKey: groupKey };
const commitment = (block: number) =>
  new Uint8Array([4, ...Buffer.from('mh'), 128, ...new Uint8Array(32).fill(block), ...new Uint8Array(12)]);

/** The identifiers an encoded SIGN_REQUEST of an ecdsa key names (after its payload). */
const signersOf = (request: Uint8Array): number[] => {
  const view = Buffer.from(request);
  const payloadLength = view.readUInt32LE(2 + 4 + 33);
  const at = 2 + 4 + 33 + 4 + payloadLength + 1;
  return Array.from({ length: view.readUInt16LE(at) }, (_, k) => view.readUInt16LE(at + 2 + 2 * k));
};

/**
 * One TA of the three, as far as ecdsa goes: prepare records the request, cosign answers the
 * weighted share (in the clear: the simulation has no pairwise keys), finish combines and signs.
 */
function simulatedTa(
  share: KeyPackage,
  options: { signWith?: bigint } = {},
): TrustedApp & { requests: Uint8Array[] } {
  const requests: Uint8Array[] = [];
  const prepared = new Map<string, EcdsaSignRequest>();
  const ta = {
    requests,
    ecdsaPrepare: async (req: EcdsaSignRequest) => {
      const request = encodeEcdsaSignRequest(req);
      requests.push(request);
      prepared.set(Buffer.from(request).toString('hex'), req);
      return { request, update: new Uint8Array(COUNTER_UPDATE_BYTES) };
    },
    ecdsaCosign: async (request: Uint8Array): Promise<EcdsaCosigned> => {
      requests.push(request);
      const weighted = modN(lagrange(share.identifier, signersOf(request)) * share.signingShare);
      const from = share.identifier;
      const weightedShare = new Uint8Array([
        Tag.EcdsaWeightedShare,
        from & 0xff,
        from >> 8,
        ...new Uint8Array(12),
        ...be32(weighted),
        ...new Uint8Array(16),
      ]);
      return { weightedShare, from, ack: new Uint8Array(COUNTER_ACK_BYTES) };
    },
    ecdsaFinish: async (request: Uint8Array, _ack: Uint8Array, weightedShare: Uint8Array) => {
      const req = prepared.get(Buffer.from(request).toString('hex'));
      if (!req) throw new TaError('NONCE_UNKNOWN', 'no such preparation');
      const from = weightedShare[1]! | (weightedShare[2]! << 8);
      const theirs = BigInt(`0x${Buffer.from(weightedShare.subarray(15, 47)).toString('hex')}`);
      const x = modN(lagrange(share.identifier, signersOf(request)) * share.signingShare + theirs);
      if (!Buffer.from(secp256k1.getPublicKey(be32(x), true)).equals(Buffer.from(groupKey)))
        throw new TaError('DKG_BLAME', `participant ${from}'s weighted share`, { culprit: from });
      const sig = secp256k1.sign(ecdsaPrehash(req.kind, req.payload), be32(options.signWith ?? x), {
        prehash: false,
        format: 'recovered',
      });
      return new Uint8Array([...sig.subarray(1), sig[0]!]);
    },
  };
  return ta as unknown as TrustedApp & { requests: Uint8Array[] };
}

const tas = dealt.keyPackages.map((k) => simulatedTa(k));
/** A cosigner reached in process, by its participant identifier. */
const link = (id: number, ta: TrustedApp = tas[id - 1]!): CosignerLink => ({
  peerId: `peer-${id}`,
  participantId: id,
  commit: () => Promise.reject(new TaError('POLICY', 'an ecdsa key makes no nonces')),
  cosign: () => Promise.reject(new TaError('POLICY', 'an ecdsa key does not sign FROST')),
  ecdsaCosign: (request, update) => ta.ecdsaCosign(request, update),
});
const coordinator = (ownId: number, cosigners: CosignerLink[], options = {}) =>
  new Coordinator(
    tas[ownId - 1]!,
    (k) => (Buffer.from(k.publicKey).equals(Buffer.from(groupKey)) ? pub : undefined),
    () => cosigners,
    {
      participantId: ownId,
      ...options,
    },
  );
const signature = (o: SignOutcome): Uint8Array => {
  if (o.kind !== 'signature') throw new Error(`expected a signature, got ${o.kind}: ${o.message}`);
  return o.signature;
};

describe("the coordinator's ecdsa round trip (beef)", () => {
  it('signs a beefy commitment by identifiers alone; the signature recovers to the group key over keccak-256', async () => {
    const out = await coordinator(1, [link(2), link(3)]).sign({
      kind: 'beefy-commitment',
      key: beef,
      payload: commitment(1),
    });
    expect(out).toMatchObject({ kind: 'signature', cosigner: 'peer-2' });
    const sig = signature(out);
    expect(sig.length).toBe(65);
    expect(ecdsaRecoversTo(sig, keccak_256(commitment(1)), groupKey)).toBe(true);
    expect(signersOf(tas[1]!.requests.at(-1)!)).toEqual([1, 2]);
  });

  it("an ecdsa key's ownership proof signs blake2-256 of POP_ || owner", async () => {
    const owner = new Uint8Array(32).fill(0x42);
    const sig = signature(
      await coordinator(3, [link(1)]).sign({ kind: 'ownership-proof', key: beef, payload: owner }),
    );
    const prehash = blake2b(Buffer.concat([Buffer.from('POP_'), owner]), { dkLen: 32 });
    expect(ecdsaRecoversTo(sig, prehash, groupKey)).toBe(true);
    expect(signersOf(tas[0]!.requests.at(-1)!)).toEqual([1, 3]);
  });

  it('refuses any other kind for an ecdsa key as POLICY, without asking a TA', async () => {
    const before = tas[0]!.requests.length;
    const out = await coordinator(1, [link(2)]).sign({ kind: 'raw', key: beef, payload: new Uint8Array(4) });
    expect(out).toMatchObject({ kind: 'refusal', code: 'POLICY' });
    expect(tas[0]!.requests.length).toBe(before);
  });

  it('blames a cosigner whose weighted share does not combine (DKG_BLAME) and signs with the next', async () => {
    const wrong = { ...dealt.keyPackages[1]!, signingShare: modN(dealt.keyPackages[1]!.signingShare + 1n) };
    const blamed: string[] = [];
    const out = await coordinator(1, [link(2, simulatedTa(wrong)), link(3)], {
      onBlame: (p: string) => blamed.push(p),
    }).sign({
      kind: 'beefy-commitment',
      key: beef,
      payload: commitment(2),
    });
    expect(out).toMatchObject({ kind: 'signature', cosigner: 'peer-3' });
    expect(blamed).toEqual(['peer-2']);
  });

  it('blames a cosigner whose share says it is from another TA, before our TA is asked', async () => {
    const relabelled: CosignerLink = {
      ...link(2),
      ecdsaCosign: async (r, u) => ({ ...(await tas[1]!.ecdsaCosign(r, u)), from: 3 }),
    };
    const blamed: string[] = [];
    const out = await coordinator(1, [relabelled, link(3)], { onBlame: (p: string) => blamed.push(p) }).sign({
      kind: 'beefy-commitment',
      key: beef,
      payload: commitment(3),
    });
    expect(out).toMatchObject({ kind: 'signature', cosigner: 'peer-3' });
    expect(blamed).toEqual(['peer-2']);
  });

  it('releases nothing that does not recover to the group key', async () => {
    const liar = simulatedTa(dealt.keyPackages[0]!, { signWith: 12345n });
    const c = new Coordinator(
      liar,
      () => pub,
      () => [link(2), link(3)],
      { participantId: 1 },
    );
    await expect(c.sign({ kind: 'beefy-commitment', key: beef, payload: commitment(4) })).rejects.toThrow(
      /does not recover to the group key/,
    );
  });

  it('passes over a link without a participant id, or one naming ourselves or a non-member', async () => {
    const passed: string[] = [];
    const { participantId: _, ...anonymous } = link(2);
    const out = await coordinator(
      1,
      [anonymous, { ...link(3), participantId: 1 }, { ...link(3), participantId: 9 }, link(3)],
      {
        onPassOver: (p: string, reason: string) => passed.push(`${p}: ${reason}`),
      },
    ).sign({ kind: 'beefy-commitment', key: beef, payload: commitment(5) });
    expect(out).toMatchObject({ kind: 'signature', cosigner: 'peer-3' });
    expect(passed).toEqual([
      expect.stringMatching(/^peer-2: its participant id \(undefined\) is not a cosigner's/),
      expect.stringMatching(/^peer-3: its participant id \(1\)/),
      expect.stringMatching(/^peer-3: its participant id \(9\)/),
    ]);
  });

  it('a coordinator that does not know its own participant id cannot sign ecdsa (the client may try another peer)', async () => {
    const c = new Coordinator(
      tas[0]!,
      () => pub,
      () => [link(2)],
    );
    await expect(
      c.sign({ kind: 'beefy-commitment', key: beef, payload: commitment(6) }),
    ).rejects.toBeInstanceOf(QuorumError);
  });

  it("every cosigner's refusal is the answer, with their TAs' reason", async () => {
    const refusing = (id: number): CosignerLink => ({
      ...link(id),
      ecdsaCosign: () => Promise.reject(new TaError('CONFLICT', 'another commitment for this block')),
    });
    const out = await coordinator(1, [refusing(2), refusing(3)]).sign({
      kind: 'beefy-commitment',
      key: beef,
      payload: commitment(7),
    });
    expect(out).toMatchObject({ kind: 'refusal', code: 'CONFLICT' });
  });
});
