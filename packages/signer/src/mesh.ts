/**
 * The peers' libp2p mesh: discovery, liveness and gossip of each peer's health and counter.
 *
 * Requests between peers stay on gRPC (mutual TLS); the mesh only tells each peer which others are
 * reachable, how fast, and what they last said about themselves, so that a coordinator can pick the
 * healthiest cosigner. Everything on it is advisory: a lie here can cost a retry, never a signature.
 *
 * Trust is pinned, not discovered: each peer has an Ed25519 libp2p key (its own key file), the
 * configuration lists the other peers' libp2p ids, and the connection gater refuses any other id
 * once the Noise handshake has proven who the remote is. Gossip is signed by the author's libp2p
 * key (gossipsub StrictSign) and accepted only from a pinned author speaking under its own Triad
 * name, in a strict, bounded encoding. Nothing that arrives from the network is thrown: what does
 * not fit is dropped and logged.
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import {
  generateKeyPair,
  generateKeyPairFromSeed,
  privateKeyFromProtobuf,
  privateKeyToProtobuf,
} from '@libp2p/crypto/keys';
import { gossipsub, StrictSign, TopicValidatorResult } from '@libp2p/gossipsub';
import type { GossipSub, Message } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Identify } from '@libp2p/identify';
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id';
import { ping } from '@libp2p/ping';
import type { Ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import type { Multiaddr } from '@multiformats/multiaddr';
import { isKeyType } from '@triad/proto';
import { createLibp2p } from 'libp2p';
import { readFile, writeFile } from 'node:fs/promises';
import { PeerLimits } from './limits.js';

/** What each peer publishes about itself, and what others use to choose the healthiest cosigner. */
export interface PeerGossip {
  /** The author's Triad peer name ("1", "2", ...), as in the configuration. */
  readonly peerId: string;
  readonly canSign: boolean;
  readonly lockState: 'unlocked' | 'locked' | 'rolled-back' | 'unknown';
  /** The TA's monotonic counter, in decimal: it is a u64, beyond a JSON number's exact range. */
  readonly counter: string;
  readonly keyTypes: readonly string[];
  /** Milliseconds since the epoch on the sender's clock: informational, clocks may disagree. */
  readonly sentAt: number;
}

/** A configured peer: its Triad name, its pinned libp2p id, and where to dial it. */
export interface MeshPeerEntry {
  readonly peerId: string;
  /** The libp2p peer id (12D3Koo...) its key file gives; any other id is refused. */
  readonly libp2pId: string;
  /** Multiaddrs to dial (/p2p/<libp2pId> is appended when absent); empty: we only accept its dials. */
  readonly addresses: readonly string[];
}

