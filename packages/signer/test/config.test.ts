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
    expect([...c.clients.get('validator-a')!]).toEqual(['babe', 'audi']);
    expect(c.clients.get('validator-b')!.size).toBe(0);
    expect(loadConfig(write({ ...valid(), tee: { backend: 'optee' } }), {}).tee).toEqual({
      backend: 'optee',
    });
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
      clients: { 'validator-a': ['BABE'] },
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
