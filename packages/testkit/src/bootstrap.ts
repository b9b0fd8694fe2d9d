/**
 * The one way a LocalCluster becomes ready to sign, for the end-to-end tests, the fault suite, the
 * benchmark and `npm start`: start the three peers, wait until they have attested each other, run
 * the DKG for each key the TAs do not hold yet (led by peer 1, as `triadctl dkg` asks it), and wait
 * until every peer can sign and is attested by the other two.
 */
import { LocalCluster } from './local-cluster.js';
import type { LocalClusterOptions } from './local-cluster.js';

export interface KeySpec {
  readonly keyType: string;
  /** A key for raw payloads (imon, audi): the TAs refuse it every slashable request kind. */
  readonly nonSlashable?: boolean;
}

export interface BootstrapOptions {
  /**
   * The keys the cluster must hold. None (the default): the peers are started and attested, and
   * the cluster cannot sign until someone runs a DKG (the triadctl test does).
   */
  readonly keys?: readonly KeySpec[];
  /** Progress, one line at a time (`npm start`, the benchmark); silent by default. */
  readonly log?: (line: string) => void;
}

/** The public key of each key type the cluster holds. */
export type PublicKeys = Map<string, Uint8Array>;

/** A key as Operator.Status reports its TA's keys. */
type KeyStatus = { keyType: string; publicKey: Uint8Array; status: string };

/** Brings the peers of `c` up, with `o.keys` made, and gives the public keys it holds. */
export async function bootstrap(c: LocalCluster, o: BootstrapOptions = {}): Promise<PublicKeys> {
  const log = o.log ?? (() => undefined);
  log('starting peers 1, 2 and 3');
  await Promise.all([0, 1, 2].map((i) => c.startPeer(i)));
  log('waiting for the peers to attest each other');
  await Promise.all([0, 1, 2].map((i) => c.attested(i)));
  // a cluster started again on its old state (`npm start`) holds its keys already
  const held = ((await c.status(0)).ta as { keys?: KeyStatus[] } | undefined)?.keys ?? [];
  const keys: PublicKeys = new Map(
    held.filter((k) => k.status !== 'retired').map((k) => [k.keyType, new Uint8Array(k.publicKey)]),
  );
  for (const { keyType, nonSlashable = false } of o.keys ?? []) {
    if (keys.has(keyType)) continue;
    log(`DKG for ${keyType}, led by peer 1`);
    const { events, error } = await c.ceremony(0, 'RunDkg', { keyType, nonSlashable }, (e) => {
      const p = e.progress as { stage: string; done: number; total: number } | undefined;
      if (p && p.done === p.total) log(`DKG for ${keyType}: ${p.stage} ${p.done}/${p.total}`);
    });
    if (error) throw new Error(`DKG ${keyType}: ${error.details}`);
    const done = events.at(-1)?.done as { publicKey: Uint8Array } | undefined;
    if (!done) throw new Error(`DKG ${keyType}: no result`);
    keys.set(keyType, new Uint8Array(done.publicKey));
  }
  if (keys.size) {
    log('waiting until every peer can sign');
    await Promise.all([0, 1, 2].map((i) => c.settled(i)));
  }
  return keys;
}

/** A new LocalCluster, bootstrapped; what it started is stopped again if it does not get ready. */
export async function startCluster(
  o: LocalClusterOptions & BootstrapOptions = {},
): Promise<{ cluster: LocalCluster; publicKeys: PublicKeys }> {
  const cluster = await LocalCluster.create(o);
  try {
    return { cluster, publicKeys: await bootstrap(cluster, o) };
  } catch (e) {
    // a half-started cluster would keep a test or the benchmark alive after its failure is reported
    await cluster.stop().catch(() => undefined);
    throw e;
  }
}
