/**
 * What the load run offers (load.ts): a request kind, its key type, the next request's fields,
 * and the independent check of what came back. Every request is a fresh signature.
 */
import {
  approvalPayload,
  babeHeader,
  backingPayload,
  bitfieldPayload,
  chainAccepts,
  chainAcceptsSeal,
} from '@triad/testkit';

export interface Workload {
  readonly kind: 'babe-seal' | 'para-statement';
  readonly keyType: string;
  /** The Sign request's kind field and what the key signs for the chain's check. */
  next(): { readonly fields: Record<string, unknown>; readonly signed: Uint8Array };
  accepts(signature: Uint8Array, signed: Uint8Array, publicKey: Uint8Array): boolean;
}

/** BABE seals of headers for successive slots, above anything a warm-up or earlier run used. */
export function babeSealWorkload(): Workload {
  let slot = 1_000_000;
  return {
    kind: 'babe-seal',
    keyType: 'babe',
    next: () => {
      const header = babeHeader(slot++);
      return { fields: { babeSeal: { header } }, signed: header };
    },
    accepts: chainAcceptsSeal,
  };
}

/**
 * A parachain validator's mix, as it signs per block (POLKADOT.md, para): mostly approvals of
 * one candidate, an availability bitfield, now and then a backing statement; every candidate
 * new, so every approval and backing adds to the TA's log of the session. A new session every
 * SESSION_STATEMENTS keeps each session's log well under its capacity.
 */
export function paraStatementWorkload(): Workload {
  const SESSION_STATEMENTS = 20_000;
  let n = 0;
  return {
    kind: 'para-statement',
    keyType: 'para',
    next: () => {
      const k = n++;
      const session = 1_000 + Math.floor(k / SESSION_STATEMENTS);
      const candidate = Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (k >>> (8 * i)) & 0xff : i));
      const parentHash = Uint8Array.from({ length: 32 }, (_, i) => (session + i) & 0xff);
      const payload =
        k % 10 === 9
          ? backingPayload({ statement: 'Valid', candidate, session, parentHash })
          : k % 4 === 3
            ? bitfieldPayload({ bits: 80, set: [k % 80], session, parentHash })
            : approvalPayload({ candidates: [candidate], session });
      return { fields: { paraStatement: { payload } }, signed: payload };
    },
    accepts: chainAccepts,
  };
}
