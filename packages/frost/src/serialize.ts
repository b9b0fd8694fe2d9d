/**
 * Byte encodings of every message, shared with the C TA. Integers are little-endian (as in SCALE),
 * identifiers u16. Scalars and points are the ciphersuite's own serializations: for ristretto255 and
 * edwards25519 32-byte points and 32-byte little-endian scalars, for secp256k1 33-byte SEC1
 * compressed points and 32-byte big-endian scalars. Each message starts with a one-byte type tag so
 * a message of one kind can never be parsed as another. Decoders are strict: exact length,
 * canonical scalars, canonical non-identity points, valid and (in lists) strictly increasing
 * identifiers. Every decoder takes the suite (default ristretto255), so an ed25519 key's packages
 * are read as edwards25519 points, strictly. Encoders of messages with points write scalars in the
 * points' group's encoding; the two without points (signature share, secret share package) take the
 * suite (default ristretto255), so a secp256k1 key's scalars are written big-endian.
 */
import type { Ciphersuite } from './ciphersuite.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import { FrostError } from './errors.js';
import type { Group, GroupElement } from './group.js';
import { encodePoint, groupOf } from './group.js';
import { assertIdentifier, assertSortedUnique, assertThreshold } from './identifiers.js';
import type { DkgRound1Package } from './dkg.js';
import type { KeyPackage, PublicKeyPackage } from './keys.js';
import type { RefreshRound1Package } from './refresh.js';
import type { SignatureShare } from './round2.js';
import type { SecretSharePackage } from './share-dealing.js';
import type { SigningCommitment } from './signing-set.js';

export const Tag = {
  SigningCommitment: 0x01,
  SigningSet: 0x02,
  SignatureShare: 0x03,
  DkgRound1Package: 0x04,
  SecretSharePackage: 0x05,
  RefreshRound1Package: 0x06,
  PublicKeyPackage: 0x07,
  KeyPackage: 0x08,
} as const;

