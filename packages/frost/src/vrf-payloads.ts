/**
 * The VRF request payloads, as the TA parses them (optee-ta/ta/policy/babe_vrf.c,
 * assignment_vrf.c): the fields a transcript is built from, never a transcript or a point.
 *
 *   babe-vrf, babe-vrf-pre-output:  slot:u64 epoch:u64 randomness[32]              (48 bytes)
 *   assignment-vrf, modulo-compact: 0:u8 story[32] CoreBitfield (SCALE BitVec<u8, Lsb0>)
 *   assignment-vrf, delay:          1:u8 story[32] core:u32
 * Integers little-endian. Decoders are strict: exact lengths, nothing trailing.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import type { VrfTranscripts } from './vrf-transcripts.js';
import {
  babeVrfTranscripts,
  decodeCoreBitfield,
  delayTranscripts,
  moduloCompactTranscripts,
} from './vrf-transcripts.js';

export interface BabeVrfFields {
  readonly slot: bigint;
  readonly epoch: bigint;
  readonly randomness: Uint8Array;
}

export type AssignmentVrfFields =
  | { readonly kind: 'modulo-compact'; readonly story: Uint8Array; readonly coreBitfield: Uint8Array }
  | { readonly kind: 'delay'; readonly story: Uint8Array; readonly core: number };

export const BABE_VRF_PAYLOAD_LENGTH = 48;
const ASSIGNMENT_MODULO_COMPACT = 0;
const ASSIGNMENT_DELAY = 1;

export function encodeBabeVrfPayload(f: BabeVrfFields): Uint8Array {
  babeVrfTranscripts(f.slot, f.epoch, f.randomness); // validates every field
  const out = new Uint8Array(BABE_VRF_PAYLOAD_LENGTH);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, f.slot, true);
  v.setBigUint64(8, f.epoch, true);
  out.set(f.randomness, 16);
  return out;
}

export function decodeBabeVrfPayload(payload: Uint8Array): BabeVrfFields {
  if (payload.length !== BABE_VRF_PAYLOAD_LENGTH)
    throw new FrostError('LENGTH', 'babe-vrf payload: expected 48 bytes');
  const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
  return { slot: v.getBigUint64(0, true), epoch: v.getBigUint64(8, true), randomness: payload.slice(16) };
}

export function encodeAssignmentVrfPayload(f: AssignmentVrfFields): Uint8Array {
  if (f.story.length !== 32) throw new FrostError('LENGTH', 'story: expected 32 bytes');
  if (f.kind === 'modulo-compact') {
    decodeCoreBitfield(f.coreBitfield);
    return concatBytes(Uint8Array.of(ASSIGNMENT_MODULO_COMPACT), f.story, f.coreBitfield);
  }
  delayTranscripts(f.story, f.core);
  const core = new Uint8Array(4);
  new DataView(core.buffer).setUint32(0, f.core, true);
  return concatBytes(Uint8Array.of(ASSIGNMENT_DELAY), f.story, core);
}

export function decodeAssignmentVrfPayload(payload: Uint8Array): AssignmentVrfFields {
  if (payload.length < 33) throw new FrostError('LENGTH', 'assignment-vrf payload: truncated');
  const story = payload.slice(1, 33);
  const rest = payload.slice(33);
  if (payload[0] === ASSIGNMENT_MODULO_COMPACT) {
    decodeCoreBitfield(rest);
    return { kind: 'modulo-compact', story, coreBitfield: rest };
  }
  if (payload[0] === ASSIGNMENT_DELAY) {
    if (rest.length !== 4) throw new FrostError('LENGTH', 'assignment-vrf delay: expected a u32 core');
    return { kind: 'delay', story, core: new DataView(rest.buffer).getUint32(0, true) };
  }
  throw new FrostError('INVALID_PARAMETERS', `assignment-vrf: unknown assignment kind ${payload[0]}`);
}

export function babeVrfPayloadTranscripts(payload: Uint8Array): VrfTranscripts {
  const f = decodeBabeVrfPayload(payload);
  return babeVrfTranscripts(f.slot, f.epoch, f.randomness);
}

export function assignmentVrfPayloadTranscripts(payload: Uint8Array): VrfTranscripts {
  const f = decodeAssignmentVrfPayload(payload);
  return f.kind === 'delay'
    ? delayTranscripts(f.story, f.core)
    : moduloCompactTranscripts(f.story, f.coreBitfield);
}
