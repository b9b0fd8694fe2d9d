/**
 * libp2p 3 calls Promise.withResolvers (ES2024, Node >= 22) in its stream code; Node 20 lacks it.
 * Installed by the process that runs a mesh (the peer's bin; tests that start one in process),
 * never on import: a library does not change the globals of whoever imports it.
 */

/** Installs Promise.withResolvers where the runtime lacks it (spec behaviour: uses `this`, non-enumerable). */
export function installPromiseWithResolvers(): void {
  const promiseStatics = Promise as unknown as Record<string, unknown>;
  if (typeof promiseStatics.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers(this: PromiseConstructor) {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
