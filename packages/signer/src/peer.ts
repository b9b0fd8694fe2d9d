/**
 * The signer peer: one process per board, in front of its TA (DESIGN.md section 2).
 *
 * It serves the validator `Signer` API and the peer `Cosigner` API over mutual TLS, attests the
 * other peers' TAs (and serves them only once attested), unlocks its TA after a start with every
 * peer's counter report, keeps the cluster's public keys as its TA reports them, coordinates the
 * requests it receives, and records every outcome in its audit log.
 */
import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import type { ChannelCredentials, Client, ServiceError } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicKeyPackage } from '@triad/frost';
import { identityOfCall } from '@triad/pki';
import { LockState, openEmulatedTa, openOpteeTa, TaError } from '@triad/tee';
import type { EnrolledDevice, TrustedApp } from '@triad/tee';
import { attestHandler, gate, grpcAttestCall, peerCallerOf, PeerAttestor } from './attestation.js';
import { AUDIT_KINDS, AuditLog } from './audit-log.js';
import type { AuditKind } from './audit-log.js';
import { ceremonyHandlers } from './ceremony.js';
import type { PeerConfig } from './config.js';
import { Coordinator, QuorumError } from './coordinator.js';
import { cosignerHandlers, GrpcCosignerLink } from './cosigner-service.js';
import { loadServices } from './proto.js';
import { reconnecting } from './reconnecting-ta.js';
import { signerHandlers } from './signer-service.js';
import type { SignEvent } from './signer-service.js';

export const VERSION = '0.1.0';

type CosignerClient = Client & {
  CounterReport: (
    req: unknown,
    opts: { deadline: Date },
    cb: (e: ServiceError | null, r: { report: Uint8Array }) => void,
  ) => void;
};

const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

export class SignerPeer {
  private readonly servers: Server[] = [];
  private readonly clients = new Map<string, CosignerClient>();
  private readonly links = new Map<string, GrpcCosignerLink>();
  private keys = new Map<string, PublicKeyPackage>();
  private nonSlashable = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly attestor: PeerAttestor;
  /** The bound addresses (useful when the configuration asked for port 0). */
  signerAddress = '';
  cosignerAddress = '';

  private constructor(
    readonly config: PeerConfig,
    readonly ta: TrustedApp,
    readonly audit: AuditLog,
    private readonly channel: ChannelCredentials,
  ) {
    const { Cosigner } = loadServices();
    for (const p of config.peers) {
      this.clients.set(p.peerId, new Cosigner(p.address, channel) as unknown as CosignerClient);
      this.links.set(p.peerId, new GrpcCosignerLink(p.peerId, p.address, channel));
    }
    const enrolled = new Map<string, EnrolledDevice>(
      config.peers.map((p) => [
        p.peerId,
        {
          attestationKey: { e: hexBytes(p.device.e), n: hexBytes(p.device.n) },
          measurement: hexBytes(config.measurement),
        },
      ]),
    );
    this.attestor = new PeerAttestor(
      enrolled,
      grpcAttestCall((id) => this.clients.get(id), config.peerId),
    );
  }

  static async start(config: PeerConfig): Promise<SignerPeer> {
    const [ca, cert, key] = [config.tls.ca, config.tls.cert, config.tls.key].map((f) => readFileSync(f));
    const tee = config.tee;
    const open = () => (tee.backend === 'optee' ? openOpteeTa() : openEmulatedTa(tee.socket));
    const ta = reconnecting(open, await open());
    const audit = await AuditLog.open(join(config.dataDir, 'audit'));
    const peer = new SignerPeer(config, ta, audit, credentials.createSsl(ca!, key!, cert!));
    try {
      await peer.listen(ServerCredentials.createSsl(ca!, [{ cert_chain: cert!, private_key: key! }], true));
      await peer.refreshKeys();
      peer.timer = setInterval(() => void peer.tick(), 1000);
      void peer.tick();
    } catch (e) {
      await peer.stop();
      throw e;
    }
    return peer;
  }