export interface MeshOptions {
  /** Our Triad name. */
  readonly peerId: string;
  /** Our libp2p Ed25519 private key, protobuf-encoded; created (mode 0600) when missing. */
  readonly keyFile: string;
  /** Multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/7301 (port 0 picks a free port). */
  readonly listen: readonly string[];
  /** The other peers (never ourselves). */
  readonly peers: readonly MeshPeerEntry[];
  /** What we say about ourselves; called once per interval, its peerId must be ours. */
  readonly self: () => PeerGossip;
  /** Period of gossip, pings and redials, in ms; default 1000. */
  readonly intervalMs?: number;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface MeshPeerView {
  readonly peerId: string;
  /** A connection is open and answered our last ping (rttMs is then that ping's round trip). */
  readonly connected: boolean;
  readonly rttMs?: number;
  /** The latest accepted gossip from this peer, with our clock's time of its arrival. */
  readonly gossip?: PeerGossip;
  readonly lastHeardAt?: number;
}

/** The gossip topic; a change of encoding gets a new version, so old peers drop it rather than misread it. */
export const MESH_TOPIC = '/triad/v1/health';
/** Largest gossip payload accepted or sent, in bytes: ours is ~200; anything larger is not ours. */
export const MAX_GOSSIP_BYTES = 4096;

const LOCK_STATES: ReadonlySet<string> = new Set(['unlocked', 'locked', 'rolled-back', 'unknown']);
const GOSSIP_FIELDS = ['peerId', 'canSign', 'lockState', 'counter', 'keyTypes', 'sentAt'] as const;
const NAME = /^[a-z0-9][a-z0-9_-]{0,47}$/; // as config.ts checks peer names
const U64_DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
const U64_MAX = 2n ** 64n - 1n;

/** Gossip that does not parse; raised by decodeGossip, caught (and logged) by the mesh. */
export class GossipFormatError extends Error {
  override name = 'GossipFormatError';
}

/** A key file that exists but is not a usable libp2p Ed25519 key; it is never replaced silently. */
export class MeshKeyError extends Error {
  override name = 'MeshKeyError';
}

/** The wire form of our gossip: JSON with exactly the PeerGossip fields, in a fixed order. */
export function encodeGossip(g: PeerGossip): Uint8Array {
  const wire: Record<string, unknown> = {};
  for (const f of GOSSIP_FIELDS) wire[f] = g[f];
  return new TextEncoder().encode(JSON.stringify(wire));
}

/**
 * Parses gossip strictly: bounded size, UTF-8, a JSON object with exactly the PeerGossip fields of
 * the right types and ranges. Unknown fields are errors, as in the configuration: a peer that
 * needs more says so under a new topic version.
 */
export function decodeGossip(data: Uint8Array): PeerGossip {
  const bad = (why: string): never => {
    throw new GossipFormatError(why);
  };
  if (data.byteLength > MAX_GOSSIP_BYTES) bad(`${data.byteLength} bytes, over ${MAX_GOSSIP_BYTES}`);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return bad('not UTF-8 JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('not a JSON object');
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !(GOSSIP_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) bad(`unknown field ${JSON.stringify(extra[0])}`);
  const { peerId, canSign, lockState, counter, keyTypes, sentAt } = o;
  if (typeof peerId !== 'string' || !NAME.test(peerId)) bad('peerId: not a peer name');
  if (typeof canSign !== 'boolean') bad('canSign: not a boolean');
  if (typeof lockState !== 'string' || !LOCK_STATES.has(lockState)) bad('lockState: not a lock state');
  if (typeof counter !== 'string' || !U64_DECIMAL.test(counter) || BigInt(counter) > U64_MAX) {
    bad('counter: not a decimal u64');
  }
  if (
    !Array.isArray(keyTypes) ||
    keyTypes.length > PeerLimits.MAX_GOSSIP_KEY_TYPES ||
    !keyTypes.every(isKeyType)
  ) {
    bad('keyTypes: not a list of key types');
  }
  if (typeof sentAt !== 'number' || !Number.isSafeInteger(sentAt) || sentAt < 0) bad('sentAt: not a time');
  return {
    peerId: peerId as string,
    canSign: canSign as boolean,
    lockState: lockState as PeerGossip['lockState'],
    counter: counter as string,
    keyTypes: Object.freeze([...(keyTypes as string[])]),
    sentAt: sentAt as number,
  };
}

/**
 * Reads our libp2p key, or creates it when the file does not exist. A file that exists but does
 * not hold exactly a canonical Ed25519 key (whose public half matches its seed) is an error: our
 * libp2p id is pinned in the other peers' configurations, so a new key would cut us off.
 */
async function loadKey(file: string): Promise<PrivateKey> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new MeshKeyError(`mesh key ${file}: cannot read: ${(e as Error).message}`);
    }
    const key = await generateKeyPair('Ed25519');
    try {
      // 'wx': never overwrite; if another process created it meanwhile, use that one.
      await writeFile(file, privateKeyToProtobuf(key), { mode: 0o600, flag: 'wx' });
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return loadKey(file);
      throw new MeshKeyError(`mesh key ${file}: cannot create: ${(e2 as Error).message}`);
    }
    return key;
  }
  const corrupt = (why: string) =>
    new MeshKeyError(
      `mesh key ${file} is corrupt (${why}); it is left as it is: restore it from backup, or delete it ` +
        `to make a new libp2p id and update the other peers' configurations`,
    );
  let key: PrivateKey;
  try {
    key = privateKeyFromProtobuf(bytes);
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  if (key.type !== 'Ed25519') throw corrupt(`a ${key.type} key, not Ed25519`);
  if (!Buffer.from(privateKeyToProtobuf(key)).equals(Buffer.from(bytes))) throw corrupt('not canonical');
  const fromSeed = await generateKeyPairFromSeed('Ed25519', key.raw.subarray(0, 32));
  if (!fromSeed.publicKey.equals(key.publicKey)) throw corrupt('public key does not match the seed');
  return key;
}

