import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VALIDITY_DAYS, PkiError, identityOfPem, isIssuedBy, writeClusterPki } from '../src/index.js';
import type { ClusterPkiSpec } from '../src/index.js';

const spec: ClusterPkiSpec = {
  peers: [
    { id: 'a', hosts: ['127.0.0.1', 'localhost'] },
    { id: 'b', hosts: ['127.0.0.1', '::1'] },
    { id: 'c', hosts: ['signer-c.example'] },
  ],
  clients: ['validator-1', 'validator-2'],
};

/** Enough for the failure cases: a peer to damage, a peer to copy from, a client. */
const small: ClusterPkiSpec = { peers: spec.peers.slice(0, 2), clients: ['validator-1'] };

const FILES = [
  'ca.crt',
  'ca.key',
  'peer-a.crt',
  'peer-a.key',
  'peer-b.crt',
  'peer-b.key',
  'peer-c.crt',
  'peer-c.key',
  'client-validator-1.crt',
  'client-validator-1.key',
  'client-validator-2.crt',
  'client-validator-2.key',
];

const mode = (path: string) => statSync(path).mode & 0o777;
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [f, { bytes: readFileSync(join(dir, f)), ino: statSync(join(dir, f)).ino }]),
  );

async function failure(p: Promise<unknown>): Promise<PkiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PkiError) return e;
    throw e;
  }
  throw new Error('expected a PkiError');
}

