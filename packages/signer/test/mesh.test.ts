/**
 * The libp2p mesh, on real nodes over TCP on 127.0.0.1: discovery, liveness, gossip, and what it
 * refuses. Meshes listen on port 0, so a mesh dials only the ones started before it (their
 * addresses are known by then) and accepts the later ones' dials. "Attacker" nodes are plain
 * libp2p nodes built here, so that they can send what a Mesh never would.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeGossip,
  encodeGossip,
  GossipFormatError,
  MAX_GOSSIP_BYTES,
  Mesh,
  MESH_TOPIC,
  MeshKeyError,
  meshPeerId,
} from '../src/mesh.js';
import type { MeshPeerEntry, MeshPeerView, PeerGossip } from '../src/mesh.js';
import { installMeshRuntime } from './helpers.js';

installMeshRuntime();

const INTERVAL = 200;
const root = mkdtempSync(join(tmpdir(), 'triad-mesh-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => mkdtempSync(join(root, `${dirs++}-`));

/** Everything a test starts, stopped after it whether it passed or not. */
const running: { stop: () => void | Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function until(what: string, cond: () => boolean, timeoutMs = 8000): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Log = { msg: string; fields?: Record<string, unknown> }[];
const logged = (log: Log, msg: string, pred: (f: Record<string, unknown>) => boolean = () => true) =>
  log.some((l) => l.msg === msg && pred(l.fields ?? {}));

/** A peer's gossip, mutable by the test; self() reads it at each interval. */
const health = (peerId: string, counter: string) => ({
  peerId,
  canSign: true,
  lockState: 'unlocked' as PeerGossip['lockState'],
  counter,
  keyTypes: ['babe', 'gran'],
});
type Health = ReturnType<typeof health>;

interface Member {
  name: string;
  keyFile: string;
  libp2pId: string;
  state: Health;
  log: Log;
  mesh?: Mesh;
}

/** Names and keys for a cluster, before any of it starts. */
async function members(dir: string, names: string[]): Promise<Member[]> {
  return Promise.all(
    names.map(async (name) => {
      const keyFile = join(dir, `mesh-${name}.key`);
      return { name, keyFile, libp2pId: await meshPeerId(keyFile), state: health(name, '1'), log: [] };
    }),
  );
}

/** Starts `m` pinning every other member, dialing those already started (or at `addressesOf`). */
async function startMember(
  m: Member,
  all: Member[],
  addressesOf = (o: Member) => o.mesh?.addresses() ?? [],
): Promise<Mesh> {
  const peers: MeshPeerEntry[] = all
    .filter((o) => o !== m)
    .map((o) => ({ peerId: o.name, libp2pId: o.libp2pId, addresses: addressesOf(o) }));
  const mesh = await Mesh.start({
    peerId: m.name,
    keyFile: m.keyFile,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    peers,
    self: () => ({ ...m.state, sentAt: Date.now() }),
    intervalMs: INTERVAL,
    log: (msg, fields) => m.log.push({ msg, fields }),
  });
  running.push(mesh);
  m.mesh = mesh;
  return mesh;
}

async function cluster(names = ['1', '2', '3']): Promise<Member[]> {
  const all = await members(newDir(), names);
  for (const m of all) await startMember(m, all);
  return all;
}

const viewOf = (m: Member, peer: string): MeshPeerView => {
  const v = m.mesh!.view().find((p) => p.peerId === peer);
  if (v === undefined) throw new Error(`${m.name} has no view of ${peer}`);
  return v;
};

/** A plain libp2p node with the mesh's protocols and no rules of its own. */
async function rawNode(keyFile?: string) {
  const privateKey =
    keyFile !== undefined ? privateKeyFromProtobuf(readFileSync(keyFile)) : await generateKeyPair('Ed25519');
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: false },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        fallbackToFloodsub: false,
        D: 3,
        Dlo: 2,
        Dhi: 4,
        Dout: 0,
        Dscore: 1,
        Dlazy: 2,
        heartbeatInterval: INTERVAL,
      }),
    },
  });
  running.push(node);
  node.services.pubsub.subscribe(MESH_TOPIC);
  return node;
}
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const wire = (g: Health, extra: Record<string, unknown> = {}) => ({ ...g, sentAt: Date.now(), ...extra });

