/**
 * The peer's TA session, reopened after the TA went away (a ta-host restart in emulation; on a
 * board, tee-supplicant restarting). A failed command is not retried: it may have run in the TA
 * (a nonce burnt, a mark advanced), so the caller gets its error; the next command opens a fresh
 * session.
 */
import { TaError } from '@triad/tee';
import type { KeyId, TrustedApp } from '@triad/tee';

export function reconnecting(open: () => Promise<TrustedApp>, first: TrustedApp): TrustedApp {
  let current: TrustedApp | undefined = first;
  let closed = false;
  const session = async (): Promise<TrustedApp> => {
    if (closed) throw new TaError('TRANSPORT', 'the TA session is closed');
    current ??= await open();
    return current;
  };
  const call =
    <A extends unknown[], R>(method: (ta: TrustedApp, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const ta = await session();
      try {
        return await method(ta, ...args);
      } catch (e) {
        if (e instanceof TaError && e.code === 'TRANSPORT' && current === ta) {
          current = undefined;
          void ta.close().catch(() => undefined);
        }
        throw e;
      }
    };
  return {
    getInfo: call((ta) => ta.getInfo()),
    commitNonces: call((ta, k: KeyId, n: number) => ta.commitNonces(k, n)),
    signPrepare: call((ta, r: Parameters<TrustedApp['signPrepare']>[0]) => ta.signPrepare(r)),
    signCosign: call((ta, r: Uint8Array, u: Uint8Array) => ta.signCosign(r, u)),
    signFinish: call((ta, r: Uint8Array, a: Uint8Array) => ta.signFinish(r, a)),
    vrfPrepare: call((ta, r: Parameters<TrustedApp['vrfPrepare']>[0]) => ta.vrfPrepare(r)),
    vrfCosign: call((ta, r: Uint8Array, p: Uint8Array, u: Uint8Array) => ta.vrfCosign(r, p, u)),
    vrfFinish: call((ta, r: Uint8Array, p: Uint8Array, a: Uint8Array) => ta.vrfFinish(r, p, a)),
    ecdsaPrepare: call((ta, r: Parameters<TrustedApp['ecdsaPrepare']>[0]) => ta.ecdsaPrepare(r)),
    ecdsaCosign: call((ta, r: Uint8Array, u: Uint8Array) => ta.ecdsaCosign(r, u)),
    ecdsaFinish: call((ta, r: Uint8Array, a: Uint8Array, w: Uint8Array) => ta.ecdsaFinish(r, a, w)),
    counterChallenge: call((ta) => ta.counterChallenge()),
    counterReport: call((ta, c: Uint8Array) => ta.counterReport(c)),
    counterUnlock: call((ta, r: readonly Uint8Array[]) => ta.counterUnlock(r)),
    attest: call((ta, n: Uint8Array) => ta.attest(n)),
    dkgRound1: call((ta, s: Parameters<TrustedApp['dkgRound1']>[0]) => ta.dkgRound1(s)),
    dkgRound2: call((ta, o: Parameters<TrustedApp['dkgRound2']>[0]) => ta.dkgRound2(o)),
    dkgRound3: call((ta, r: Parameters<TrustedApp['dkgRound3']>[0]) => ta.dkgRound3(r)),
    exportPublic: call((ta, k: KeyId) => ta.exportPublic(k)),
    retireKey: call((ta, k: KeyId) => ta.retireKey(k)),
    refreshRound1: call((ta, k: KeyId, c: Uint8Array) => ta.refreshRound1(k, c)),
    refreshRound2: call((ta, o: Parameters<TrustedApp['refreshRound2']>[0]) => ta.refreshRound2(o)),
    close: async () => {
      closed = true;
      await current?.close();
    },
  };
}
