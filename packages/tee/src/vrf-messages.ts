/**
 * The threshold VRF's messages (layouts atop optee-ta/ta/core/vrf_sign.c). The host builds the
 * request from the transcript's fields (payload: @triad/frost `encodeBabeVrfPayload`,
 * `encodeAssignmentVrfPayload`) and relays the rest as it comes: the coordinator's part with its
 * counter update to the cosigner, the cosigner's answer back. The parts are public values (a
 * pre-output share and commitments on H) bound into the counter MACs, so the host cannot change
 * them; it never sees a nonce, a share of the key, or anything it could choose H or c with.
 */
import { ByteReader, ByteWriter, decodeVrfSignature, encodeSigningSet } from '@triad/frost';
import type { SigningCommitment } from '@triad/frost';
import { TaError } from './errors.js';
import type { KeyId } from './messages.js';
import { encodeKeyId, parseAnswer } from './messages.js';
import { COUNTER_ACK_BYTES, COUNTER_UPDATE_BYTES, Kind, Limits, Tag } from './protocol.js';

export type VrfKind = 'babe-vrf' | 'babe-vrf-pre-output' | 'assignment-vrf';

/** A VRF with its proof (babe-vrf, assignment-vrf): the signers' pooled commitments, one of them this TA's. */
export interface VrfProofRequest {
  readonly kind: 'babe-vrf' | 'assignment-vrf';
  readonly key: KeyId;
  /** The transcript's fields as the TA parses them (@triad/frost vrf-payloads.ts). */
  readonly payload: Uint8Array;
  readonly signingSet: readonly SigningCommitment[];
}

/** The pre-output alone (babe-vrf-pre-output): no nonces, the signers named by identifier. */
export interface VrfPreOutputRequest {
  readonly kind: 'babe-vrf-pre-output';
  readonly key: KeyId;
  readonly payload: Uint8Array;
  readonly signers: readonly number[];
}

export type VrfRequest = VrfProofRequest | VrfPreOutputRequest;

/** A signer's part: id:u16 O_i[32], and for a proof D'_i[32] E'_i[32]. */
const partBytes = (proof: boolean): number => 2 + 32 + (proof ? 64 : 0);

const vrfKindNumber: Record<VrfKind, number> = {
  'babe-vrf': Kind.BabeVrf,
  'babe-vrf-pre-output': Kind.BabeVrfPreOutput,
  'assignment-vrf': Kind.AssignmentVrf,
};

/** Whether an encoded VRF_REQUEST asks for a proof (its kind byte), which sizes every later message. */
export function vrfRequestHasProof(request: Uint8Array): boolean {
  if (request.length < 2 || request[0] !== Tag.VrfRequest)
    throw new TaError('MALFORMED', 'not an encoded VRF request');
  return request[1] !== Kind.BabeVrfPreOutput;
}

export function encodeVrfRequest(req: VrfRequest): Uint8Array {
  if (req.payload.length > Limits.MAX_PAYLOAD)
    throw new TaError('MALFORMED', 'payload larger than the TA accepts');
  const w = new ByteWriter()
    .u8(Tag.VrfRequest)
    .u8(vrfKindNumber[req.kind])
    .raw(encodeKeyId(req.key))
    .u32(req.payload.length)
    .raw(req.payload);
  if (req.kind === 'babe-vrf-pre-output') {
    w.u16(req.signers.length);
    for (const id of req.signers) w.u16(id);
  } else {
    // the SigningSet encoding without its tag: count, then id D E per signer
    w.raw(encodeSigningSet(req.signingSet).subarray(1));
  }
  return w.bytes();
}

export interface VrfPrepared {
  /** The encoded request: send these exact bytes to the cosigner. */
  readonly request: Uint8Array;
  /** The coordinator TA's part (public; bound into the update). */
  readonly part: Uint8Array;
  /** The coordinator TA's counter update for the cosigner's TA (opaque, authenticated). */
  readonly update: Uint8Array;
}

export function decodeVrfPrepared(
  bytes: Uint8Array,
  proof: boolean,
): { part: Uint8Array; update: Uint8Array } {
  return parseAnswer('vrf prepared', () => {
    const r = new ByteReader(bytes, 'vrf prepared');
    r.tag(Tag.VrfPrepared);
    const part = r.take(partBytes(proof)).slice();
    const update = r.take(COUNTER_UPDATE_BYTES).slice();
    r.end();
    return { part, update };
  });
}

export const encodeVrfCosignRequest = (
  request: Uint8Array,
  part: Uint8Array,
  update: Uint8Array,
): Uint8Array =>
  new ByteWriter().u8(Tag.VrfCosignRequest).u32(request.length).raw(request).raw(part).raw(update).bytes();

/** The cosigner's answer: its part, for a proof its share z, and its TA's ack. */
export interface VrfCosigned {
  /** Everything after the tag, relayed as is to VRF_FINISH. */
  readonly answer: Uint8Array;
  readonly part: Uint8Array;
  readonly z: Uint8Array | undefined;
  readonly ack: Uint8Array;
}

export function decodeVrfCosignResult(bytes: Uint8Array, proof: boolean): VrfCosigned {
  return parseAnswer('vrf cosign result', () => {
    const r = new ByteReader(bytes, 'vrf cosign result');
    r.tag(Tag.VrfCosignResult);
    const part = r.take(partBytes(proof)).slice();
    const z = proof ? r.take(32).slice() : undefined;
    const ack = r.take(COUNTER_ACK_BYTES).slice();
    r.end();
    return { answer: bytes.slice(1), part, z, ack };
  });
}

export const encodeVrfFinishRequest = (
  request: Uint8Array,
  part: Uint8Array,
  answer: Uint8Array,
): Uint8Array =>
  new ByteWriter().u8(Tag.VrfFinishRequest).u32(request.length).raw(request).raw(part).raw(answer).bytes();

/** VRF_FINISH's answer: the pre-output, and for a proof kind the proof and the 96-byte VrfSignature. */
export interface VrfResult {
  readonly preOutput: Uint8Array;
  /** c || s (64 bytes), schnorrkel's VRFProof encoding. */
  readonly proof: Uint8Array | undefined;
  /** preOutput || proof: `sp_core::sr25519::vrf::VrfSignature` as SCALE encodes it. */
  readonly signature: Uint8Array | undefined;
}

export function decodeVrfResult(bytes: Uint8Array, proof: boolean): VrfResult {
  return parseAnswer('vrf result', () => {
    const r = new ByteReader(bytes, 'vrf result');
    r.tag(Tag.VrfResult);
    if (!proof) {
      r.point(); // strict: a canonical non-identity point
      r.end();
      return { preOutput: bytes.slice(1), proof: undefined, signature: undefined };
    }
    const signature = r.take(96).slice();
    r.end();
    decodeVrfSignature(signature); // strict: O a point, c and s canonical
    return { preOutput: signature.slice(0, 32), proof: signature.slice(32), signature };
  });
}
