/**
 * frost-core's DKG vectors (ZF `vectors_dkg.json`, one file per ciphersuite) replayed through this
 * package's DKG: each participant, from its own polynomial and the others' published round-one
 * packages and shares, must reach the vector's commitments, shares and group key.
 */
import { expect } from '@jest/globals';
import { dkgRound1, dkgRound2, dkgRound3, encodePoint } from '../src/index.js';
import type { Ciphersuite, DkgRound1Package, SecretSharePackage } from '../src/index.js';
import { hex, unhex } from './helpers.js';

export interface ZfParticipant {
  identifier: number;
  signing_key: string;
  coefficient: string;
  vss_commitments: string[];
  proof_of_knowledge: string;
  /** signing_shares[j] = f_j(i) for this participant i */
  signing_shares: Record<string, string>;
  verifying_share: string;
  signing_share: string;
}

interface ZfFixture {
  config: { MIN_PARTICIPANTS: number; MAX_PARTICIPANTS: number };
  inputs: object;
}

export function zfDkgVectors(zf: ZfFixture, suite: Ciphersuite) {
  const inputs = zf.inputs as Record<string, ZfParticipant> & { verifying_key: string };
  const participants = [1, 2, 3].map((i) => inputs[String(i)]!);
  const decode = (h: string) => suite.group.decode(unhex(h));
  const { scalars } = suite.group;
  const decodeScalar = (b: Uint8Array) => scalars.decode(b);
  const encodeScalar = (s: bigint) => scalars.encode(s);
  // proof_of_knowledge is SerializeElement(R) || SerializeScalar(z)
  const rHex = 2 * suite.group.elementLength;

  const round1Of = (p: ZfParticipant): DkgRound1Package => ({
    identifier: p.identifier,
    commitment: p.vss_commitments.map(decode),
    proofOfKnowledge: {
      R: decode(p.proof_of_knowledge.slice(0, rHex)),
      z: decodeScalar(unhex(p.proof_of_knowledge.slice(rHex))),
    },
  });

  const round1Secret = (me: ZfParticipant) =>
    dkgRound1({
      identifier: me.identifier,
      threshold: zf.config.MIN_PARTICIPANTS,
      maxSigners: zf.config.MAX_PARTICIPANTS,
      polynomial: [decodeScalar(unhex(me.signing_key)), decodeScalar(unhex(me.coefficient))],
      suite,
    }).secret;

  /** The whole ceremony from `me`'s side, value by value. */
  function derivesShareAndGroupKey(me: ZfParticipant): void {
    const secret = round1Secret(me);
    expect(secret.package.commitment.map((c) => hex(encodePoint(c)))).toEqual(me.vss_commitments);
    const others = participants.filter((p) => p !== me).map(round1Of);
    // round two checks the vector's proofs of knowledge (empty context = frost-core's challenge)
    const { secret: s2, packages } = dkgRound2(secret, others);
    for (const out of packages) {
      const receiver = participants.find((p) => p.identifier === out.receiver)!;
      expect(hex(encodeScalar(out.share))).toBe(receiver.signing_shares[String(me.identifier)]);
    }
    const received: SecretSharePackage[] = Object.entries(me.signing_shares).map(([from, share]) => ({
      sender: Number(from),
      receiver: me.identifier,
      share: decodeScalar(unhex(share)),
    }));
    const { keyPackage, publicKeyPackage } = dkgRound3(s2, others, received);
    expect(hex(encodeScalar(keyPackage.signingShare))).toBe(me.signing_share);
    expect(hex(encodePoint(keyPackage.verifyingShare))).toBe(me.verifying_share);
    expect(hex(encodePoint(publicKeyPackage.groupPublicKey))).toBe(inputs.verifying_key);
    for (const p of participants) {
      expect(hex(encodePoint(publicKeyPackage.verifyingShares.get(p.identifier)!))).toBe(p.verifying_share);
    }
  }

  return { participants, round1Of, round1Secret, derivesShareAndGroupKey };
}