/** Reads (or creates) the key file and returns the libp2p peer id string, for enrollment/config generation. */
export async function meshPeerId(keyFile: string): Promise<string> {
  return peerIdFromPrivateKey(await loadKey(keyFile)).toString();
}

type Services = { identify: Identify; ping: Ping; pubsub: GossipSub };
type Log = NonNullable<MeshOptions['log']>;
/** Why a ping is cut short when its connection, or the mesh, goes away: not a failure to report. */
const GONE = new Error('mesh: connection gone');

interface PeerState {
  readonly entry: MeshPeerEntry;
  readonly id: PeerId;
  readonly addrs: readonly Multiaddr[];
  rttMs?: number;
  gossip?: PeerGossip;
  lastHeardAt?: number;
  dialing: boolean;
  /** The ping under way; libp2p's ping on a connection that closes ends only when aborted. */
  ping?: AbortController;
  /** Set after a failed dial, so that a peer that stays down is logged once, not every interval. */
  unreachable: boolean;
}

/** The peer id a multiaddr ends with (its last /p2p component), if any. */
const p2pOf = (ma: Multiaddr): string | undefined =>
  ma
    .getComponents()
    .filter((c) => c.name === 'p2p')
    .pop()?.value;

/** Checks the options and resolves each peer's pinned id and dial addresses; throws on any mistake. */
function peerStates(o: MeshOptions, ours: PeerId): PeerState[] {
  const problem = (why: string): never => {
    throw new Error(`mesh configuration: ${why}`);
  };
  const names = new Set<string>([o.peerId]);
  const ids = new Set<string>([ours.toString()]);
  return o.peers.map((entry) => {
    if (names.has(entry.peerId)) problem(`peer ${JSON.stringify(entry.peerId)} is ourselves or listed twice`);
    names.add(entry.peerId);
    let id: PeerId;
    try {
      id = peerIdFromString(entry.libp2pId);
    } catch (e) {
      return problem(`peer ${entry.peerId}: libp2pId: ${(e as Error).message}`);
    }
    if (id.type !== 'Ed25519') problem(`peer ${entry.peerId}: libp2pId is not an Ed25519 peer id`);
    if (ids.has(id.toString())) problem(`peer ${entry.peerId}: libp2pId is our own or another peer's`);
    ids.add(id.toString());
    const addrs = entry.addresses.map((a) => {
      let ma: Multiaddr;
      try {
        ma = multiaddr(a);
      } catch (e) {
        return problem(`peer ${entry.peerId}: address ${a}: ${(e as Error).message}`);
      }
      const p2p = p2pOf(ma);
      if (p2p === undefined) return ma.encapsulate(`/p2p/${id.toString()}`);
      if (p2p !== id.toString()) problem(`peer ${entry.peerId}: address ${a} names another peer id`);
      return ma;
    });
    return { entry, id, addrs, dialing: false, unreachable: false };
  });
}

/** One peer's libp2p node on the mesh: started by Mesh.start, closed by stop(). */
export class Mesh {
  private readonly byId: ReadonlyMap<string, PeerState>;
  private readonly timer: NodeJS.Timeout;
  private readonly inflight = new Set<Promise<unknown>>();
  private stopping: Promise<void> | undefined;
  readonly libp2pId: string;

  private constructor(
    private readonly node: Libp2p<Services>,
    private readonly name: string,
    private readonly self: () => PeerGossip,
    private readonly log: Log,
    private readonly peers: readonly PeerState[],
    private readonly intervalMs: number,
  ) {
    this.libp2pId = node.peerId.toString();
    this.byId = new Map(peers.map((p) => [p.id.toString(), p]));
    node.addEventListener('peer:connect', (e) => {
      const p = this.byId.get(e.detail.toString());
      if (p === undefined) return;
      p.unreachable = false; // it may have dialed us: the next outage is news again
      this.log('mesh: peer connected', { peer: p.entry.peerId });
      this.ping(p); // connected as soon as it answers, not at the next interval
    });
    node.addEventListener('peer:disconnect', (e) => {
      const p = this.byId.get(e.detail.toString());
      if (p === undefined) return;
      p.rttMs = undefined; // a new connection counts once it has answered a ping
      p.ping?.abort(GONE);
      p.ping = undefined;
      this.log('mesh: peer disconnected', { peer: p.entry.peerId });
    });
    node.services.pubsub.topicValidators.set(MESH_TOPIC, (_from, msg) => this.receive(msg));
    node.services.pubsub.subscribe(MESH_TOPIC);
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.tick();
  }