/**
 * Little-endian byte writer for the wire formats (also used by @triad/tee for TA messages). Scalars
 * are written in `group`'s scalar encoding (default ristretto255's); points encode themselves.
 */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  constructor(private readonly group: Group = DEFAULT_CIPHERSUITE.group) {}
  u8(n: number): this {
    this.parts.push(Uint8Array.of(n & 0xff));
    return this;
  }
  u16(n: number): this {
    this.parts.push(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff));
    return this;
  }
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    this.parts.push(b);
    return this;
  }
  raw(b: Uint8Array): this {
    this.parts.push(b.slice());
    return this;
  }
  scalar(s: bigint): this {
    this.parts.push(this.group.scalars.encode(s));
    return this;
  }
  point(p: GroupElement): this {
    this.parts.push(encodePoint(p));
    return this;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/** Strict little-endian reader: running past the end, or leaving bytes over, is a FrostError. */
export class ByteReader {
  private off = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
    private readonly group: Group = DEFAULT_CIPHERSUITE.group,
  ) {}
  take(n: number): Uint8Array {
    if (this.off + n > this.buf.length) throw new FrostError('LENGTH', `${this.what}: truncated`);
    const out = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }
  tag(expected: number): void {
    const t = this.take(1)[0]!;
    if (t !== expected)
      throw new FrostError(
        'TAG',
        `${this.what}: tag 0x${t.toString(16)}, expected 0x${expected.toString(16)}`,
      );
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u16(): number {
    const b = this.take(2);
    return b[0]! | (b[1]! << 8);
  }
  u32(): number {
    return new DataView(this.take(4).slice().buffer).getUint32(0, true);
  }
  u64(): bigint {
    return new DataView(this.take(8).slice().buffer).getBigUint64(0, true);
  }
  identifier(): number {
    const id = this.u16();
    assertIdentifier(id);
    return id;
  }
  scalar(): bigint {
    const { scalars } = this.group;
    return scalars.decode(this.take(scalars.BYTES), this.what);
  }
  point(): GroupElement {
    return this.group.decode(this.take(this.group.elementLength), this.what);
  }
  /** Fails unless the whole input was consumed: trailing bytes are an error, not ignored. */
  end(): void {
    if (this.off !== this.buf.length)
      throw new FrostError('LENGTH', `${this.what}: ${this.buf.length - this.off} trailing bytes`);
  }
}

const decodeWith = <T>(
  bytes: Uint8Array,
  what: string,
  tag: number,
  suite: Ciphersuite,
  body: (r: ByteReader) => T,
): T => {
  const r = new ByteReader(bytes, what, suite.group);
  r.tag(tag);
  const out = body(r);
  r.end();
  return out;
};

// --- signing -------------------------------------------------------------------------------------

export function encodeSigningCommitment(c: SigningCommitment): Uint8Array {
  return new ByteWriter()
    .u8(Tag.SigningCommitment)
    .u16(c.identifier)
    .point(c.hiding)
    .point(c.binding)
    .bytes();
}

export function decodeSigningCommitment(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): SigningCommitment {
  return decodeWith(bytes, 'signing commitment', Tag.SigningCommitment, suite, (r) => ({
    identifier: r.identifier(),
    hiding: r.point(),
    binding: r.point(),
  }));
}

export function encodeSigningSet(set: readonly SigningCommitment[]): Uint8Array {
  const w = new ByteWriter().u8(Tag.SigningSet).u16(set.length);
  for (const c of set) w.u16(c.identifier).point(c.hiding).point(c.binding);
  return w.bytes();
}

/** A signing set: strictly increasing identifiers; the threshold check belongs to the signer. */
export function decodeSigningSet(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): SigningCommitment[] {
  return decodeWith(bytes, 'signing set', Tag.SigningSet, suite, (r) => {
    const n = r.u16();
    const set = Array.from({ length: n }, () => ({
      identifier: r.identifier(),
      hiding: r.point(),
      binding: r.point(),
    }));
    assertSortedUnique(set.map((c) => c.identifier));
    return set;
  });
}

export function encodeSignatureShare(
  s: SignatureShare,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): Uint8Array {
  return new ByteWriter(suite.group).u8(Tag.SignatureShare).u16(s.identifier).scalar(s.z).bytes();
}

export function decodeSignatureShare(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): SignatureShare {
  return decodeWith(bytes, 'signature share', Tag.SignatureShare, suite, (r) => ({
    identifier: r.identifier(),
    z: r.scalar(),
  }));
}

// --- key generation --------------------------------------------------------------------------------

/** The scalar z is written in the encoding of the commitment's group. */
export function encodeDkgRound1Package(p: DkgRound1Package): Uint8Array {
  const w = new ByteWriter(groupOf(p.proofOfKnowledge.R, 'dkg round-1 package'))
    .u8(Tag.DkgRound1Package)
    .u16(p.identifier)
    .u16(p.commitment.length);
  p.commitment.forEach((c) => w.point(c));
  return w.point(p.proofOfKnowledge.R).scalar(p.proofOfKnowledge.z).bytes();
}

export function decodeDkgRound1Package(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): DkgRound1Package {
  return decodeWith(bytes, 'dkg round-1 package', Tag.DkgRound1Package, suite, (r) => {
    const identifier = r.identifier();
    const t = r.u16();
    if (t < 2) throw new FrostError('INVALID_PARAMETERS', 'dkg round-1 package: threshold below 2');
    const commitment = Array.from({ length: t }, () => r.point());
    return { identifier, commitment, proofOfKnowledge: { R: r.point(), z: r.scalar() } };
  });
}

export function encodeSecretSharePackage(
  p: SecretSharePackage,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): Uint8Array {
  return new ByteWriter(suite.group)
    .u8(Tag.SecretSharePackage)
    .u16(p.sender)
    .u16(p.receiver)
    .scalar(p.share)
    .bytes();
}

export function decodeSecretSharePackage(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): SecretSharePackage {
  return decodeWith(bytes, 'secret share package', Tag.SecretSharePackage, suite, (r) => {
    const p = { sender: r.identifier(), receiver: r.identifier(), share: r.scalar() };
    if (p.sender === p.receiver)
      throw new FrostError('DUPLICATE_IDENTIFIER', 'secret share package: sent to itself');
    return p;
  });
}

export function encodeRefreshRound1Package(p: RefreshRound1Package): Uint8Array {
  const w = new ByteWriter().u8(Tag.RefreshRound1Package).u16(p.identifier).u16(p.commitment.length);
  p.commitment.forEach((c) => w.point(c));
  return w.bytes();
}

export function decodeRefreshRound1Package(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): RefreshRound1Package {
  return decodeWith(bytes, 'refresh round-1 package', Tag.RefreshRound1Package, suite, (r) => {
    const identifier = r.identifier();
    const n = r.u16();
    if (n < 1) throw new FrostError('INVALID_PARAMETERS', 'refresh round-1 package: empty commitment');
    return { identifier, commitment: Array.from({ length: n }, () => r.point()) };
  });
}

// --- keys ----------------------------------------------------------------------------------------

export function encodePublicKeyPackage(p: PublicKeyPackage): Uint8Array {
  const entries = [...p.verifyingShares].sort((a, b) => a[0] - b[0]);
  const w = new ByteWriter()
    .u8(Tag.PublicKeyPackage)
    .u16(p.threshold)
    .u16(entries.length)
    .point(p.groupPublicKey);
  for (const [id, y] of entries) w.u16(id).point(y);
  return w.bytes();
}

export function decodePublicKeyPackage(
  bytes: Uint8Array,
  suite: Ciphersuite = DEFAULT_CIPHERSUITE,
): PublicKeyPackage {
  return decodeWith(bytes, 'public key package', Tag.PublicKeyPackage, suite, (r) => {
    const threshold = r.u16();
    const n = r.u16();
    assertThreshold(threshold, n);
    const groupPublicKey = r.point();
    const entries = Array.from({ length: n }, () => [r.identifier(), r.point()] as const);
    assertSortedUnique(entries.map((e) => e[0]));
    return { threshold, groupPublicKey, verifyingShares: new Map(entries) };
  });
}

/** Secret: a participant's whole share. Exists for tests and key import; a TA never exports it. */
export function encodeKeyPackage(k: KeyPackage): Uint8Array {
  return new ByteWriter(groupOf(k.groupPublicKey, 'key package'))
    .u8(Tag.KeyPackage)
    .u16(k.identifier)
    .u16(k.threshold)
    .scalar(k.signingShare)
    .point(k.verifyingShare)
    .point(k.groupPublicKey)
    .bytes();
}

export function decodeKeyPackage(bytes: Uint8Array, suite: Ciphersuite = DEFAULT_CIPHERSUITE): KeyPackage {
  return decodeWith(bytes, 'key package', Tag.KeyPackage, suite, (r) => {
    const k = {
      identifier: r.identifier(),
      threshold: r.u16(),
      signingShare: r.scalar(),
      verifyingShare: r.point(),
      groupPublicKey: r.point(),
    };
    if (k.threshold < 2) throw new FrostError('INVALID_PARAMETERS', 'key package: threshold below 2');
    if (!suite.group.mulBase(k.signingShare).equals(k.verifyingShare)) {
      throw new FrostError('INVALID_SHARE', 'key package: signing share does not match its verifying share');
    }
    return k;
  });
}
