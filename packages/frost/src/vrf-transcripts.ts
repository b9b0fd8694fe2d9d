/**
 * The transcripts a Polkadot validator's VRFs are made over, built from their fields (the node
 * cannot send a Merlin transcript, and the TA must never take one from the host): BABE's slot claim
 * and the two approval assignments. Each VRF has an input transcript (it makes the input point H
 * and so the output) and an extra transcript (bound only into the proof). Labels are polkadot-sdk's:
 * `sp-consensus-babe` `make_vrf_transcript`, `polkadot-node-primitives` approval v1/v2 constants,
 * `approval-voting` `criteria.rs`.
 */
import { FrostError } from './errors.js';
import { Transcript } from './merlin.js';

/** Builds a fresh copy of one transcript each call (Merlin transcripts are consumed when read). */
export type TranscriptBuilder = () => Transcript;

/** What one VRF is made over: its input transcript and the extra transcript its proof binds. */
export interface VrfTranscripts {
  readonly input: TranscriptBuilder;
  readonly extra: TranscriptBuilder;
}

/** schnorrkel's extra transcript when a VRF has none of its own (`vrf_sign`). */
const defaultExtra: TranscriptBuilder = () => new Transcript('VRF');

const u64le = (n: bigint, what: string): Uint8Array => {
  if (n < 0n || n > 0xffffffffffffffffn) throw new FrostError('INVALID_PARAMETERS', `${what}: not a u64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return out;
};

const u32le = (n: number, what: string): Uint8Array => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new FrostError('INVALID_PARAMETERS', `${what}: not a u32`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
};

const bytes32 = (b: Uint8Array, what: string): Uint8Array => {
  if (b.length !== 32) throw new FrostError('LENGTH', `${what}: expected 32 bytes`);
  return b;
};

/** BABE's slot claim: Merlin("BABE") | slot number | current epoch | chain randomness; no extra. */
export function babeVrfTranscripts(slot: bigint, epoch: bigint, randomness: Uint8Array): VrfTranscripts {
  const s = u64le(slot, 'slot');
  const e = u64le(epoch, 'epoch');
  const r = bytes32(randomness, 'randomness').slice();
  return {
    input: () =>
      new Transcript('BABE')
        .appendMessage('slot number', s)
        .appendMessage('current epoch', e)
        .appendMessage('chain randomness', r),
    extra: defaultExtra,
  };
}

/** Contexts for `makeBytes` over these VRFs' outputs. */
export const BABE_VRF_SCORE_CONTEXT = 'substrate-babe-vrf';
export const BABE_VRF_SCORE_LENGTH = 16;
export const RELAY_VRF_STORY_CONTEXT = 'A&V RC-VRF';
export const CORE_RANDOMNESS_CONTEXT_V2 = 'A&V CORE v2';
export const TRANCHE_RANDOMNESS_CONTEXT = 'A&V TRANCHE';

/**
 * RelayVRFModuloCompact (assignments v2): input Merlin("A&V MOD v2") | RC-VRF = story; extra
 * Merlin("A&V ASSIGNED v2") | cores = the SCALE-encoded CoreBitfield of the cores claimed.
 */
export function moduloCompactTranscripts(story: Uint8Array, coreBitfield: Uint8Array): VrfTranscripts {
  const st = bytes32(story, 'story').slice();
  decodeCoreBitfield(coreBitfield); // strict: the TA refuses what this refuses
  const cores = coreBitfield.slice();
  return {
    input: () => new Transcript('A&V MOD v2').appendMessage('RC-VRF', st),
    extra: () => new Transcript('A&V ASSIGNED v2').appendMessage('cores', cores),
  };
}

/** RelayVRFDelay: input Merlin("A&V DELAY") | RC-VRF = story | core = u32 LE; no extra. */
export function delayTranscripts(story: Uint8Array, core: number): VrfTranscripts {
  const st = bytes32(story, 'story').slice();
  const c = u32le(core, 'core');
  return {
    input: () => new Transcript('A&V DELAY').appendMessage('RC-VRF', st).appendMessage('core', c),
    extra: defaultExtra,
  };
}

/**
 * A signing-context VRF as `@polkadot/wasm-crypto`'s `vrfSign`/`vrfVerify` make it:
 * input = signing_context(ctx).bytes(msg); extra = Merlin("VRF"), with `"" = extra` when not empty.
 */
export function signingContextTranscripts(
  context: Uint8Array | string,
  msg: Uint8Array,
  extra: Uint8Array = new Uint8Array(0),
): VrfTranscripts {
  const m = msg.slice();
  const x = extra.slice();
  return {
    input: () => new Transcript('SigningContext').appendMessage('', context).appendMessage('sign-bytes', m),
    extra: () => (x.length ? new Transcript('VRF').appendMessage('', x) : new Transcript('VRF')),
  };
}

/** The most cores a bitfield may name here (Polkadot runs a few hundred; the TA has the same bound). */
export const MAX_CORE_BITFIELD_BITS = 4096;

/** SCALE compact u32 as bitvec encodes a length: canonical (shortest) forms only. */
function readCompactU32(b: Uint8Array): { value: number; size: number } {
  const mode = (b[0] ?? 0) & 3;
  const need = [1, 2, 4, 5][mode]!;
  if (b.length < need) throw new FrostError('LENGTH', 'core bitfield: truncated length');
  let value: number;
  if (mode === 0) value = b[0]! >>> 2;
  else if (mode === 1) value = (b[0]! | (b[1]! << 8)) >>> 2;
  else if (mode === 2) value = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 2;
  else {
    if (b[0] !== 3) throw new FrostError('LENGTH', 'core bitfield: length over u32');
    value = (b[1]! | (b[2]! << 8) | (b[3]! << 16) | (b[4]! << 24)) >>> 0;
  }
  const canonical =
    mode === 0 || (mode === 1 && value > 63) || (mode === 2 && value > 16383) || value > 0x3fffffff;
  if (!canonical) throw new FrostError('LENGTH', 'core bitfield: non-canonical compact length');
  return { value, size: need };
}

/**
 * Strict decoding of a CoreBitfield (`BitVec<u8, Lsb0>` in SCALE: compact bit count, then the bits
 * in bytes, least significant first): canonical length, exact byte count, unused bits zero, at
 * least one core, at most MAX_CORE_BITFIELD_BITS. Returns the cores, increasing.
 */
export function decodeCoreBitfield(encoded: Uint8Array): number[] {
  const { value: bits, size } = readCompactU32(encoded);
  if (bits > MAX_CORE_BITFIELD_BITS) throw new FrostError('LENGTH', 'core bitfield: too many bits');
  const nbytes = Math.ceil(bits / 8);
  if (encoded.length !== size + nbytes) throw new FrostError('LENGTH', 'core bitfield: wrong byte count');
  const cores: number[] = [];
  for (let i = 0; i < nbytes * 8; i++) {
    const set = (encoded[size + (i >> 3)]! >> (i & 7)) & 1;
    if (set && i >= bits)
      throw new FrostError('INVALID_PARAMETERS', 'core bitfield: a bit past its length is set');
    if (set) cores.push(i);
  }
  if (cores.length === 0) throw new FrostError('INVALID_PARAMETERS', 'core bitfield: names no core');
  return cores;
}

/** The CoreBitfield polkadot-sdk makes from a list of cores: length max + 1, those bits set. */
export function encodeCoreBitfield(cores: readonly number[]): Uint8Array {
  if (cores.length === 0) throw new FrostError('INVALID_PARAMETERS', 'core bitfield: names no core');
  cores.forEach((c) => u32le(c, 'core'));
  const bits = Math.max(...cores) + 1;
  if (bits > MAX_CORE_BITFIELD_BITS) throw new FrostError('LENGTH', 'core bitfield: too many bits');
  // bits <= 4096: the one-byte (< 64) or two-byte compact form
  const len = bits < 64 ? Uint8Array.of(bits << 2) : Uint8Array.of(((bits << 2) | 1) & 0xff, bits >> 6);
  const body = new Uint8Array(Math.ceil(bits / 8));
  for (const c of cores) body[c >> 3]! |= 1 << (c & 7);
  const out = new Uint8Array(len.length + body.length);
  out.set(len);
  out.set(body, len.length);
  return out;
}
