/**
 * The VRF kinds of a Sign (signer.proto babe_vrf, babe_vrf_pre_output, assignment_vrf), checked
 * here before anything is sent. Only the transcript's fields travel: the TAs build the transcript.
 */
import { invalid } from './errors.js';
import { checkPublicKey, show } from './validate.js';

/** The BABE slot claim's transcript fields. */
export interface BabeVrfFields {
  readonly slot: bigint;
  readonly epoch: bigint;
  /** The epoch's 32-byte randomness. */
  readonly randomness: Uint8Array;
}

/** An approval assignment's fields: modulo-compact names `cores`, delay names one `core`. */
export type AssignmentVrfFields =
  | { readonly story: Uint8Array; readonly cores: readonly number[]; readonly core?: undefined }
  | { readonly story: Uint8Array; readonly core: number; readonly cores?: undefined };

export type VrfRequestKind = 'babe-vrf' | 'babe-vrf-pre-output' | 'assignment-vrf';

/** The most cores a bitfield may name (the TAs' bound). */
export const MAX_CORE = 4095;

const U64_MAX = (1n << 64n) - 1n;

function checkU64(v: unknown, field: string): string {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX)
    throw invalid(`${field}: expected a u64 bigint, got ${show(v)}`);
  return v.toString();
}

const checkCore = (c: unknown, field: string, max: number): number => {
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > max)
    throw invalid(`${field}: expected an integer in 0..${max}, got ${show(c)}`);
  return c;
};

/** The Sign oneof member and its body for a VRF kind. */
export function vrfMessage(
  kind: VrfRequestKind,
  fields: BabeVrfFields | AssignmentVrfFields,
): Record<string, unknown> {
  if (!fields || typeof fields !== 'object') throw invalid(`${kind}: expected its fields`);
  if (kind !== 'assignment-vrf') {
    const f = fields as BabeVrfFields;
    const body = {
      slot: checkU64(f.slot, 'slot'),
      epoch: checkU64(f.epoch, 'epoch'),
      randomness: checkPublicKey(f.randomness, 'randomness'),
    };
    return kind === 'babe-vrf' ? { babeVrf: body } : { babeVrfPreOutput: body };
  }
  const f = fields as AssignmentVrfFields;
  const story = checkPublicKey(f.story, 'story');
  if ((f.cores === undefined) === (f.core === undefined))
    throw invalid('assignment-vrf: exactly one of cores, core');
  if (f.core !== undefined)
    return { assignmentVrf: { story, delayCore: checkCore(f.core, 'core', 0xffffffff) } };
  if (!Array.isArray(f.cores) || f.cores.length === 0) throw invalid('cores: expected at least one core');
  const cores = f.cores.map((c, i) => checkCore(c, `cores[${i}]`, MAX_CORE));
  if (cores.some((c, i) => i > 0 && c <= cores[i - 1]!))
    throw invalid('cores: expected distinct cores, increasing');
  return { assignmentVrf: { story, moduloCompact: { cores } } };
}
