/**
 * The metrics the alert rules in deploy/monitoring read and that only a broken peer shows: the
 * attestation state per peer, certificate expiry, audit write failures.
 */
import { describe, expect, it } from '@jest/globals';
import { writeClusterPki } from '@triad/pki';
import { attestationLabel, certificateExpiries, PeerMetrics } from '../src/metrics.js';
import type { MetricsSource } from '../src/metrics.js';
import { SignRecorder } from '../src/sign-outcome.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const source = (over: Partial<MetricsSource> = {}): MetricsSource => ({
  canSign: () => true,
  ta: async () => ({ counter: 3n, lockState: 'unlocked' }),
  peers: () => [
    { peerId: '2', attestation: 'attested' },
    { peerId: '3', attestation: 'refused' },
  ],
  certificates: () => [{ certificate: 'peer', notAfterSeconds: 1_900_000_000 }],
  ...over,
});

const quietLog = { debug() {}, warn() {}, error() {}, info() {} } as never;

describe('peer metrics', () => {
  it('tells an unreachable peer from one whose evidence was refused', () => {
    const at = new Date();
    expect(attestationLabel({ state: 'unknown' })).toBe('unknown');
    expect(attestationLabel({ state: 'attested', identityPublicKey: new Uint8Array(32), at })).toBe(
      'attested',
    );
    expect(attestationLabel({ state: 'refused', reason: 'UNREACHABLE', message: '', at })).toBe(
      'unreachable',
    );
    expect(attestationLabel({ state: 'refused', reason: 'MEASUREMENT', message: '', at })).toBe('refused');
  });

  it('shows each peer in exactly one attestation state, and the certificates it loaded', async () => {
    const text = await new PeerMetrics(source()).registry.metrics();
    expect(text).toMatch(/^triad_peer_attestation_state\{peer="3",state="refused"\} 1$/m);
    expect(text).toMatch(/^triad_peer_attestation_state\{peer="3",state="attested"\} 0$/m);
    expect(text).toMatch(/^triad_peer_attestation_state\{peer="2",state="attested"\} 1$/m);
    expect(text).toMatch(/^triad_peer_attested\{peer="3"\} 0$/m);
    expect(text).toMatch(
      /^triad_tls_certificate_expiry_timestamp_seconds\{certificate="peer"\} 1900000000$/m,
    );
  });

  it('reads the expiry of the certificates a peer is configured with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triad-metrics-'));
    try {
      const pki = await writeClusterPki(dir, {
        peers: [{ id: '1', hosts: ['localhost'] }],
        clients: [],
        validityDays: 30,
      });
      const got = certificateExpiries({
        ca: pki.ca.cert,
        peer: pki.peers['1']!.cert,
        missing: join(dir, 'nope.crt'),
      });
      expect(got.map((c) => c.certificate)).toEqual(['ca', 'peer']);
      const days = (got[1]!.notAfterSeconds * 1000 - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThanOrEqual(30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts an audit record that could not be written, after the answer went out', async () => {
    const metrics = new PeerMetrics(source());
    const failing = { append: () => Promise.reject(new Error('disk full')) };
    const recorder = new SignRecorder(metrics, quietLog, failing);
    recorder.record({
      client: 'validator-a',
      keyType: 'babe',
      publicKey: '',
      kind: 'raw',
      payloadHash: 'ab'.repeat(32),
      outcome: { kind: 'refusal', code: 'POLICY', message: 'no' } as never,
      ms: 1,
    });
    await recorder.settled();
    expect(await metrics.registry.metrics()).toMatch(/^triad_audit_write_failures_total 1$/m);
  });
});
