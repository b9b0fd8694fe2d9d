/**
 * The payloads a `para` key signs, built by @polkadot/types as the node builds them
 * (polkadot-sdk `polkadot/primitives`: `Signed<P>` signs `P.encode_as() ++ SigningContext`; the
 * dispute, approval and PVF pre-check statements sign their own `signing_payload`). The parachain
 * types (SigningContext, ExplicitDisputeStatement, PvfCheckStatement, BitVec, CandidateHash) are
 * @polkadot/types' own; only the backing statement's enum, which @polkadot/types does not define,
 * is declared here from polkadot-sdk's `CompactStatement` (Seconded = index 1, Valid = index 2).
 */
import { TypeRegistry } from '@polkadot/types';

const registry = new TypeRegistry();
registry.register({
  TriadCompactStatement: { _enum: { Unused: 'Null', Seconded: 'CandidateHash', Valid: 'CandidateHash' } },
});

const encode = (type: string, value: unknown) => registry.createType(type, value).toU8a();
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

export interface SigningContextOptions {
  readonly session: number;
  readonly parentHash: Uint8Array;
}

const context = (o: SigningContextOptions) =>
  encode('SigningContext', { sessionIndex: o.session, parentHash: o.parentHash });

/** A backing statement: `"BKNG" ++ CompactStatement ++ SigningContext`, 73 bytes. */
export function backingPayload(
  o: SigningContextOptions & { readonly statement: 'Seconded' | 'Valid'; readonly candidate: Uint8Array },
): Uint8Array {
  return concat(
    encode('([u8;4], TriadCompactStatement)', ['BKNG', { [o.statement]: o.candidate }]),
    context(o),
  );
}

/** An availability bitfield of `bits` bits (`set` lists the cores whose chunk is held), then its context. */
export function bitfieldPayload(
  o: SigningContextOptions & { readonly bits: number; readonly set: readonly number[] },
): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(o.bits / 8));
  for (const i of o.set) bytes[i >> 3]! |= 1 << (i & 7); // Lsb0, as polkadot's BitVec<u8, Lsb0>
  const bitfield = encode('BitVec', concat(encode('Compact<u32>', o.bits), bytes));
  return concat(bitfield, context(o));
}

/** An explicit dispute vote: `("DISP", ExplicitDisputeStatement)`, 41 bytes. */
export function disputePayload(o: {
  readonly valid: boolean;
  readonly candidate: Uint8Array;
  readonly session: number;
}): Uint8Array {
  return encode('([u8;4], ExplicitDisputeStatement)', [
    'DISP',
    { valid: o.valid, candidateHash: o.candidate, session: o.session },
  ]);
}

/**
 * An approval vote: `("APPR", candidate, session)` for one candidate, `("APPR", Vec<candidate>,
 * session)` for several (polkadot's ApprovalVoteMultipleCandidates uses the single form for one).
 */
export function approvalPayload(o: {
  readonly candidates: readonly Uint8Array[];
  readonly session: number;
}): Uint8Array {
  if (o.candidates.length === 1)
    return encode('([u8;4], CandidateHash, SessionIndex)', ['APPR', o.candidates[0], o.session]);
  return encode('([u8;4], Vec<CandidateHash>, SessionIndex)', ['APPR', o.candidates, o.session]);
}

/** A PVF pre-check vote: `("VCPC", accept, code_hash, session, validator_index)`, 45 bytes. */
export function pvfPrecheckPayload(o: {
  readonly accept: boolean;
  readonly codeHash: Uint8Array;
  readonly session: number;
  readonly validatorIndex: number;
}): Uint8Array {
  return concat(
    encode('[u8;4]', 'VCPC'),
    encode('PvfCheckStatement', {
      accept: o.accept,
      subject: o.codeHash,
      sessionIndex: o.session,
      validatorIndex: o.validatorIndex,
    }),
  );
}
