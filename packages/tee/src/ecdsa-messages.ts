/**
 * An ecdsa (beef) signature's messages (layouts atop optee-ta/ta/core/ecdsa_sign.c). The same
 * prepare / cosign / finish round trip as a FROST signature, with the same SIGN_REQUEST and counter
 * messages, but no nonces: the signing set names the two signers by identifier alone, the cosigner's
 * TA answers its Lagrange-weighted share sealed to the coordinator's TA (a WeightedShare the host
 * relays and cannot open), and the coordinator's TA combines the two into the key, checks it
 * against the group key, signs the prehash it computes itself (keccak-256 of a BEEFY commitment,
 * blake2b-256 of "POP_" || owner for an ownership proof) and wipes the key.
 *
 * Not threshold ECDSA: the whole key exists inside one TA for one signature (DESIGN.md 3d).
 */
import { ByteReader, ByteWriter } from '@triad/frost';
import { schemeOfKeyType } from '@triad/proto';
import { TaError } from './errors.js';
import type { KeyId } from './messages.js';
import { encodeKeyId, kindNumber, parseAnswer } from './messages.js';
import { COUNTER_ACK_BYTES, Limits, Tag } from './protocol.js';

/** What an ecdsa key signs: BEEFY commitments, and its ownership proof. */
export type EcdsaRequestKind = 'beefy-commitment' | 'ownership-proof';

export interface EcdsaSignRequest {
  readonly kind: EcdsaRequestKind;
  /** A key of an ecdsa type (33-byte public key). */
  readonly key: KeyId;
  /** beefy-commitment: the SCALE Commitment (not its hash); ownership-proof: the 32-byte owner. */
  readonly payload: Uint8Array;
  /** The two signers' participant identifiers (ours among them), in any order. */
  readonly signers: readonly number[];
}

/** A WeightedShare: tag, from:u16, nonce[12], box[48] (the 32-byte share and its 16-byte tag). */
export const WEIGHTED_SHARE_BYTES = 1 + 2 + 12 + 48;
/** r (32, big-endian) || s (32, big-endian) || recovery id: sp_core::ecdsa::Signature. */
export const ECDSA_SIGNATURE_BYTES = 65;

/**
 * SIGN_REQUEST for an ecdsa key: tag, kind, key_type[4] group_pk[33], payload_len:u32, payload,
 * then the SigningSet tag, count:u16 and the identifiers alone, increasing (as the TA checks them).
 */
export function encodeEcdsaSignRequest(req: EcdsaSignRequest): Uint8Array {
  if (schemeOfKeyType(req.key.keyType) !== 'ecdsa')
    throw new TaError('POLICY', `${req.key.keyType} keys do not sign ecdsa`);
  if (req.payload.length > Limits.MAX_PAYLOAD)
    throw new TaError('MALFORMED', 'payload larger than the TA accepts');
  const signers = [...req.signers].sort((a, b) => a - b);
  if (signers.some((id, i) => !Number.isInteger(id) || id < 1 || id > 0xffff || id === signers[i - 1]))
    throw new TaError(
      'MALFORMED',
      `signers must be distinct identifiers 1..65535, got ${req.signers.join(', ')}`,
    );
  const w = new ByteWriter()
    .u8(Tag.SignRequest)
    .u8(kindNumber[req.kind])
    .raw(encodeKeyId(req.key))
    .u32(req.payload.length)
    .raw(req.payload)
    .u8(Tag.SigningSet)
    .u16(signers.length);
  for (const id of signers) w.u16(id);
  return w.bytes();
}

/** The cosigner's answer: its weighted share, sealed (relay it as is), and its TA's ack. */
export interface EcdsaCosigned {
  /** The WeightedShare message, tag included, exactly as the cosigner's TA made it. */
  readonly weightedShare: Uint8Array;
  /** Who sealed it (the cosigner's participant identifier, as it says). */
  readonly from: number;
  readonly ack: Uint8Array;
}

/** The WeightedShare layout, read strictly (the host learns only who sent it). */
function readWeightedShare(r: ByteReader): { weightedShare: Uint8Array; from: number } {
  const start = r.take(WEIGHTED_SHARE_BYTES).slice();
  const inner = new ByteReader(start, 'weighted share');
  inner.tag(Tag.EcdsaWeightedShare);
  const from = inner.identifier();
  inner.take(12 + 48);
  inner.end();
  return { weightedShare: start, from };
}

/** ECDSA_COSIGN's answer: ECDSA_COSIGN_RESULT, the WeightedShare, the counter ack. */
export function decodeEcdsaCosignResult(bytes: Uint8Array): EcdsaCosigned {
  return parseAnswer('ecdsa cosign result', () => {
    const r = new ByteReader(bytes, 'ecdsa cosign result');
    r.tag(Tag.EcdsaCosignResult);
    const share = readWeightedShare(r);
    const ack = r.take(COUNTER_ACK_BYTES).slice();
    r.end();
    return { ...share, ack };
  });
}

/** The cosigner's relayed parts (a host's) read strictly: a WeightedShare and an ack, nothing else. */
export function decodeEcdsaCosigned(weightedShare: Uint8Array, ack: Uint8Array): EcdsaCosigned {
  return decodeEcdsaCosignResult(new Uint8Array([Tag.EcdsaCosignResult, ...weightedShare, ...ack]));
}

/** ECDSA_FINISH's input: tag, len:u32 SIGN_REQUEST, the ack, then the WeightedShare as received. */
export const encodeEcdsaFinishRequest = (
  request: Uint8Array,
  ack: Uint8Array,
  weightedShare: Uint8Array,
): Uint8Array =>
  new ByteWriter()
    .u8(Tag.EcdsaFinishRequest)
    .u32(request.length)
    .raw(request)
    .raw(ack)
    .raw(weightedShare)
    .bytes();

/**
 * ECDSA_FINISH's answer: the 65-byte signature, its recovery id 0 or 1 (the TA signs with low s,
 * and an r of x >= n has probability 2^-128: the TA answers 0 or 1 only). The coordinator still
 * recovers the key from it before release; this reads the layout.
 */
export function decodeEcdsaSignature(bytes: Uint8Array): Uint8Array {
  return parseAnswer('ecdsa signature', () => {
    const r = new ByteReader(bytes, 'ecdsa signature');
    r.tag(Tag.EcdsaSignature);
    const signature = r.take(ECDSA_SIGNATURE_BYTES).slice();
    r.end();
    const v = signature[64]!;
    if (v > 1) throw new TaError('PROTOCOL', `ecdsa signature: recovery id ${v}, not 0 or 1`);
    return signature;
  });
}
