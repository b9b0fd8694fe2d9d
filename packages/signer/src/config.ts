/**
 * A peer's configuration: one YAML file (written by the deployment, or by `npm start` for the
 * local cluster), a few environment overrides, and strict validation. Unknown fields are errors,
 * so a typo never silently falls back to a default; every problem is reported with its path, all
 * at once.
 *
 * ```yaml
 * peerId: "1"                # this peer's name (its certificate is peer:<peerId>)
 * participantId: 1           # its TA's identifier in the cluster's keys
 * dataDir: /var/lib/triad
 * listen: { signer: "0.0.0.0:7101", cosigner: "0.0.0.0:7201", metrics: "127.0.0.1:9615" }  # metrics optional
 * tls: { ca: ca.crt, cert: peer-1.crt, key: peer-1.key }    # relative to this file
 * tee: { backend: emulated, socket: /run/triad/ta.sock }     # or { backend: optee }
 * measurement: "<64 hex>"    # the enrolled TA measurement
 * device: { e: "<hex>", n: "<hex>" }                        # this board's attestation key
 * mesh: { listen: ["/ip4/0.0.0.0/tcp/7301"], key: mesh.key }  # libp2p (optional, see below)
 * peers:
 *   - peerId: "2"
 *     participantId: 2
 *     address: "10.0.0.2:7201"
 *     serverName: board-2.local  # a DNS name in its certificate (optional, see below)
 *     device: { e: .., n: .. }
 *     mesh: { id: "12D3KooW...", addresses: ["/ip4/10.0.0.2/tcp/7301"] }  # pinned libp2p id
 * clients: { validator-a: [babe, audi], validator-b: ["babe:0x<hex>"] }  # allowed keys (permissions.ts)
 * operators: [ops]                                          # clients allowed the Operator API
 * retireQuietSeconds: 600    # retire-key is refused while a key signed here this recently
 * ```
 *
 * `mesh` runs the libp2p layer (liveness, round trips and health gossip between the peers, which
 * the coordinator uses to pick its cosigner, and to re-attest a peer that reconnected); without it
 * a peer learns the same from its gRPC calls, later. Either every peer entry has `mesh` or none.
 *
 * `serverName` names a peer for TLS when `address` is an IP address: the channel dials the address
 * and checks the peer's certificate against the name (as gRPC's target name override does).
 *
 * Environment overrides: TRIAD_DATA_DIR, TRIAD_LISTEN_SIGNER, TRIAD_LISTEN_COSIGNER,
 * TRIAD_LISTEN_METRICS, TRIAD_TA_SOCKET.
 */
import { isKeyType } from '@triad/proto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseHost } from '@triad/pki';
import type { Host } from '@triad/pki';
import { Limits } from '@triad/tee';
import { parse, YAMLParseError } from 'yaml';
import { PeerLimits } from './limits.js';
import { ClientPermissions, parseGrant } from './permissions.js';
import type { Grant } from './permissions.js';

export interface DeviceKey {
  /** RSA public exponent and modulus, big-endian hex, as the attestation PTA gives them. */
  readonly e: string;
  readonly n: string;
}

export interface MeshEntry {
  /** The peer's libp2p id (pinned: a connection from any other key is refused). */
  readonly id: string;
  /** Multiaddrs to dial it at. */
  readonly addresses: readonly string[];
}

export interface PeerEntry {
  readonly peerId: string;
  readonly participantId: number;
  /** host:port of its Cosigner service. */
  readonly address: string;
  /**
   * A DNS name in its certificate: TLS names the peer by it whatever `address` dials (Node refuses
   * an IP address as a TLS server name, DEP0123). Absent: the host of `address`.
   */
  readonly serverName?: string;
  readonly device: DeviceKey;
  readonly mesh?: MeshEntry;
}

export type TeeConfig =
  { readonly backend: 'emulated'; readonly socket: string } | { readonly backend: 'optee' };

