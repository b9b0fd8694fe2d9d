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
 * listen: { signer: "0.0.0.0:7101", cosigner: "0.0.0.0:7201" }
 * tls: { ca: ca.crt, cert: peer-1.crt, key: peer-1.key }    # relative to this file
 * tee: { backend: emulated, socket: /run/triad/ta.sock }     # or { backend: optee }
 * measurement: "<64 hex>"    # the enrolled TA measurement
 * device: { e: "<hex>", n: "<hex>" }                        # this board's attestation key
 * peers:
 *   - { peerId: "2", participantId: 2, address: "10.0.0.2:7201", device: { e: .., n: .. } }
 * clients: { validator-a: [babe, audi] }                    # allowed key types per client
 * ```
 *
 * Environment overrides: TRIAD_DATA_DIR, TRIAD_LISTEN_SIGNER, TRIAD_LISTEN_COSIGNER,
 * TRIAD_TA_SOCKET.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';

export interface DeviceKey {
  /** RSA public exponent and modulus, big-endian hex, as the attestation PTA gives them. */
  readonly e: string;
  readonly n: string;
}

export interface PeerEntry {
  readonly peerId: string;
  readonly participantId: number;
  /** host:port of its Cosigner service. */
  readonly address: string;
  readonly device: DeviceKey;
}

export type TeeConfig =
  { readonly backend: 'emulated'; readonly socket: string } | { readonly backend: 'optee' };

export interface PeerConfig {
  readonly peerId: string;
  readonly participantId: number;
  readonly dataDir: string;
  readonly listen: { readonly signer: string; readonly cosigner: string };
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly tee: TeeConfig;
  readonly measurement: string;
  readonly device: DeviceKey;
  readonly peers: readonly PeerEntry[];
  readonly clients: ReadonlyMap<string, ReadonlySet<string>>;
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
const KEY_TYPE = /^[a-z0-9]{4}$/;
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
  ]);
  const listen = v.object(root.listen, 'listen', ['signer', 'cosigner']);
  const tls = v.object(root.tls, 'tls', ['ca', 'cert', 'key']);
  const tee = v.object(root.tee, 'tee', ['backend', 'socket']);
  const backend = v.oneOf(tee.backend, 'tee.backend', ['emulated', 'optee']);
  const peers = v.array(root.peers, 'peers', 1, 7).map((p, i) => {
    const o = v.object(p, `peers[${i}]`, ['peerId', 'participantId', 'address', 'device']);
    return {
      peerId: v.name(o.peerId, `peers[${i}].peerId`),
      participantId: v.participant(o.participantId, `peers[${i}].participantId`),
      address: v.address(o.address, `peers[${i}].address`),
      device: v.device(o.device, `peers[${i}].device`),
    };
  });
  const clientsRaw = v.object(root.clients, 'clients', null);
  const clients = new Map(
    Object.entries(clientsRaw).map(([name, types]) => {
      v.name(name, `clients key "${name}"`);
      return [
        name,
        new Set(
          v.array(types, `clients.${name}`, 0, 16).map((t, i) => v.keyType(t, `clients.${name}[${i}]`)),
        ),
      ];
    }),
  );

  const config: PeerConfig = {
    peerId: v.name(root.peerId, 'peerId'),
    participantId: v.participant(root.participantId, 'participantId'),
    dataDir: v.path(env.TRIAD_DATA_DIR ?? root.dataDir, 'dataDir'),
    listen: {
      signer: v.address(env.TRIAD_LISTEN_SIGNER ?? listen.signer, 'listen.signer'),
      cosigner: v.address(env.TRIAD_LISTEN_COSIGNER ?? listen.cosigner, 'listen.cosigner'),
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

  keyType(v: unknown, where: string): string {
    if (typeof v !== 'string' || !KEY_TYPE.test(v))
      return this.fail(where, 'expected a key type of four lowercase letters or digits', '');
    return v;
  }

  participant(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 255)
      return this.fail(where, 'expected an integer 1..255', 0);
    return v;
  }

  address(v: unknown, where: string): string {
    const m = typeof v === 'string' ? /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v) : null;
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return this.fail(where, 'expected host:port', '');
    return v as string;
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

  device(v: unknown, where: string): DeviceKey {
    const o = this.object(v, where, ['e', 'n']);
    return { e: this.hex(o.e, `${where}.e`, 2, 16), n: this.hex(o.n, `${where}.n`, 256, 1024) };
  }
}
