import { describe, expect, it } from '@jest/globals';
import { encodePoint, encodeScalar, mulBase } from '@triad/frost';
import {
  COUNTER_ACK_BYTES,
  COUNTER_UPDATE_BYTES,
  decodeVrfCosignResult,
  decodeVrfPrepared,
  decodeVrfResult,
  encodeVrfCosignRequest,
  encodeVrfFinishRequest,
  encodeVrfRequest,
  Kind,
  Tag,
  TaError,
  vrfRequestHasProof,
} from '../src/index.js';

const pk = encodePoint(mulBase(5n));
const key = { keyType: 'babe', publicKey: pk };
const D = mulBase(11n);
const E = mulBase(12n);
const payload = new Uint8Array(48).fill(7);
const cat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

const expectTaError = (fn: () => unknown, code: string) => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TaError);
  expect((caught as TaError).code).toBe(code);
};

describe('VRF_REQUEST as optee-ta/ta/core/vrf_sign.c parses it', () => {
  it('a proof kind carries each signer id with its pooled D and E', () => {
    const bytes = encodeVrfRequest({
      kind: 'babe-vrf',
      key,
      payload,
      signingSet: [
        { identifier: 1, hiding: D, binding: E },
        { identifier: 3, hiding: E, binding: D },
      ],
    });
    const want = cat(
      [Tag.VrfRequest, Kind.BabeVrf],
      new TextEncoder().encode('babe'),
      pk,
      le32(48),
      payload,
      le16(2),
      le16(1),
      encodePoint(D),
      encodePoint(E),
      le16(3),
      encodePoint(E),
      encodePoint(D),
    );
    expect(bytes).toEqual(want);
    expect(vrfRequestHasProof(bytes)).toBe(true);
  });

  it('the pre-output alone names its signers by identifier; assignment-vrf has its own kind', () => {
    const bytes = encodeVrfRequest({ kind: 'babe-vrf-pre-output', key, payload, signers: [2, 3] });
    expect(bytes).toEqual(
      cat(
        [Tag.VrfRequest, Kind.BabeVrfPreOutput],
        new TextEncoder().encode('babe'),
        pk,
        le32(48),
        payload,
        le16(2),
        le16(2),
        le16(3),
      ),
    );
    expect(vrfRequestHasProof(bytes)).toBe(false);
    const asgn = encodeVrfRequest({
      kind: 'assignment-vrf',
      key: { keyType: 'asgn', publicKey: pk },
      payload,
      signingSet: [],
    });
    expect(asgn[1]).toBe(Kind.AssignmentVrf);
    expectTaError(() => vrfRequestHasProof(new Uint8Array([Tag.SignRequest, 4])), 'MALFORMED');
    expectTaError(
      () =>
        encodeVrfRequest({
          kind: 'babe-vrf',
          key: { keyType: 'BABE', publicKey: pk },
          payload,
          signingSet: [],
        }),
      'MALFORMED',
    );
  });

  it('the cosign and finish requests are the request (length-prefixed) and the relayed pieces', () => {
    const req = new Uint8Array([Tag.VrfRequest, Kind.BabeVrf, 9]);
    const part = new Uint8Array(98).fill(1);
    const update = new Uint8Array(COUNTER_UPDATE_BYTES).fill(2);
    expect(encodeVrfCosignRequest(req, part, update)).toEqual(
      cat([Tag.VrfCosignRequest], le32(3), req, part, update),
    );
    const answer = new Uint8Array(98 + 32 + COUNTER_ACK_BYTES).fill(3);
    expect(encodeVrfFinishRequest(req, part, answer)).toEqual(
      cat([Tag.VrfFinishRequest], le32(3), req, part, answer),
    );
  });
});

describe('the TA answers, decoded strictly', () => {
  const part = (proof: boolean) => new Uint8Array(proof ? 98 : 34).fill(4);

  it('VRF_PREPARED: part and update, sized by the kind', () => {
    for (const proof of [true, false]) {
      const update = new Uint8Array(COUNTER_UPDATE_BYTES).fill(5);
      const out = decodeVrfPrepared(cat([Tag.VrfPrepared], part(proof), update), proof);
      expect(out.part).toEqual(part(proof));
      expect(out.update).toEqual(update);
      expectTaError(
        () => decodeVrfPrepared(cat([Tag.VrfPrepared], part(proof), update, [0]), proof),
        'PROTOCOL',
      );
      expectTaError(() => decodeVrfPrepared(cat([Tag.VrfPrepared], part(!proof), update), proof), 'PROTOCOL');
    }
  });

  it('VRF_COSIGN_RESULT: part, z for a proof, ack; the answer relays everything after the tag', () => {
    const z = new Uint8Array(32).fill(6);
    const ack = new Uint8Array(COUNTER_ACK_BYTES).fill(7);
    const proof = decodeVrfCosignResult(cat([Tag.VrfCosignResult], part(true), z, ack), true);
    expect(proof.z).toEqual(z);
    expect(proof.ack).toEqual(ack);
    expect(proof.answer).toEqual(cat(part(true), z, ack));
    const pre = decodeVrfCosignResult(cat([Tag.VrfCosignResult], part(false), ack), false);
    expect(pre.z).toBeUndefined();
    expect(pre.answer).toEqual(cat(part(false), ack));
    expectTaError(
      () => decodeVrfCosignResult(cat([Tag.VrfCosignResult], part(false), ack), true),
      'PROTOCOL',
    );
  });

  it('VRF_RESULT: the 96-byte VrfSignature for a proof, the pre-output alone otherwise', () => {
    const O = encodePoint(mulBase(99n));
    const sig = cat(O, encodeScalar(3n), encodeScalar(4n));
    const proof = decodeVrfResult(cat([Tag.VrfResult], sig), true);
    expect(proof.signature).toEqual(sig);
    expect(proof.preOutput).toEqual(O);
    expect(proof.proof).toEqual(sig.slice(32));
    expect(decodeVrfResult(cat([Tag.VrfResult], O), false)).toEqual({
      preOutput: O,
      proof: undefined,
      signature: undefined,
    });
    // a non-canonical s, an identity pre-output, a wrong length: the TA broke its contract
    const badS = sig.slice();
    badS.fill(0xff, 64);
    expectTaError(() => decodeVrfResult(cat([Tag.VrfResult], badS), true), 'PROTOCOL');
    expectTaError(() => decodeVrfResult(cat([Tag.VrfResult], new Uint8Array(32)), false), 'PROTOCOL');
    expectTaError(() => decodeVrfResult(cat([Tag.VrfResult], O), true), 'PROTOCOL');
  });
});
