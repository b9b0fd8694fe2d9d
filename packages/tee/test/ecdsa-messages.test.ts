import { describe, expect, it } from '@jest/globals';
import { ed25519Suite, schnorrkel, secp256k1Sha256 } from '@triad/frost';
import {
  COUNTER_ACK_BYTES,
  COUNTER_UPDATE_BYTES,
  decodeEcdsaCosigned,
  decodeEcdsaCosignResult,
  decodeEcdsaSignature,
  decodeInfo,
  ECDSA_SIGNATURE_BYTES,
  encodeEcdsaFinishRequest,
  encodeEcdsaSignRequest,
  encodeKeyId,
  INFO_FLAG_ED25519,
  Kind,
  signingSuiteOfKeyType,
  suiteOfKeyType,
  Tag,
  TaError,
  WEIGHTED_SHARE_BYTES,
} from '../src/index.js';
import { encodeCosignRequest } from '../src/messages.js';

// A compressed secp256k1 point's shape (the TA checks it is on the curve; the host only sizes it).
const beefPk = new Uint8Array([0x02, ...new Uint8Array(32).fill(0xab)]);
const beef = { keyType: 'beef', publicKey: beefPk };
const commitment = new Uint8Array(48).fill(5);
const cat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const le64 = (n: number) => [...le32(n), 0, 0, 0, 0];
const ascii = (s: string) => new TextEncoder().encode(s);

const expectTaError = (fn: () => unknown, code: string, message?: RegExp) => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TaError);
  expect((caught as TaError).code).toBe(code);
  if (message) expect((caught as TaError).message).toMatch(message);
};

describe('a key of each scheme: its name, its suites', () => {
  it('a beef key is named by 33 bytes, every other type by 32; another length is MALFORMED', () => {
    expect(encodeKeyId(beef)).toEqual(cat(ascii('beef'), beefPk));
    expectTaError(
      () => encodeKeyId({ keyType: 'beef', publicKey: new Uint8Array(32) }),
      'MALFORMED',
      /33 bytes, got 32/,
    );
    expectTaError(() => encodeKeyId({ keyType: 'babe', publicKey: beefPk }), 'MALFORMED', /32 bytes, got 33/);
  });

  it('beef keys are points of FROST(secp256k1, SHA-256) and have no FROST signing suite (POLICY)', () => {
    expect(suiteOfKeyType('beef')).toBe(secp256k1Sha256);
    expect(suiteOfKeyType('gran')).toBe(ed25519Suite);
    expect(suiteOfKeyType('babe')).toBe(schnorrkel);
    expect(signingSuiteOfKeyType('gran')).toBe(ed25519Suite);
    expectTaError(() => signingSuiteOfKeyType('beef'), 'POLICY', /sign ecdsa/);
  });
});

describe("GET_INFO: each key's public key has its scheme's size", () => {
  const keyEntry = (type: string, flags: number, pk: Uint8Array, slot?: number) =>
    cat(
      ascii(type),
      [flags, 0],
      le16(1),
      le16(2),
      le16(3),
      pk,
      le64(7),
      [slot === undefined ? 0 : 1],
      le64(slot ?? 0),
    );
  const info = (...entries: Uint8Array[]) =>
    cat(
      [Tag.Info],
      le16(1),
      new Uint8Array(32).fill(9),
      le64(42),
      [0],
      le16(1),
      [entries.length],
      ...entries,
    );

  it('a beef key (33 bytes, scheme ecdsa) between a babe key and a gran key (32 bytes each)', () => {
    const babePk = new Uint8Array(32).fill(1);
    const granPk = new Uint8Array(32).fill(2);
    const decoded = decodeInfo(
      info(
        keyEntry('babe', 0, babePk, 99),
        keyEntry('beef', 0, beefPk),
        keyEntry('gran', INFO_FLAG_ED25519, granPk),
      ),
    );
    expect(
      decoded.keys.map((k) => [k.keyType, k.scheme, Buffer.from(k.groupPublicKey).toString('hex')]),
    ).toEqual([
      ['babe', 'sr25519', '01'.repeat(32)],
      ['beef', 'ecdsa', Buffer.from(beefPk).toString('hex')],
      ['gran', 'ed25519', '02'.repeat(32)],
    ]);
    expect(decoded.keys.map((k) => k.highWaterMark)).toEqual([99n, undefined, undefined]);
  });

  it('a beef key listed with 32 bytes (the layout shifted) does not parse: PROTOCOL', () => {
    expectTaError(() => decodeInfo(info(keyEntry('beef', 0, new Uint8Array(32).fill(3)))), 'PROTOCOL');
  });
});

