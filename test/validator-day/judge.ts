/**
 * The chain's rules applied to the ledger, independently of the code that made the signatures:
 * signatures by Rust schnorrkel and Rust ed25519 (@polkadot/wasm-crypto, via the testkit's chain
 * verifier) and noble's strict ed25519; BEEFY's ecdsa by noble and Rust secp256k1 (wasm-crypto, via
 * util-crypto), over keccak-256 of the commitment; VRFs by @scure/sr25519's transcript classes replaying
 * schnorrkel's DLEQ check (wasm-crypto's vrfVerify takes signing-context transcripts only, not
 * BABE's or the assignments'); payloads decoded by @polkadot/types. Then the offences of
 * POLKADOT.md over everything signed by either validator (one key, so one offender): two headers
 * sealed for a slot, two prevotes or two precommits in one (set_id, round) with different targets,
 * two BEEFY commitments for one (set_id, block) with different payloads, both sides of one
 * (session, candidate). And the slots: which ones the key was entitled to, by the
 * public formulas computed here (the primary threshold, the secondary author), and whether each
 * produced exactly one sealed block.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { TypeRegistry } from '@polkadot/types';
import { chainAccepts, chainAcceptsEd25519, chainAcceptsSeal, sealedHash } from '@triad/testkit/chain';
import {
  babeSpec,
  NO_EXTRA,
  scureInputPoint,
  scureMakeBytes,
  scureVrfVerify,
} from '../../packages/frost/test/vrf-helpers.js';
import type { TranscriptSpec } from '../../packages/frost/test/vrf-helpers.js';
import { beefyVoteAccepted, ecdsaProofAccepted } from '../ecdsa-verifiers.js';
import { KINDS } from './ledger.js';
import type { Entry, Kind } from './ledger.js';

const registry = new TypeRegistry();
// finality-grandpa's Message, and polkadot's CompactStatement (which @polkadot/types lacks), typed
// out here from their Rust definitions rather than taken from the payload builders
registry.register({
  JudgeTarget: { targetHash: 'H256', targetNumber: 'u32' },
  JudgeGrandpaMessage: {
    _enum: { Prevote: 'JudgeTarget', Precommit: 'JudgeTarget', PrimaryPropose: 'JudgeTarget' },
  },
  JudgeCompactStatement: { _enum: { Unused: 'Null', Seconded: 'CandidateHash', Valid: 'CandidateHash' } },
});

/** The keys the chain knows for the validator: one per session key type. */
export interface ChainKeys {
  readonly babe: Uint8Array;
  readonly gran: Uint8Array;
  readonly para: Uint8Array;
  readonly asgn: Uint8Array;
  readonly audi: Uint8Array;
  /** ecdsa, 33 bytes compressed. */
  readonly beef: Uint8Array;
}

/** `SessionKeys` as the runtime reads it: the key types in order, and each one's bytes. */
const SESSION_KEYS = [
  ['gran', 32],
  ['babe', 32],
  ['para', 32],
  ['asgn', 32],
  ['audi', 32],
  ['beef', 33],
] as const;

/**
 * What `session.setKeys(keys, proof)` would make of a rotation: the keys, if the proof holds. The
 * proof is each key's signature of `b"POP_" ++ owner`, in `SessionKeys` order: sr25519 (64 bytes,
 * Rust schnorrkel), ed25519 for gran (64, Rust ed25519 and noble strict), ecdsa over blake2-256 of
 * the statement for beef (65, noble and Rust secp256k1).
 */
export function judgeRotation(
  sessionKeys: Uint8Array,
  proof: Uint8Array,
  owner: Uint8Array,
): { keys: ChainKeys | undefined; rejected: string[] } {
  const rejected: string[] = [];
  const keyBytes = SESSION_KEYS.reduce((n, [, len]) => n + len, 0);
  const sigBytes = SESSION_KEYS.reduce((n, [type]) => n + (type === 'beef' ? 65 : 64), 0);
  if (sessionKeys.length !== keyBytes || proof.length !== sigBytes)
    return {
      keys: undefined,
      rejected: [`rotation: ${sessionKeys.length} bytes of keys, ${proof.length} of proof`],
    };
  const statement = new Uint8Array([...new TextEncoder().encode('POP_'), ...owner]);
  const keys: Record<string, Uint8Array> = {};
  let at = 0;
  let sigAt = 0;
  for (const [type, len] of SESSION_KEYS) {
    const pk = sessionKeys.subarray(at, at + len);
    const sigLen = type === 'beef' ? 65 : 64;
    const sig = proof.subarray(sigAt, sigAt + sigLen);
    const ok =
      type === 'beef'
        ? ecdsaProofAccepted(sig, owner, pk)
        : type === 'gran'
          ? chainAcceptsEd25519(sig, statement, pk)
          : chainAccepts(sig, statement, pk);
    if (!ok) rejected.push(`rotation: the ${type} key's ownership proof does not verify`);
    keys[type] = pk.slice();
    at += len;
    sigAt += sigLen;
  }
  return { keys: keys as unknown as ChainKeys, rejected };
}

