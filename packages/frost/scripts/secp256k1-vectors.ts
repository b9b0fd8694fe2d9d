/**
 * vectors/triad-frost-secp256k1-vectors.json: known answers for the `beef` key (ecdsa secp256k1),
 * whose shares come from FROST(secp256k1, SHA-256) key generation and whose signatures are ECDSA
 * from combined Lagrange-weighted shares. The dealer, DKG, refresh and malformed-encoding parts are
 * vectors.ts's, in this suite's encodings; the DKG adds each participant's decoded commitment,
 * proof of knowledge and its nonce, so a TA can reproduce the DKG from the polynomials alone; the
 * ecdsa part is this file's own. Fields and encodings: packages/frost/README.md.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import {
  combineWeightedShares,
  decodeDkgRound1Package,
  decodeSecretSharePackage,
  lagrangeCoefficient,
  secp256k1Sha256,
  signPrehashedRecoverable,
  trustedDealerKeygen,
  weightedShare,
} from '../src/index.js';
import type { KeyPackage, PublicKeyPackage } from '../src/index.js';
import { beefyCommitmentLike, beefyPrehash } from './beefy-commitment.js';
import { drbg } from './drbg.js';
import {
  dkgVector,
  hex,
  keyVector,
  malformedVectors,
  pointHex,
  refreshVector,
  scalarHex,
  utf8,
} from './vectors.js';

const suite = secp256k1Sha256;
const { group } = suite;
const at = 'secp256k1/';
const scalar = (s: bigint) => scalarHex(suite, s);
const be32 = (x: bigint) => hexToBytes(x.toString(16).padStart(64, '0'));

/** The smallest x for which x^3 + 7 is not a square mod p: no point of secp256k1 has it. */
function xOffCurve(): bigint {
  const { Fp } = secp256k1.Point;
  for (let x = 1n; ; x++) {
    if (Fp.pow(Fp.add(Fp.pow(x, 3n), 7n), (Fp.ORDER - 1n) / 2n) !== 1n) return x;
  }
}

/** Encodings only SEC1 compressed points have, each in place of a good hiding commitment. */
function secp256k1Malformed(good: Uint8Array) {
  const hiding = (point: Uint8Array) => {
    const out = good.slice();
    out.set(point, 3);
    return hex(out);
  };
  const gx = group.base.toBytes().subarray(1);
  return [
    // the identity has no 33-byte encoding: all zeros is simply not a point
    { kind: 'SigningCommitment', bytes: hiding(new Uint8Array(33)), error: 'INVALID_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(Uint8Array.of(0x04, ...gx)), error: 'INVALID_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(Uint8Array.of(0x05, ...gx)), error: 'INVALID_POINT' },
    // x = p, and x = p + 1 (whose reduction, 1, is a valid x): coordinates must be below p
    {
      kind: 'SigningCommitment',
      bytes: hiding(Uint8Array.of(0x02, ...be32(secp256k1.Point.Fp.ORDER))),
      error: 'INVALID_POINT',
    },
    {
      kind: 'SigningCommitment',
      bytes: hiding(Uint8Array.of(0x02, ...be32(secp256k1.Point.Fp.ORDER + 1n))),
      error: 'INVALID_POINT',
    },
    {
      kind: 'SigningCommitment',
      bytes: hiding(Uint8Array.of(0x03, ...be32(xOffCurve()))),
      error: 'INVALID_POINT',
    },
  ];
}

/** The DKG as vectors.ts records it, plus what each round-one package holds, decoded. */
function dkgSection() {
  const threshold = 2;
  const base = dkgVector(suite, threshold, 3, utf8(`${at}triad-dkg/vector-session`), `${at}triad`);
  return {
    ...base,
    participants: base.participants.map((p) => {
      const pkg = decodeDkgRound1Package(hexToBytes(p.round1Package), suite);
      // randomScalar draws the t coefficients first, then the proof's nonce k
      const k = group.scalars.fromBytesWide(hexToBytes(p.randomness[threshold]!));
      if (!group.mulBase(k).equals(pkg.proofOfKnowledge.R))
        throw new Error('proof nonce is not the next draw');
      return {
        ...p,
        commitment: pkg.commitment.map(pointHex),
        proofNonce: scalar(k),
        proofOfKnowledge: { R: pointHex(pkg.proofOfKnowledge.R), z: scalar(pkg.proofOfKnowledge.z) },
        round2Shares: p.round2Packages.map((b) => {
          const s = decodeSecretSharePackage(hexToBytes(b), suite);
          return { receiver: s.receiver, share: scalar(s.share) };
        }),
      };
    }),
  };
}