describe('SIGN_REQUEST for an ecdsa key, as optee-ta/ta/core/sign_request.c parses it', () => {
  it('kind, the 33-byte key, the payload, then the signing set by identifiers alone, increasing', () => {
    const bytes = encodeEcdsaSignRequest({
      kind: 'beefy-commitment',
      key: beef,
      payload: commitment,
      signers: [3, 1],
    });
    expect(bytes).toEqual(
      cat(
        [Tag.SignRequest, Kind.BeefyCommitment],
        ascii('beef'),
        beefPk,
        le32(48),
        commitment,
        [Tag.SigningSet],
        le16(2),
        le16(1),
        le16(3),
      ),
    );
    const owner = new Uint8Array(32).fill(8);
    const proof = encodeEcdsaSignRequest({
      kind: 'ownership-proof',
      key: beef,
      payload: owner,
      signers: [1, 2],
    });
    expect(proof[1]).toBe(Kind.OwnershipProof);
  });

  it('refuses before the TA: a non-ecdsa key (POLICY), a key of the wrong size, repeated or zero signers', () => {
    const req = { kind: 'beefy-commitment' as const, key: beef, payload: commitment, signers: [1, 2] };
    expectTaError(
      () => encodeEcdsaSignRequest({ ...req, key: { keyType: 'babe', publicKey: new Uint8Array(32) } }),
      'POLICY',
    );
    expectTaError(
      () => encodeEcdsaSignRequest({ ...req, key: { keyType: 'beef', publicKey: new Uint8Array(32) } }),
      'MALFORMED',
    );
    expectTaError(() => encodeEcdsaSignRequest({ ...req, signers: [2, 2] }), 'MALFORMED');
    expectTaError(() => encodeEcdsaSignRequest({ ...req, signers: [0, 2] }), 'MALFORMED');
    expectTaError(() => encodeEcdsaSignRequest({ ...req, payload: new Uint8Array(1 << 20) }), 'MALFORMED');
  });

  it("the cosign request is SIGN_COSIGN's; the finish request carries the ack, then the weighted share as received", () => {
    const request = new Uint8Array([Tag.SignRequest, Kind.BeefyCommitment, 1]);
    const update = new Uint8Array(COUNTER_UPDATE_BYTES).fill(2);
    expect(encodeCosignRequest(request, update)).toEqual(cat([Tag.CosignRequest], le32(3), request, update));
    const ack = new Uint8Array(COUNTER_ACK_BYTES).fill(3);
    const share = new Uint8Array(WEIGHTED_SHARE_BYTES).fill(4);
    expect(encodeEcdsaFinishRequest(request, ack, share)).toEqual(
      cat([Tag.EcdsaFinishRequest], le32(3), request, ack, share),
    );
  });
});

describe("the TA's ecdsa answers, decoded strictly", () => {
  const weightedShare = (from: number) =>
    cat([Tag.EcdsaWeightedShare], le16(from), new Uint8Array(12).fill(6), new Uint8Array(48).fill(7));
  const ack = new Uint8Array(COUNTER_ACK_BYTES).fill(8);
  const cosignResult = (from = 2) => cat([Tag.EcdsaCosignResult], weightedShare(from), ack);

  it('ECDSA_COSIGN_RESULT: the WeightedShare as it is (tag included), who sealed it, and the ack', () => {
    const out = decodeEcdsaCosignResult(cosignResult(3));
    expect(out.weightedShare).toEqual(weightedShare(3));
    expect(out.weightedShare.length).toBe(WEIGHTED_SHARE_BYTES);
    expect(out.from).toBe(3);
    expect(out.ack).toEqual(ack);
    // what a cosigner's host relays reads the same
    expect(decodeEcdsaCosigned(weightedShare(3), ack)).toEqual(out);
  });

  it('anything else is PROTOCOL: cut, trailing bytes, another tag, identifier 0, a FROST cosign result', () => {
    const good = cosignResult();
    const bad = [
      good.subarray(0, good.length - 1),
      cat(good, [0]),
      cat([Tag.CosignResult], good.subarray(1)),
      cat([Tag.EcdsaCosignResult, Tag.SignatureShare], good.subarray(2)),
      cosignResult(0),
      cat([Tag.CosignResult], [Tag.SignatureShare], le16(2), new Uint8Array(32), ack),
    ];
    for (const bytes of bad) expectTaError(() => decodeEcdsaCosignResult(bytes), 'PROTOCOL');
    expectTaError(() => decodeEcdsaCosigned(weightedShare(2).subarray(1), ack), 'PROTOCOL');
    expectTaError(() => decodeEcdsaCosigned(weightedShare(2), ack.subarray(1)), 'PROTOCOL');
  });

  it('ECDSA_SIGNATURE: 65 bytes r || s || v with v 0 or 1; anything else is PROTOCOL', () => {
    const sig = cat(new Uint8Array(64).fill(9), [1]);
    expect(decodeEcdsaSignature(cat([Tag.EcdsaSignature], sig))).toEqual(sig);
    expect(ECDSA_SIGNATURE_BYTES).toBe(65);
    for (const bytes of [
      cat([Tag.EcdsaSignature], sig.subarray(0, 64)),
      cat([Tag.EcdsaSignature], sig, [0]),
      cat([Tag.FinishResult], sig),
      cat([Tag.EcdsaSignature], sig.subarray(0, 64), [2]),
      cat([Tag.EcdsaSignature], sig.subarray(0, 64), [27]),
    ])
      expectTaError(() => decodeEcdsaSignature(bytes), 'PROTOCOL');
  });
});
