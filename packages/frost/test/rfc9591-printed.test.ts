import { describe, expect, it } from '@jest/globals';
import { ed25519_FROST, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed25519Suite, rfc9591, verifySignature } from '../src/index.js';
import type { ChallengeSuite } from '../src/index.js';
import ed25519Printed from './fixtures/rfc9591-ed25519-printed.json' with { type: 'json' };
import ed25519Zf from './fixtures/rfc9591-ed25519.json' with { type: 'json' };
import ristrettoPrinted from './fixtures/rfc9591-ristretto255-printed.json' with { type: 'json' };
import ristrettoZf from './fixtures/rfc9591-ristretto255.json' with { type: 'json' };
import { unhex } from './helpers.js';
import { rfc9591Vector } from './rfc9591-vector.js';
import type { RfcVector } from './rfc9591-vector.js';

// rfc9591.test.ts and rfc9591-ed25519.test.ts replay frost-core's machine-readable copies of E.2
// and E.1, which sign the RFC's keys with nonce randomness of their own. These are the transcripts
// the RFC prints, so the RFC's own numbers are checked too.
type Verify = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => boolean;
const cases: [string, RfcVector, RfcVector, ChallengeSuite, Verify][] = [
  ['E.1, FROST(Ed25519, SHA-512)', ed25519Printed, ed25519Zf, ed25519Suite, ed25519_FROST.verify],
  ['E.2, FROST(ristretto255, SHA-512)', ristrettoPrinted, ristrettoZf, rfc9591, ristretto255_FROST.verify],
];

describe.each(cases)(
  'RFC 9591 Appendix %s as printed, value by value',
  (_, vectors, zf, suite, nobleVerify) => {
    const vector = rfc9591Vector(vectors, suite);

    it('key generation: group public key and every participant share', vector.keyGeneration);
    it('round one: nonces and commitments', vector.roundOne);
    it('binding factor inputs and binding factors', vector.bindingFactors);
    it('round two shares, group commitment and the final signature', vector.roundTwo);

    it('the signature verifies here and under noble FROST; frost-core copy: same keys, other transcript', () => {
      const sig = unhex(vectors.final_output.sig);
      const pk = unhex(vectors.inputs.group_public_key);
      expect(nobleVerify(sig, vector.msg, pk)).toBe(true);
      expect(verifySignature(suite, sig, vector.msg, pk)).toBe(true);
      expect(zf.inputs.group_public_key).toBe(vectors.inputs.group_public_key);
      expect(zf.inputs.participant_shares).toEqual(vectors.inputs.participant_shares);
      expect(zf.final_output.sig).not.toBe(vectors.final_output.sig);
    });
  },
);
