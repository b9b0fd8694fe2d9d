import { beforeAll, describe, expect, it } from '@jest/globals';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodePublicKeyPackage,
  decodeSignatureShare,
  decodeSigningCommitment,
  decodeSigningSet,
  decodeSecretSharePackage,
  FrostError,
} from '../src/index.js';
import { buildVectors } from '../scripts/vectors.js';
import { unhex } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

const committed = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/triad-frost-vectors.json', import.meta.url)), 'utf8'),
) as ReturnType<typeof buildVectors>;

describe('exported known-answer vectors (consumed by the C TA)', () => {
  it('the committed file is exactly what this implementation generates (run `npm run vectors` after a change)', () => {
    expect(JSON.parse(JSON.stringify(buildVectors()))).toEqual(committed);
  });

  it('every vector signature verifies under Rust schnorrkel (wasm), so the vectors are sr25519 facts', async () => {
    const sigs = [...committed.signing.map((v) => ({ pk: committed.dealer.groupPublicKey, ...v }))];
    expect(sigs.length).toBeGreaterThanOrEqual(4);
    for (const v of sigs) expect(chainAccepts(unhex(v.signature), unhex(v.message), unhex(v.pk))).toBe(true);
  });

  it('refresh keeps the group key; the DKG key package decodes', () => {
    expect(committed.refresh.after.groupPublicKey).toBe(committed.refresh.before.groupPublicKey);
    expect(committed.refresh.after.participants[0]!.signingShare).not.toBe(
      committed.refresh.before.participants[0]!.signingShare,
    );
    expect(decodePublicKeyPackage(unhex(committed.dkg.result.publicKeyPackage)).threshold).toBe(2);
  });

  it('every malformed encoding is refused with the recorded code', () => {
    const decoders: Record<string, (b: Uint8Array) => unknown> = {
      SigningCommitment: decodeSigningCommitment,
      SigningSet: decodeSigningSet,
      SignatureShare: decodeSignatureShare,
      SecretSharePackage: decodeSecretSharePackage,
    };
    for (const m of committed.malformed) {
      let code: string | undefined;
      try {
        decoders[m.kind]!(unhex(m.bytes));
      } catch (e) {
        code = (e as FrostError).code;
      }
      expect([m.kind, code]).toEqual([m.kind, m.error]);
    }
  });
});
