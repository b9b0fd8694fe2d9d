import { beforeAll, describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { secp256k1Sign } from '@polkadot/wasm-crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodeDkgRound1Package,
  decodeKeyPackage,
  decodePublicKeyPackage,
  decodeSecretSharePackage,
  decodeSignatureShare,
  decodeSigningCommitment,
  decodeSigningSet,
  FrostError,
  secp256k1Hashes,
  secp256k1Sha256,
  signPrehashedRecoverable,
} from '../src/index.js';
import { buildSecp256k1Vectors } from '../scripts/secp256k1-vectors.js';
import { allTrue, ecdsaVerdicts, ecdsaVerifierReady } from './ecdsa-helpers.js';
import { hex, unhex } from './helpers.js';

beforeAll(() => ecdsaVerifierReady());

const committed = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../vectors/triad-frost-secp256k1-vectors.json', import.meta.url)),
    'utf8',
  ),
) as ReturnType<typeof buildSecp256k1Vectors>;

// The checks below redo the arithmetic with plain bigints and noble's points, not with the code
// that wrote the file: they are what a C implementation reading it has to do.
const { Point } = secp256k1;
const n = Point.Fn.ORDER;
const modn = (a: bigint) => ((a % n) + n) % n;
const big = (h: string) => BigInt('0x' + h);
const be = (x: bigint) => x.toString(16).padStart(64, '0');
const mulG = (k: bigint) => Point.BASE.multiply(modn(k)).toHex(true);
const lagrange = (ids: number[], i: number) =>
  ids
    .filter((j) => j !== i)
    .reduce((acc, j) => modn(acc * BigInt(j) * Point.Fn.inv(modn(BigInt(j - i)))), 1n);

const keySource = (name: string) => (name === 'dealer' ? committed.dealer : committed.dkg.result);

