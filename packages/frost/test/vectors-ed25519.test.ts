import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodeKeyPackage,
  decodePublicKeyPackage,
  decodeSignatureShare,
  decodeSigningCommitment,
  decodeSigningSet,
  decodeSecretSharePackage,
  ed25519Suite,
  FrostError,
} from '../src/index.js';
import { buildEd25519Vectors } from '../scripts/vectors.js';
import { ed25519Verdicts, ed25519VerifierReady } from './ed25519-helpers.js';
import { unhex } from './helpers.js';

beforeAll(() => ed25519VerifierReady());

const committed = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../vectors/triad-frost-ed25519-vectors.json', import.meta.url)),
    'utf8',
  ),
) as ReturnType<typeof buildEd25519Vectors>;
const sr25519 = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/triad-frost-vectors.json', import.meta.url)), 'utf8'),
) as Record<string, unknown>;

/** The JSON shape of a value: keys and element shapes, no values. */
const shapeOf = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.length
      ? ['array', shapeOf(v[0])]
      : ['array']
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]))
      : typeof v;

describe('ed25519 known-answer vectors (consumed by the C TA)', () => {
  it('the committed file is exactly what this implementation generates (run `npm run vectors` after a change)', () => {
    expect(JSON.parse(JSON.stringify(buildEd25519Vectors()))).toEqual(committed);
  });

  it('has the shape of the sr25519 file, so the C side reads it with the same generator', () => {
    const { merlin: _m, ...rest } = committed;
    const { merlin: _n, ...srRest } = sr25519;
    expect(shapeOf(rest)).toEqual(shapeOf(srRest));
    expect(committed.merlin).toEqual([]);
    expect(committed.signing.every((s) => s.signingContext === '')).toBe(true);
  });

  it('every vector signature is an RFC 8032 signature: noble strict and ed25519-dalek (wasm) accept', () => {
    expect(committed.signing.length).toBeGreaterThanOrEqual(4);
    for (const v of committed.signing) {
      expect(
        ed25519Verdicts(unhex(v.signature), unhex(v.message), unhex(committed.dealer.groupPublicKey)),
      ).toEqual([true, true]);
    }
  });

  it('refresh keeps the group key; the key packages decode as ed25519', () => {
    expect(committed.refresh.after.groupPublicKey).toBe(committed.refresh.before.groupPublicKey);
    expect(committed.refresh.after.participants[0]!.signingShare).not.toBe(
      committed.refresh.before.participants[0]!.signingShare,
    );
    expect(decodePublicKeyPackage(unhex(committed.dkg.result.publicKeyPackage), ed25519Suite).threshold).toBe(
      2,
    );
    for (const p of committed.dkg.result.participants) {
      expect(decodeKeyPackage(unhex(p.keyPackage), ed25519Suite).identifier).toBe(p.identifier);
    }
  });

  it('every malformed encoding is refused with the recorded code, the edwards25519-only ones included', () => {
    const decoders: Record<string, (b: Uint8Array) => unknown> = {
      SigningCommitment: (b) => decodeSigningCommitment(b, ed25519Suite),
      SigningSet: (b) => decodeSigningSet(b, ed25519Suite),
      SignatureShare: (b) => decodeSignatureShare(b, ed25519Suite),
      SecretSharePackage: (b) => decodeSecretSharePackage(b, ed25519Suite),
    };
    const codes = committed.malformed.map((m) => {
      try {
        decoders[m.kind]!(unhex(m.bytes));
      } catch (e) {
        return [m.kind, (e as FrostError).code];
      }
      return [m.kind, undefined];
    });
    expect(codes).toEqual(committed.malformed.map((m) => [m.kind, m.error]));
    for (const code of ['SMALL_ORDER_POINT', 'TORSION_COMPONENT', 'INVALID_POINT', 'IDENTITY_POINT']) {
      expect(committed.malformed.some((m) => m.error === code)).toBe(true);
    }
  });
});
