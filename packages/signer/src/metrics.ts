/**
 * The peer's Prometheus metrics (DESIGN.md section 9), on a plain HTTP endpoint (`GET /metrics`,
 * text format). The endpoint serves counts and states only, nothing a validator sent, so it needs
 * no client certificate; bind it to loopback or a management network.
 *
 * Each peer has its own registry (tests run several peers in one process).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PeerAttestation } from './attestation.js';

/**
 * What this peer knows of another peer's TA, as a metric label: `unreachable` is a refusal for want
 * of any evidence (the peer is down or cut off), `refused` one whose evidence failed its check
 * (wrong device, measurement, signature or version), which an operator must look into.
 */
export type AttestationLabel = 'unknown' | 'attested' | 'unreachable' | 'refused';
export const ATTESTATION_LABELS: readonly AttestationLabel[] = [
  'unknown',
  'attested',
  'unreachable',
  'refused',
];

export function attestationLabel(a: PeerAttestation): AttestationLabel {
  if (a.state !== 'refused') return a.state;
  return a.reason === 'UNREACHABLE' ? 'unreachable' : 'refused';
}

/** When a certificate the peer loaded stops being valid (Unix seconds), by its role. */
export interface CertificateExpiry {
  readonly certificate: string;
  readonly notAfterSeconds: number;
}

/**
 * The expiry of the first certificate in each PEM file, read once: the peer uses the certificates
 * it loaded at start, so a renewed file on disk counts only after a restart. A file that cannot be
 * read or parsed is left out (the peer's start fails on it anyway).
 */
export function certificateExpiries(files: Readonly<Record<string, string>>): CertificateExpiry[] {
  return Object.entries(files).flatMap(([certificate, file]) => {
    try {
      const notAfter = Date.parse(new X509Certificate(readFileSync(file)).validTo);
      return Number.isFinite(notAfter) ? [{ certificate, notAfterSeconds: notAfter / 1000 }] : [];
    } catch {
      return [];
    }
  });
}

/** What the gauges read at scrape time (cached values: a scrape never waits on the TA). */
export interface MetricsSource {
  /** 1 when this peer can sign now (its TA unlocked with keys and one attested cosigner). */
  canSign(): boolean;
  /** The TA's counter and lock state as the peer last read them (each second); undefined before. */
  ta(): Promise<{ counter: bigint; lockState: 'unlocked' | 'locked' | 'rolled-back' } | undefined>;
  /** Per other peer: attestation state, and the last ping round trip (seconds) when connected. */
  peers(): readonly { peerId: string; attestation: AttestationLabel; rttSeconds?: number }[];
  /** The TLS certificates this peer serves and trusts with, by role (`ca`, `peer`). */
  certificates(): readonly CertificateExpiry[];
}

export class PeerMetrics {
  readonly registry = new Registry();
  /** Sign requests answered, by kind, key type, decision (signed, refused, failed) and reason. */
  readonly signings = new Counter({
    name: 'triad_sign_requests_total',
    help: 'Sign requests answered by this peer as coordinator, by kind, key type, decision and reason',
    labelNames: ['kind', 'key_type', 'decision', 'reason'] as const,
    registers: [this.registry],
  });
  readonly signSeconds = new Histogram({
    name: 'triad_sign_duration_seconds',
    help: 'Time from a Sign request to its answer at this peer',
    labelNames: ['kind', 'decision'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly cosignings = new Counter({
    name: 'triad_cosign_requests_total',
    help: 'Cosign requests served for other coordinators, by outcome (cosigned or the TA refusal code)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly passOvers = new Counter({
    name: 'triad_cosigner_pass_overs_total',
    help: 'Times a cosigner was passed over (unreachable, locked, or blamed for a bad share)',
    labelNames: ['peer', 'blamed'] as const,
    registers: [this.registry],
  });
  readonly auditFailures = new Counter({
    name: 'triad_audit_write_failures_total',
    help: 'Audit records that could not be written (the answer had already gone to the validator)',
    registers: [this.registry],
  });

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    new Gauge({
      name: 'triad_quorum_up',
      help: '1 when this peer can sign now',
      registers,
      collect() {
        this.set(source.canSign() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'triad_ta_counter',
      help: "The TA's replicated monotonic counter",
      registers,
      async collect() {
        const ta = await source.ta();
        if (ta) this.set(Number(ta.counter));
      },
    });
    new Gauge({
      name: 'triad_ta_state',
      help: "1 for the TA's current lock state (unlocked, locked, rolled-back, unreachable)",
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const ta = await source.ta();
        for (const s of ['unlocked', 'locked', 'rolled-back', 'unreachable'])
          this.set({ state: s }, (ta?.lockState ?? 'unreachable') === s ? 1 : 0);
      },
    });
    new Gauge({
      name: 'triad_peer_attested',
      help: '1 when this peer has attested the other peer since it (re)connected',
      labelNames: ['peer'] as const,
      registers,
      collect() {
        for (const p of source.peers()) this.set({ peer: p.peerId }, p.attestation === 'attested' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'triad_peer_attestation_state',
      help: "1 for this peer's view of the other peer's TA (unknown, attested, unreachable, refused)",
      labelNames: ['peer', 'state'] as const,
      registers,
      collect() {
        for (const p of source.peers())
          for (const s of ATTESTATION_LABELS)
            this.set({ peer: p.peerId, state: s }, p.attestation === s ? 1 : 0);
      },
    });
    new Gauge({
      name: 'triad_tls_certificate_expiry_timestamp_seconds',
      help: 'When a TLS certificate this peer loaded expires (Unix time), by role (ca, peer)',
      labelNames: ['certificate'] as const,
      registers,
      collect() {
        for (const c of source.certificates()) this.set({ certificate: c.certificate }, c.notAfterSeconds);
      },
    });
    new Gauge({
      name: 'triad_peer_round_trip_seconds',
      help: 'Last libp2p ping round trip to the other peer',
      labelNames: ['peer'] as const,
      registers,
      collect() {
        this.reset();
        for (const p of source.peers())
          if (p.rttSeconds !== undefined) this.set({ peer: p.peerId }, p.rttSeconds);
      },
    });
  }

  /** Serves `GET /metrics` on host:port (port 0: any); the bound port. */
  async listen(address: string): Promise<{ server: Server; port: number }> {
    const at = address.lastIndexOf(':');
    const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(address.slice(at + 1)), host, () => resolve());
    });
    return { server, port: (server.address() as { port: number }).port };
  }
}
