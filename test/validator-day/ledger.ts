/**
 * Everything the validators asked of the cluster and everything that came back, in the order it
 * came back, with the time each request took. The judge reads only this (the requests' bytes and
 * the answers), never the validators' own view of what they meant to sign.
 */
import type { AssignmentVrfFields, BabeVrfFields, SignResult, VrfResult } from '@triad/client';

export type Kind =
  | 'babe-vrf-pre-output'
  | 'babe-vrf'
  | 'babe-seal'
  | 'grandpa-vote'
  | 'beefy-vote'
  | 'para-statement'
  | 'assignment-vrf'
  | 'audi-record';

export const KINDS: readonly Kind[] = [
  'babe-vrf-pre-output',
  'babe-vrf',
  'babe-seal',
  'grandpa-vote',
  'beefy-vote',
  'para-statement',
  'assignment-vrf',
  'audi-record',
];

/** What was asked: the bytes signed (a header for a seal), or a VRF's transcript fields. */
export type Request =
  | { readonly bytes: Uint8Array }
  | { readonly babe: BabeVrfFields }
  | { readonly assignment: AssignmentVrfFields };

/** What came back: an answer of the TAs, or a failure to get one (a peer down, a deadline). */
export type Outcome =
  | { readonly kind: 'signature'; readonly signature: Uint8Array; readonly publicKey: Uint8Array }
  | {
      readonly kind: 'vrf';
      readonly preOutput: Uint8Array;
      readonly signature: Uint8Array | undefined;
      readonly publicKey: Uint8Array;
    }
  | { readonly kind: 'refusal'; readonly reason: string; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export interface Entry {
  readonly validator: string;
  readonly kind: Kind;
  /** The slot of the day the request belongs to. */
  readonly slot: bigint;
  readonly request: Request;
  readonly outcome: Outcome;
  /** From asking to the answer, milliseconds. */
  readonly ms: number;
}

const outcomeOf = (r: SignResult | VrfResult): Outcome => {
  if (r.kind === 'signature') return { kind: 'signature', signature: r.signature, publicKey: r.publicKey };
  if (r.kind === 'vrf')
    return { kind: 'vrf', preOutput: r.preOutput, signature: r.signature, publicKey: r.publicKey };
  return { kind: 'refusal', reason: r.reason, message: r.message };
};

export class Ledger {
  readonly entries: Entry[] = [];
  /** Called with each entry as it is recorded (the demo's progress line). */
  onEntry: (e: Entry) => void = () => undefined;

  /**
   * Asks `call` and records what it asked and what came back; a failure to answer is recorded,
   * not thrown (a validator goes on with its next duty, as a node does). Gives the answer, if any.
   */
  async ask<R extends SignResult | VrfResult>(
    validator: string,
    kind: Kind,
    slot: bigint,
    request: Request,
    call: () => Promise<R>,
  ): Promise<R | undefined> {
    const started = performance.now();
    let result: R | undefined;
    let outcome: Outcome;
    try {
      result = await call();
      outcome = outcomeOf(result);
    } catch (e) {
      outcome = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    const entry = { validator, kind, slot, request, outcome, ms: performance.now() - started };
    this.entries.push(entry);
    this.onEntry(entry);
    return result;
  }
}