  private async listen(serverCredentials: ServerCredentials): Promise<void> {
    const { Signer, Cosigner } = loadServices();
    const cosigner = new Server();
    cosigner.addService(
      Cosigner.service,
      gate(
        {
          ...cosignerHandlers(this.ta),
          ...ceremonyHandlers(this.ta, this.config.participantId),
          Attest: attestHandler(this.ta, this.config.peerId),
        },
        (id) => this.attestor.isAttested(id),
        peerCallerOf,
      ),
    );
    const signer = new Server();
    signer.addService(
      Signer.service,
      signerHandlers({
        peerId: this.config.peerId,
        version: VERSION,
        coordinator: new Coordinator(
          this.ta,
          () => this.keys,
          () =>
            this.config.peers
              .filter((p) => this.attestor.isAttested(p.peerId))
              .map((p) => this.links.get(p.peerId)!),
        ),
        publicKeys: () => this.keys,
        nonSlashable: (k) => this.nonSlashable.has(k),
        allowed: this.config.clients,
        identify: (call) => {
          try {
            return identityOfCall(call);
          } catch {
            return undefined;
          }
        },
        health: () => this.health(),
        onSign: (e) => void this.record(e),
      }),
    );
    const bind = (server: Server, address: string) =>
      new Promise<number>((resolve, reject) =>
        server.bindAsync(address, serverCredentials, (e, port) => (e ? reject(e) : resolve(port))),
      );
    this.servers.push(cosigner, signer);
    const host = (a: string) => a.slice(0, a.lastIndexOf(':'));
    this.cosignerAddress = `${host(this.config.listen.cosigner)}:${await bind(cosigner, this.config.listen.cosigner)}`;
    this.signerAddress = `${host(this.config.listen.signer)}:${await bind(signer, this.config.listen.signer)}`;
  }

  /** The keys the TA holds, by key type (after a DKG, and at start). */
  async refreshKeys(): Promise<void> {
    const info = await this.ta.getInfo();
    const keys = new Map<string, PublicKeyPackage>();
    for (const k of info.keys) keys.set(k.keyType, await this.ta.exportPublic(k.keyType));
    this.keys = keys;
    this.nonSlashable = new Set(info.keys.filter((k) => k.nonSlashable).map((k) => k.keyType));
  }

  /** Once a second: attest peers not attested yet; unlock the TA once every peer is attested. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(
      this.config.peers
        .filter((p) => !this.attestor.isAttested(p.peerId))
        .map((p) => this.attestor.attest(p.peerId)),
    );
    try {
      const info = await this.ta.getInfo();
      if (
        info.lockState === LockState.Locked &&
        this.config.peers.every((p) => this.attestor.isAttested(p.peerId))
      ) {
        await this.unlock();
      }
      if (info.keys.length !== this.keys.size) await this.refreshKeys();
    } catch {
      // the TA or a peer is not reachable right now: the next tick tries again
    }
  }

  /** Every peer's TA reports the counter it saw from ours; our TA decides (DESIGN.md section 7). */
  private async unlock(): Promise<void> {
    const challenge = await this.ta.counterChallenge();
    const reports = await Promise.all(
      this.config.peers.map(
        (p) =>
          new Promise<Uint8Array>((resolve, reject) =>
            this.clients
              .get(p.peerId)!
              .CounterReport({ challenge }, { deadline: new Date(Date.now() + 2000) }, (e, r) =>
                e
                  ? reject(new TaError('TRANSPORT', `peer ${p.peerId}: ${e.details}`))
                  : resolve(new Uint8Array(r.report)),
              ),
          ),
      ),
    );
    await this.ta.counterUnlock(reports);
  }

  health(): { canSign: boolean; attestedPeers: string[] } {
    const attestedPeers = this.config.peers
      .filter((p) => this.attestor.isAttested(p.peerId))
      .map((p) => p.peerId);
    return { canSign: attestedPeers.length > 0 && this.keys.size > 0, attestedPeers };
  }

  /** One audit record per answered request that named a valid kind and key type. */
  private async record(e: SignEvent): Promise<void> {
    if (!AUDIT_KINDS.includes(e.kind as AuditKind) || !e.payloadHash) return;
    const o = e.outcome;
    const outcome =
      o instanceof Error
        ? { decision: 'failed' as const, reason: o instanceof QuorumError ? 'QUORUM' : 'INTERNAL' }
        : o.kind === 'signature'
          ? {
              decision: 'signed' as const,
              signature: Buffer.from(o.signature).toString('hex'),
              cosigner: o.cosigner,
            }
          : { decision: 'refused' as const, reason: o.code };
    try {
      await this.audit.append({
        client: e.client,
        kind: e.kind as AuditKind,
        keyType: e.keyType,
        payloadHash: e.payloadHash,
        latencyMs: e.ms,
        ...outcome,
      });
    } catch {
      // a failing audit write must not turn an answer already sent into a failure
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(
      this.servers.map((s) => new Promise<void>((resolve) => s.tryShutdown(() => resolve()))),
    );
    this.clients.forEach((c) => c.close());
    this.links.forEach((l) => l.close());
    await this.ta.close();
    await this.audit.close();
  }
}
