/**
 * A BEEFY commitment, the bytes a `beef` key votes on (POLKADOT.md, `beef`): the SCALE encoding of
 * sp_consensus_beefy's `Commitment { payload: Vec<([u8; 2], Vec<u8>)>, block_number: u32,
 * validator_set_id: u64 }`; the node signs keccak-256 of these bytes. Read exactly as the TAs read
 * it (optee-ta/ta/policy/beefy_commitment.c), so that a client or the bridge turns away before
 * sending what the TAs would refuse: canonical compacts, 1 to 16 payload entries with ids strictly
 * increasing (polkadot-sdk's payload.rs keeps them sorted and unique), values of at most 1 KiB, at
 * most 4 KiB in all, nothing after the set id. Polkadot's commitment is one entry, "mh" (the MMR
 * root, 32 bytes): 48 bytes. The C parser and this one are held to the same vectors
 * (optee-ta/tests/policy/gen-beefy-vectors.mjs).
 */
export const BEEFY_MAX_ENTRIES = 16;
export const BEEFY_MAX_VALUE_BYTES = 1024;
export const BEEFY_MAX_COMMITMENT_BYTES = 4096;
/** The payload id of the MMR root (`known_payloads::MMR_ROOT_ID`), the entry Polkadot signs. */
export const BEEFY_MMR_ROOT_ID = 'mh';

export interface BeefyPayloadEntry {
  /** The 2-byte payload id, e.g. "mh" = 0x6d 0x68. */
  readonly id: Uint8Array;
  readonly value: Uint8Array;
}

export interface BeefyCommitment {
  readonly payload: readonly BeefyPayloadEntry[];
  readonly blockNumber: number;
  readonly validatorSetId: bigint;
}

/** Why bytes are not a BEEFY commitment the TAs would sign. */
export class BeefyCommitmentError extends Error {
  constructor(message: string) {
    super(`not a BEEFY commitment: ${message}`);
    this.name = 'BeefyCommitmentError';
  }
}

const fail = (message: string): never => {
  throw new BeefyCommitmentError(message);
};

/** A canonical SCALE Compact<u32> at `at`: [value, length]. */
function readCompact(b: Uint8Array, at: number, what: string): [number, number] {
  const first = b[at];
  if (first === undefined) return fail(`${what}: the bytes end before it`);
  /* n little-endian bytes from `from`, all of them there */
  const le = (from: number, n: number) => {
    if (from + n > b.length) fail(`${what}: the bytes end inside it`);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[from + i]!;
    return v;
  };
  switch (first & 3) {
    case 0:
      return [first >> 2, 1];
    case 1: {
      const v = le(at, 2) >>> 2;
      return v >= 1 << 6 ? [v, 2] : fail(`${what}: non-canonical compact (${v} in 2 bytes)`);
    }
    case 2: {
      const v = Math.floor(le(at, 4) / 4);
      return v >= 1 << 14 ? [v, 4] : fail(`${what}: non-canonical compact (${v} in 4 bytes)`);
    }
    default: {
      // a prefix byte, then (first >> 2) + 4 bytes of value: Compact<u32> holds 4 at most
      const n = (first >> 2) + 4;
      if (n > 4) return fail(`${what}: a compact of ${n} bytes is beyond a u32`);
      const v = le(at + 1, 4);
      return v >= 2 ** 30 ? [v, 5] : fail(`${what}: non-canonical compact (${v} in 5 bytes)`);
    }
  }
}

const hexId = (id: Uint8Array) => `0x${Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('')}`;

/** The commitment in `bytes`; throws a BeefyCommitmentError saying why when the TAs would refuse it. */
export function decodeBeefyCommitment(bytes: Uint8Array): BeefyCommitment {
  if (bytes.length > BEEFY_MAX_COMMITMENT_BYTES)
    fail(`${bytes.length} bytes, more than the ${BEEFY_MAX_COMMITMENT_BYTES} the TAs take`);
  const [count, countLen] = readCompact(bytes, 0, 'payload entry count');
  if (count === 0) fail('an empty payload (the node always commits to at least the MMR root)');
  if (count > BEEFY_MAX_ENTRIES) fail(`${count} payload entries, more than ${BEEFY_MAX_ENTRIES}`);
  const payload: BeefyPayloadEntry[] = [];
  let at = countLen;
  for (let i = 0; i < count; i++) {
    if (at + 2 > bytes.length) fail(`entry ${i}: the bytes end inside its id`);
    const id = bytes.slice(at, at + 2);
    const [len, lenLen] = readCompact(bytes, at + 2, `entry ${i} (${hexId(id)}) value length`);
    at += 2 + lenLen;
    if (len > bytes.length - at) fail(`entry ${i} (${hexId(id)}): a ${len}-byte value past the end`);
    if (len > BEEFY_MAX_VALUE_BYTES)
      fail(`entry ${i} (${hexId(id)}): a ${len}-byte value, more than ${BEEFY_MAX_VALUE_BYTES}`);
    const prev = payload[i - 1]?.id;
    if (prev && (prev[0]! > id[0]! || (prev[0] === id[0] && prev[1]! >= id[1]!)))
      fail(`payload ids not strictly increasing (${hexId(prev)} then ${hexId(id)})`);
    payload.push({ id, value: bytes.slice(at, at + len) });
    at += len;
  }
  if (bytes.length - at < 12) fail('the bytes end before block_number (u32) and validator_set_id (u64)');
  if (bytes.length - at > 12) fail(`${bytes.length - at - 12} bytes after validator_set_id`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 12);
  return { payload, blockNumber: view.getUint32(0, true), validatorSetId: view.getBigUint64(4, true) };
}

/** The MMR root a commitment carries ("mh", 32 bytes), or undefined when it has none. */
export function mmrRootOf(c: BeefyCommitment): Uint8Array | undefined {
  const [a, b] = Array.from(BEEFY_MMR_ROOT_ID, (ch) => ch.charCodeAt(0));
  const entry = c.payload.find((e) => e.id[0] === a && e.id[1] === b);
  return entry?.value.length === 32 ? entry.value : undefined;
}
