/**
 * The safety ledger of the fault and attack suites: every signature any validator received, judged
 * by the chain's verifier (Rust schnorrkel, wasm), filed by slot. The invariant the whole project
 * exists for: no two valid signatures for one slot over different headers, ever.
 */
import { chainAcceptsSeal, sealedHash } from '@triad/testkit/chain';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface Violation {
  readonly slot: number;
  /** blake2-256 of each header signed for the slot. */
  readonly headers: readonly string[];
}

export class SafetyLedger {
  private readonly bySlot = new Map<number, Set<string>>();
  /** Signatures that came back but do not verify: never acceptable either. */
  invalid = 0;
  signatures = 0;

  constructor(private readonly publicKey: Uint8Array) {}

  /** Files one signature for `header` at `slot`; false (and counted) when it does not verify. */
  record(slot: number, header: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    const valid =
      Buffer.from(publicKey).equals(Buffer.from(this.publicKey)) &&
      chainAcceptsSeal(signature, header, this.publicKey);
    if (!valid) {
      this.invalid++;
      return false;
    }
    this.signatures++;
    const seen = this.bySlot.get(slot) ?? new Set<string>();
    seen.add(hex(sealedHash(header)));
    this.bySlot.set(slot, seen);
    return true;
  }

  /** Whether a signature for `slot` has been filed. */
  signed(slot: number): boolean {
    return this.bySlot.has(slot);
  }

  /** Every slot with more than one header signed: empty when the invariant holds. */
  violations(): Violation[] {
    return [...this.bySlot.entries()]
      .filter(([, headers]) => headers.size > 1)
      .map(([slot, headers]) => ({ slot, headers: [...headers] }));
  }
}
