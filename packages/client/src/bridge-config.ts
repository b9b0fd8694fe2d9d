/**
 * The command line of `triad-keystore-bridge`: flags, each with an environment variable to fall
 * back on (a flag wins). Checked whole before anything starts; a mistake is a BridgeUsageError
 * (the bin prints it with the usage and exits 2).
 */
import type { SignerClientOptions } from './signer-client.js';
import { DEFAULT_BRIDGE_HOST, DEFAULT_BRIDGE_PORT, isLoopbackHost } from './keystore-bridge.js';

const FLAG_HELP: readonly (readonly [string, string])[] = [
  ["--urls          the peers' Signer endpoints, in order of preference", 'TRIAD_SIGNER_URLS'],
  ['--ca            the cluster CA certificate (PEM file)', 'TRIAD_CA'],
  ["--cert, --key   this validator's client certificate and key (PEM files)", 'TRIAD_CERT, TRIAD_KEY'],
  ["--server-name   the DNS name in the peers' certificates (for IP URLs)", 'TRIAD_SERVER_NAME'],
  [
    `--listen        where to serve JSON-RPC (default ${DEFAULT_BRIDGE_HOST}:${DEFAULT_BRIDGE_PORT})`,
    'TRIAD_BRIDGE_LISTEN',
  ],
  ['--allow-remote  allow a --listen address that is not loopback', 'TRIAD_BRIDGE_ALLOW_REMOTE=1'],
  ['--timeout-ms    budget of one call, all peers included (default 2000)', 'TRIAD_TIMEOUT_MS'],
  ['--hedge-ms      also ask the next peer after MS of silence, or off', 'TRIAD_HEDGE_MS'],
  ['                (default min(timeout / 4, 250))', ''],
];

export const BRIDGE_USAGE = [
  'usage: triad-keystore-bridge --urls HOST:PORT[,HOST:PORT...] --ca FILE --cert FILE --key FILE',
  '         [--server-name NAME] [--listen HOST:PORT] [--allow-remote] [--timeout-ms MS] [--hedge-ms MS|off]',
  ...FLAG_HELP.map(([what, env]) => (env ? `  ${what.padEnd(74)}env ${env}` : `  ${what}`)),
  'A flag wins over its environment variable.',
].join('\n');

export const DEFAULT_BRIDGE_TIMEOUT_MS = 2000;

export class BridgeUsageError extends Error {
  override readonly name = 'BridgeUsageError';
}

export interface BridgeConfig {
  readonly host: string;
  readonly port: number;
  readonly allowRemote: boolean;
  readonly client: SignerClientOptions;
}

const VALUE_FLAGS = {
  '--urls': 'TRIAD_SIGNER_URLS',
  '--ca': 'TRIAD_CA',
  '--cert': 'TRIAD_CERT',
  '--key': 'TRIAD_KEY',
  '--server-name': 'TRIAD_SERVER_NAME',
  '--listen': 'TRIAD_BRIDGE_LISTEN',
  '--timeout-ms': 'TRIAD_TIMEOUT_MS',
  '--hedge-ms': 'TRIAD_HEDGE_MS',
} as const;
type ValueFlag = keyof typeof VALUE_FLAGS;

/** 'help' for --help; otherwise the configuration, or a BridgeUsageError. */
export function parseBridgeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BridgeConfig | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const given = new Map<ValueFlag, string>();
  let allowRemote = env.TRIAD_BRIDGE_ALLOW_REMOTE === '1';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--allow-remote') {
      allowRemote = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (!Object.hasOwn(VALUE_FLAGS, flag))
      throw new BridgeUsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new BridgeUsageError(`${flag} needs a value`);
    if (given.has(flag)) throw new BridgeUsageError(`${flag} is given twice`);
    given.set(flag, value);
  }
  const get = (flag: ValueFlag) => given.get(flag) ?? (env[VALUE_FLAGS[flag]] || undefined);
  const need = (flag: ValueFlag) => {
    const v = get(flag);
    if (v === undefined) throw new BridgeUsageError(`${flag} (or ${VALUE_FLAGS[flag]}) is required`);
    return v;
  };
  const ms = (flag: ValueFlag, fallback: number) => {
    const v = get(flag);
    if (v === undefined) return fallback;
    if (!/^\d{1,7}$/.test(v))
      throw new BridgeUsageError(`${flag}: expected milliseconds, got ${JSON.stringify(v)}`);
    return Number(v);
  };

  const { host, port } = parseListen(get('--listen') ?? `${DEFAULT_BRIDGE_HOST}:${DEFAULT_BRIDGE_PORT}`);
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new BridgeUsageError(
      `--listen ${host} is not a loopback address; the bridge signs for whoever reaches it, so it listens on loopback only unless --allow-remote`,
    );
  }
  const hedge = get('--hedge-ms');
  const serverName = get('--server-name');
  return {
    host,
    port,
    allowRemote,
    client: {
      urls: need('--urls')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
      tls: { ca: need('--ca'), cert: need('--cert'), key: need('--key') },
      ...(serverName === undefined ? {} : { serverName }),
      timeoutMs: ms('--timeout-ms', DEFAULT_BRIDGE_TIMEOUT_MS),
      hedgeMs: hedge === 'off' ? false : hedge === undefined ? undefined : ms('--hedge-ms', 0),
    },
  };
}

/** "host:port" or "[v6]:port" (port 0: any free port). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : -1;
  if (!m || port > 65535)
    throw new BridgeUsageError(`--listen: expected HOST:PORT, got ${JSON.stringify(listen)}`);
  return { host: (m[1] ?? m[2])!, port };
}
