import { beforeAll, describe, expect, it } from '@jest/globals';
import * as scure from '@scure/sr25519';
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import fc from 'fast-check';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import type { ChallengeSuite } from '../src/index.js';
import {
  encodePoint,
  ORDER,
  randomScalar,
  mulBase,
  rfc9591,
  schnorrkel,
  schnorrkelSuite,
  verifySignature,
} from '../src/index.js';
import { hex, unhex, utf8 } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

/** Single-key Schnorr under a suite: z = k + c·x. Only here, to test the challenge in isolation. */
function singleSign(suite: ChallengeSuite, x: bigint, msg: Uint8Array): { sig: Uint8Array; pk: Uint8Array } {
  const k = randomScalar();
  const R = mulBase(k);
  const pk = mulBase(x);
  const z = (k + suite.challenge(R, pk, msg) * x) % ORDER;
  return { sig: suite.encodeSignature(R, z), pk: encodePoint(pk) };
}

describe('schnorrkel challenge', () => {
  it('our sr25519 signatures verify under Rust schnorrkel (wasm) and @scure/sr25519', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (msg) => {
        const { sig, pk } = singleSign(schnorrkel, randomScalar(), msg);
        expect(chainAccepts(sig, msg, pk)).toBe(true);
        expect(scure.verify(msg, sig, pk)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('accepts signatures made by Rust schnorrkel (wasm) and by @scure/sr25519', async () => {
    await waitReady();
    const msg = utf8('triad accepts what schnorrkel makes');
    const pair = sr25519KeypairFromSeed(new Uint8Array(32).fill(7));
    const pk = pair.slice(64);
    expect(verifySignature(schnorrkel, sr25519Sign(pk, pair.slice(0, 64), msg), msg, pk)).toBe(true);

    const sk = scure.secretFromSeed(new Uint8Array(32).fill(9));
    expect(verifySignature(schnorrkel, scure.sign(sk, msg), msg, scure.getPublicKey(sk))).toBe(true);
  });

  it('uses the "substrate" signing context: another context does not verify', () => {
    const msg = utf8('context matters');
    const { sig, pk } = singleSign(schnorrkelSuite('other'), randomScalar(), msg);
    expect(verifySignature(schnorrkelSuite('other'), sig, msg, pk)).toBe(true);
    expect(verifySignature(schnorrkel, sig, msg, pk)).toBe(false);
  });

  it('rejects a signature with the marker bit cleared, and an RFC-style signature', async () => {
    const msg = utf8('marker');
    const x = randomScalar();
    const { sig, pk } = singleSign(schnorrkel, x, msg);
    const cleared = sig.slice();
    cleared[63]! &= 0x7f;
    expect(verifySignature(schnorrkel, cleared, msg, pk)).toBe(false);
    expect(chainAccepts(cleared, msg, pk)).toBe(false);
    const rfc = singleSign(rfc9591, x, msg);
    expect(verifySignature(schnorrkel, rfc.sig, msg, rfc.pk)).toBe(false);
  });

  it('rejects s >= l (non-canonical scalar) even when s - l would verify', async () => {
    const msg = utf8('malleability');
    const { sig, pk } = singleSign(schnorrkel, randomScalar(), msg);
    const z = BigInt(
      '0x' +
        hex(
          sig
            .slice(32)
            .map((b, i) => (i === 31 ? b & 0x7f : b))
            .reverse(),
        ),
    );
    const zPlusL = z + ORDER;
    // z < l < 2^253, so z + l < 2^254 and still leaves the marker bit free.
    const bytes = unhex(zPlusL.toString(16).padStart(64, '0')).reverse();
    const forged = new Uint8Array([...sig.slice(0, 32), ...bytes]);
    forged[63]! |= 0x80;
    expect(verifySignature(schnorrkel, forged, msg, pk)).toBe(false);
    expect(chainAccepts(forged, msg, pk)).toBe(false);
  });

  it('rejects tampered messages, keys and lengths', () => {
    const msg = utf8('tamper');
    const { sig, pk } = singleSign(schnorrkel, randomScalar(), msg);
    expect(verifySignature(schnorrkel, sig, utf8('tamper!'), pk)).toBe(false);
    expect(verifySignature(schnorrkel, sig, msg, encodePoint(mulBase(randomScalar())))).toBe(false);
    expect(verifySignature(schnorrkel, sig.slice(0, 63), msg, pk)).toBe(false);
    expect(verifySignature(schnorrkel, sig, msg, new Uint8Array(32))).toBe(false);
  });
});