  /** Starts our node: listens, dials the configured peers, and gossips, pings and redials every interval. */
  static async start(o: MeshOptions): Promise<Mesh> {
    const intervalMs = o.intervalMs ?? 1000;
    if (!Number.isSafeInteger(intervalMs) || intervalMs < 10) {
      throw new Error(`mesh configuration: intervalMs ${intervalMs} is not an integer >= 10`);
    }
    if (!NAME.test(o.peerId)) {
      throw new Error(`mesh configuration: peerId ${JSON.stringify(o.peerId)} is not a peer name`);
    }
    if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
      throw new Error('the mesh needs Promise.withResolvers: call installPromiseWithResolvers() first');
    }
    const privateKey = await loadKey(o.keyFile);
    const ours = peerIdFromPrivateKey(privateKey);
    const peers = peerStates(o, ours);
    const pinned = new Set(peers.map((p) => p.id.toString()));
    const log: Log = (msg, fields) => {
      try {
        o.log?.(msg, fields);
      } catch {
        // a failing logger must not take the mesh (or a connection's fate) with it
      }
    };
    const refuse = (id: PeerId, direction: string) => {
      if (pinned.has(id.toString())) return false;
      log('mesh: refused an unpinned libp2p peer', { libp2pId: id.toString(), direction });
      return true;
    };
    const node = await createLibp2p({
      privateKey,
      addresses: { listen: [...o.listen] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionGater: {
        denyDialPeer: (id) => !pinned.has(id.toString()),
        // The dialer appends /p2p/<id> when it knows the peer; an address without one is not ours to dial.
        denyDialMultiaddr: (ma) => {
          const id = p2pOf(ma);
          return id === undefined || !pinned.has(id);
        },
        // After the Noise handshake, the remote id is proven: the check that counts.
        denyInboundEncryptedConnection: (id) => refuse(id, 'inbound'),
        denyOutboundEncryptedConnection: (id) => refuse(id, 'outbound'),
        filterMultiaddrForPeer: (id) => pinned.has(id.toString()) || id.equals(ours),
      },
      // Our own pings (every interval, with the RTT kept) are the one liveness check.
      connectionMonitor: { enabled: false },
      // Nothing on these connections needs a graceful close (gossip repeats every interval), so a
      // stop does not wait libp2p's default second for each remote to acknowledge it.
      connectionManager: { connectionCloseTimeout: 100 },
      services: {
        identify: identify(), // gossipsub learns from it which connected peers speak gossipsub
        ping: ping(),
        pubsub: gossipsub({
          globalSignaturePolicy: StrictSign,
          allowedTopics: [MESH_TOPIC],
          fallbackToFloodsub: false,
          // Two other peers: our own messages go straight to each subscriber (floodPublish), the
          // mesh keeps both (D 2) so that a message reaches a peer we cannot reach through one we can.
          floodPublish: true,
          allowPublishToZeroTopicPeers: true,
          D: 2,
          Dlo: 2,
          Dhi: 3,
          Dout: 0,
          Dscore: 1,
          Dlazy: 2,
          heartbeatInterval: intervalMs,
          // Bounds each frame a (pinned) peer can make us buffer; our whole messages are ~200 bytes.
          maxInboundDataLength: 64 * 1024,
        }),
      },
    });
    try {
      return new Mesh(node, o.peerId, o.self, log, peers, intervalMs);
    } catch (e) {
      await node.stop();
      throw e;
    }
  }

  /** Our listening multiaddrs, each ending in /p2p/<our libp2p id>. */
  addresses(): string[] {
    return this.node.getMultiaddrs().map((ma) => ma.toString());
  }

  /** One entry per configured peer, in configuration order. */
  view(): MeshPeerView[] {
    return this.peers.map((p) => {
      const connected = p.rttMs !== undefined && this.isOpen(p);
      return {
        peerId: p.entry.peerId,
        connected,
        ...(connected ? { rttMs: p.rttMs } : {}),
        ...(p.gossip !== undefined ? { gossip: p.gossip, lastHeardAt: p.lastHeardAt } : {}),
      };
    });
  }

