/**
 * A local cluster of processes: three `triad-signer` peers on loopback, each in front of its own
 * ta-host (EmulatedCluster), with a cluster PKI, libp2p mesh keys, and the enrollment data (device
 * keys, TA measurement) read from the TAs as an operator would. The end-to-end tests and the
 * benchmark start, kill (SIGKILL), terminate (SIGTERM) and restart peers, and call them as a
 * validator or an operator.
 */
import { credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { writeClusterPki } from '@triad/pki';
import type { ClusterPkiPaths } from '@triad/pki';
import { loadServices, tlsChannelOptions } from '@triad/proto';
import { meshPeerId } from '@triad/signer';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { deviceKeys, emulatedMeasurement } from './enrollment.js';
import { EmulatedCluster } from './emulated-cluster.js';
import { freePort } from './ports.js';

/** The signer's built bin (`npm run build`), from this module in src/ (jest) or in dist/src/. */
const BIN = fileURLToPath(
  new URL(
    `${import.meta.url.includes('/dist/src/') ? '../../..' : '../..'}/signer/dist/src/bin/triad-signer.js`,
    import.meta.url,
  ),
);

/** How much of each peer's stderr a cluster keeps for the tests to read. */
const STDERR_KEEP = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Reply = { error: ServiceError | null; res: Record<string, unknown> };
/** A PeerLink of status.proto, as a peer reports another. */
export type PeerLink = {
  peerId: string;
  attestation: string;
  refusal: string;
  connected: boolean;
  roundTripMs: number;
};
type Unary = (
  r: unknown,
  o: { deadline: Date },
  cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
) => void;
type AnyClient = Record<string, Unary> & { close(): void };

export interface LocalClusterOptions {
  readonly logLevel?: string;
  /** Extra node flags for the peers (e.g. --cpu-prof). */
  readonly nodeArgs?: string[];
  readonly dir?: string;
  readonly basePort?: number;
  /**
   * Where peer `from` dials peer `to`'s cosigner or mesh port: the fault tests put a proxy there.
   * Default: the port itself.
   */
  readonly route?: (link: {
    from: number;
    to: number;
    service: 'cosigner' | 'mesh';
    port: number;
  }) => Promise<number>;
}

export class LocalCluster {
  readonly procs: (ChildProcess | undefined)[] = [];
  private readonly stderrs = ['', '', ''];
  readonly configs: string[] = [];
  private readonly clients = new Map<string, AnyClient>();

  private constructor(
    readonly tee: EmulatedCluster,
    readonly pki: ClusterPkiPaths,
    readonly signerPorts: readonly number[],
    private readonly logLevel: string,
    private readonly nodeArgs: readonly string[],
  ) {}

  /**
   * Three ta-hosts, a PKI (clients validator-a, validator-b; operator ops), and three peer configs.
   * With `dir` (`npm start`), everything lives there and is reused by the next start, on fixed
   * ports from `basePort` (signer basePort+1.., cosigner +101.., mesh +201.., metrics +301..), and
   * `cluster.json` tells tools (triadctl) the URLs and certificates; without it, a temp dir and
   * free ports.
   */
  static async create(o: LocalClusterOptions = {}): Promise<LocalCluster> {
    const tee = await EmulatedCluster.start(3, o.dir ? { dir: o.dir } : {});
    const pki = await writeClusterPki(join(tee.dir, 'pki'), {
      // localhost: the name clients give a loopback peer (tlsChannelOptions), never its IP
      peers: ['1', '2', '3'].map((id) => ({ id, hosts: ['127.0.0.1', 'localhost'] })),
      clients: ['validator-a', 'validator-b', 'ops'],
    });
    const measurement = emulatedMeasurement();
    const devices = await deviceKeys(tee.tas);
    const base = o.dir ? (o.basePort ?? 7100) : undefined;
    const ports =
      base === undefined
        ? await Promise.all(Array.from({ length: 12 }, freePort))
        : [1, 2, 3, 101, 102, 103, 201, 202, 203, 301, 302, 303].map((k) => base + k);
    const [signer, cosigner, mesh, metrics] = [0, 3, 6, 9].map((k) => ports.slice(k, k + 3)) as [
      number[],
      number[],
      number[],
      number[],
    ];
    const meshKey = (i: number) => join(tee.dir, `mesh-${i + 1}.key`);
    const meshIds = await Promise.all([0, 1, 2].map((i) => meshPeerId(meshKey(i))));
    const c = new LocalCluster(tee, pki, signer, o.logLevel ?? 'warn', o.nodeArgs ?? []);
    const route = o.route ?? (async ({ port }) => port);
    for (let i = 0; i < 3; i++) {
      const others = [0, 1, 2].filter((k) => k !== i);
      const dial = await Promise.all(
        others.map(async (k) => ({
          cosigner: await route({ from: i, to: k, service: 'cosigner', port: cosigner[k]! }),
          mesh: await route({ from: i, to: k, service: 'mesh', port: mesh[k]! }),
        })),
      );
      const id = String(i + 1);
      const file = join(tee.dir, `peer-${id}.yaml`);
      writeFileSync(
        file,
        stringify({
          peerId: id,
          participantId: i + 1,
          dataDir: c.dataDir(i),
          listen: {
            signer: `127.0.0.1:${signer[i]}`,
            cosigner: `127.0.0.1:${cosigner[i]}`,
            metrics: `127.0.0.1:${metrics[i]}`,
          },
          tls: { ca: pki.ca.cert, cert: pki.peers[id]!.cert, key: pki.peers[id]!.key },
          tee: { backend: 'emulated', socket: tee.socketPath(i) },
          measurement,
          device: devices[i],
          mesh: { listen: [`/ip4/127.0.0.1/tcp/${mesh[i]}`], key: meshKey(i) },
          peers: others.map((k, n) => ({
            peerId: String(k + 1),
            participantId: k + 1,
            address: `127.0.0.1:${dial[n]!.cosigner}`,
            device: devices[k],
            mesh: { id: meshIds[k], addresses: [`/ip4/127.0.0.1/tcp/${dial[n]!.mesh}`] },
          })),
          clients: {
            'validator-a': ['babe', 'gran', 'para', 'asgn', 'imon', 'audi', 'beef'],
            'validator-b': ['babe'],
          },
          operators: ['ops'],
          retireQuietSeconds: 4, // a test retires a key seconds after it signed
        }),
      );
      c.configs.push(file);
    }
    const clientFiles = (name: string) => pki.clients[name]!;
    writeFileSync(
      join(tee.dir, 'cluster.json'),
      JSON.stringify(
        {
          urls: signer.map((p) => `127.0.0.1:${p}`),
          metrics: metrics.map((p) => `http://127.0.0.1:${p}/metrics`),
          ca: pki.ca.cert,
          validator: clientFiles('validator-a'),
          operator: clientFiles('ops'),
        },
        null,
        2,
      ) + '\n',
    );
    return c;
  }

  /** What peer i's processes wrote to stderr since the cluster was made (the last STDERR_KEEP bytes). */
  stderrOf(i: number): string {
    return this.stderrs[i]!;
  }

  dataDir(i: number): string {
    return join(this.tee.dir, `peer-${i + 1}`);
  }

  /** Starts peer i's process and waits for its ready line; `env` adds to its environment. */
  async startPeer(i: number, o: { env?: Record<string, string> } = {}): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArgs, BIN, '--config', this.configs[i]!], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TRIAD_LOG_LEVEL: this.logLevel, ...o.env },
    });
    this.procs[i] = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`peer ${i + 1} not ready: ${err}`)), 15_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes(' ready: ')) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          child.stdout!.resume(); // keep draining the logs
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        this.stderrs[i] = (this.stderrs[i] + d.toString()).slice(-STDERR_KEEP);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`peer ${i + 1} exited (${code}): ${err}`));
      });
    });
  }

  private running(i: number): ChildProcess | undefined {
    const child = this.procs[i];
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** SIGKILL: a crash. */
  async kill(i: number): Promise<void> {
    const child = this.running(i);
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM: a clean stop; resolves with the exit code. */
  terminate(i: number): Promise<number | null> {
    const child = this.running(i);
    if (!child) return Promise.resolve(null);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  private client(service: 'Signer' | 'Operator', i: number, name: string): AnyClient {
    const key = `${service}/${i}/${name}`;
    if (!this.clients.has(key)) {
      const c = this.pki.clients[name]!;
      const Service = loadServices()[service];
      const address = `127.0.0.1:${this.signerPorts[i]}`;
      this.clients.set(
        key,
        new Service(
          address,
          credentials.createSsl(readFileSync(this.pki.ca.cert), readFileSync(c.key), readFileSync(c.cert)),
          {
            ...tlsChannelOptions(address),
            'grpc.initial_reconnect_backoff_ms': 100,
            'grpc.max_reconnect_backoff_ms': 500,
          },
        ) as unknown as AnyClient,
      );
    }
    return this.clients.get(key)!;
  }

  /** A validator's call to peer i's Signer service. */
  call(
    i: number,
    method: 'Sign' | 'Health' | 'GetPublicKeys',
    req: unknown,
    o: { client?: string; timeoutMs?: number } = {},
  ): Promise<Reply> {
    const client = this.client('Signer', i, o.client ?? 'validator-a');
    return new Promise((resolve) =>
      client[method]!(req, { deadline: new Date(Date.now() + (o.timeoutMs ?? 5000)) }, (error, res) =>
        resolve({ error, res }),
      ),
    );
  }

  /** Operator.Status of peer i. */
  async status(i: number): Promise<Record<string, unknown> & { peers: PeerLink[] }> {
    const client = this.client('Operator', i, 'ops');
    return new Promise((resolve, reject) =>
      client.Status!({}, { deadline: new Date(Date.now() + 5000) }, (e, res) =>
        e ? reject(e) : resolve(res as never),
      ),
    );
  }

  /** An Operator ceremony at peer i, to its end: the events streamed, and the final error if any. */
  ceremony(
    i: number,
    method: 'RunDkg' | 'RefreshShares',
    req: unknown,
    onEvent: (e: Record<string, unknown>) => void = () => undefined,
  ): Promise<{ events: Record<string, unknown>[]; error: ServiceError | null }> {
    const client = this.client('Operator', i, 'ops') as unknown as Record<
      string,
      (r: unknown, o: { deadline: Date }) => NodeJS.EventEmitter
    >;
    return new Promise((resolve) => {
      const events: Record<string, unknown>[] = [];
      const stream = client[method]!(req, { deadline: new Date(Date.now() + 30_000) });
      stream.on('data', (e: Record<string, unknown>) => {
        events.push(e);
        onEvent(e);
      });
      stream.on('error', (error: ServiceError) => resolve({ events, error }));
      stream.on('end', () => resolve({ events, error: null }));
    });
  }

  /** Waits until peer i has attested `count` peers. */
  async attested(i: number, count = 2): Promise<void> {
    for (let t = 0; t < 150; t++) {
      const { error, res } = await this.call(i, 'Health', {}, { timeoutMs: 1000 });
      if (!error && (res.attestedPeers as string[]).length >= count) return;
      await sleep(100);
    }
    throw new Error(`peer ${i + 1} did not attest its peers`);
  }

  /**
   * Waits until peer i says it can sign with `count` peers attested, and every other running peer
   * has attested it again (after a restart, both directions must be re-established).
   */
  async settled(i: number, count = 2): Promise<void> {
    const attestedByOthers = async () => {
      for (const j of [0, 1, 2].filter((j) => j !== i && this.running(j))) {
        const st = await this.status(j).catch(() => undefined);
        if (st?.peers.find((p) => p.peerId === String(i + 1))?.attestation !== 'attested') return false;
      }
      return true;
    };
    for (let t = 0; t < 150; t++) {
      const { error, res } = await this.call(i, 'Health', {}, { timeoutMs: 1000 });
      if (
        !error &&
        res.canSign &&
        (res.attestedPeers as string[]).length >= count &&
        (await attestedByOthers())
      )
        return;
      await sleep(100);
    }
    throw new Error(`peer ${i + 1} did not settle`);
  }

  async stop(): Promise<void> {
    this.clients.forEach((c) => c.close());
    await Promise.all([0, 1, 2].map((i) => this.kill(i)));
    await this.tee.stop();
  }
}
