/**
 * `triadctl status`: every peer's own report (Operator.Status), how the others see it, and one
 * cluster line. The cluster can sign when a reachable peer says it can (its TA unlocked, holding
 * keys, with an attested cosigner).
 */
import type { ServiceError } from '@grpc/grpc-js';
import { operatorClient } from '../operator.js';
import { table } from '../table.js';
import type { Target } from '../target.js';

interface KeyStatus {
  keyType: string;
  publicKey: Uint8Array;
  nonSlashable: boolean;
  lastSlot?: string;
  /** "active" or "retired"; empty from a peer that predates it (active). */
  status: string;
  created: string;
}
interface PeerLink {
  peerId: string;
  attestation: string;
  refusal: string;
}
interface StatusResponse {
  peerId: string;
  version: string;
  canSign: boolean;
  threshold: number;
  ta: { reachable: boolean; lockState: string; counter: string; measurement: string; keys: KeyStatus[] };
  peers: PeerLink[];
}

export interface PeerReport {
  readonly url: string;
  readonly reachable: boolean;
  readonly error?: string;
  readonly roundTripMs?: number;
  readonly status?: StatusResponse;
}

export interface ClusterStatus {
  readonly canSign: boolean;
  readonly threshold: number;
  /** The keys that sign (retired ones are in `retiredKeys`). */
  readonly publicKeys: { keyType: string; publicKey: string; nonSlashable: boolean }[];
  /** Keys whose shares every TA that reported has wiped: they answer NO_KEY. */
  readonly retiredKeys: { keyType: string; publicKey: string }[];
  readonly peers: PeerReport[];
}

type StatusClient = {
  Status: (
    r: unknown,
    o: { deadline: Date },
    cb: (e: ServiceError | null, r: StatusResponse) => void,
  ) => void;
  close(): void;
};

async function ask(url: string, target: Target, timeoutMs: number): Promise<PeerReport> {
  const client = operatorClient<StatusClient>(url, target);
  const started = performance.now();
  try {
    const status = await new Promise<StatusResponse>((resolve, reject) =>
      client.Status({}, { deadline: new Date(Date.now() + timeoutMs) }, (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
    return { url, reachable: true, roundTripMs: performance.now() - started, status };
  } catch (e) {
    return { url, reachable: false, error: (e as ServiceError).details || (e as Error).message };
  } finally {
    client.close();
  }
}

const isRetired = (k: KeyStatus): boolean => k.status === 'retired';

export async function clusterStatus(target: Target, timeoutMs: number): Promise<ClusterStatus> {
  const peers = await Promise.all(target.urls.map((u) => ask(u, target, timeoutMs)));
  const up = peers.filter((p) => p.status).map((p) => p.status!);
  const keys = up.find((s) => s.ta.reachable && s.ta.keys.length)?.ta.keys ?? [];
  const hex = (k: KeyStatus) => `0x${Buffer.from(k.publicKey).toString('hex')}`;
  return {
    canSign: up.some((s) => s.canSign),
    threshold: up.find((s) => s.threshold)?.threshold ?? 0,
    publicKeys: keys
      .filter((k) => !isRetired(k))
      .map((k) => ({ keyType: k.keyType, publicKey: hex(k), nonSlashable: k.nonSlashable })),
    retiredKeys: keys.filter(isRetired).map((k) => ({ keyType: k.keyType, publicKey: hex(k) })),
    peers,
  };
}

/** How the other reachable peers see `peerId`: "attested by 2, 3", or who refused it and why. */
function seenBy(peerId: string, all: readonly PeerReport[]): string {
  const views = all.flatMap((p) => {
    const link = p.status?.peers.find((l) => l.peerId === peerId);
    return link && p.status ? [{ by: p.status.peerId, link }] : [];
  });
  const attested = views.filter((v) => v.link.attestation === 'attested').map((v) => v.by);
  const refused = views
    .filter((v) => v.link.attestation === 'refused')
    .map((v) => `${v.by}: ${v.link.refusal}`);
  return [
    attested.length ? `by ${attested.join(', ')}` : '',
    refused.length ? `refused (${refused.join('; ')})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function formatStatus(c: ClusterStatus): string {
  const rows = c.peers.map((p) => {
    const s = p.status;
    if (!s) return ['?', p.url, 'no', '-', '-', '-', '-', '-', p.error ?? ''];
    const slots =
      s.ta.keys
        .filter((k) => !isRetired(k))
        .map((k) => `${k.keyType}:${k.lastSlot ?? '-'}`)
        .join(' ') || '-';
    return [
      s.peerId,
      p.url,
      'yes',
      seenBy(s.peerId, c.peers) || '-',
      s.ta.reachable ? s.ta.lockState : 'unreachable',
      s.ta.reachable ? s.ta.counter : '-',
      slots,
      p.roundTripMs!.toFixed(1),
      s.version,
    ];
  });
  const head = ['peer', 'url', 'reachable', 'attested', 'TA', 'counter', 'last slot', 'rtt ms', 'version'];
  const measurement = c.peers.find((p) => p.status)?.status?.ta.measurement;
  const keys = c.publicKeys.map((k) => `${k.keyType} ${k.publicKey}`).join(', ') || 'none';
  return [
    table(head, rows),
    '',
    `cluster: quorum ${c.canSign ? 'yes' : 'NO'}, threshold ${c.threshold || '?'}-of-${c.peers.length}, ` +
      `TA measurement ${measurement ?? '?'}`,
    `keys: ${keys}`,
    ...(c.retiredKeys.length
      ? [`retired: ${c.retiredKeys.map((k) => `${k.keyType} ${k.publicKey}`).join(', ')}`]
      : []),
  ].join('\n');
}

/** JSON for machines: bytes as 0x-hex. */
export function statusJson(c: ClusterStatus): unknown {
  return JSON.parse(
    JSON.stringify(c, (_k, v: unknown) =>
      v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
        ? `0x${Buffer.from((v as { data: number[] }).data).toString('hex')}`
        : v,
    ),
  );
}
