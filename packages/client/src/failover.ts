/**
 * One request, many peers: the failover and hedging schedule every SignerClient call follows.
 *
 * How the attempts share the budget (`timeoutMs`, one clock for the whole call):
 *   - the call settles by `timeoutMs` at the latest: then every attempt still in flight is
 *     cancelled and the call fails with DEADLINE;
 *   - URLs are tried in `order`, one attempt each, never twice in one call;
 *   - an attempt that fails with "this peer cannot answer now" starts the next URL at once;
 *   - hedging: when the newest attempt has been silent for `hedgeMs`, the next URL is started as
 *     well; the silent one stays in the race (it may still answer) and the first real answer wins;
 *   - per-attempt timeout: an attempt still silent `attemptTimeoutMs` after it started is
 *     cancelled and counts as failed (so the next URL starts). The last URL of the list has no
 *     per-attempt timeout: with nothing left to try it may use what remains of the budget;
 *   - the first real answer (a response, or an error that is the client's fault) ends the call:
 *     the other attempts are cancelled and whatever they answer later is ignored;
 *   - every URL failed before the budget ran out: UNAVAILABLE, with each URL's reason.
 *
 * Every attempt is given a gRPC deadline a little after its own (DEADLINE_GRACE_MS), so it is
 * always this schedule's timers, firing first, that end an attempt for time; a DEADLINE_EXCEEDED
 * status that does come back was the peer's own and is an ordinary "cannot answer now".
 */
import { SignerClientError } from './errors.js';
import type { UrlFailure } from './errors.js';

/** What one attempt at one URL came to. */
export type AttemptResult<T> =
  /** A real answer: the call is over. */
  | { readonly kind: 'answer'; readonly value: T }
  /** An error that would be the same at every peer (the client's fault, an unreadable answer). */
  | { readonly kind: 'final'; readonly error: SignerClientError }
  /** This peer cannot answer now: try the next URL. */
  | { readonly kind: 'retry'; readonly reason: string };

export interface Attempt<T> {
  /** Settles with the attempt's result; never rejects (a rejection counts as 'retry'). */
  readonly result: Promise<AttemptResult<T>>;
  /** Abandons the attempt (cancels the RPC). The result, if it still comes, is ignored. */
  cancel(): void;
}

export interface FailoverPlan<T> {
  /** What is being done, for error messages ("Sign", "GetPublicKeys"). */
  readonly operation: string;
  /** The URLs, in the order to try them. */
  readonly order: readonly string[];
  readonly timeoutMs: number;
  /** Delay before a silent attempt is hedged with the next URL; false: no hedging. */
  readonly hedgeMs: number | false;
  readonly attemptTimeoutMs: number;
  /** Starts one attempt at `url`; `deadline` (epoch ms) is the gRPC deadline to give it. */
  readonly start: (url: string, deadline: number) => Attempt<T>;
  /** Aborting settles the call with CLOSED and cancels its attempts. */
  readonly signal?: AbortSignal;
}

export interface Answered<T> {
  readonly url: string;
  readonly value: T;
}

/** How much later than this schedule's own timers the gRPC deadlines are. */
export const DEADLINE_GRACE_MS = 250;

export function failover<T>(plan: FailoverPlan<T>): Promise<Answered<T>> {
  const { operation, order, timeoutMs, hedgeMs, attemptTimeoutMs, start, signal } = plan;
  return new Promise<Answered<T>>((resolve, reject) => {
    const startedAt = Date.now();
    const budgetEnd = startedAt + timeoutMs;
    /** Attempts in flight, by URL. */
    const inFlight = new Map<string, { cancel: () => void; timer?: NodeJS.Timeout }>();
    const failures: UrlFailure[] = [];
    let next = 0;
    let settled = false;
    let hedgeTimer: NodeJS.Timeout | undefined;

    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(budgetTimer);
      clearTimeout(hedgeTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const attempt of inFlight.values()) {
        clearTimeout(attempt.timer);
        attempt.cancel();
      }
      inFlight.clear();
      settle();
    };

    const onAbort = () =>
      finish(() => reject(new SignerClientError('CLOSED', `${operation}: the client was closed`)));

    const failed = (url: string, reason: string) => {
      failures.push({ url, reason });
      if (next < order.length) launch();
      else if (inFlight.size === 0) {
        finish(() =>
          reject(
            new SignerClientError('UNAVAILABLE', `${operation}: no peer could answer`, {
              failures: [...failures],
            }),
          ),
        );
      }
    };

    const launch = () => {
      if (settled || next >= order.length) return;
      clearTimeout(hedgeTimer);
      hedgeTimer = undefined;
      const url = order[next++]!;
      const last = next === order.length;
      const attemptEnd = last ? budgetEnd : Math.min(budgetEnd, Date.now() + attemptTimeoutMs);
      let attempt: Attempt<T>;
      try {
        attempt = start(url, attemptEnd + DEADLINE_GRACE_MS);
      } catch (e) {
        failed(url, `could not start: ${(e as Error).message}`);
        return;
      }
      const entry: { cancel: () => void; timer?: NodeJS.Timeout } = { cancel: () => attempt.cancel() };
      inFlight.set(url, entry);
      if (attemptEnd < budgetEnd) {
        entry.timer = setTimeout(() => {
          if (settled || inFlight.get(url) !== entry) return;
          inFlight.delete(url);
          attempt.cancel();
          failed(url, `no answer within the per-attempt timeout (${attemptTimeoutMs} ms)`);
        }, attemptEnd - Date.now());
      }
      if (hedgeMs !== false && !last) hedgeTimer = setTimeout(launch, hedgeMs);
      attempt.result.then(
        (result) => {
          if (settled || inFlight.get(url) !== entry) return; // cancelled, timed out, or lost a race
          clearTimeout(entry.timer);
          inFlight.delete(url);
          if (result.kind === 'answer') finish(() => resolve({ url, value: result.value }));
          else if (result.kind === 'final') finish(() => reject(result.error));
          else failed(url, result.reason);
        },
        (e: unknown) => {
          if (settled || inFlight.get(url) !== entry) return;
          clearTimeout(entry.timer);
          inFlight.delete(url);
          failed(url, e instanceof Error ? e.message : String(e));
        },
      );
    };

    const budgetTimer = setTimeout(() => {
      const silent = [...inFlight.keys()].map((url) => ({
        url,
        reason: `no answer within the call's budget (${timeoutMs} ms)`,
      }));
      const untried = order.slice(next).map((url) => ({ url, reason: 'not tried: the budget ran out' }));
      finish(() =>
        reject(
          new SignerClientError('DEADLINE', `${operation}: no answer within ${timeoutMs} ms`, {
            failures: [...failures, ...silent, ...untried],
          }),
        ),
      );
    }, timeoutMs);

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
