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
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ChannelCredentials, handleUnaryCall } from '@grpc/grpc-js';
import { ed25519Verify, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { HealthImplementation } from 'grpc-health-check';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { identityOfCall } from '@triad/pki';
import { loadServices } from '@triad/proto';
import { LockState, openEmulatedTa, openOpteeTa, TaError } from '@triad/tee';
import type { EnrolledDevice, KeyId, TaInfo, TrustedApp } from '@triad/tee';
import { attestHandler, gate, grpcAttestCall, peerCallerOf, PeerAttestor } from './attestation.js';
import { AuditLog } from './audit-log.js';
import { KeyLabels } from './key-labels.js';
import { ceremonyHandlers } from './ceremony-handlers.js';
import { CeremonyLeader } from './ceremony-leader.js';
import {
  grpcRetirementPeer,
  KeyUsage,
  retireEverywhere,
  retireHere,
  retireKeyHandler,
} from './key-retirement.js';
import type { RetirementPeer } from './key-retirement.js';
import { KeyRing, keyName } from './key-ring.js';
import { GrpcCeremonyLink } from './ceremony-link.js';
import type { PeerConfig } from './config.js';
import { Coordinator } from './coordinator.js';
import type { CosignerLink } from './coordinator.js';
import { GrpcCosignerLink } from './cosigner-link.js';
import { isUsableCosigner, rankCosigners } from './cosigner-ranking.js';
import type { CosignerHealth } from './cosigner-ranking.js';
import { cosignerHandlers } from './cosigner-service.js';
import { ecdsaRecoversToWasm } from './ecdsa-check.js';
import { PeerLimits } from './limits.js';
import { createLogger } from './log.js';
import type { Logger } from './log.js';
import { Mesh } from './mesh.js';
import type { MeshPeerView } from './mesh.js';
import { attestationLabel, certificateExpiries, PeerMetrics } from './metrics.js';
import { operatorHandlers } from './operator-service.js';
import { PeerClient } from './peer-client.js';
import { LOCK_NAMES, selfGossip, statusResponse } from './peer-status.js';
import { reconnecting } from './reconnecting-ta.js';
import { RpcError } from './rpc.js';
import { SignRecorder } from './sign-outcome.js';
import { signerHandlers } from './signer-service.js';
import type { Identify } from './signer-service.js';
import { grpcCounterReport, TaUnlocker } from './unlock.js';

export const VERSION = '0.1.0';

const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

export class SignerPeer {
  private readonly servers: Server[] = [];
  /** The one channel to each other peer, which every call to that peer uses. */
  private readonly clients = new Map<string, PeerClient>();
  private readonly links = new Map<string, GrpcCosignerLink>();
  private readonly grpcHealth = new HealthImplementation({
    '': 'NOT_SERVING',
    'triad.v1.Signer': 'NOT_SERVING',
  });
  private readonly unwatch: (() => void)[] = [];
  private readonly attesting = new Set<string>();
  /** The TA's active keys, by type and public key, as it listed them last. */
  private keys = KeyRing.EMPTY;
  /** The TA's last GET_INFO (each tick), for health, gossip and metrics without a TA round trip. */
  private lastInfo: TaInfo | undefined;
  private timer: NodeJS.Timeout | undefined;
  private metricsServer: HttpServer | undefined;
  private mesh: Mesh | undefined;
  private stopping: Promise<void> | undefined;
  readonly attestor: PeerAttestor;
  private readonly unlocker: TaUnlocker;
  private readonly signs: SignRecorder;
  /** Keys this peer signed with as coordinator, and when: retiring waits until a key is quiet. */
  private readonly usage = new KeyUsage();
  /** The operator's names for keys, kept beside the TA (key-labels.ts). */
  private readonly labels: KeyLabels;
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
    this.labels = KeyLabels.open(join(config.dataDir, 'key-labels.json'), (m) => log.warn(m));
    for (const p of config.peers) {
      const client = new PeerClient(p.peerId, p.address, channel, { serverName: p.serverName });
      this.clients.set(p.peerId, client);
      this.links.set(p.peerId, new GrpcCosignerLink(client, p.participantId));
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
    this.unlocker = new TaUnlocker(
      ta,
      config.peers.map((p) => ({
        peerId: p.peerId,
        counterReport: grpcCounterReport(this.clients.get(p.peerId)!),
      })),
      (id) => this.attestor.isAttested(id),
    );
    const certificates = certificateExpiries({ ca: config.tls.ca, peer: config.tls.cert });
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
            attestation: attestationLabel(this.attestor.state(p.peerId)),
            ...(rtt === undefined ? {} : { rttSeconds: rtt / 1000 }),
          };
        }),
      certificates: () => certificates,
    });
    this.coordinator = new Coordinator(
      ta,
      (key) => this.keys.get(key)?.package,
      () => this.preferredCosigners(),
      {
        verify: {
          sr25519: (sig, msg, pk) => sr25519Verify(sig, msg, pk),
          ed25519: (sig, msg, pk) => ed25519Verify(sig, msg, pk),
          ecdsa: (sig, prehash, pk) => ecdsaRecoversToWasm(sig, prehash, pk),
        },
        participantId: config.participantId,
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
      peers: config.peers.map((p) => ({
        peerId: p.peerId,
        link: new GrpcCeremonyLink(this.clients.get(p.peerId)!, p.participantId),
      })),
      attestedIdentity: (id) => {
        const s = this.attestor.state(id);
        return s.state === 'attested' ? s.identityPublicKey : undefined;
      },
      onKeysChanged: () => this.refreshKeys(),
      labels: this.labels,
    });
    this.signs = new SignRecorder(this.metrics, log, audit);
  }

  static async start(config: PeerConfig): Promise<SignerPeer> {
    const [ca, cert, key] = [config.tls.ca, config.tls.cert, config.tls.key].map((f) => readFileSync(f));
    const tee = config.tee;
    const open = () => (tee.backend === 'optee' ? openOpteeTa() : openEmulatedTa(tee.socket));
    await waitReady(); // the chain's verifiers (wasm schnorrkel, ed25519, secp256k1) check every signature before release
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
      peer.timer = setInterval(() => void peer.tick(), PeerLimits.TICK_MS);
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
      'grpc.max_receive_message_length': PeerLimits.MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': PeerLimits.MAX_MESSAGE_BYTES,
    };
    const identify: Identify = (call) => {
      try {
        return identityOfCall(call);
      } catch {
        return undefined;
      }
    };
    const ceremony = ceremonyHandlers(this.ta, this.config.participantId, this.labels);
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
          RetireKey: retireKeyHandler(this.ta, this.usage, this.config.retireQuietSeconds * 1000),
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
        keys: () => this.keys,
        allowed: this.config.clients,
        usage: this.usage,
        identify,
        health: () => this.health(),
        onSign: (e) => this.signs.record(e),
        labels: this.labels,
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
        proveOwnership: (key, owner) => this.proveOwnership(key, owner),
        retire: (key) => this.retire(key),
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
      self: () => selfGossip(this.config.peerId, this.lastInfo, this.canSign(), this.keys.types()),
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
      const onDrop = () => {
        this.coordinator.forgetCommitments(peerId);
        this.log.info({ other: peerId }, 'peer connection dropped');
      };
      const onBack = () => {
        this.log.info({ other: peerId }, 'peer reconnected: attesting it again');
        void this.attestPeer(peerId, true);
      };
      this.unwatch.push(client.watch(onDrop, onBack));
    }
  }

  /** The keys the TA holds (after a DKG, at start, and when its list changed). */
  /** A key's ownership proof (b"POP_" ++ owner, the statement built in the TAs), signed here. */
  private async proveOwnership(key: KeyId, owner: Uint8Array): Promise<Uint8Array> {
    const outcome = await this.coordinator.sign({ kind: 'ownership-proof', key, payload: owner });
    if (outcome.kind === 'refusal')
      throw new RpcError(
        status.FAILED_PRECONDITION,
        `ownership proof of ${keyName(key)}: ${outcome.code}: ${outcome.message}`,
      );
    return outcome.signature;
  }

  /** Retires `key` in every TA, this peer's last among equals (key-retirement.ts). */
  private async retire(key: KeyId): Promise<string[]> {
    const self: RetirementPeer = {
      peerId: this.config.peerId,
      retire: (k, checkOnly) =>
        retireHere(this.ta, this.usage, this.config.retireQuietSeconds * 1000, k, checkOnly),
    };
    const others = [...this.clients.values()].map((c) => grpcRetirementPeer(c, PeerLimits.RETIRE_TIMEOUT_MS));
    try {
      return await retireEverywhere(key, [self, ...others]);
    } finally {
      await this.refreshKeys().catch(() => undefined);
    }
  }

  async refreshKeys(): Promise<void> {
    const { ring, info } = await KeyRing.load(this.ta);
    this.keys = ring;
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
      const unlocked = await this.unlocker.unlockIfDue(info);
      if (unlocked) {
        this.lastInfo = unlocked;
        this.log.info('TA unlocked: every peer confirmed its counter');
      }
      if (this.keys.staleFor(info)) await this.refreshKeys();
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

  /** What this peer knows of `peerId` as a cosigner right now (cosigner-ranking.ts decides). */
  private cosignerHealth(peerId: string): CosignerHealth {
    const view = this.meshView(peerId);
    return {
      peerId,
      attested: this.attestor.isAttested(peerId),
      channelFailing: this.clients.get(peerId)?.failing() ?? false,
      ...(view ? { mesh: view } : {}),
    };
  }

  private cosignerUsable(peerId: string): boolean {
    return isUsableCosigner(this.cosignerHealth(peerId), this.mesh !== undefined);
  }

  private meshView(peerId: string): MeshPeerView | undefined {
    return this.mesh?.view().find((v) => v.peerId === peerId);
  }

  /** Attested cosigners, healthiest first. */
  private preferredCosigners(): CosignerLink[] {
    const health = this.config.peers.map((p) => this.cosignerHealth(p.peerId));
    return rankCosigners(health, this.mesh !== undefined).map((id) => this.links.get(id)!);
  }

  /** The StatusResponse (status.proto): what `triadctl status` shows of this peer. */
  async status(): Promise<Record<string, unknown>> {
    const info = await this.ta.getInfo().catch(() => undefined);
    if (info) this.lastInfo = info;
    return statusResponse({
      peerId: this.config.peerId,
      version: VERSION,
      measurement: this.config.measurement,
      info,
      canSign: this.canSign(),
      peers: this.config.peers.map((p) => ({
        peerId: p.peerId,
        attestation: this.attestor.state(p.peerId),
        mesh: this.meshView(p.peerId),
      })),
    });
  }

  /**
   * Stops cleanly: new calls are refused at once, calls in flight get PeerLimits.DRAIN_MS to finish (then are
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
            const cut = setTimeout(() => (s.forceShutdown(), resolve()), PeerLimits.DRAIN_MS);
            s.tryShutdown(() => (clearTimeout(cut), resolve()));
          }),
      ),
    );
    await this.signs.settled();
    this.unwatch.forEach((u) => u());
    this.clients.forEach((c) => c.close());
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