export interface JudgeInput {
  readonly entries: readonly Entry[];
  readonly keys: ChainKeys;
  readonly epoch: {
    readonly index: bigint;
    readonly randomness: Uint8Array;
    readonly authorityIndex: number;
    readonly authorities: number;
    readonly c: readonly [bigint, bigint];
  };
  /** The slots of the day: [start, start + count). */
  readonly slots: { readonly start: bigint; readonly count: number };
}

export interface Offence {
  readonly rule: 'babe-equivocation' | 'grandpa-equivocation' | 'beefy-double-vote' | 'para-both-sides';
  readonly detail: string;
}

export interface Verdict {
  /** Signatures and VRFs the chain's verifiers accepted, per kind. */
  readonly accepted: Record<Kind, number>;
  /** Anything the chain would not accept: a bad signature or VRF, a wrong key, an unreadable payload, a claim not backed by its VRF. */
  readonly rejected: string[];
  readonly offences: Offence[];
  /** Slots the key was entitled to (primary by its VRF, or secondary author), with how it was entitled. */
  readonly entitled: Map<bigint, 'primary' | 'secondary'>;
  /** Slots with a sealed block, and the kind of claim in its pre-digest. */
  readonly sealed: Map<bigint, string>;
  /** Entitled slots with no sealed block. */
  readonly missed: bigint[];
  /** Slots whose primary entitlement could not be told: no pre-output came back for them. */
  readonly unjudged: bigint[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const u32le = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const le = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

/**
 * The primary threshold 2^128 * (1 - (1 - c)^(1/n)) for equal weights. sc-consensus-babe computes
 * p in f64 too (`calculate_primary_threshold`) and scales it exactly; here the scaling keeps 64 bits
 * of p, which differs from it by less than 2^-64 of the threshold.
 */
export function primaryThreshold(c: readonly [bigint, bigint], authorities: number): bigint {
  const p = 1 - (1 - Number(c[0]) / Number(c[1])) ** (1 / authorities);
  return BigInt(Math.floor(p * 2 ** 64)) << 64n;
}

/**
 * sc-consensus-babe's secondary author (authorship.rs `secondary_slot_author`):
 * `U256::from_little_endian(blake2_256((randomness, slot).encode())) mod n`.
 */
export function secondaryAuthor(randomness: Uint8Array, slot: bigint, authorities: number): number {
  const s = new Uint8Array(8);
  new DataView(s.buffer).setBigUint64(0, slot, true);
  return Number(le(blake2b(Uint8Array.from([...randomness, ...s]), { dkLen: 32 })) % BigInt(authorities));
}

/** The BABE VRF's score `u128::from_le_bytes(make_bytes("substrate-babe-vrf"))`, on @scure's transcripts. */
export function babeScore(
  publicKey: Uint8Array,
  epoch: bigint,
  randomness: Uint8Array,
  slot: bigint,
  preOutput: Uint8Array,
): bigint {
  const H = scureInputPoint(publicKey, babeSpec(slot, epoch, randomness)).toBytes();
  return le(scureMakeBytes('substrate-babe-vrf', H, preOutput, 16));
}

/** The core bitfield a modulo-compact assignment's extra transcript carries (BitVec<u8, Lsb0>). */
function coreBitfield(cores: readonly number[]): Uint8Array {
  const bits = Math.max(...cores) + 1;
  const body = new Uint8Array(Math.ceil(bits / 8));
  for (const c of cores) body[c >> 3]! |= 1 << (c & 7);
  return registry
    .createType('BitVec', Uint8Array.from([...registry.createType('Compact<u32>', bits).toU8a(), ...body]))
    .toU8a();
}

/** An approval assignment's transcripts (polkadot approval-voting criteria.rs). */
function assignmentSpecs(a: { story: Uint8Array; cores?: readonly number[]; core?: number }): {
  input: TranscriptSpec;
  extra: TranscriptSpec;
} {
  if (a.cores)
    return {
      input: { label: 'A&V MOD v2', messages: [['RC-VRF', a.story]] },
      extra: { label: 'A&V ASSIGNED v2', messages: [['cores', coreBitfield(a.cores)]] },
    };
  return {
    input: {
      label: 'A&V DELAY',
      messages: [
        ['RC-VRF', a.story],
        ['core', u32le(a.core!)],
      ],
    },
    extra: NO_EXTRA,
  };
}

interface BabePreDigest {
  readonly kind: 'Primary' | 'SecondaryPlain' | 'SecondaryVRF';
  readonly authorityIndex: number;
  readonly slot: bigint;
  readonly vrfSignature: Uint8Array | undefined;
}

type Codec = { toU8a(bare?: boolean): Uint8Array; toString(): string };
type EnumCodec = { type: string; value: unknown };
type StructCodec = { get(field: string): unknown };

/** The BABE pre-digest of a pre-seal header: exactly one, and no seal (else undefined). */
export function decodeBabePreDigest(header: Uint8Array): BabePreDigest | undefined {
  const h = registry.createType('Header', header) as unknown as StructCodec & Codec;
  if (!same(h.toU8a(), header)) return undefined; // trailing bytes: not one header
  const logs = (h.get('digest') as StructCodec).get('logs') as unknown as (EnumCodec & Codec)[];
  const babe = logs.filter(
    (l) => l.type === 'PreRuntime' && Buffer.from((l.value as Codec[])[0]!.toU8a()).toString() === 'BABE',
  );
  if (babe.length !== 1 || logs.some((l) => l.type === 'Seal')) return undefined;
  const data = (babe[0]!.value as Codec[])[1]!.toU8a(true);
  const d = registry.createType('RawBabePreDigest', data) as unknown as EnumCodec & Codec;
  if (!same(d.toU8a(), data) || d.type === 'Phantom') return undefined;
  const v = d.value as StructCodec;
  const n = (f: string) => BigInt((v.get(f) as Codec).toString());
  const vrf =
    d.type === 'SecondaryPlain'
      ? undefined
      : Uint8Array.from([...(v.get('vrfOutput') as Codec).toU8a(), ...(v.get('vrfProof') as Codec).toU8a()]);
  return {
    kind: d.type as BabePreDigest['kind'],
    authorityIndex: Number(n('authorityIndex')),
    slot: n('slotNumber'),
    vrfSignature: vrf,
  };
}

/** A GRANDPA localized payload: (Message, round, set_id), exactly 53 bytes. */
export function decodeGrandpaVote(payload: Uint8Array) {
  const t = registry.createType('(JudgeGrandpaMessage, u64, u64)', payload) as unknown as Codec & Codec[];
  if (!same(t.toU8a(), payload)) return undefined;
  const m = t[0] as unknown as EnumCodec;
  const target = m.value as StructCodec;
  return {
    stage: m.type,
    round: BigInt(t[1]!.toString()),
    setId: BigInt(t[2]!.toString()),
    target: `${(target.get('targetNumber') as Codec).toString()}:${hex((target.get('targetHash') as Codec).toU8a())}`,
  };
}

/** A BEEFY commitment as polkadot-js decodes it (BeefyCommitment): its scope and its payload. */
export function decodeBeefyCommitment(payload: Uint8Array) {
  try {
    const c = registry.createType('BeefyCommitment', payload) as unknown as StructCodec & Codec;
    if (!same(c.toU8a(), payload)) return undefined;
    return {
      setId: BigInt((c.get('validatorSetId') as Codec).toString()),
      block: Number((c.get('blockNumber') as Codec).toString()),
      payload: hex((c.get('payload') as Codec).toU8a()),
    };
  } catch {
    return undefined;
  }
}

/** The (session, candidate, side) pairs a para statement takes; none for bitfields and PVF checks. */
export function paraSides(
  payload: Uint8Array,
): { session: number; candidate: string; valid: boolean }[] | undefined {
  const magic = Buffer.from(payload.subarray(0, 4)).toString('latin1');
  const decode = (type: string) => {
    const t = registry.createType(type, payload) as unknown as Codec & Codec[];
    return same(t.toU8a(), payload) ? t : undefined;
  };
  const num = (c: unknown) => Number((c as Codec).toString());
  const h = (c: unknown) => hex((c as Codec).toU8a());
  switch (magic) {
    case 'BKNG': {
      const t = decode('([u8;4], JudgeCompactStatement, SigningContext)');
      if (!t) return undefined;
      const s = t[1] as unknown as EnumCodec;
      const session = num((t[2] as unknown as StructCodec).get('sessionIndex'));
      return s.type === 'Unused' ? undefined : [{ session, candidate: h(s.value), valid: true }];
    }
    case 'DISP': {
      const t = decode('([u8;4], ExplicitDisputeStatement)');
      if (!t) return undefined;
      const d = t[1] as unknown as StructCodec;
      return [
        {
          session: num(d.get('session')),
          candidate: h(d.get('candidateHash')),
          valid: (d.get('valid') as Codec).toString() === 'true',
        },
      ];
    }
    case 'APPR': {
      const t =
        payload.length === 40
          ? decode('([u8;4], CandidateHash, SessionIndex)')
          : decode('([u8;4], Vec<CandidateHash>, SessionIndex)');
      if (!t) return undefined;
      const session = num(t[2]);
      const candidates = payload.length === 40 ? [t[1]] : (t[1] as unknown as Codec[]);
      return candidates.map((c) => ({ session, candidate: h(c), valid: true }));
    }
    default:
      return []; // a bitfield or a PVF pre-check: not slashable, no side
  }
}

/** Judges everything in `input.entries` that came back signed. */
export function judge(input: JudgeInput): Verdict {
  const { keys, epoch } = input;
  const accepted = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const rejected: string[] = [];
  const offences: Offence[] = [];
  const preOutputs = new Map<bigint, Uint8Array>();
  const sealedHeaders = new Map<bigint, Map<string, string>>(); // slot -> header hash -> claim kind
  const votes = new Map<string, Set<string>>(); // set_id/stage/round -> targets
  const beefyVotes = new Map<string, Set<string>>(); // set_id/block -> payloads
  const sides = new Map<string, { valid: number; invalid: number }>(); // session/candidate
  const threshold = primaryThreshold(epoch.c, epoch.authorities);
  const isSecondary = (slot: bigint) =>
    secondaryAuthor(epoch.randomness, slot, epoch.authorities) === epoch.authorityIndex;

  const keyOf: Record<Kind, Uint8Array> = {
    'babe-vrf-pre-output': keys.babe,
    'babe-vrf': keys.babe,
    'babe-seal': keys.babe,
    'grandpa-vote': keys.gran,
    'beefy-vote': keys.beef,
    'para-statement': keys.para,
    'assignment-vrf': keys.asgn,
    'audi-record': keys.audi,
  };

  const notePreOutput = (slot: bigint, preOutput: Uint8Array, what: string) => {
    const seen = preOutputs.get(slot);
    if (!seen) preOutputs.set(slot, preOutput);
    else if (!same(seen, preOutput)) rejected.push(`${what}: slot ${slot}: another pre-output than before`);
  };

  for (const e of input.entries) {
    const o = e.outcome;
    if (o.kind !== 'signature' && o.kind !== 'vrf') continue;
    const what = `${e.validator} ${e.kind} slot ${e.slot}`;
    if (!same(o.publicKey, keyOf[e.kind])) {
      rejected.push(`${what}: signed by another key than the chain knows`);
      continue;
    }
    let ok = false;
    if (o.kind === 'vrf' && 'babe' in e.request) {
      const f = e.request.babe;
      if (f.epoch !== epoch.index || !same(f.randomness, epoch.randomness)) {
        rejected.push(`${what}: a VRF for another epoch`);
        continue;
      }
      notePreOutput(f.slot, o.preOutput, what);
      ok =
        e.kind === 'babe-vrf-pre-output'
          ? o.preOutput.length === 32
          : o.signature !== undefined &&
            same(o.signature.subarray(0, 32), o.preOutput) &&
            scureVrfVerify(keys.babe, babeSpec(f.slot, f.epoch, f.randomness), NO_EXTRA, o.signature);
    } else if (o.kind === 'vrf' && 'assignment' in e.request) {
      const { input: i, extra } = assignmentSpecs(e.request.assignment);
      ok = o.signature !== undefined && scureVrfVerify(keys.asgn, i, extra, o.signature);
    } else if (o.kind === 'signature' && 'bytes' in e.request) {
      const bytes = e.request.bytes;
      switch (e.kind) {
        case 'babe-seal': {
          ok = chainAcceptsSeal(o.signature, bytes, keys.babe);
          const d = decodeBabePreDigest(bytes);
          if (!d || d.authorityIndex !== epoch.authorityIndex) {
            rejected.push(`${what}: a sealed header without one BABE pre-digest of ours`);
            continue;
          }
          // the claim in the pre-digest must hold: its VRF verifies, and wins the slot as it says
          if (d.kind === 'SecondaryPlain')
            rejected.push(`${what}: a SecondaryPlain claim (the epoch wants VRF slots)`);
          else if (
            !scureVrfVerify(
              keys.babe,
              babeSpec(d.slot, epoch.index, epoch.randomness),
              NO_EXTRA,
              d.vrfSignature!,
            )
          )
            rejected.push(`${what}: the pre-digest's VRF does not verify`);
          else if (
            d.kind === 'Primary' &&
            babeScore(keys.babe, epoch.index, epoch.randomness, d.slot, d.vrfSignature!.subarray(0, 32)) >=
              threshold
          )
            rejected.push(`${what}: a primary claim above the threshold`);
          else if (d.kind === 'SecondaryVRF' && !isSecondary(d.slot))
            rejected.push(`${what}: a secondary claim by another slot's author`);
          if (d.vrfSignature) notePreOutput(d.slot, d.vrfSignature.subarray(0, 32), what);
          if (ok) {
            const byHash = sealedHeaders.get(d.slot) ?? new Map<string, string>();
            byHash.set(hex(sealedHash(bytes)), d.kind);
            sealedHeaders.set(d.slot, byHash);
          }
          break;
        }
        case 'grandpa-vote': {
          ok = chainAcceptsEd25519(o.signature, bytes, keys.gran);
          const v = decodeGrandpaVote(bytes);
          if (!v) {
            rejected.push(`${what}: not a GRANDPA vote`);
            continue;
          }
          // only prevotes and precommits are equivocations (a primary propose is not slashable)
          if (ok && v.stage !== 'PrimaryPropose') {
            const key = `set ${v.setId} ${v.stage} round ${v.round}`;
            const targets = votes.get(key) ?? new Set<string>();
            targets.add(v.target);
            votes.set(key, targets);
          }
          break;
        }
        case 'beefy-vote': {
          ok = beefyVoteAccepted(o.signature, bytes, keys.beef);
          const c = decodeBeefyCommitment(bytes);
          if (!c) {
            rejected.push(`${what}: not a BEEFY commitment`);
            continue;
          }
          if (ok) {
            const key = `set ${c.setId} block ${c.block}`;
            const payloads = beefyVotes.get(key) ?? new Set<string>();
            payloads.add(c.payload);
            beefyVotes.set(key, payloads);
          }
          break;
        }
        case 'para-statement': {
          ok = chainAccepts(o.signature, bytes, keys.para);
          const taken = paraSides(bytes);
          if (!taken) {
            rejected.push(`${what}: not a parachain statement`);
            continue;
          }
          if (ok)
            for (const s of taken) {
              const key = `session ${s.session} candidate 0x${s.candidate}`;
              const n = sides.get(key) ?? { valid: 0, invalid: 0 };
              if (s.valid) n.valid++;
              else n.invalid++;
              sides.set(key, n);
            }
          break;
        }
        case 'audi-record':
          ok = chainAccepts(o.signature, bytes, keys.audi);
          break;
        default:
          ok = false;
      }
    }
    if (ok) accepted[e.kind]++;
    else rejected.push(`${what}: the chain's verifier rejects it`);
  }

  for (const [slot, byHash] of sealedHeaders)
    if (byHash.size > 1)
      offences.push({ rule: 'babe-equivocation', detail: `slot ${slot}: ${byHash.size} headers sealed` });
  for (const [key, targets] of votes)
    if (targets.size > 1)
      offences.push({ rule: 'grandpa-equivocation', detail: `${key}: ${targets.size} targets signed` });
  for (const [key, payloads] of beefyVotes)
    if (payloads.size > 1)
      offences.push({ rule: 'beefy-double-vote', detail: `${key}: ${payloads.size} payloads signed` });
  for (const [key, n] of sides)
    if (n.valid && n.invalid)
      offences.push({ rule: 'para-both-sides', detail: `${key}: valid and invalid signed` });

  const entitled = new Map<bigint, 'primary' | 'secondary'>();
  const sealed = new Map<bigint, string>();
  const missed: bigint[] = [];
  const unjudged: bigint[] = [];
  for (let k = 0; k < input.slots.count; k++) {
    const slot = input.slots.start + BigInt(k);
    const o = preOutputs.get(slot);
    const primary = o ? babeScore(keys.babe, epoch.index, epoch.randomness, slot, o) < threshold : undefined;
    if (primary) entitled.set(slot, 'primary');
    else if (isSecondary(slot)) entitled.set(slot, 'secondary');
    else if (primary === undefined) unjudged.push(slot);
    const byHash = sealedHeaders.get(slot);
    if (byHash?.size) sealed.set(slot, [...byHash.values()][0]!);
    if (entitled.has(slot) && !byHash?.size) missed.push(slot);
    if (byHash?.size && !entitled.has(slot)) rejected.push(`slot ${slot}: sealed without being entitled`);
  }
  return { accepted, rejected, offences, entitled, sealed, missed, unjudged };
}
