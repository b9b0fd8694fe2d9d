import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  assignmentVrfPayloadTranscripts,
  babeVrfPayloadTranscripts,
  decodeBabeVrfPayload,
  verifyVrf,
} from '../src/index.js';
import { buildVrfVectors, VRF_KIND } from '../scripts/vrf-vectors.js';
import { unhex } from './helpers.js';
import { babeSpec, NO_EXTRA, scureVrfVerify } from './vrf-helpers.js';

const committed = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/triad-vrf-vectors.json', import.meta.url)), 'utf8'),
) as ReturnType<typeof buildVrfVectors>;

describe('VRF known-answer vectors (consumed by the C TA)', () => {
  it('the committed file is exactly what this implementation generates (run `npm run vectors` after a change)', () => {
    expect(JSON.parse(JSON.stringify(buildVrfVectors()))).toEqual(committed);
  });

  it('every vector VRF verifies; the BABE ones also on @scure transcripts', () => {
    const pk = unhex(committed.groupPublicKey);
    expect(committed.proofs).toHaveLength(4);
    for (const v of committed.proofs) {
      const payload = unhex(v.payload);
      const t =
        v.kind === VRF_KIND.assignmentVrf
          ? assignmentVrfPayloadTranscripts(payload)
          : babeVrfPayloadTranscripts(payload);
      expect(verifyVrf(pk, t, unhex(v.signature))).toBe(true);
      if (v.kind !== VRF_KIND.babeVrf) continue;
      const f = decodeBabeVrfPayload(payload);
      expect(scureVrfVerify(pk, babeSpec(f.slot, f.epoch, f.randomness), NO_EXTRA, unhex(v.signature))).toBe(
        true,
      );
    }
  });
});
