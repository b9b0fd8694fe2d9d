/**
 * A 3-peer cluster of processes (LocalCluster) with a FaultProxy on every link that a fault can
 * break: each peer's dials of the other two (Cosigner gRPC and libp2p mesh, one proxy per direction
 * and service) and each validator's dials of each peer (in front of the Signer port). Validators
 * are the real failover client (@triad/client); every answer they get goes through the SafetyLedger.
 */
import { SignerClient, SignerClientError } from '@triad/client';
import { babeHeader, chainVerifierReady, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { SafetyLedger } from './ledger.js';
import { FaultProxy } from './proxy.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How one Sign call ended, as the validator saw it. */
export type Outcome =
  | { kind: 'signature'; slot: number; ms: number; coordinator: string; cosigner: string }
  | { kind: 'refusal'; slot: number; ms: number; reason: string }
  | { kind: 'error'; slot: number; ms: number; code: string; message: string };

export class FaultCluster {
  readonly clients: SignerClient[] = [];

  private constructor(
    readonly c: LocalCluster,
    /** links.get(`${from}>${to}`): the proxies peer `from` dials peer `to` through. */
    private readonly links: Map<string, { cosigner: FaultProxy; mesh: FaultProxy }>,
    /** In front of each peer's Signer port, for the validators. */
    readonly fronts: readonly FaultProxy[],
    readonly ledger: SafetyLedger,
  ) {}

  /** Starts the cluster behind its proxies and makes the babe key (the enrollment-time DKG). */
  static async start(): Promise<FaultCluster> {
    await chainVerifierReady();
    const links = new Map<string, { cosigner: FaultProxy; mesh: FaultProxy }>();
    const proxies: FaultProxy[] = [];
    let c: LocalCluster | undefined;
    try {
      const { cluster, publicKeys } = await startCluster({
        keys: [{ keyType: 'babe' }],
        route: async ({ from, to, service, port }) => {
          const proxy = await FaultProxy.start(port);
          proxies.push(proxy);
          const key = `${from}>${to}`;
          links.set(key, { ...links.get(key)!, [service]: proxy });
          return proxy.port;
        },
      });
      c = cluster;
      const fronts = await Promise.all(c.signerPorts.map((p) => FaultProxy.start(p)));
      return new FaultCluster(c, links, fronts, new SafetyLedger(publicKeys.get('babe')!));
    } catch (e) {
      // a half-started cluster would keep the test process alive after its failure is reported
      await c?.stop().catch(() => undefined);
      await Promise.all(proxies.map((p) => p.close()));
      throw e;
    }
  }

  /** The two proxies (cosigner, mesh) of the link from peer `from` to peer `to`. */
  link(from: number, to: number): FaultProxy[] {
    const l = this.links.get(`${from}>${to}`)!;
    return [l.cosigner, l.mesh];
  }

  /** Every proxy between peers a and b, both directions. */
  between(a: number, b: number): FaultProxy[] {
    return [...this.link(a, b), ...this.link(b, a)];
  }

  /** Cuts every peer link across the line between `side` and the other peers; validators are untouched. */
  partition(side: readonly number[]): void {
    for (const a of side)
      for (const b of [0, 1, 2].filter((k) => !side.includes(k)))
        this.between(a, b).forEach((p) => p.partition());
  }

  /** No fault on any link. */
  heal(): void {
    for (const l of this.links.values()) [l.cosigner, l.mesh].forEach((p) => p.heal());
    this.fronts.forEach((p) => p.heal());
  }

  /** A validator client (certificate `name`) that knows the given peers, in that order. */
  client(name: 'validator-a' | 'validator-b', peers: readonly number[], timeoutMs = 3000): SignerClient {
    const files = this.c.pki.clients[name]!;
    const client = new SignerClient({
      urls: peers.map((i) => `127.0.0.1:${this.fronts[i]!.port}`),
      tls: { ca: this.c.pki.ca.cert, cert: files.cert, key: files.key },
      timeoutMs,
    });
    this.clients.push(client);
    return client;
  }

  /** One babe-seal for `slot` (header variant `fork`), filed in the ledger. */
  async sign(client: SignerClient, slot: number, fork = 0): Promise<Outcome> {
    const h = babeHeader(slot, { fork });
    const started = performance.now();
    const ms = () => performance.now() - started;
    try {
      const r = await client.sign({ keyType: 'babe', kind: 'babe-seal', header: h });
      if (r.kind === 'refusal') return { kind: 'refusal', slot, ms: ms(), reason: r.reason };
      if (!this.ledger.record(slot, h, r.signature, r.publicKey))
        return { kind: 'error', slot, ms: ms(), code: 'INVALID_SIGNATURE', message: 'did not verify' };
      return { kind: 'signature', slot, ms: ms(), coordinator: r.coordinator, cosigner: r.cosigner };
    } catch (e) {
      const code = e instanceof SignerClientError ? e.code : 'THROWN';
      return { kind: 'error', slot, ms: ms(), code, message: (e as Error).message };
    }
  }

  /**
   * Open-loop load: `rate` requests a second for `durationMs`, slots counting up from `firstSlot`
   * (one slot per request), each sent on schedule whether or not earlier ones were answered.
   */
  async load(o: {
    client: SignerClient;
    rate: number;
    durationMs: number;
    firstSlot: number;
    fork?: number;
  }): Promise<Outcome[]> {
    const count = Math.floor((o.rate * o.durationMs) / 1000);
    const t0 = performance.now();
    const calls: Promise<Outcome>[] = [];
    for (let k = 0; k < count; k++) {
      const due = t0 + (k * 1000) / o.rate;
      await sleep(Math.max(0, due - performance.now()));
      calls.push(this.sign(o.client, o.firstSlot + k, o.fork));
    }
    return Promise.all(calls);
  }

  /** Waits until every peer can sign and is attested by the other two again. */
  async settled(): Promise<void> {
    for (const i of [0, 1, 2]) await this.c.settled(i);
  }

  async stop(): Promise<void> {
    this.clients.forEach((c) => c.close());
    await this.c.stop();
    await Promise.all(
      [...this.fronts, ...[...this.links.values()].flatMap((l) => [l.cosigner, l.mesh])].map((p) =>
        p.close(),
      ),
    );
  }
}
