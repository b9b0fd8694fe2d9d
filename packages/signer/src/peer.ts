/**
 * The signer peer: one process per board, in front of its TA (DESIGN.md section 2).
 *
 * It serves the validator `Signer` API (with `grpc.health.v1`) and the operator's `Operator` API on
 * one port, the peer `Cosigner` API on another, all over mutual TLS; attests the other peers' TAs
 * (and serves them only once attested, again after every reconnect); unlocks its TA after a start
 * with every peer's counter report; keeps the cluster's public keys as its TA reports them;
 * coordinates the requests it receives; records every outcome in its audit log; exports metrics;
 * and, with a mesh configured, keeps a libp2p view of its peers' liveness and health.
 */
import { connectivityState, credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ChannelCredentials, Client, handleUnaryCall, ServiceError } from '@grpc/grpc-js';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { HealthImplementation } from 'grpc-health-check';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { PublicKeyPackage } from '@triad/frost';
import { identityOfCall } from '@triad/pki';
import { loadServices, MAX_MESSAGE_BYTES } from '@triad/proto';
import { LockState, openEmulatedTa, openOpteeTa, TaError } from '@triad/tee';
import type { EnrolledDevice, TaInfo, TrustedApp } from '@triad/tee';
import { attestHandler, gate, grpcAttestCall, peerCallerOf, PeerAttestor } from './attestation.js';
import { AUDIT_KINDS, AuditLog } from './audit-log.js';
import type { AuditKind } from './audit-log.js';
import { ceremonyHandlers, GrpcCeremonyLink } from './ceremony.js';
import { CeremonyLeader } from './ceremony-leader.js';
import type { PeerConfig } from './config.js';
import { Coordinator, QuorumError } from './coordinator.js';
import type { CosignerLink } from './coordinator.js';
import { cosignerHandlers, GrpcCosignerLink } from './cosigner-service.js';
import { createLogger } from './log.js';
import type { Logger } from './log.js';
import { Mesh } from './mesh.js';
import type { MeshPeerView, PeerGossip } from './mesh.js';
import { PeerMetrics } from './metrics.js';
import { operatorHandlers } from './operator-service.js';
import { reconnecting } from './reconnecting-ta.js';
import { RpcError } from './rpc.js';
import { signerHandlers } from './signer-service.js';
import type { Identify, SignEvent } from './signer-service.js';

export const VERSION = '0.1.0';

/** How long SIGTERM lets in-flight calls finish before cutting them off. */
const DRAIN_MS = 5000;