describe('the libp2p mesh', () => {
  it('three meshes find each other, ping each other and gossip their health', async () => {
    const all = await cluster();
    const [a, b, c] = all as [Member, Member, Member];
    b.state.counter = '42';
    c.state.canSign = false;
    c.state.lockState = 'locked';
    await until('everyone connected, with RTTs and gossip', () =>
      all.every((m) =>
        all
          .filter((o) => o !== m)
          .every((o) => {
            const v = viewOf(m, o.name);
            return v.connected && typeof v.rttMs === 'number' && v.gossip?.counter === o.state.counter;
          }),
      ),
    );
    for (const m of all)
      expect(m.mesh!.view().map((v) => v.peerId)).toEqual(all.filter((o) => o !== m).map((o) => o.name));
    expect(viewOf(a, '3').gossip).toMatchObject({
      peerId: '3',
      canSign: false,
      lockState: 'locked',
      counter: '1',
      keyTypes: ['babe', 'gran'],
    });
    expect(viewOf(a, '2').gossip).toMatchObject({ peerId: '2', canSign: true, counter: '42' });
    expect(viewOf(a, '2').lastHeardAt).toBeGreaterThan(Date.now() - 5000);
    expect(viewOf(c, '1').rttMs).toBeGreaterThanOrEqual(0);
    for (const m of all) {
      expect(m.mesh!.libp2pId).toBe(m.libp2pId);
      expect(m.mesh!.addresses()).toEqual([
        expect.stringMatching(new RegExp(`^/ip4/127.0.0.1/tcp/\\d+/p2p/${m.libp2pId}$`)),
      ]);
    }

    // a change to self() reaches the others
    b.state.counter = '18446744073709551615';
    b.state.canSign = false;
    b.state.lockState = 'rolled-back';
    await until("2's new state at 1 and 3", () =>
      [a, c].every((m) => {
        const g = viewOf(m, '2').gossip;
        return g?.counter === '18446744073709551615' && !g.canSign && g.lockState === 'rolled-back';
      }),
    );
    // nobody dropped anything
    for (const m of all) expect(m.log.filter((l) => l.msg === 'mesh: dropped gossip')).toEqual([]);
  });

  it('an unpinned node is refused: never connected, its gossip never accepted', async () => {
    const all = await cluster();
    const [a, b, c] = all as [Member, Member, Member];
    b.state.counter = '222';
    await until('the cluster gossiping', () => [a, c].every((m) => viewOf(m, '2').gossip?.counter === '222'));

    // Its own key, Triad name "2", and the cluster's real ids and addresses: it dials all three.
    const rogue = (await members(newDir(), ['2']))[0]!;
    rogue.state.counter = '666';
    await startMember(rogue, [rogue, a, c, { ...b, name: '4' }]); // it needs another name for the real "2"
    const refusedBy = (m: Member) =>
      logged(m.log, 'mesh: refused an unpinned libp2p peer', (f) => f.libp2pId === rogue.libp2pId);
    await until('the rogue refused by all three', () => all.every(refusedBy));

    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      for (const m of [a, c]) seen.add(viewOf(m, '2').gossip!.counter);
      expect(rogue.mesh!.view().every((v) => !v.connected)).toBe(true);
      await sleep(INTERVAL);
    }
    expect([...seen]).toEqual(['222']);
    // the real peers stay connected to each other meanwhile
    expect(all.every((m) => m.mesh!.view().every((v) => v.connected))).toBe(true);
  });

  it('gossip by an unpinned key is refused even when a pinned peer relays it', async () => {
    const dir = newDir();
    const [a, b, c] = (await members(dir, ['1', '2', '3'])) as [Member, Member, Member];
    await startMember(a, [a, b, c]);
    await startMember(b, [a, b, c]);
    // "3" is a plain node with 3's key: pinned, but it forwards whatever it gets
    const relay = await rawNode(c.keyFile);
    for (const m of [a, b]) await relay.dial(m.mesh!.addresses().map((x) => multiaddr(x)));
    const outsider = await rawNode();
    await outsider.dial(relay.getMultiaddrs());
    await until(
      'subscriptions known',
      () => outsider.services.pubsub.getSubscribers(MESH_TOPIC).length === 1,
    );
    await until(
      'the relay sees 1, 2 and the outsider subscribed',
      () => relay.services.pubsub.getSubscribers(MESH_TOPIC).length === 3,
    );

    const forged = json(wire(health('3', '999')));
    const unpinnedAuthor = (m: Member) =>
      logged(
        m.log,
        'mesh: dropped gossip',
        (f) => f.reason === 'author is not a pinned peer' && f.libp2pId === outsider.peerId.toString(),
      );
    for (let i = 0; i < 40 && ![a, b].every(unpinnedAuthor); i++) {
      await outsider.services.pubsub.publish(MESH_TOPIC, forged);
      await sleep(INTERVAL);
    }
    expect([a, b].every(unpinnedAuthor)).toBe(true);
    for (const m of [a, b]) expect(viewOf(m, '3').gossip).toBeUndefined();

    // the relay's own gossip, as 3, is accepted: the refusal was about the author, not the path
    await relay.services.pubsub.publish(MESH_TOPIC, json(wire(health('3', '31'))));
    await until("3's own gossip at 1 and 2", () =>
      [a, b].every((m) => viewOf(m, '3').gossip?.counter === '31'),
    );
  });

  it('a pinned peer speaking under another name, or sending malformed gossip, is ignored; valid gossip flows', async () => {
    const dir = newDir();
    const [a, b, c] = (await members(dir, ['1', '2', '3'])) as [Member, Member, Member];
    await startMember(a, [a, b, c]);
    await startMember(b, [a, b, c]);
    const impostor = await rawNode(c.keyFile); // 3's key, but sends what it likes
    for (const m of [a, b]) await impostor.dial(m.mesh!.addresses().map((x) => multiaddr(x)));
    await until(
      'the impostor sees both subscribed',
      () => impostor.services.pubsub.getSubscribers(MESH_TOPIC).length === 2,
    );
    await until('1 and 2 connected', () => viewOf(a, '2').connected && viewOf(b, '1').connected);

    const huge = json(wire(health('3', '5'), { keyTypes: Array(MAX_GOSSIP_BYTES).fill('babe') }));
    const bad: [string, Uint8Array][] = [
      ['claims to be peer 1', json(wire(health('1', '777')))],
      ['not UTF-8 JSON', new TextEncoder().encode('{"peerId": "3", nope')],
      ['not UTF-8 JSON', Uint8Array.of(0xff, 0xfe, 0x7b, 0x7d)],
      ['not a JSON object', json([wire(health('3', '5'))])],
      ['counter: not a decimal u64', json(wire(health('3', '5'), { counter: 5 }))],
      ['canSign: not a boolean', json(wire(health('3', '5'), { canSign: 'yes' }))],
      ['unknown field "admin"', json(wire(health('3', '5'), { admin: true }))],
      [`${huge.byteLength} bytes, over ${MAX_GOSSIP_BYTES}`, huge],
    ];
    for (const [, data] of bad) await impostor.services.pubsub.publish(MESH_TOPIC, data);
    for (const [reason] of bad) {
      await until(`"${reason}" dropped by 1 and 2`, () =>
        [a, b].every((m) =>
          logged(m.log, 'mesh: dropped gossip', (f) => f.reason === reason && f.peer === '3'),
        ),
      );
    }
    // 3's "1" did not overwrite what 2 knows of 1, and none of the junk stuck as 3's gossip
    expect(viewOf(b, '1').gossip?.counter).not.toBe('777');
    for (const m of [a, b]) expect(viewOf(m, '3').gossip).toBeUndefined();

    // valid gossip still flows: 1 and 2 to each other, and 3's when it behaves
    a.state.counter = '1001';
    b.state.counter = '2002';
    await impostor.services.pubsub.publish(MESH_TOPIC, json(wire(health('3', '3003'))));
    await until(
      'fresh gossip everywhere',
      () =>
        viewOf(b, '1').gossip?.counter === '1001' &&
        viewOf(a, '2').gossip?.counter === '2002' &&
        [a, b].every((m) => viewOf(m, '3').gossip?.counter === '3003'),
    );
  });

  it('a stopped peer shows disconnected within a few intervals; restarted with its key, it is back', async () => {
    const all = await cluster();
    const [a, b, c] = all as [Member, Member, Member];
    c.state.counter = '300';
    const connectedTo3 = () => [a, b].every((m) => viewOf(m, '3').connected);
    await until(
      '3 connected, gossiping',
      () => connectedTo3() && [a, b].every((m) => viewOf(m, '3').gossip?.counter === '300'),
    );

    await c.mesh!.stop();
    await c.mesh!.stop(); // idempotent
    const took = await until('3 disconnected at 1 and 2', () =>
      [a, b].every((m) => !viewOf(m, '3').connected),
    );
    expect(took).toBeLessThan(5 * INTERVAL);
    expect(viewOf(a, '3').rttMs).toBeUndefined();
    expect(viewOf(a, '3').gossip?.counter).toBe('300'); // the last word is kept, with its time
    expect(c.mesh!.view().every((v) => !v.connected)).toBe(true);

    c.state.counter = '301';
    const again = await startMember(c, all);
    expect(again.libp2pId).toBe(c.libp2pId);
    await until(
      '3 reconnected, gossiping again',
      () => connectedTo3() && [a, b].every((m) => viewOf(m, '3').gossip?.counter === '301'),
    );
    await until('3 sees both', () => again.view().every((v) => v.connected));
  });

  it('redials a peer that was down until it answers, logging the outage once', async () => {
    const [a, b] = (await members(newDir(), ['1', '2'])) as [Member, Member];
    const first = await startMember(b, [a, b]);
    const address = first.addresses()[0]!;
    await first.stop();
    // 1 dials 2's address: nobody there
    await startMember(a, [a, b], () => [address]);
    const outage = () => a.log.filter((l) => l.msg === 'mesh: cannot reach peer (retrying every interval)');
    await until('the outage logged', () => outage().length > 0);
    await sleep(4 * INTERVAL);
    expect(outage()).toHaveLength(1);
    expect(viewOf(a, '2').connected).toBe(false);

    // 2 comes back on the same port, and does not dial 1 itself: 1's redial must do it
    const again = await Mesh.start({
      peerId: '2',
      keyFile: b.keyFile,
      listen: [address.replace(/\/p2p\/.*$/, '')],
      peers: [{ peerId: '1', libp2pId: a.libp2pId, addresses: [] }],
      self: () => wire(b.state),
      intervalMs: INTERVAL,
    });
    running.push(again);
    await until('1 and 2 connected', () => viewOf(a, '2').connected && again.view()[0]!.connected);
    await until("2's gossip at 1", () => viewOf(a, '2').gossip?.peerId === '2');
  });

  it('a peer whose connection does not answer pings is not connected, and the connection is closed', async () => {
    const [a, b] = (await members(newDir(), ['1', '2'])) as [Member, Member];
    await startMember(a, [a, b]);
    // 2's key, but a node without the ping protocol: it connects, yet can never pass as live
    const mute = await createLibp2p({
      privateKey: privateKeyFromProtobuf(readFileSync(b.keyFile)),
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionMonitor: { enabled: false },
    });
    running.push(mute);
    await mute.dial(a.mesh!.addresses().map((x) => multiaddr(x)));
    await until('the failed ping logged', () =>
      logged(a.log, 'mesh: ping failed, closing the connection', (f) => f.peer === '2'),
    );
    await until('the connection closed', () => mute.getConnections().length === 0);
    expect(viewOf(a, '2').connected).toBe(false);
  });

  it('keeps its key in a 0600 file, the same id on reload, and refuses a corrupt one', async () => {
    const dir = newDir();
    const file = join(dir, 'mesh.key');
    const id = await meshPeerId(file);
    expect(id).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]+$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await meshPeerId(file)).toBe(id);
    const good = readFileSync(file);

    const corrupt = async (bytes: Uint8Array, why: RegExp) => {
      writeFileSync(file, bytes);
      await expect(meshPeerId(file)).rejects.toThrow(MeshKeyError);
      await expect(meshPeerId(file)).rejects.toThrow(why);
      await expect(
        Mesh.start({
          peerId: '1',
          keyFile: file,
          listen: ['/ip4/127.0.0.1/tcp/0'],
          peers: [],
          self: () => wire(health('1', '1')),
        }),
      ).rejects.toThrow(MeshKeyError);
      expect(Buffer.from(readFileSync(file)).equals(Buffer.from(bytes))).toBe(true); // never replaced
    };
    await corrupt(new TextEncoder().encode('not a key\n'), /is corrupt/);
    await corrupt(new Uint8Array(0), /is corrupt/);
    await corrupt(good.subarray(0, good.length - 1), /is corrupt/);
    await corrupt(Buffer.concat([good, Uint8Array.of(0)]), /is corrupt/);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1]! ^= 1; // the last byte is in the public half
    await corrupt(flipped, /public key does not match the seed/);
    await corrupt(privateKeyToProtobuf(await generateKeyPair('secp256k1')), /not Ed25519/);

    writeFileSync(file, good);
    expect(await meshPeerId(file)).toBe(id);
  });

  it('refuses configurations it cannot honour', async () => {
    const dir = newDir();
    const keyFile = join(dir, 'mesh.key');
    const other = await meshPeerId(join(dir, 'other.key'));
    const ours = await meshPeerId(keyFile);
    const start = (peers: MeshPeerEntry[], peerId = '1') =>
      Mesh.start({
        peerId,
        keyFile,
        listen: ['/ip4/127.0.0.1/tcp/0'],
        peers,
        self: () => wire(health(peerId, '1')),
      });
    await expect(start([{ peerId: '1', libp2pId: other, addresses: [] }])).rejects.toThrow(/ourselves/);
    await expect(start([{ peerId: '2', libp2pId: ours, addresses: [] }])).rejects.toThrow(/our own/);
    await expect(start([{ peerId: '2', libp2pId: 'nonsense', addresses: [] }])).rejects.toThrow(/libp2pId/);
    await expect(
      start([{ peerId: '2', libp2pId: other, addresses: [`/ip4/127.0.0.1/tcp/1/p2p/${ours}`] }]),
    ).rejects.toThrow(/names another peer id/);
    await expect(start([{ peerId: '2', libp2pId: other, addresses: ['not an address'] }])).rejects.toThrow(
      /address/,
    );
  });

  it('skips a round when self() is not valid gossip, and logs it', async () => {
    const dir = newDir();
    const log: Log = [];
    let g: PeerGossip = wire(health('2', '1'));
    const mesh = await Mesh.start({
      peerId: '1',
      keyFile: join(dir, 'k'),
      listen: ['/ip4/127.0.0.1/tcp/0'],
      peers: [],
      self: () => g,
      intervalMs: INTERVAL,
      log: (msg, fields) => log.push({ msg, fields }),
    });
    running.push(mesh);
    await until('the bad self() logged', () =>
      logged(log, 'mesh: not gossiping: our own gossip is invalid', (f) =>
        /peerId 2, not ours/.test(String(f.error)),
      ),
    );
    g = { ...wire(health('1', '1')), counter: '-1' };
    await until('the bad counter logged', () =>
      logged(log, 'mesh: not gossiping: our own gossip is invalid', (f) => /counter/.test(String(f.error))),
    );
  });
});