describe('secp256k1 known-answer vectors (consumed by the C TA)', () => {
  it('the committed file is exactly what this implementation generates (run `npm run vectors` after a change)', () => {
    expect(JSON.parse(JSON.stringify(buildSecp256k1Vectors()))).toEqual(committed);
  });

  it('ecdsa: every 2-subset and message of both keys, each weighted share lambda_i*s_i, their sum the group key', () => {
    const seen = new Set<string>();
    for (const v of committed.ecdsa) {
      const key = keySource(v.key);
      seen.add(`${v.key} ${v.signers.join(',')}`);
      let x = 0n;
      for (const w of v.weightedShares) {
        const share = big(key.participants.find((p) => p.identifier === w.identifier)!.signingShare);
        expect(w.lagrangeCoefficient).toBe(be(lagrange(v.signers, w.identifier)));
        expect(w.weightedShare).toBe(be(modn(lagrange(v.signers, w.identifier) * share)));
        x = modn(x + big(w.weightedShare));
      }
      expect(mulG(x)).toBe(key.groupPublicKey);
      expect(v.combinedPublicKey).toBe(key.groupPublicKey);
      if (v.message !== '') expect(v.prehash).toBe(hex(keccak_256(unhex(v.message))));
      expect(v.signature.length).toBe(130);
      expect(v.recoveryId).toBe(unhex(v.signature)[64]);
    }
    expect([...seen].sort()).toEqual(
      ['dealer 1,2', 'dealer 1,3', 'dealer 2,3', 'dkg 1,2', 'dkg 1,3', 'dkg 2,3'].sort(),
    );
  });

  it('ecdsa: every signature is low-S, verifies under noble, recovers to the group key in noble and Rust', () => {
    for (const v of committed.ecdsa) {
      const pk = unhex(keySource(v.key).groupPublicKey);
      expect([v.name, ecdsaVerdicts(unhex(v.signature), unhex(v.prehash), pk)]).toEqual([v.name, allTrue]);
      expect(big(v.signature.slice(64, 128)) <= n / 2n).toBe(true);
    }
  });

  it('ecdsa: below n, Rust signs the same bytes with the combined key; at ff..ff the vector is RFC 6979 reduced', () => {
    for (const v of committed.ecdsa) {
      const x = v.weightedShares.reduce((acc, w) => modn(acc + big(w.weightedShare)), 0n);
      const rust = hex(secp256k1Sign(unhex(v.prehash), unhex(be(x))));
      if (big(v.prehash) < n) {
        expect([v.name, rust]).toEqual([v.name, v.signature]);
      } else {
        expect(v.note).toMatch(/reduces the prehash/);
        expect(rust).not.toBe(v.signature);
        expect(hex(signPrehashedRecoverable(x, unhex(be(modn(big(v.prehash))))))).toBe(v.signature);
      }
    }
    expect(committed.ecdsa.some((v) => big(v.prehash) >= n)).toBe(true);
  });

  it('dkg: every value follows from the polynomials and proof nonces (what a TA replays)', () => {
    const { dkg } = committed;
    const context = unhex(dkg.context);
    const f = (poly: string[], x: number) => poly.reduceRight((acc, a) => modn(acc * BigInt(x) + big(a)), 0n);
    let groupKey = Point.ZERO;
    for (const p of dkg.participants) {
      expect(p.commitment).toEqual(p.polynomial.map((a) => mulG(big(a))));
      expect(p.proofOfKnowledge.R).toBe(mulG(big(p.proofNonce)));
      const c = secp256k1Hashes.HDKG(
        concatBytes(
          context,
          unhex(be(BigInt(p.identifier))),
          unhex(p.commitment[0]!),
          unhex(p.proofOfKnowledge.R),
        ),
      );
      expect(p.proofOfKnowledge.z).toBe(be(modn(big(p.proofNonce) + big(p.polynomial[0]!) * c)));
      const decoded = decodeDkgRound1Package(unhex(p.round1Package), secp256k1Sha256);
      expect(decoded.identifier).toBe(p.identifier);
      expect(p.round2Shares.map((s) => s.receiver)).toEqual(
        dkg.participants.map((q) => q.identifier).filter((id) => id !== p.identifier),
      );
      p.round2Shares.forEach((s, i) => {
        expect(s.share).toBe(be(f(p.polynomial, s.receiver)));
        const pkg = decodeSecretSharePackage(unhex(p.round2Packages[i]!), secp256k1Sha256);
        expect([pkg.sender, pkg.receiver, be(pkg.share)]).toEqual([p.identifier, s.receiver, s.share]);
      });
      const mine = dkg.participants.reduce((acc, q) => modn(acc + f(q.polynomial, p.identifier)), 0n);
      expect(p.signingShare).toBe(be(mine));
      const result = dkg.result.participants.find((q) => q.identifier === p.identifier)!;
      expect(result.signingShare).toBe(p.signingShare);
      expect(result.verifyingShare).toBe(mulG(mine));
      groupKey = groupKey.add(Point.fromHex(p.commitment[0]!));
    }
    expect(dkg.result.groupPublicKey).toBe(groupKey.toHex(true));
  });

  it('refresh keeps the group key and changes the shares; key packages decode as secp256k1', () => {
    const { refresh, dkg } = committed;
    expect(refresh.after.groupPublicKey).toBe(refresh.before.groupPublicKey);
    expect(refresh.before.groupPublicKey).toBe(committed.dealer.groupPublicKey);
    refresh.after.participants.forEach((p, i) => {
      expect(p.signingShare).not.toBe(refresh.before.participants[i]!.signingShare);
      expect(p.verifyingShare).toBe(mulG(big(p.signingShare)));
    });
    expect(decodePublicKeyPackage(unhex(dkg.result.publicKeyPackage), secp256k1Sha256).threshold).toBe(2);
    for (const p of [...dkg.result.participants, ...refresh.after.participants]) {
      expect(decodeKeyPackage(unhex(p.keyPackage), secp256k1Sha256).identifier).toBe(p.identifier);
    }
  });

  it('every malformed encoding is refused with the recorded code, the SEC1-only ones included', () => {
    const suite = secp256k1Sha256;
    const decoders: Record<string, (b: Uint8Array) => unknown> = {
      SigningCommitment: (b) => decodeSigningCommitment(b, suite),
      SigningSet: (b) => decodeSigningSet(b, suite),
      SignatureShare: (b) => decodeSignatureShare(b, suite),
      SecretSharePackage: (b) => decodeSecretSharePackage(b, suite),
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
    expect(committed.malformed.filter((m) => m.error === 'INVALID_POINT').length).toBeGreaterThanOrEqual(6);
  });
});
