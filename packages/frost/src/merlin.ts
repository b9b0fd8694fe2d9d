/**
 * Merlin transcripts (merlin.cool), the Fiat-Shamir layer schnorrkel uses for its challenge.
 *
 * Merlin is STROBE-128 over Keccak-f[1600], restricted to the four operations Merlin needs
 * (meta-AD, AD, PRF). The permutation comes from @noble/hashes; the STROBE framing is small
 * enough to state here exactly, and the C TA carries the same construction, so the two are checked
 * against the same known answers.
 */
import { keccakP } from '@noble/hashes/sha3.js';
import { FrostError } from './errors.js';

const STROBE_R = 166; // rate in bytes for STROBE-128: 200 - 2*(128/8) - 2
const FLAG_I = 1;
const FLAG_A = 1 << 1;
const FLAG_C = 1 << 2;
const FLAG_T = 1 << 3;
const FLAG_M = 1 << 4;
const FLAG_K = 1 << 5;

// keccakP works on 32-bit lanes in host order; STROBE addresses the state as bytes in Keccak's
// little-endian lane order. On a little-endian host those are the same memory.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('merlin: big-endian hosts are not supported');
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

class Strobe128 {
  private readonly lanes = new Uint32Array(50);
  private readonly state = new Uint8Array(this.lanes.buffer);
  private pos = 0;
  private posBegin = 0;
  private curFlags = 0;

  constructor(protocolLabel: Uint8Array) {
    this.state.set([1, STROBE_R + 2, 1, 0, 1, 96]);
    this.state.set(utf8('STROBEv1.0.2'), 6);
    keccakP(this.lanes);
    this.metaAd(protocolLabel, false);
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more);
    this.absorb(data);
  }

  ad(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A, more);
    this.absorb(data);
  }

  prf(out: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    this.squeeze(out);
  }

  private runF(): void {
    const st = this.state;
    st[this.pos]! ^= this.posBegin;
    st[this.pos + 1]! ^= 0x04;
    st[STROBE_R + 1]! ^= 0x80;
    keccakP(this.lanes);
    this.pos = 0;
    this.posBegin = 0;
  }

  private absorb(data: Uint8Array): void {
    for (const byte of data) {
      this.state[this.pos]! ^= byte;
      if (++this.pos === STROBE_R) this.runF();
    }
  }

  private squeeze(out: Uint8Array): void {
    for (let i = 0; i < out.length; i++) {
      out[i] = this.state[this.pos]!;
      this.state[this.pos] = 0;
      if (++this.pos === STROBE_R) this.runF();
    }
  }

  private beginOp(flags: number, more: boolean): void {
    if (more) {
      // A continuation must carry on the operation already begun, never start a different one.
      if (this.curFlags !== flags)
        throw new FrostError('INVALID_PARAMETERS', 'strobe: continued a different op');
      return;
    }
    if (flags & FLAG_T) throw new FrostError('INVALID_PARAMETERS', 'strobe: transport ops are not supported');
    const oldBegin = this.posBegin;
    this.posBegin = this.pos + 1;
    this.curFlags = flags;
    this.absorb(Uint8Array.of(oldBegin, flags));
    // Cipher and key ops must start on a fresh block so their output depends on all prior input.
    if (flags & (FLAG_C | FLAG_K) && this.pos !== 0) this.runF();
  }
}

const le32 = (n: number): Uint8Array => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new FrostError('LENGTH', 'merlin: length does not fit in 32 bits');
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
};

const asBytes = (x: Uint8Array | string): Uint8Array => (typeof x === 'string' ? utf8(x) : x);

export class Transcript {
  private readonly strobe: Strobe128;

  constructor(label: Uint8Array | string) {
    this.strobe = new Strobe128(utf8('Merlin v1.0'));
    this.appendMessage('dom-sep', label);
  }

  appendMessage(label: Uint8Array | string, message: Uint8Array | string): this {
    const msg = asBytes(message);
    this.strobe.metaAd(asBytes(label), false);
    this.strobe.metaAd(le32(msg.length), true);
    this.strobe.ad(msg, false);
    return this;
  }

  challengeBytes(label: Uint8Array | string, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.strobe.metaAd(asBytes(label), false);
    this.strobe.metaAd(le32(length), true);
    this.strobe.prf(out, false);
    return out;
  }
}
