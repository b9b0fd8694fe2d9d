/**
 * The part of the DKG and of share refresh that is the same: every participant deals f_i(j) to
 * every other participant j, and each receiver checks what it got against the sender's
 * commitment before adding it to its share.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import { DEFAULT_CIPHERSUITE } from './ciphersuite.js';
import type { Group, GroupElement } from './group.js';
import { assertInGroup, assertNotIdentity } from './group.js';
import { assertIdentifier } from './identifiers.js';
import type { ScalarField } from './scalar.js';
import { evaluatePolynomial, shareMatchesCommitment } from './vss.js';

/** f_sender(receiver): secret, sent encrypted TA-to-TA in Triad. */
export interface SecretSharePackage {
  readonly sender: number;
  readonly receiver: number;
  readonly share: bigint;
}

/** A participant's public commitment as every other participant sees it. */
export interface CommittedPolynomial {
  readonly identifier: number;
  /** C_0..C_{t-1}; for a refresh C_0 is the identity. */
  readonly commitment: readonly GroupElement[];
}

/** The other participants' packages: one from each of the other maxSigners - 1, never one from us. */
export function assertPeerSet(self: number, maxSigners: number, peers: readonly number[]): void {
  peers.forEach(assertIdentifier);
  if (new Set(peers).size !== peers.length)
    throw new FrostError('DUPLICATE_IDENTIFIER', 'two packages from one sender');
  if (peers.includes(self))
    throw new FrostError('DUPLICATE_IDENTIFIER', `a package claims our own identifier ${self}`);
  if (peers.length !== maxSigners - 1) {
    throw new FrostError(
      'MISSING_PACKAGE',
      `expected ${maxSigners - 1} packages from others, got ${peers.length}`,
    );
  }
}

/**
 * Round two's intake, the same for the DKG and refresh: one package from every other participant,
 * each commitment of the expected length with no identity point. Returned in identifier order.
 */
export function acceptPeerCommitments<P extends CommittedPolynomial>(
  self: number,
  maxSigners: number,
  length: number,
  received: readonly P[],
  group: Group = DEFAULT_CIPHERSUITE.group,
): P[] {
  assertPeerSet(
    self,
    maxSigners,
    received.map((p) => p.identifier),
  );
  for (const p of received) {
    if (p.commitment.length !== length) {
      throw new FrostError(
        'INVALID_PARAMETERS',
        `commitment from ${p.identifier} has the wrong length`,
        p.identifier,
      );
    }
    assertInGroup(group, p.commitment, `commitment from ${p.identifier}`, p.identifier);
    p.commitment.forEach((c) => assertNotIdentity(c, `commitment from ${p.identifier}`));
  }
  return [...received].sort((a, b) => a.identifier - b.identifier);
}

/** f_self(j) for every receiver j, in the key's scalar field. */
export function dealShares(
  self: number,
  polynomial: readonly bigint[],
  receivers: readonly number[],
  field: ScalarField = DEFAULT_CIPHERSUITE.group.scalars,
): SecretSharePackage[] {
  return receivers.map((receiver) => ({
    sender: self,
    receiver,
    share: evaluatePolynomial(polynomial, receiver, field),
  }));
}

/**
 * Checks each received share against its sender's commitment and returns their sum.
 * A share that fails names its sender (the culprit).
 */
export function sumReceivedShares(
  self: number,
  senders: readonly CommittedPolynomial[],
  received: readonly SecretSharePackage[],
  group: Group = DEFAULT_CIPHERSUITE.group,
): bigint {
  let sum = 0n;
  for (const sender of senders) {
    const matching = received.filter((p) => p.sender === sender.identifier);
    if (matching.length !== 1) {
      throw new FrostError(
        'MISSING_PACKAGE',
        `expected one share from ${sender.identifier}`,
        sender.identifier,
      );
    }
    const pkg = matching[0]!;
    if (pkg.receiver !== self) {
      throw new FrostError(
        'INVALID_SHARE',
        `share from ${pkg.sender} is addressed to ${pkg.receiver}`,
        pkg.sender,
      );
    }
    if (!shareMatchesCommitment(self, pkg.share, sender.commitment, group)) {
      throw new FrostError(
        'INVALID_SHARE',
        `share from ${pkg.sender} does not match its commitment`,
        pkg.sender,
      );
    }
    sum = group.scalars.mod(sum + pkg.share);
  }
  if (received.length !== senders.length)
    throw new FrostError('INVALID_SHARE', 'shares from unexpected senders');
  return sum;
}

const le32 = (n: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
};

/**
 * SHA-512 over a domain, the ceremony context and every round-one package (encoded, length-prefixed,
 * in identifier order): the value participants echo to detect that someone saw different packages.
 */
export function echoDigest(
  kind: 'dkg' | 'refresh',
  context: Uint8Array,
  packages: readonly (readonly [number, Uint8Array])[],
): Uint8Array {
  const sorted = [...packages].sort((a, b) => a[0] - b[0]);
  const framed = [new TextEncoder().encode(`triad-${kind}-echo-v1`), context, ...sorted.map((p) => p[1])];
  return sha512(concatBytes(...framed.flatMap((b) => [le32(b.length), b])));
}
