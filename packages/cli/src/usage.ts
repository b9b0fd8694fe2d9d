import { isKeyType, publicKeyLengthOfType } from '@triad/proto';

/** Bad usage: one clear line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 0 done (status: the cluster can sign), 1 not (or failed), 2 bad usage. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

export const USAGE = `usage: triadctl <command> [options]

commands:
  status                         each peer and the cluster (exit 0 when it can sign, 1 when not)
  keys                           the cluster's public keys (hex and SS58)
  sign --kind babe-seal --header 0x..          sign a pre-seal BABE header (key type babe)
  sign --kind raw --key-type T --payload 0x..  sign bytes with a non-slashable key
  sign --kind grandpa-vote --payload 0x..      sign a GRANDPA vote (the 53-byte localized payload;
                                 key type gran, ed25519)
  sign --kind para-statement --payload 0x..    sign a parachain statement (backing, bitfield, dispute,
                                 approval or PVF pre-check, as the node signs it; key type para)
  sign --kind beefy-commitment --payload 0x..  sign a BEEFY commitment (its SCALE encoding, not its hash;
                                 key type beef, ecdsa: 65 bytes r || s || recovery id)
  sign --kind babe-vrf --slot N --epoch E --randomness 0x..   a BABE slot claim's VRF (key type babe):
                                 pre-output, proof and the 96-byte signature
  sign --kind babe-vrf-pre-output --slot N --epoch E --randomness 0x..   its pre-output alone
  sign --kind assignment-vrf --story 0x.. (--cores 1,5,9 | --core N)   an approval assignment's VRF
                                 (key type asgn): modulo-compact with --cores, delay with --core
  dkg --key-type T [--non-slashable] [--threshold N] [--label L]   run a DKG, led by the first URL's peer
  refresh --key-type T [--public-key 0x..]     new shares of a key in every TA, same public key
  rotate-keys --owner STASH [--key-types T,..] [--label L]   a new session key set (a DKG per type) and its
                                 ownership proof, for session.setKeys (STASH: SS58 or 0x + 32 bytes)
  retire-key --key-type T --public-key 0x..    wipe a key's share in every TA (refused while in use)
  certs --dir D --peers 1,2,3 [--hosts h1,h2] [--clients validator-a,ops]
                                 make the cluster CA, peer and client certificates
  enroll [--ta-socket PATH]      what to enroll for a board: its attestation key and TA measurement
                                 (OP-TEE through libteec without --ta-socket)
  mesh-key --file F              this peer's libp2p id, its key made when F is absent

options: --urls h:p,...  --ca F  --cert F  --key F  --cluster cluster.json  --timeout MS  --json
         --server-name N  the DNS name in the peers' certificates, for URLs with IP addresses
(defaults: TRIAD_URLS, TRIAD_CA, TRIAD_CERT, TRIAD_KEY, TRIAD_SERVER_NAME, TRIAD_CLUSTER, then
.triad/dev/cluster.json)`;

/** Hex with or without 0x, even length, at least one byte. */
export function parseHex(value: string | undefined, flag: string): Uint8Array {
  const h = (value ?? '').replace(/^0x/i, '');
  if (!h || h.length % 2 || !/^[0-9a-fA-F]+$/.test(h))
    throw new UsageError(`${flag}: expected hex bytes (0x...)`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/** A public key (or another 32-byte value): 0x and 32 bytes of hex. */
export function parseKey32(value: string | undefined, flag = '--public-key'): Uint8Array {
  const key = parseHex(value, flag);
  if (key.length !== 32) throw new UsageError(`${flag}: 0x and 32 bytes of hex`);
  return key;
}

/** A public key of `keyType`: 0x and its scheme's bytes of hex (33 for an ecdsa type, else 32). */
export function parsePublicKey(
  value: string | undefined,
  keyType: string,
  flag = '--public-key',
): Uint8Array {
  const length = publicKeyLengthOfType(keyType);
  const key = parseHex(value, flag);
  if (key.length !== length)
    throw new UsageError(`${flag}: 0x and ${length} bytes of hex (a ${keyType} key)`);
  return key;
}

/** A key's label (`--label`): 1..64 letters, digits or " _.:/@+-", as the peers take it. */
export function parseLabel(value: string | undefined): string {
  if (value === undefined || !/^[A-Za-z0-9 _.:/@+-]{1,64}$/.test(value))
    throw new UsageError('--label: 1..64 letters, digits or " _.:/@+-"');
  return value;
}

export function parseKeyType(value: string | undefined, flag = '--key-type'): string {
  if (!isKeyType(value))
    throw new UsageError(
      `${flag}: expected a key type of four lowercase letters or digits (babe, audi, ...)`,
    );
  return value;
}

export function parsePositive(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer`);
  return n;
}

/** A u64 flag (`--slot`, `--epoch`): decimal digits. */
export function parseU64(value: string | undefined, flag: string): bigint {
  if (value === undefined || !/^\d{1,20}$/.test(value) || BigInt(value) >= 1n << 64n)
    throw new UsageError(`${flag}: expected an integer in 0..2^64-1`);
  return BigInt(value);
}