interface Message {
  readonly name: string;
  /** The signed bytes, empty where only a prehash is given. */
  readonly message: Uint8Array;
  readonly prehash: Uint8Array;
  readonly note: string;
}

function ecdsaVector(
  keyName: string,
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  signers: number[],
  m: Message,
) {
  const shares = signers.map((id) => {
    const key = keys.find((k) => k.identifier === id)!;
    return {
      lambda: lagrangeCoefficient(signers, id, suite),
      w: weightedShare(suite, id, signers, key.signingShare),
    };
  });
  const x = combineWeightedShares(
    suite,
    pub,
    signers,
    shares.map((s) => s.w),
  );
  const signature = signPrehashedRecoverable(x, m.prehash);
  return {
    name: `${keyName} key; signers ${signers.join(',')}; ${m.name}`,
    key: keyName,
    signers,
    message: hex(m.message),
    prehash: hex(m.prehash),
    weightedShares: shares.map((s) => ({
      identifier: s.w.identifier,
      lagrangeCoefficient: scalar(s.lambda),
      weightedShare: scalar(s.w.value),
    })),
    combinedPublicKey: pointHex(group.mulBase(x)),
    signature: hex(signature),
    recoveryId: signature[64]!,
    note: m.note,
  };
}

function commitmentMessage(name: string, root: Uint8Array, block: number, setId: bigint, note = ''): Message {
  const message = beefyCommitmentLike(root, block, setId);
  return { name, message, prehash: beefyPrehash(message), note };
}

export function buildSecp256k1Vectors() {
  const dealt = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg(`${at}triad/dealer`), suite });
  const { keyPackages: keys, publicKeyPackage: pub } = dealt;
  const dkg = dkgSection();
  const dkgKeys = dkg.result.participants.map((p) => ({
    identifier: p.identifier,
    signingShare: group.scalars.decode(hexToBytes(p.signingShare)),
    verifyingShare: group.decode(hexToBytes(p.verifyingShare)),
    groupPublicKey: group.decode(hexToBytes(dkg.result.groupPublicKey)),
    threshold: dkg.result.threshold,
  }));
  const dkgPub: PublicKeyPackage = {
    threshold: dkg.result.threshold,
    groupPublicKey: dkgKeys[0]!.groupPublicKey,
    verifyingShares: new Map(dkgKeys.map((k) => [k.identifier, k.verifyingShare] as const)),
  };
  const root = drbg(`${at}triad/mmr-root`)(32);
  const messages = [
    commitmentMessage('commitment mh=root, block 1000, set 5', root, 1000, 5n),
    commitmentMessage('commitment mh=root, block 1001, set 5', root, 1001, 5n),
    commitmentMessage(
      'commitment mh=other root, block 1000, set 5',
      drbg(`${at}triad/mmr-root-fork`)(32),
      1000,
      5n,
      'the same block and set as the first message with another payload: a double vote, which the TA rule must refuse, signed here only as arithmetic',
    ),
  ];
  const pairs = [
    [1, 2],
    [1, 3],
    [2, 3],
  ];
  const ecdsa = [
    ...messages.flatMap((m) => pairs.map((pair) => ecdsaVector('dealer', keys, pub, pair, m))),
    ...pairs.map((pair) => ecdsaVector('dkg', dkgKeys, dkgPub, pair, messages[0]!)),
    ecdsaVector('dealer', keys, pub, [1, 2], {
      name: 'prehash ff..ff (>= n)',
      message: new Uint8Array(),
      prehash: new Uint8Array(32).fill(0xff),
      note: 'RFC 6979 bits2octets reduces the prehash mod n before the nonce (libsecp256k1 since bitcoin-core/secp256k1 PR 1064 does; older releases, such as the one in @polkadot/wasm-crypto 7.5.4, sign other, equally valid bytes). Never reached by keccak-256 in practice (probability about 2^-128).',
    }),
  ];
  return {
    description:
      'Triad ecdsa secp256k1 (BEEFY `beef` key) known answers, generated by @triad/frost: keys by FROST(secp256k1, SHA-256) (RFC 9591 section 6.5) trusted dealer, DKG and refresh; signatures by ECDSA from the sum of two Lagrange-weighted shares (RFC 6979, low-S, r || s || v). Hex strings; scalars 32 bytes big-endian (mod n); points 33-byte SEC1 compressed; wire integers little-endian. Fields: packages/frost/README.md.',
    generator: 'npm run vectors',
    dealer: keyVector(suite, keys, pub),
    dkg,
    refresh: refreshVector(suite, keys, pub, `${at}triad`),
    ecdsa,
    malformed: malformedVectors({ suite, seedPrefix: at, groupMalformed: secp256k1Malformed }, keys),
  };
}