const LOCK_NAMES = {
  [LockState.Unlocked]: 'unlocked',
  [LockState.Locked]: 'locked',
  [LockState.RolledBack]: 'rolled-back',
} as const;

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
  private readonly ceremonyLinks = new Map<string, GrpcCeremonyLink>();
  private readonly grpcHealth = new HealthImplementation({
    '': 'NOT_SERVING',
    'triad.v1.Signer': 'NOT_SERVING',
  });
  private readonly pendingRecords = new Set<Promise<void>>();
  private readonly unwatch: (() => void)[] = [];
  private readonly attesting = new Set<string>();
  private keys = new Map<string, PublicKeyPackage>();
  private nonSlashable = new Set<string>();
  /** The TA's last GET_INFO (each tick), for health, gossip and metrics without a TA round trip. */
  private lastInfo: TaInfo | undefined;
  private timer: NodeJS.Timeout | undefined;
  private metricsServer: HttpServer | undefined;
  private mesh: Mesh | undefined;
  private stopping: Promise<void> | undefined;
  readonly attestor: PeerAttestor;
  readonly coordinator: Coordinator;
  readonly leader: CeremonyLeader;
  readonly metrics: PeerMetrics;
  /** The bound addresses (useful when the configuration asked for port 0). */
  signerAddress = '';
  cosignerAddress = '';
  metricsAddress = '';

  private constructor(
    readonly config: PeerConfig,
    readonly ta: TrustedApp,
    readonly audit: AuditLog,
    readonly log: Logger,
    channel: ChannelCredentials,
  ) {
    const { Cosigner } = loadServices();
    const options = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      // Two peers are a quorum: a peer back from a restart must be found in a second, not after
      // grpc's default backoff (up to two minutes).
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2000,
    };
    for (const p of config.peers) {
      this.clients.set(p.peerId, new Cosigner(p.address, channel, options) as unknown as CosignerClient);
      this.links.set(p.peerId, new GrpcCosignerLink(p.peerId, p.address, channel, 2000, options));
      this.ceremonyLinks.set(
        p.peerId,
        new GrpcCeremonyLink(p.peerId, p.participantId, p.address, channel, 10_000, options),
      );
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
    this.metrics = new PeerMetrics({
      canSign: () => this.canSign(),
      ta: async () => {
        const info = this.lastInfo;
        return info && { counter: info.counter, lockState: LOCK_NAMES[info.lockState] };
      },
      peers: () =>
        this.config.peers.map((p) => {
          const rtt = this.meshView(p.peerId)?.rttMs;
          return {
            peerId: p.peerId,
            attested: this.attestor.isAttested(p.peerId),
            ...(rtt === undefined ? {} : { rttSeconds: rtt / 1000 }),
          };
        }),
    });
    this.coordinator = new Coordinator(
      ta,
      () => this.keys,
      () => this.preferredCosigners(),
      {
        verify: (sig, msg, pk) => sr25519Verify(sig, msg, pk),
        onPassOver: (peerId, reason) => {
          this.metrics.passOvers.inc({ peer: peerId, blamed: 'false' });
          this.log.warn({ cosigner: peerId, reason }, 'cosigner passed over');
        },
        onBlame: (peerId) => {
          this.metrics.passOvers.inc({ peer: peerId, blamed: 'true' });
          this.log.error({ cosigner: peerId }, 'cosigner blamed: its signature share did not verify');
        },
      },
    );
    this.leader = new CeremonyLeader({
      ta,
      peerId: config.peerId,
      participantId: config.participantId,
      peers: config.peers.map((p) => ({ peerId: p.peerId, link: this.ceremonyLinks.get(p.peerId)! })),
      attestedIdentity: (id) => {
        const s = this.attestor.state(id);
        return s.state === 'attested' ? s.identityPublicKey : undefined;
      },
      onKeysChanged: () => this.refreshKeys(),
    });
  }

  static async start(config: PeerConfig): Promise<SignerPeer> {
    const [ca, cert, key] = [config.tls.ca, config.tls.cert, config.tls.key].map((f) => readFileSync(f));
    const tee = config.tee;
    const open = () => (tee.backend === 'optee' ? openOpteeTa() : openEmulatedTa(tee.socket));
    await waitReady(); // the chain's verifier (wasm schnorrkel) checks every signature before release
    const ta = reconnecting(open, await open());
    const audit = await AuditLog.open(join(config.dataDir, 'audit'));
    const log = createLogger(config.peerId);
    const peer = new SignerPeer(config, ta, audit, log, credentials.createSsl(ca!, key!, cert!));
    try {
      await peer.listen(ServerCredentials.createSsl(ca!, [{ cert_chain: cert!, private_key: key! }], true));
      if (config.listen.metrics) {
        const { server, port } = await peer.metrics.listen(config.listen.metrics);
        peer.metricsServer = server;
        peer.metricsAddress = `${hostOf(config.listen.metrics)}:${port}`;
      }
      if (config.mesh) peer.mesh = await peer.startMesh(config.mesh);
      peer.watchReconnects();
      await peer.refreshKeys();
      peer.timer = setInterval(() => void peer.tick(), 1000);
      void peer.tick();
    } catch (e) {
      await peer.stop();
      throw e;
    }
    log.info(
      {
        signer: peer.signerAddress,
        cosigner: peer.cosignerAddress,
        metrics: peer.metricsAddress || undefined,
      },
      'started',
    );
    return peer;
  }

  private async listen(serverCredentials: ServerCredentials): Promise<void> {
    const { Signer, Cosigner, Operator } = loadServices();
    const limits = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    };
    const identify: Identify = (call) => {
      try {
        return identityOfCall(call);
      } catch {
        return undefined;
      }
    };
    const ceremony = ceremonyHandlers(this.ta, this.config.participantId);
    const cosigner = new Server(limits);
    cosigner.addService(
      Cosigner.service,
      gate(
        {
          ...cosignerHandlers(this.ta, (outcome) => this.metrics.cosignings.inc({ outcome })),
          ...ceremony,
          // A ceremony's last round changed this TA's keys: pick them up now, not at the next tick.
          DkgRound3: ((call, reply) =>
            (ceremony.DkgRound3 as handleUnaryCall<unknown, unknown>)(call, (e, r) => {
              if (!e) void this.refreshKeys().catch(() => undefined);
              reply(e, r);
            })) satisfies handleUnaryCall<unknown, unknown>,
          Attest: attestHandler(this.ta, this.config.peerId),
          Status: ((_call, reply) =>
            void this.status().then((r) => reply(null, r))) satisfies handleUnaryCall<unknown, unknown>,
        },
        (id) => this.attestor.isAttested(id),
        peerCallerOf,
        (id) => void this.attestPeer(id),
      ),
    );
    const signer = new Server(limits);
    signer.addService(
      Signer.service,
      signerHandlers({
        peerId: this.config.peerId,
        version: VERSION,
        coordinator: this.coordinator,
        publicKeys: () => this.keys,
        nonSlashable: (k) => this.nonSlashable.has(k),
        allowed: this.config.clients,
        identify,
        health: () => this.health(),
        onSign: (e) => this.onSign(e),
      }),
    );
    signer.addService(
      Operator.service,
      operatorHandlers({
        operators: this.config.operators,
        identify,
        status: () => this.status(),
        leader: this.leader,
        peerIds: () => [this.config.peerId, ...this.config.peers.map((p) => p.peerId)],
      }),
    );
    this.grpcHealth.addToServer(signer);
    const bind = (server: Server, address: string) =>
      new Promise<number>((resolve, reject) =>
        server.bindAsync(address, serverCredentials, (e, port) => (e ? reject(e) : resolve(port))),
      );
    this.servers.push(cosigner, signer);
    this.cosignerAddress = `${hostOf(this.config.listen.cosigner)}:${await bind(cosigner, this.config.listen.cosigner)}`;
    this.signerAddress = `${hostOf(this.config.listen.signer)}:${await bind(signer, this.config.listen.signer)}`;
  }

  private startMesh(mesh: NonNullable<PeerConfig['mesh']>): Promise<Mesh> {
    return Mesh.start({
      peerId: this.config.peerId,
      keyFile: mesh.key,
      listen: mesh.listen,
      peers: this.config.peers.map((p) => ({
        peerId: p.peerId,
        libp2pId: p.mesh!.id,
        addresses: p.mesh!.addresses,
      })),
      self: () => this.gossip(),
      log: (msg, fields) => this.log.debug({ ...fields, mesh: true }, msg),
    });
  }

  /**
   * A peer whose connection dropped and came back is attested again at once, with a fresh nonce
   * (another TA could answer now); until that answer, its earlier attestation stands, so a peer
   * that merely drains or reconnects keeps being served. The commitments it gave us before the
   * drop are forgotten: its TA may have restarted with them.
   */
  private watchReconnects(): void {
    for (const [peerId, client] of this.clients) {
      const channel = client.getChannel();
      let last = channel.getConnectivityState(true);
      let dropped = false;
      let stopped = false;
      const watch = () =>
        channel.watchConnectivityState(last, Infinity, () => {
          if (stopped) return;
          const now = channel.getConnectivityState(true);
          if (last === connectivityState.READY && now !== connectivityState.READY) {
            dropped = true;
            this.coordinator.forgetCommitments(peerId);
            this.log.info({ other: peerId }, 'peer connection dropped');
          }
          if (now === connectivityState.READY && dropped) {
            dropped = false;
            this.log.info({ other: peerId }, 'peer reconnected: attesting it again');
            void this.attestPeer(peerId, true);
          }
          last = now;
          if (now !== connectivityState.SHUTDOWN) watch();
        });
      watch();
      this.unwatch.push(() => (stopped = true));
    }
  }

  /** The keys the TA holds, by key type (after a DKG, and at start). */
  async refreshKeys(): Promise<void> {
    const info = await this.ta.getInfo();
    const keys = new Map<string, PublicKeyPackage>();
    for (const k of info.keys) keys.set(k.keyType, await this.ta.exportPublic(k.keyType));
    this.keys = keys;
    this.nonSlashable = new Set(info.keys.filter((k) => k.nonSlashable).map((k) => k.keyType));
    this.lastInfo = info;
    this.updateHealth();
  }

  /** Once a second: attest peers not attested yet; unlock the TA once every peer is attested. */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    await Promise.all(this.config.peers.map((p) => this.attestPeer(p.peerId)));
    try {
      const info = await this.ta.getInfo().catch((e: unknown) => {
        // A TA that does not answer may have restarted (locked, its nonces gone): until it
        // answers again, this peer does not claim it can sign.
        this.lastInfo = undefined;
        throw e;
      });
      this.lastInfo = info;
      if (
        info.lockState === LockState.Locked &&
        this.config.peers.every((p) => this.attestor.isAttested(p.peerId))
      ) {
        await this.unlock();
        this.log.info('TA unlocked: every peer confirmed its counter');
      }
      if (info.keys.length !== this.keys.size) await this.refreshKeys();
    } catch (e) {
      // The TA or a peer is not reachable right now: the next tick tries again.
      if (e instanceof TaError && e.code === 'ROLLED_BACK')
        this.log.error('TA state ROLLED BACK: it will sign nothing (see the recovery ceremony)');
    }
    this.updateHealth();
  }

  /** grpc.health.v1 says SERVING exactly when this peer can sign ('' is the server as a whole). */
  private updateHealth(): void {
    const serving = !this.stopping && this.canSign() ? 'SERVING' : 'NOT_SERVING';
    this.grpcHealth.setStatus('', serving);
    this.grpcHealth.setStatus('triad.v1.Signer', serving);
  }

  /**
   * Attests `peerId` unless it is attested (or `again`) or being attested; logs what changed.
   * Never rejects.
   */
  private async attestPeer(peerId: string, again = false): Promise<void> {
    if (this.stopping || (!again && this.attestor.isAttested(peerId)) || this.attesting.has(peerId)) return;
    this.attesting.add(peerId);
    try {
      const before = this.attestor.state(peerId);
      const outcome = await this.attestor.attest(peerId);
      if (outcome.state === 'attested' && before.state !== 'attested')
        this.log.info({ other: peerId }, 'peer attested');
      else if (
        outcome.state === 'refused' &&
        (before.state !== 'refused' || before.reason !== outcome.reason)
      )
        this.log.warn({ other: peerId, reason: outcome.reason, detail: outcome.message }, 'peer refused');
      this.updateHealth();
    } finally {
      this.attesting.delete(peerId);
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
    this.lastInfo = await this.ta.getInfo();
  }

  /** What `Signer.Health` answers. */
  health(): { canSign: boolean; attestedPeers: string[] } {
    return { canSign: this.canSign(), attestedPeers: this.attestedPeers() };
  }

  private attestedPeers(): string[] {
    return this.config.peers.filter((p) => this.attestor.isAttested(p.peerId)).map((p) => p.peerId);
  }

  /** Whether this peer can coordinate a signature now, as far as it knows without asking. */
  canSign(): boolean {
    return (
      this.lastInfo?.lockState === LockState.Unlocked &&
      this.keys.size > 0 &&
      this.attestedPeers().some((id) => this.cosignerUsable(id))
    );
  }

  /**
   * An attested peer is a usable cosigner unless its gossip says its TA is locked or rolled back,
   * or it is unreachable: its gRPC channel failing to connect, or (with a mesh) its connection
   * down. (Not its gossiped canSign: that depends on ours, and two peers would wait on each other.)
   */
  private cosignerUsable(peerId: string): boolean {
    const view = this.meshView(peerId);
    const lock = view?.gossip?.lockState;
    const channel = this.clients.get(peerId)?.getChannel().getConnectivityState(false);
    return (
      lock !== 'locked' &&
      lock !== 'rolled-back' &&
      channel !== connectivityState.TRANSIENT_FAILURE &&
      (this.mesh === undefined || view?.connected === true)
    );
  }

  private meshView(peerId: string): MeshPeerView | undefined {
    return this.mesh?.view().find((v) => v.peerId === peerId);
  }

  /**
   * Attested cosigners, healthiest first: connected with an unlocked TA, by the last ping round
   * trip; then those the mesh knows nothing about, in configured order; then those whose TA is
   * locked or rolled back (still asked last: gossip may be a second old).
   */
  private preferredCosigners(): CosignerLink[] {
    const rank = (id: string) => {
      const v = this.meshView(id);
      if (!this.cosignerUsable(id)) return [2, 0];
      if (!v?.connected || !v.gossip) return [1, 0];
      return [0, v.rttMs ?? Infinity];
    };
    return this.config.peers
      .filter((p) => this.attestor.isAttested(p.peerId))
      .map((p, order) => ({ link: this.links.get(p.peerId)!, rank: [...rank(p.peerId), order] }))
      .sort((a, b) => a.rank[0]! - b.rank[0]! || a.rank[1]! - b.rank[1]! || a.rank[2]! - b.rank[2]!)
      .map((x) => x.link);
  }

  /** What this peer gossips about itself over the mesh. */
  private gossip(): PeerGossip {
    const info = this.lastInfo;
    return {
      peerId: this.config.peerId,
      canSign: this.canSign(),
      lockState: info ? LOCK_NAMES[info.lockState] : 'unknown',
      counter: String(info?.counter ?? 0n),
      keyTypes: [...this.keys.keys()],
      sentAt: Date.now(),
    };
  }

  /** The StatusResponse (status.proto): what `triadctl status` shows of this peer. */
  async status(): Promise<Record<string, unknown>> {
    let ta: Record<string, unknown>;
    let threshold = 0;
    try {
      const info = await this.ta.getInfo();
      this.lastInfo = info;
      threshold = info.keys[0]?.threshold ?? 0;
      ta = {
        reachable: true,
        lockState: LOCK_NAMES[info.lockState],
        counter: String(info.counter),
        participantId: info.ownId,
        identityPublicKey: Buffer.from(info.identityPublicKey),
        measurement: this.config.measurement,
        keys: info.keys.map((k) => ({
          keyType: k.keyType,
          publicKey: Buffer.from(k.groupPublicKey),
          nonSlashable: k.nonSlashable,
          ...(k.highWaterMark === undefined ? {} : { lastSlot: String(k.highWaterMark) }),
        })),
      };
    } catch {
      ta = { reachable: false, measurement: this.config.measurement };
    }
    return {
      peerId: this.config.peerId,
      version: VERSION,
      ta,
      canSign: this.canSign(),
      threshold,
      peers: this.config.peers.map((p) => {
        const a = this.attestor.state(p.peerId);
        const m = this.meshView(p.peerId);
        return {
          peerId: p.peerId,
          attestation: a.state,
          refusal: a.state === 'refused' ? a.reason : '',
          refusalMessage: a.state === 'refused' ? a.message : '',
          connected: m?.connected ?? false,
          roundTripMs: m?.rttMs ?? 0,
          canSign: m?.gossip?.canSign ?? false,
          lockState: m?.gossip?.lockState ?? 'unknown',
          counter: m?.gossip?.counter ?? '0',
        };
      }),
    };
  }

  /** One answered Sign: metrics, a log line, and (for a valid kind and key type) an audit record. */
  private onSign(e: SignEvent): void {
    const o = e.outcome;
    const decision = o instanceof Error ? 'failed' : o.kind === 'signature' ? 'signed' : ('refused' as const);
    const reason =
      o instanceof Error
        ? o instanceof QuorumError
          ? 'QUORUM'
          : o instanceof RpcError
            ? status[o.code]
            : 'INTERNAL'
        : o.kind === 'refusal'
          ? o.code
          : '';
    const kind = e.kind || 'unknown';
    this.metrics.signings.inc({ kind, key_type: e.keyType || 'unknown', decision, reason });
    this.metrics.signSeconds.observe({ kind, decision }, e.ms / 1000);
    const ms = Math.round(e.ms * 100) / 100;
    const fields = { client: e.client, kind, keyType: e.keyType, payload: e.payloadHash, ms };
    if (decision === 'signed') this.log.debug(fields, 'signed');
    else this.log.warn({ ...fields, reason, detail: o instanceof Error ? o.message : undefined }, decision);
    if (!AUDIT_KINDS.includes(e.kind as AuditKind) || !e.payloadHash) return;
    const outcome =
      o instanceof Error
        ? { decision: 'failed' as const, reason }
        : o.kind === 'signature'
          ? {
              decision: 'signed' as const,
              signature: Buffer.from(o.signature).toString('hex'),
              cosigner: o.cosigner,
            }
          : { decision: 'refused' as const, reason: o.code };
    const write = this.audit
      .append({
        client: e.client,
        kind: e.kind as AuditKind,
        keyType: e.keyType,
        payloadHash: e.payloadHash,
        latencyMs: e.ms,
        ...outcome,
      })
      .then(
        () => undefined,
        // A failing audit write must not turn an answer already sent into a failure; say so loudly.
        (err: unknown) => this.log.error({ err: String(err) }, 'audit record not written'),
      )
      .finally(() => this.pendingRecords.delete(write));
    this.pendingRecords.add(write);
  }

  /**
   * Stops cleanly: new calls are refused at once, calls in flight get DRAIN_MS to finish (then are
   * cut off), their audit records are written, then the mesh, the TA session and the log close.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.updateHealth();
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            const cut = setTimeout(() => (s.forceShutdown(), resolve()), DRAIN_MS);
            s.tryShutdown(() => (clearTimeout(cut), resolve()));
          }),
      ),
    );
    await Promise.all(this.pendingRecords);
    this.unwatch.forEach((u) => u());
    this.clients.forEach((c) => c.close());
    this.links.forEach((l) => l.close());
    this.ceremonyLinks.forEach((l) => l.close());
    await this.mesh?.stop().catch(() => undefined);
    await new Promise<void>((resolve) =>
      this.metricsServer ? this.metricsServer.close(() => resolve()) : resolve(),
    );
    await this.ta.close();
    await this.audit.close();
    this.log.info('stopped');
  }
}

const hostOf = (address: string) => address.slice(0, address.lastIndexOf(':'));
