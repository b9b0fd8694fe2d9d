import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'triad-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const device = { e: '010001', n: 'ab'.repeat(384) };
const valid = () => ({
  peerId: '1',
  participantId: 1,
  dataDir: 'data',
  listen: { signer: '127.0.0.1:7101', cosigner: '0.0.0.0:7201' },
  tls: { ca: 'pki/ca.crt', cert: 'pki/peer-1.crt', key: '/etc/triad/peer-1.key' },
  tee: { backend: 'emulated', socket: 'ta.sock' },
  measurement: 'AB'.repeat(32),
  device,
  peers: [
    { peerId: '2', participantId: 2, address: 'board-2.local:7201', device },
    { peerId: '3', participantId: 3, address: '[::1]:7201', device },
  ],
  clients: { 'validator-a': ['babe', 'audi'], 'validator-b': [] },
});

let n = 0;
function write(config: unknown, raw?: string): string {
  const file = join(dir, `peer-${n++}.yaml`);
  writeFileSync(file, raw ?? stringify(config));
  return file;
}

function problems(config: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(write(config), env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('the peer configuration', () => {
  it('loads a valid file: relative paths from its directory, allow lists as sets', () => {
    const c = loadConfig(write(valid()), {});
    expect(c.dataDir).toBe(join(dir, 'data'));
    expect(c.tls).toEqual({
      ca: join(dir, 'pki/ca.crt'),
      cert: join(dir, 'pki/peer-1.crt'),
      key: '/etc/triad/peer-1.key',
    });
    expect(c.tee).toEqual({ backend: 'emulated', socket: join(dir, 'ta.sock') });
    expect(c.measurement).toBe('ab'.repeat(32));
    expect(c.peers.map((p) => [p.peerId, p.participantId, p.address])).toEqual([
      ['2', 2, 'board-2.local:7201'],
      ['3', 3, '[::1]:7201'],
    ]);
    expect(c.clients.clients()).toEqual(['validator-a', 'validator-b']);
    expect(['babe', 'audi', 'gran'].map((t) => c.clients.mayUseType('validator-a', t))).toEqual([
      true,
      true,
      false,
    ]);
    expect(c.clients.mayUseType('validator-b', 'babe')).toBe(false);
    expect(loadConfig(write({ ...valid(), tee: { backend: 'optee' } }), {}).tee).toEqual({
      backend: 'optee',
    });
  });

  it('reads the optional parts: operators, a metrics endpoint, the libp2p mesh with pinned ids', () => {
    const id = '12D3KooWJWoaqZhDaoEFshF7Rh1bpY9ohihFhzcW6d69Lr2NASuq';
    const c = loadConfig(
      write({
        ...valid(),
        listen: { signer: '127.0.0.1:0', cosigner: '0.0.0.0:7201', metrics: '127.0.0.1:9615' },
        operators: ['ops'],
        mesh: { listen: ['/ip4/0.0.0.0/tcp/7301'], key: 'mesh.key' },
        peers: valid().peers.map((p) => ({
          ...p,
          mesh: { id, addresses: ['/dns4/board-2.local/tcp/7301'] },
        })),
      }),
      {},
    );
    expect(c.listen).toEqual({ signer: '127.0.0.1:0', cosigner: '0.0.0.0:7201', metrics: '127.0.0.1:9615' });
    expect([...c.operators]).toEqual(['ops']);
    expect(c.mesh).toEqual({ listen: ['/ip4/0.0.0.0/tcp/7301'], key: join(dir, 'mesh.key') });
    expect(c.peers[0]!.mesh).toEqual({ id, addresses: ['/dns4/board-2.local/tcp/7301'] });
    // absent: no operators, no metrics endpoint, no mesh
    const bare = loadConfig(write(valid()), {});
    expect([bare.operators.size, bare.listen.metrics, bare.mesh]).toEqual([0, undefined, undefined]);
    // half a mesh is refused, and so are ids and addresses that are not libp2p's
    expect(problems({ ...valid(), mesh: { listen: ['/ip4/0.0.0.0/tcp/7301'], key: 'k' } })).toEqual([
      'mesh: give it this peer and every peer entry (its libp2p id and addresses), or none',
    ]);
    const bad = {
      ...valid(),
      mesh: { listen: ['0.0.0.0:7301'], key: 'k' },
      peers: valid().peers.map((p) => ({ ...p, mesh: { id: 'not-an-id', addresses: [] } })),
      operators: ['Bad Name'],
    };
    expect(problems(bad)).toEqual([
      'peers[0].mesh.id: expected a libp2p peer id (base58, 12D3KooW...)',
      'peers[0].mesh.addresses: expected a list of 1..4',
      'peers[1].mesh.id: expected a libp2p peer id (base58, 12D3KooW...)',
      'peers[1].mesh.addresses: expected a list of 1..4',
      'operators[0]: expected a name of a-z, 0-9, _ and - (up to 48)',
      'mesh.listen[0]: expected a multiaddr like /ip4/10.0.0.2/tcp/7301',
    ]);
    // port 0 is for listening only: a peer must be reachable somewhere
    expect(
      problems({
        ...valid(),
        peers: [{ ...valid().peers[0], address: 'board-2.local:0' }, valid().peers[1]],
      }),
    ).toEqual(['peers[0].address: expected host:port']);
  });

  it("reads a peer's serverName (a DNS name in its certificate), and refuses an IP address there", () => {
    const named = valid().peers.map((p) => ({ ...p, serverName: 'board-2.local' }));
    expect(loadConfig(write({ ...valid(), peers: named }), {}).peers[0]!.serverName).toBe('board-2.local');
    expect(loadConfig(write(valid()), {}).peers[0]!.serverName).toBeUndefined();
    const ip = valid().peers.map((p) => ({ ...p, serverName: '10.0.0.2' }));
    expect(problems({ ...valid(), peers: ip })).toEqual([
      'peers[0].serverName: expected a DNS name (not an IP address)',
      'peers[1].serverName: expected a DNS name (not an IP address)',
    ]);
  });

  it('takes the environment overrides', () => {
    const c = loadConfig(write(valid()), {
      TRIAD_DATA_DIR: '/srv/triad',
      TRIAD_LISTEN_SIGNER: '0.0.0.0:9101',
      TRIAD_LISTEN_COSIGNER: '0.0.0.0:9201',
      TRIAD_TA_SOCKET: '/run/ta.sock',
    });
    expect([c.dataDir, c.listen.signer, c.listen.cosigner]).toEqual([
      '/srv/triad',
      '0.0.0.0:9101',
      '0.0.0.0:9201',
    ]);
    expect(c.tee).toEqual({ backend: 'emulated', socket: '/run/ta.sock' });
    expect(problems(valid(), { TRIAD_LISTEN_SIGNER: 'nowhere' })).toEqual([
      'listen.signer: expected host:port',
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const bad = {
      ...valid(),
      peerId: 'Peer One',
      listn: {},
      listen: { signer: '127.0.0.1', cosigner: '127.0.0.1:70000' },
      tee: { backend: 'sgx' },
      measurement: 'abc',
      peers: [{ peerId: '2', participantId: 0, address: 'x:1', device: { e: '01', n: 'zz' }, extra: 1 }],
      clients: { 'validator-a': ['BABE', 'babe:0x12', `babe:0x${'ab'.repeat(32)}`] },
    };
    expect(problems(bad)).toEqual(
      expect.arrayContaining([
        'listn: unknown field',
        'peers[0].extra: unknown field',
        'peerId: expected a name of a-z, 0-9, _ and - (up to 48)',
        'listen.signer: expected host:port',
        'listen.cosigner: expected host:port',
        'tee.backend: expected one of emulated, optee',
        'measurement: expected 32..32 bytes of hex',
        'peers[0].participantId: expected an integer 1..255',
        'peers[0].device.n: expected 128..512 bytes of hex',
        'clients.validator-a[0]: expected a key type of four lowercase letters or digits',
        'clients.validator-a[1]: expected a key type or <type>:0x<64 lowercase hex>',
      ]),
    );
  });

  it('refuses a cluster with a repeated name or participant id, and a file without peers', () => {
    const twice = valid();
    twice.peers[1]!.peerId = '1';
    twice.peers[0]!.participantId = 3;
    expect(problems(twice)).toEqual([
      'peerId: the peers and this peer must have distinct names',
      'participantId: the peers and this peer must have distinct ids',
    ]);
    expect(problems({ ...valid(), peers: [] })).toEqual(['peers: expected a list of 1..7']);
  });

  it('says where a YAML syntax error is, and what an unreadable file is', () => {
    const file = write(undefined, 'peerId: "1"\nlisten: [unclosed\n');
    expect(() => loadConfig(file, {})).toThrow(/not valid YAML \(line \d+\)/);
    expect(() => loadConfig(join(dir, 'missing.yaml'), {})).toThrow(/cannot read/);
    expect(problems(null)).toEqual(expect.arrayContaining(['(top level): expected a mapping']));
  });
});