export interface PeerConfig {
  readonly peerId: string;
  readonly participantId: number;
  readonly dataDir: string;
  readonly listen: { readonly signer: string; readonly cosigner: string; readonly metrics?: string };
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly tee: TeeConfig;
  readonly measurement: string;
  readonly device: DeviceKey;
  readonly peers: readonly PeerEntry[];
  /** Which keys each validator client may use (permissions.ts). */
  readonly clients: ClientPermissions;
  /** Client names allowed the Operator API (status, ceremonies). */
  readonly operators: ReadonlySet<string>;
  /** A key that signed here this recently is in use: retiring it is refused (default 600). */
  readonly retireQuietSeconds: number;
  /** This peer's libp2p node: its listen multiaddrs and its key file. */
  readonly mesh?: { readonly listen: readonly string[]; readonly key: string };
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`,
    );
    this.name = 'ConfigError';
  }
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,47}$/; // as @triad/pki names peers and clients
const HEX = /^[0-9a-f]+$/;

/** Reads and checks a configuration file; throws ConfigError listing every problem. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): PeerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read: ${(e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    throw new ConfigError(file, [`not valid YAML${where}: ${(e as Error).message.split('\n')[0]}`]);
  }
  return parseConfig(raw, dirname(resolve(file)), env, file);
}

/** Checks an already-parsed configuration (paths resolved against `baseDir`). */
export function parseConfig(
  raw: unknown,
  baseDir: string,
  env: NodeJS.ProcessEnv,
  file = 'config',
): PeerConfig {
  const problems: string[] = [];
  const v = new Checker(problems, baseDir);
  const root = v.object(raw, '', [
    'peerId',
    'participantId',
    'dataDir',
    'listen',
    'tls',
    'tee',
    'measurement',
    'device',
    'peers',
    'clients',
    'operators',
    'retireQuietSeconds',
    'mesh',
  ]);
  const listen = v.object(root.listen, 'listen', ['signer', 'cosigner', 'metrics']);
  const tls = v.object(root.tls, 'tls', ['ca', 'cert', 'key']);
  const tee = v.object(root.tee, 'tee', ['backend', 'socket']);
  const backend = v.oneOf(tee.backend, 'tee.backend', ['emulated', 'optee']);
  const peers = v.array(root.peers, 'peers', 1, Limits.MAX_PARTICIPANTS - 1).map((p, i) => {
    const o = v.object(p, `peers[${i}]`, [
      'peerId',
      'participantId',
      'address',
      'serverName',
      'device',
      'mesh',
    ]);
    return {
      peerId: v.name(o.peerId, `peers[${i}].peerId`),
      participantId: v.participant(o.participantId, `peers[${i}].participantId`),
      address: v.address(o.address, `peers[${i}].address`),
      ...(o.serverName === undefined
        ? {}
        : { serverName: v.dnsName(o.serverName, `peers[${i}].serverName`) }),
      device: v.device(o.device, `peers[${i}].device`),
      ...(o.mesh === undefined ? {} : { mesh: v.meshEntry(o.mesh, `peers[${i}].mesh`) }),
    };
  });
  const operators = new Set(
    root.operators === undefined
      ? []
      : v.array(root.operators, 'operators', 0, 16).map((n, i) => v.name(n, `operators[${i}]`)),
  );
  const retireQuietSeconds =
    root.retireQuietSeconds === undefined
      ? PeerLimits.RETIRE_QUIET_MS / 1000
      : v.seconds(root.retireQuietSeconds, 'retireQuietSeconds');
  let mesh: PeerConfig['mesh'];
  if (root.mesh !== undefined) {
    const m = v.object(root.mesh, 'mesh', ['listen', 'key']);
    mesh = {
      listen: v.array(m.listen, 'mesh.listen', 1, 4).map((a, i) => v.multiaddr(a, `mesh.listen[${i}]`)),
      key: v.path(m.key, 'mesh.key'),
    };
  }
  const meshPeers = peers.filter((p) => p.mesh).length;
  if (mesh ? meshPeers !== peers.length : meshPeers > 0)
    problems.push('mesh: give it this peer and every peer entry (its libp2p id and addresses), or none');
  const clientsRaw = v.object(root.clients, 'clients', null);
  const clients = new ClientPermissions(
    new Map(
      Object.entries(clientsRaw).map(([name, entries]) => {
        v.name(name, `clients key "${name}"`);
        return [
          name,
          v
            .array(entries, `clients.${name}`, 0, PeerLimits.MAX_CLIENT_GRANTS)
            .map((e, i) => v.grant(e, `clients.${name}[${i}]`)),
        ];
      }),
    ),
  );

  const config: PeerConfig = {
    peerId: v.name(root.peerId, 'peerId'),
    participantId: v.participant(root.participantId, 'participantId'),
    dataDir: v.path(env.TRIAD_DATA_DIR ?? root.dataDir, 'dataDir'),
    listen: {
      signer: v.address(env.TRIAD_LISTEN_SIGNER ?? listen.signer, 'listen.signer', true),
      cosigner: v.address(env.TRIAD_LISTEN_COSIGNER ?? listen.cosigner, 'listen.cosigner', true),
      ...((env.TRIAD_LISTEN_METRICS ?? listen.metrics) === undefined
        ? {}
        : { metrics: v.address(env.TRIAD_LISTEN_METRICS ?? listen.metrics, 'listen.metrics', true) }),
    },
    tls: {
      ca: v.path(tls.ca, 'tls.ca'),
      cert: v.path(tls.cert, 'tls.cert'),
      key: v.path(tls.key, 'tls.key'),
    },
    tee:
      backend === 'optee'
        ? { backend: 'optee' }
        : { backend: 'emulated', socket: v.path(env.TRIAD_TA_SOCKET ?? tee.socket, 'tee.socket') },
    measurement: v.hex(root.measurement, 'measurement', 64, 64),
    device: v.device(root.device, 'device'),
    peers,
    clients,
    operators,
    retireQuietSeconds,
    ...(mesh ? { mesh } : {}),
  };
  // One cluster: names and participant ids unique, ourselves included.
  const names = [config.peerId, ...peers.map((p) => p.peerId)];
  const ids = [config.participantId, ...peers.map((p) => p.participantId)];
  if (new Set(names).size !== names.length)
    problems.push('peerId: the peers and this peer must have distinct names');
  if (new Set(ids).size !== ids.length)
    problems.push('participantId: the peers and this peer must have distinct ids');
  if (problems.length) throw new ConfigError(file, problems);
  return config;
}

/** Collects problems instead of stopping at the first, so one run shows them all. */
class Checker {
  constructor(
    private readonly problems: string[],
    private readonly baseDir: string,
  ) {}

  private fail<T>(where: string, what: string, fallback: T): T {
    this.problems.push(`${where || '(top level)'}: ${what}`);
    return fallback;
  }

  /** A mapping; `fields` lists the allowed keys (null: any keys). */
  object(v: unknown, where: string, fields: readonly string[] | null): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return this.fail(where, 'expected a mapping', {});
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (fields && !fields.includes(k)) this.fail(where ? `${where}.${k}` : k, 'unknown field', undefined);
    }
    return o;
  }

  array(v: unknown, where: string, min: number, max: number): unknown[] {
    if (!Array.isArray(v) || v.length < min || v.length > max)
      return this.fail(where, `expected a list of ${min}..${max}`, []);
    return v;
  }

  oneOf<T extends string>(v: unknown, where: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !allowed.includes(v as T))
      return this.fail(where, `expected one of ${allowed.join(', ')}`, allowed[0]!);
    return v as T;
  }

  name(v: unknown, where: string): string {
    if (typeof v !== 'string' || !NAME.test(v))
      return this.fail(where, 'expected a name of a-z, 0-9, _ and - (up to 48)', '');
    return v;
  }

  /** A client's permission entry: a key type, or one key as "type:0x<64 hex>" (permissions.ts). */
  grant(v: unknown, where: string): Grant {
    if (typeof v === 'string' && v.includes(':')) {
      return (
        parseGrant(v) ??
        this.fail(where, 'expected a key type or <type>:0x<64 lowercase hex>', { keyType: 'none' })
      );
    }
    return { keyType: this.keyType(v, where) };
  }

  keyType(v: unknown, where: string): string {
    if (!isKeyType(v)) return this.fail(where, 'expected a key type of four lowercase letters or digits', '');
    return v;
  }

  /** Whole seconds, 0 up to a day. */
  seconds(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 86_400)
      return this.fail(where, 'expected whole seconds 0..86400', 0);
    return v;
  }

  participant(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 255)
      return this.fail(where, 'expected an integer 1..255', 0);
    return v;
  }

  /** host:port; a listen address may ask for port 0 (any free port: tests, tools). */
  address(v: unknown, where: string, listen = false): string {
    const m = typeof v === 'string' ? /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v) : null;
    if (!m || Number(m[2]) < (listen ? 0 : 1) || Number(m[2]) > 65535)
      return this.fail(where, 'expected host:port', '');
    return v as string;
  }

  /** A DNS name (not an IP address), as a peer certificate's subjectAltName carries it. */
  dnsName(v: unknown, where: string): string {
    let host: Host | undefined;
    try {
      host = parseHost(v);
    } catch {
      host = undefined;
    }
    return host?.type === 'dns'
      ? host.value
      : this.fail(where, 'expected a DNS name (not an IP address)', '');
  }

  /** A file or directory path; relative paths are taken from the configuration file's directory. */
  path(v: unknown, where: string): string {
    if (typeof v !== 'string' || v.length === 0) return this.fail(where, 'expected a path', '');
    return isAbsolute(v) ? v : resolve(this.baseDir, v);
  }

  hex(v: unknown, where: string, min: number, max: number): string {
    const s = typeof v === 'string' ? v.toLowerCase() : '';
    if (!HEX.test(s) || s.length % 2 || s.length < min || s.length > max) {
      return this.fail(where, `expected ${min / 2}..${max / 2} bytes of hex`, '');
    }
    return s;
  }

  /** A libp2p multiaddr as the mesh listens or dials: /ip4|ip6|dns/<host>/tcp/<port>[/p2p/<id>]. */
  multiaddr(v: unknown, where: string): string {
    const ok =
      typeof v === 'string' &&
      /^\/(ip4|ip6|dns|dns4|dns6)\/[A-Za-z0-9.:-]+\/tcp\/\d{1,5}(\/p2p\/[1-9A-HJ-NP-Za-km-z]+)?$/.test(v);
    return ok ? (v as string) : this.fail(where, 'expected a multiaddr like /ip4/10.0.0.2/tcp/7301', '');
  }

  meshEntry(v: unknown, where: string): MeshEntry {
    const o = this.object(v, where, ['id', 'addresses']);
    const id =
      typeof o.id === 'string' && /^[1-9A-HJ-NP-Za-km-z]{46,60}$/.test(o.id)
        ? o.id
        : this.fail(`${where}.id`, 'expected a libp2p peer id (base58, 12D3KooW...)', '');
    return {
      id,
      addresses: this.array(o.addresses, `${where}.addresses`, 1, 4).map((a, i) =>
        this.multiaddr(a, `${where}.addresses[${i}]`),
      ),
    };
  }

  device(v: unknown, where: string): DeviceKey {
    const o = this.object(v, where, ['e', 'n']);
    return { e: this.hex(o.e, `${where}.e`, 2, 16), n: this.hex(o.n, `${where}.n`, 256, 1024) };
  }
}
