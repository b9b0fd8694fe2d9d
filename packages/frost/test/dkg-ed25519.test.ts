import { describe, it } from '@jest/globals';
import { dkgRound2, ed25519Suite, ristretto255Hashes } from '../src/index.js';
import zf from './fixtures/zf-dkg-ed25519.json' with { type: 'json' };
import { expectFrostError } from './helpers.js';
import { zfDkgVectors } from './zf-dkg.js';

const { participants, round1Of, round1Secret, derivesShareAndGroupKey } = zfDkgVectors(zf, ed25519Suite);

describe('DKG: frost-core vectors (frost-ed25519 vectors_dkg.json)', () => {
  it.each(participants.map((p) => [p.identifier, p] as const))(
    'participant %i derives its share and the group key',
    (_, me) => derivesShareAndGroupKey(me),
  );

  it('the proofs are bound to the ed25519 context string: with the ristretto255 HDKG they fail', () => {
    const me = participants[0]!;
    const hashes = { ...ed25519Suite.hashes, HDKG: ristretto255Hashes.HDKG };
    const secret = { ...round1Secret(me), suite: { ...ed25519Suite, hashes } };
    const others = participants.slice(1).map(round1Of);
    expectFrostError(() => dkgRound2(secret, others), 'INVALID_PROOF', 2);
  });
});