describe('writeClusterPki', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `pki-${++n}`);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'triad-pki-files-'));
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the CA, the peers and the clients: keys 0600, directory 0700, usable certificates', async () => {
    const dir = join(fresh(), 'nested');
    const paths = await writeClusterPki(dir, spec);
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
    expect(paths.dir).toBe(dir);
    expect(paths.ca).toEqual({ cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') });
    expect(paths.peers['b']).toEqual({ cert: join(dir, 'peer-b.crt'), key: join(dir, 'peer-b.key') });
    expect(paths.clients['validator-2']).toEqual({
      cert: join(dir, 'client-validator-2.crt'),
      key: join(dir, 'client-validator-2.key'),
    });
    expect([...paths.created].sort()).toEqual(FILES.map((f) => join(dir, f)).sort());
    expect(mode(dir)).toBe(0o700);
    for (const f of FILES) expect([f, mode(join(dir, f))]).toEqual([f, f.endsWith('.key') ? 0o600 : 0o644]);

    const caPem = readFileSync(paths.ca.cert, 'utf8');
    expect(new X509Certificate(caPem).subject).toBe('CN=Triad cluster CA');
    for (const [id, p] of Object.entries(paths.peers)) {
      const pem = readFileSync(p.cert, 'utf8');
      expect(identityOfPem(pem)).toEqual({ kind: 'peer', name: id });
      expect(await isIssuedBy(pem, caPem)).toBe(true);
      expect(new X509Certificate(pem).checkPrivateKey(createPrivateKey(readFileSync(p.key)))).toBe(true);
    }
    const days =
      (new Date(new X509Certificate(readFileSync(paths.peers['a']!.cert)).validTo).getTime() - Date.now()) /
      86_400_000;
    expect(Math.round(days)).toBe(DEFAULT_VALIDITY_DAYS);
    expect(new X509Certificate(readFileSync(paths.peers['b']!.cert)).checkIP('::1')).toBe('::1');
    expect(
      new X509Certificate(readFileSync(paths.peers['c']!.cert)).checkHost('signer-c.example'),
    ).toBeDefined();
    expect(identityOfPem(readFileSync(paths.clients['validator-1']!.cert, 'utf8'))).toEqual({
      kind: 'client',
      name: 'validator-1',
    });
  });

  it('is idempotent: a second call keeps every file byte for byte and creates nothing', async () => {
    const dir = fresh();
    await writeClusterPki(dir, spec);
    const before = snapshot(dir);
    const again = await writeClusterPki(dir, spec);
    expect(again.created).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('completes a directory: a new client or peer is issued by the existing CA, the rest is kept', async () => {
    const dir = fresh();
    await writeClusterPki(dir, spec);
    const before = snapshot(dir);
    const more = await writeClusterPki(dir, {
      ...spec,
      peers: [...spec.peers, { id: 'd', hosts: ['10.0.0.4'] }],
      clients: [...spec.clients, 'validator-3'],
    });
    expect(more.created.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
      'client-validator-3.crt',
      'client-validator-3.key',
      'peer-d.crt',
      'peer-d.key',
    ]);
    const after = snapshot(dir);
    for (const f of FILES) expect(after[f]).toEqual(before[f]);
    expect(
      await isIssuedBy(
        readFileSync(join(dir, 'peer-d.crt'), 'utf8'),
        readFileSync(join(dir, 'ca.crt'), 'utf8'),
      ),
    ).toBe(true);
    // Listing fewer peers than exist is fine too: files are never deleted.
    expect((await writeClusterPki(dir, { peers: [spec.peers[0]!], clients: [] })).created).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(FILES.length + 4);
  });

  it('tightens a loosened key to 0600 and the directory to 0700, keeping the contents', async () => {
    const dir = fresh();
    await writeClusterPki(dir, spec);
    const before = snapshot(dir);
    chmodSync(join(dir, 'peer-a.key'), 0o644);
    chmodSync(join(dir, 'ca.key'), 0o640);
    chmodSync(dir, 0o755);
    expect((await writeClusterPki(dir, spec)).created).toEqual([]);
    expect(mode(join(dir, 'peer-a.key'))).toBe(0o600);
    expect(mode(join(dir, 'ca.key'))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(snapshot(dir)).toEqual(before);
  });

  it('never replaces what it cannot keep, and says which files to remove', async () => {
    const withNewClient = { ...small, clients: [...small.clients, 'late'] };
    const copyPair = (from: string, to: string) =>
      ['crt', 'key'].forEach((ext) => copyFileSync(`${from}.${ext}`, `${to}.${ext}`));
    const cases: [string, (dir: string, other: string) => void, ClusterPkiSpec, RegExp][] = [
      [
        "a peer's hosts changed",
        () => undefined,
        { ...small, peers: [{ id: 'a', hosts: ['127.0.0.1'] }, ...small.peers.slice(1)] },
        /peer-a\.crt certifies other hosts than the ones asked for; remove .*peer-a\.crt and .*peer-a\.key to reissue/,
      ],
      [
        'a certificate without its key (and a new client asked for)',
        (dir) => unlinkSync(join(dir, 'peer-a.key')),
        withNewClient,
        /peer-a\.crt exists but .*peer-a\.key does not; restore it, or remove .*peer-a\.crt to reissue/,
      ],
      [
        'a swapped key',
        (dir) => copyFileSync(join(dir, 'peer-b.key'), join(dir, 'peer-a.key')),
        small,
        /peer-a\.key is not the key of .*peer-a\.crt/,
      ],
      [
        "another cluster's certificate and key",
        (dir, other) => copyPair(join(other, 'peer-a'), join(dir, 'peer-a')),
        small,
        /peer-a\.crt is not a currently valid certificate of this CA/,
      ],
      [
        "a peer's pair under a client's name",
        (dir) => copyPair(join(dir, 'peer-b'), join(dir, 'client-validator-1')),
        small,
        /client-validator-1\.crt is the certificate of peer "b"/,
      ],
      [
        'the CA is gone but its leaves are not',
        (dir) => ['ca.crt', 'ca.key'].forEach((f) => unlinkSync(join(dir, f))),
        small,
        /peer-a\.crt exists but .*ca\.crt does not: the CA that issued it is gone/,
      ],
      [
        'the CA key without its certificate',
        (dir) => unlinkSync(join(dir, 'ca.crt')),
        small,
        /ca\.key exists but .*ca\.crt does not/,
      ],
      [
        'a CA pair that is not a CA',
        (dir) => copyPair(join(dir, 'peer-b'), join(dir, 'ca')),
        small,
        /ca\.crt is not a CA certificate/,
      ],
    ];
    const other = fresh();
    await writeClusterPki(other, small);
    for (const [what, damage, asked, message] of cases) {
      const dir = fresh();
      await writeClusterPki(dir, small);
      damage(dir, other);
      const before = snapshot(dir);
      const e = await failure(writeClusterPki(dir, asked));
      expect([what, e.code]).toEqual([what, 'FILES']);
      expect([what, e.message]).toEqual([what, expect.stringMatching(message)]);
      expect([what, snapshot(dir)]).toEqual([what, before]); // nothing written, not even what was missing
    }
  });

  it('refuses to issue new certificates that would outlive the existing CA, before writing any', async () => {
    const dir = fresh();
    await writeClusterPki(dir, { ...small, caValidityDays: 10, validityDays: 5 });
    const before = snapshot(dir);
    const e = await failure(
      writeClusterPki(dir, { ...small, clients: ['validator-1', 'late-1', 'late-2'], validityDays: 20 }),
    );
    expect(e.message).toMatch(/FILES: .*ca\.crt expires on .*, before new 20-day certificates would/);
    expect(snapshot(dir)).toEqual(before);
    // Nothing missing, nothing to issue: the same request for the existing files is fine.
    expect((await writeClusterPki(dir, { ...small, validityDays: 20 })).created).toEqual([]);
  });

  it('validates the whole request before touching the disk', async () => {
    const dir = fresh();
    const bad: [Partial<ClusterPkiSpec>, RegExp][] = [
      [
        {
          peers: [
            { id: 'a', hosts: ['::1'] },
            { id: 'a', hosts: ['::1'] },
          ],
        },
        /peer id "a" is listed twice/,
      ],
      [{ clients: ['v', 'v'] }, /client name "v" is listed twice/],
      [{ peers: [{ id: 'A', hosts: ['::1'] }] }, /peer id "A"/],
      [{ peers: [{ id: 'a', hosts: [] }] }, /at least one DNS name or IP address/],
      [{ clients: ['../../etc/x'] }, /client name "..\/..\/etc\/x"/],
      [{ validityDays: 3651 }, /validityDays 3651/],
      [{ caValidityDays: 0 }, /validityDays 0/],
      [{ caName: '' }, /CA name ""/],
      [{ caValidityDays: 30, validityDays: 30 }, /validityDays 30 must be less than caValidityDays 30/],
    ];
    for (const [override, message] of bad) {
      const e = await failure(writeClusterPki(dir, { ...spec, ...override }));
      expect([message.source, e.code]).toEqual([message.source, 'INPUT']);
      expect(e.message).toMatch(message);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('two concurrent runs on an empty directory: one installs the CA, the other stops; no stray files', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    const results = await Promise.allSettled([writeClusterPki(dir, spec), writeClusterPki(dir, spec)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(PkiError);
    expect((lost[0]!.reason as PkiError).message).toMatch(
      /FILES: .*ca\.key appeared while it was being created/,
    );
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort()); // no temporaries left
    expect((await writeClusterPki(dir, spec)).created).toEqual([]); // and what is there is consistent
  });
});
