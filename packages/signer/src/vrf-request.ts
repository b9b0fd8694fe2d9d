/**
 * A Sign's VRF kinds (signer.proto: babe_vrf, babe_vrf_pre_output, assignment_vrf) as the TA
 * payloads they stand for (@triad/frost vrf-payloads.ts). Only fields travel: the TAs build the
 * transcripts themselves. Every field is checked here, so what is malformed is INVALID_ARGUMENT
 * with the field named before any TA is asked.
 */
import { status } from '@grpc/grpc-js';
import {
  encodeAssignmentVrfPayload,
  encodeBabeVrfPayload,
  encodeCoreBitfield,
  FrostError,
} from '@triad/frost';
import type { VrfKind } from '@triad/tee';
import { RpcError } from './rpc.js';

/** The Sign oneof members that are VRFs, and the TA kind of each. */
export const VRF_KINDS = {
  babeVrf: 'babe-vrf',
  babeVrfPreOutput: 'babe-vrf-pre-output',
  assignmentVrf: 'assignment-vrf',
} as const satisfies Record<string, VrfKind>;
export type VrfMember = keyof typeof VRF_KINDS;

const U64_MAX = (1n << 64n) - 1n;

const bad = (message: string): never => {
  throw new RpcError(status.INVALID_ARGUMENT, message);
};

/** A uint64 as proto-loader gives it (a decimal string; a number from some clients). */
function u64(v: unknown, name: string): bigint {
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) return bad(`${name}: a uint64`);
  const n = BigInt(text);
  return n <= U64_MAX ? n : bad(`${name}: a uint64`);
}

function exactBytes(v: unknown, name: string, length: number): Uint8Array {
  return v instanceof Uint8Array && v.length === length ? new Uint8Array(v) : bad(`${name}: ${length} bytes`);
}

/** Frost's own checks (a core bitfield's bounds) as INVALID_ARGUMENT. */
function checked<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof FrostError) return bad(`${name}: ${e.message}`);
    throw e;
  }
}

/** The TA payload of a VRF member's body; INVALID_ARGUMENT naming the field that is wrong. */
export function vrfPayload(member: VrfMember, body: unknown): Uint8Array {
  const b = (body ?? {}) as Record<string, unknown>;
  if (member !== 'assignmentVrf') {
    const slot = u64(b.slot, 'slot');
    const epoch = u64(b.epoch, 'epoch');
    const randomness = exactBytes(b.randomness, 'randomness', 32);
    return encodeBabeVrfPayload({ slot, epoch, randomness });
  }
  const story = exactBytes(b.story, 'story', 32);
  if (b.assignment === 'delayCore') {
    const core = b.delayCore;
    if (typeof core !== 'number' || !Number.isInteger(core) || core < 0 || core > 0xffffffff)
      return bad('delayCore: a uint32');
    return encodeAssignmentVrfPayload({ kind: 'delay', story, core });
  }
  if (b.assignment !== 'moduloCompact') return bad('assignmentVrf: one of moduloCompact, delayCore');
  const cores = (b.moduloCompact as { cores?: unknown } | undefined)?.cores;
  if (!Array.isArray(cores) || cores.length === 0) return bad('moduloCompact.cores: at least one core');
  if (!cores.every((c, i) => Number.isInteger(c) && c >= 0 && (i === 0 || c > cores[i - 1])))
    return bad('moduloCompact.cores: distinct cores in increasing order');
  const coreBitfield = checked('moduloCompact.cores', () => encodeCoreBitfield(cores as number[]));
  return encodeAssignmentVrfPayload({ kind: 'modulo-compact', story, coreBitfield });
}