describe('the gossip encoding', () => {
  const valid = wire(health('2', '7'));
  const bytesOf = (v: unknown) => json(v);

  it('round-trips exactly the PeerGossip fields', () => {
    expect(decodeGossip(encodeGossip(valid))).toEqual(valid);
    // extra properties on the object given to encodeGossip are not sent
    expect(decodeGossip(encodeGossip({ ...valid, secret: 'x' } as PeerGossip))).toEqual(valid);
    expect(decodeGossip(bytesOf({ ...valid, counter: '18446744073709551615', keyTypes: [] })).counter).toBe(
      '18446744073709551615',
    );
  });

  it.each([
    ['a u64 overflow', { ...valid, counter: '18446744073709551616' }, /counter/],
    ['a leading zero', { ...valid, counter: '07' }, /counter/],
    ['a negative counter', { ...valid, counter: '-1' }, /counter/],
    ['a numeric counter', { ...valid, counter: 7 }, /counter/],
    ['an unknown lock state', { ...valid, lockState: 'open' }, /lockState/],
    ['a bad key type', { ...valid, keyTypes: ['BABE'] }, /keyTypes/],
    ['too many key types', { ...valid, keyTypes: Array(65).fill('babe') }, /keyTypes/],
    ['a bad peer name', { ...valid, peerId: '../x' }, /peerId/],
    ['a fractional sentAt', { ...valid, sentAt: 1.5 }, /sentAt/],
    ['a missing field', { ...valid, canSign: undefined }, /canSign/],
    ['null', null, /not a JSON object/],
    ['a string', 'hello', /not a JSON object/],
    [
      'a __proto__ field',
      JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(valid).slice(1)}`),
      /unknown field/,
    ],
  ])('rejects %s', (_what, v, why) => {
    expect(() => decodeGossip(bytesOf(v))).toThrow(GossipFormatError);
    expect(() => decodeGossip(bytesOf(v))).toThrow(why);
  });

  it('rejects oversize payloads before parsing them', () => {
    const big = new Uint8Array(MAX_GOSSIP_BYTES + 1).fill(0x20);
    expect(() => decodeGossip(big)).toThrow(/over 4096/);
  });
});
