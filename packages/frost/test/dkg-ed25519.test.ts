import { describe, expect, it } from '@jest/globals';
import {
  dkgRound1,
  dkgRound2,
  dkgRound3,
  decodeScalar,
  ed25519Suite,
  encodePoint,
  encodeScalar,
  ristretto255Hashes,
} from '../src/index.js';
import type { DkgRound1Package, SecretSharePackage } from '../src/index.js';
import zf from './fixtures/zf-dkg-ed25519.json' with { type: 'json' };
import { expectFrostError, hex, unhex } from './helpers.js';

const { group } = ed25519Suite;

interface ZfParticipant {
  identifier: number;
  signing_key: string;
  coefficient: string;
  vss_commitments: string[];
  proof_of_knowledge: string;
  signing_shares: Record<string, string>;
  verifying_share: string;
  signing_share: string;
}
const inputs = zf.inputs as unknown as Record<string, ZfParticipant> & { verifying_key: string };
const participants = [1, 2, 3].map((i) => inputs[String(i)]!);

const round1Of = (p: ZfParticipant): DkgRound1Package => ({
  identifier: p.identifier,
  commitment: p.vss_commitments.map((c) => group.decode(unhex(c))),
  proofOfKnowledge: {
    R: group.decode(unhex(p.proof_of_knowledge.slice(0, 64))),
    z: decodeScalar(unhex(p.proof_of_knowledge.slice(64))),
  },
});

const round1Secret = (me: ZfParticipant) =>
  dkgRound1({
    identifier: me.identifier,
    threshold: zf.config.MIN_PARTICIPANTS,
    maxSigners: zf.config.MAX_PARTICIPANTS,
    polynomial: [decodeScalar(unhex(me.signing_key)), decodeScalar(unhex(me.coefficient))],
    suite: ed25519Suite,
  }).secret;

describe('DKG: frost-core vectors (frost-ed25519 vectors_dkg.json)', () => {
  it.each(participants.map((p) => [p.identifier, p] as const))(
    'participant %i derives its share and the group key',
    (_, me) => {
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
    },
  );

  it('the proofs are bound to the ed25519 context string: with the ristretto255 HDKG they fail', () => {
    const me = participants[0]!;
    const hashes = { ...ed25519Suite.hashes, HDKG: ristretto255Hashes.HDKG };
    const secret = { ...round1Secret(me), suite: { ...ed25519Suite, hashes } };
    const others = participants.slice(1).map(round1Of);
    expectFrostError(() => dkgRound2(secret, others), 'INVALID_PROOF', 2);
  });
});