  /** Closes every connection and listener and clears the timer; waits for our dials and pings to end. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      for (const p of this.peers) p.ping?.abort(GONE);
      try {
        await this.node.stop();
      } finally {
        await Promise.allSettled([...this.inflight]);
      }
    })();
    return this.stopping;
  }

  private isOpen(p: PeerState): boolean {
    return this.node.getConnections(p.id).some((c) => c.status === 'open');
  }

  private track(work: Promise<unknown>): void {
    const settled = work.then(
      () => {},
      () => {},
    );
    this.inflight.add(settled);
    void settled.then(() => this.inflight.delete(settled));
  }

  private tick(): void {
    if (this.stopping !== undefined) return;
    for (const p of this.peers) {
      if (this.isOpen(p)) this.ping(p);
      else this.dial(p);
    }
    this.publish();
  }

  private dial(p: PeerState): void {
    if (p.dialing || p.addrs.length === 0) return;
    p.dialing = true;
    this.track(
      this.node
        .dial([...p.addrs])
        .then(
          () => {
            p.unreachable = false;
          },
          (e: unknown) => {
            if (p.unreachable || this.stopping !== undefined) return;
            p.unreachable = true;
            this.log('mesh: cannot reach peer (retrying every interval)', {
              peer: p.entry.peerId,
              error: (e as Error).message,
            });
          },
        )
        .finally(() => {
          p.dialing = false;
        }),
    );
  }

  /** A ping that fails or takes over three intervals (1.5 s at least) drops the connection for a redial. */
  private ping(p: PeerState): void {
    if (p.ping !== undefined) return;
    const abort = (p.ping = new AbortController());
    const timer = setTimeout(() => abort.abort(), Math.max(3 * this.intervalMs, 1500));
    this.track(
      this.node.services.ping
        .ping(p.id, { signal: abort.signal })
        .then(
          (rtt) => {
            if (this.isOpen(p)) p.rttMs = rtt;
          },
          (e: unknown) => {
            if (abort.signal.reason === GONE) return;
            p.rttMs = undefined;
            this.log('mesh: ping failed, closing the connection', {
              peer: p.entry.peerId,
              error: (e as Error).message,
            });
            return this.node.hangUp(p.id);
          },
        )
        .finally(() => {
          clearTimeout(timer);
          if (p.ping === abort) p.ping = undefined;
        }),
    );
  }

  private publish(): void {
    let data: Uint8Array;
    try {
      const g = this.self();
      if (g.peerId !== this.name) throw new Error(`self() says peerId ${g.peerId}, not ours`);
      data = encodeGossip(g);
      decodeGossip(data); // what the others would drop is a bug here: say so, send nothing
    } catch (e) {
      this.log('mesh: not gossiping: our own gossip is invalid', { error: (e as Error).message });
      return;
    }
    this.track(
      this.node.services.pubsub.publish(MESH_TOPIC, data).catch((e: unknown) => {
        if (this.stopping === undefined) this.log('mesh: gossip failed', { error: (e as Error).message });
      }),
    );
  }

  /**
   * Gossipsub's validator for our topic: it has checked the signature against `from`, and calls this
   * once per message (duplicates are dropped before). Accepting records the gossip; rejecting also
   * stops gossipsub from forwarding it.
   */
  private receive(msg: Message): TopicValidatorResult {
    try {
      if (msg.type !== 'signed') return this.drop('unsigned', {});
      const p = this.byId.get(msg.from.toString());
      if (p === undefined) return this.drop('author is not a pinned peer', { libp2pId: msg.from.toString() });
      const peer = p.entry.peerId;
      let g: PeerGossip;
      try {
        g = decodeGossip(msg.data);
      } catch (e) {
        return this.drop((e as Error).message, { peer });
      }
      if (g.peerId !== peer) return this.drop(`claims to be peer ${g.peerId}`, { peer });
      p.gossip = g;
      p.lastHeardAt = Date.now();
      return TopicValidatorResult.Accept;
    } catch (e) {
      return this.drop(`unexpected: ${(e as Error).message}`, {});
    }
  }

  /** `author` names who signed it: a configured peer, or an unknown libp2p id. */
  private drop(reason: string, author: { peer?: string; libp2pId?: string }): TopicValidatorResult {
    this.log('mesh: dropped gossip', { ...author, reason });
    return TopicValidatorResult.Reject;
  }
}
