/**
 * Which cluster `triadctl` talks to, and as whom: flags first (--urls, --ca, --cert, --key,
 * --server-name), then the environment (TRIAD_URLS, TRIAD_CA, TRIAD_CERT, TRIAD_KEY,
 * TRIAD_SERVER_NAME), then a cluster file (--cluster, TRIAD_CLUSTER, else the local dev cluster's
 * .triad/dev/cluster.json found from the working directory up), which names the URLs, the CA, a
 * validator and an operator certificate, and may name the peers' server name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage.js';

export interface Target {
  readonly urls: readonly string[];
  readonly ca: string;
  /** The certificate for this command: the operator's for status and dkg, the validator's else. */
  readonly cert: string;
  readonly key: string;
  /** The DNS name in the peers' certificates, for URLs with IP addresses (tlsChannelOptions). */
  readonly serverName?: string;
}

interface ClusterFile {
  urls?: string[];
  serverName?: string;
  ca?: string;
  validator?: { cert: string; key: string };
  operator?: { cert: string; key: string };
}

export interface TargetFlags {
  readonly urls?: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly 'server-name'?: string;
  readonly cluster?: string;
}

/** The dev cluster's file above `from`, if there is one. */
function findDevCluster(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const file = join(dir, '.triad', 'dev', 'cluster.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

function readClusterFile(file: string): ClusterFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterFile;
  } catch (e) {
    throw new UsageError(`cannot read the cluster file ${file}: ${(e as Error).message}`);
  }
}

export function resolveTarget(
  flags: TargetFlags,
  role: 'validator' | 'operator',
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Target {
  const file = flags.cluster ?? env.TRIAD_CLUSTER ?? findDevCluster(cwd);
  const cluster = file ? readClusterFile(file) : {};
  const urlList = flags.urls ?? env.TRIAD_URLS;
  const urls = urlList ? urlList.split(',').map((u) => u.trim()) : (cluster.urls ?? []);
  const ca = flags.ca ?? env.TRIAD_CA ?? cluster.ca;
  const cert = flags.cert ?? env.TRIAD_CERT ?? cluster[role]?.cert;
  const key = flags.key ?? env.TRIAD_KEY ?? cluster[role]?.key;
  if (urls.length === 0 || urls.some((u) => !/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/.test(u)))
    throw new UsageError('no peer URLs: give --urls host:port,... or TRIAD_URLS, or run npm start');
  if (!ca || !cert || !key)
    throw new UsageError(
      `no TLS material: give --ca, --cert and --key (an ${role} certificate), or run npm start`,
    );
  const serverName = flags['server-name'] ?? env.TRIAD_SERVER_NAME ?? cluster.serverName;
  return { urls, ca, cert, key, ...(serverName ? { serverName } : {}) };
}
