/**
 * The cluster's PKI as files, what `triadctl certs` and `npm start` call: one directory holding
 * the CA and a certificate and key per peer and per validator client.
 *
 *   ca.crt ca.key  peer-<id>.crt peer-<id>.key  client-<name>.crt client-<name>.key
 *
 * Idempotent and conservative: a file that exists is kept, byte for byte, and never replaced. A
 * key is never written over, because a replaced key is a cluster that stops trusting itself (or a
 * CA key lost for good); when what is on disk cannot serve (a certificate without its key, a
 * certificate that names other hosts, a leaf of another CA, expired) the call stops with an
 * error that names the files to remove, and writes nothing. Keys are 0600 and the directory 0700.
 *
 * Each file is written to a temporary name, synced, and linked into place: link(2) fails if the
 * name exists, so two concurrent runs cannot both install a key, and a crash never leaves half a
 * file under a real name. The key is linked before its certificate, so whoever installs the key
 * owns the pair.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  createClusterCa,
  isCaCertificate,
  isIssuedBy,
  issueClientCertificate,
  issuePeerCertificate,
  parseCertificatePem,
  publicKeyOfPrivatePem,
} from './certificates.js';
import type { CertifiedKeyPem, ClusterCa } from './certificates.js';
import type { X509Certificate } from '@peculiar/x509';
import { PkiError } from './errors.js';
import { identityOfCertificate } from './identity.js';
import type { IdentityKind } from './identity.js';
import { checkCaName, checkName, checkValidityDays, hostKey, parseHost, parseHosts } from './validate.js';
import { x509 } from './x509.js';

export interface ClusterPkiSpec {
  readonly peers: readonly { readonly id: string; readonly hosts: readonly string[] }[];
  /** Validator client names. */
  readonly clients: readonly string[];
  /** Used only when the CA is created. Default DEFAULT_CA_NAME. */
  readonly caName?: string;
  /** Used only when the CA is created. Default DEFAULT_CA_VALIDITY_DAYS. */
  readonly caValidityDays?: number;
  /** For peer and client certificates created by this call. Default DEFAULT_VALIDITY_DAYS. */
  readonly validityDays?: number;
}

export interface PemPaths {
  readonly cert: string;
  readonly key: string;
}

export interface ClusterPkiPaths {
  /** The directory, absolute. */
  readonly dir: string;
  readonly ca: PemPaths;
  readonly peers: Readonly<Record<string, PemPaths>>;
  readonly clients: Readonly<Record<string, PemPaths>>;
  /** The files this call wrote (empty when everything already existed). */
  readonly created: readonly string[];
}

export const DEFAULT_CA_NAME = 'Triad cluster CA';
export const DEFAULT_CA_VALIDITY_DAYS = 3650;
/** Leaves expire well before the CA: there is no revocation, so expiry is what ends a lost key. */
export const DEFAULT_VALIDITY_DAYS = 825;

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const DIR_MODE = 0o700;
const DAY_MS = 24 * 60 * 60 * 1000;

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** What is on disk for one pair: nothing, or both files; half a pair is an error. */
async function readPair(paths: PemPaths): Promise<CertifiedKeyPem | undefined> {
  const [cert, key] = await Promise.all([readIfExists(paths.cert), readIfExists(paths.key)]);
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) {
    const [has, lacks] = cert === undefined ? [paths.key, paths.cert] : [paths.cert, paths.key];
    throw new PkiError(
      'FILES',
      `${has} exists but ${lacks} does not; restore it, or remove ${has} to reissue`,
    );
  }
  return { certificatePem: cert, privateKeyPem: key };
}

/** Writes `data` under a temporary name in `dir`, synced, with `mode`; returns that name. */
async function writeTemp(dir: string, data: string, mode: number): Promise<string> {
  const path = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fh = await open(path, 'wx', mode);
  try {
    await fh.chmod(mode); // the umask may have taken bits off; set exactly what we mean
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return path;
}

async function installPair(paths: PemPaths, pem: CertifiedKeyPem): Promise<void> {
  const dir = dirname(paths.key);
  const temps: string[] = [];
  try {
    temps.push(await writeTemp(dir, pem.privateKeyPem, KEY_MODE));
    temps.push(await writeTemp(dir, pem.certificatePem, CERT_MODE));
    for (const [temp, path] of [
      [temps[0]!, paths.key],
      [temps[1]!, paths.cert],
    ] as const) {
      try {
        await link(temp, path);
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw e;
        throw new PkiError('FILES', `${path} appeared while it was being created (another run?); run again`);
      }
    }
  } finally {
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
  }
}

/** The hosts a peer certificate names, as comparable keys. */
function certifiedHostKeys(cert: X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.items ?? []).map((n) =>
    n.type === 'ip' || n.type === 'dns' ? hostKey(parseHost(n.value)) : `${n.type}:${n.value}`,
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Checks an existing CA pair can go on issuing and anchoring the cluster. */
function checkExistingCa(paths: PemPaths, ca: ClusterCa): void {
  const cert = parseCertificatePem(ca.certificatePem, paths.cert);
  if (!isCaCertificate(cert)) throw new PkiError('FILES', `${paths.cert} is not a CA certificate`);
  if (!Buffer.from(cert.publicKey.rawData).equals(publicKeyOfPrivatePem(ca.privateKeyPem, paths.key))) {
    throw new PkiError('FILES', `${paths.key} is not the key of ${paths.cert}`);
  }
  if (cert.notAfter.getTime() <= Date.now()) {
    throw new PkiError(
      'FILES',
      `${paths.cert} expired on ${cert.notAfter.toISOString()}; a new CA means new certificates for all`,
    );
  }
}

/** Checks an existing leaf pair is the one asked for, under this CA, usable now. */
async function checkExistingLeaf(
  paths: PemPaths,
  pem: CertifiedKeyPem,
  ca: ClusterCa,
  kind: IdentityKind,
  name: string,
  hostKeys: readonly string[] | undefined,
): Promise<void> {
  const reissue = `remove ${paths.cert} and ${paths.key} to reissue`;
  const cert = parseCertificatePem(pem.certificatePem, paths.cert);
  if (!Buffer.from(cert.publicKey.rawData).equals(publicKeyOfPrivatePem(pem.privateKeyPem, paths.key))) {
    throw new PkiError('FILES', `${paths.key} is not the key of ${paths.cert}; ${reissue}`);
  }
  if (!(await isIssuedBy(pem.certificatePem, ca.certificatePem))) {
    throw new PkiError('FILES', `${paths.cert} is not a currently valid certificate of this CA; ${reissue}`);
  }
  let who;
  try {
    who = identityOfCertificate(cert);
  } catch (e) {
    throw new PkiError('FILES', `${paths.cert}: ${(e as Error).message}; ${reissue}`);
  }
  if (who.kind !== kind || who.name !== name) {
    throw new PkiError('FILES', `${paths.cert} is the certificate of ${who.kind} "${who.name}"; ${reissue}`);
  }
  if (hostKeys && !sameSet(certifiedHostKeys(cert), hostKeys)) {
    throw new PkiError('FILES', `${paths.cert} certifies other hosts than the ones asked for; ${reissue}`);
  }
}

/** Creates (or completes) the cluster's PKI in `dir`; see the module comment. */
export async function writeClusterPki(dir: string, spec: ClusterPkiSpec): Promise<ClusterPkiPaths> {
  // Everything is validated before the disk is touched.
  const caName = checkCaName(spec.caName ?? DEFAULT_CA_NAME);
  const caDays = checkValidityDays(spec.caValidityDays ?? DEFAULT_CA_VALIDITY_DAYS);
  const days = checkValidityDays(spec.validityDays ?? DEFAULT_VALIDITY_DAYS);
  if (days >= caDays) {
    // A leaf issued a moment after its CA, for as many days, would outlive it by that moment.
    throw new PkiError('INPUT', `validityDays ${days} must be less than caValidityDays ${caDays}`);
  }
  if (!Array.isArray(spec.peers) || !Array.isArray(spec.clients)) {
    throw new PkiError('INPUT', 'peers and clients must be arrays');
  }
  const unique = (what: string, names: readonly string[]) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new PkiError('INPUT', `${what} "${dup}" is listed twice`);
  };
  const peers = spec.peers.map((p) => ({
    id: checkName('peer id', p.id),
    hosts: p.hosts,
    keys: parseHosts(p.hosts).map(hostKey),
  }));
  const clients = spec.clients.map((c) => checkName('client name', c));
  unique(
    'peer id',
    peers.map((p) => p.id),
  );
  unique('client name', clients);

  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true, mode: DIR_MODE });
  } catch (e) {
    if (errno(e) !== 'EEXIST' && errno(e) !== 'ENOTDIR') throw e;
    throw new PkiError('FILES', `${root} (or a parent) exists and is not a directory`);
  }
  const st = await stat(root);
  if (!st.isDirectory()) throw new PkiError('FILES', `${root} is not a directory`);
  if ((st.mode & 0o777) !== DIR_MODE) await chmod(root, DIR_MODE);

  const pathsOf = (base: string): PemPaths => ({
    cert: join(root, `${base}.crt`),
    key: join(root, `${base}.key`),
  });
  const caPaths = pathsOf('ca');
  const leaves = [
    ...peers.map((p) => ({
      kind: 'peer' as const,
      name: p.id,
      hosts: p.hosts,
      keys: p.keys,
      paths: pathsOf(`peer-${p.id}`),
    })),
    ...clients.map((c) => ({
      kind: 'client' as const,
      name: c,
      hosts: undefined,
      keys: undefined,
      paths: pathsOf(`client-${c}`),
    })),
  ];

  // Phase 1: read and check what exists, so a bad directory is reported before anything is written.
  const existingCa = await readPair(caPaths);
  const existing = await Promise.all(leaves.map((l) => readPair(l.paths)));
  if (existingCa) {
    checkExistingCa(caPaths, existingCa);
    const caNotAfter = parseCertificatePem(existingCa.certificatePem, caPaths.cert).notAfter.getTime();
    if (existing.includes(undefined) && caNotAfter < Date.now() + days * DAY_MS) {
      // Issuing would fail part-way with the first missing leaf; say so before writing any.
      throw new PkiError(
        'FILES',
        `${caPaths.cert} expires on ${new Date(caNotAfter).toISOString()}, before new ${days}-day certificates would; ask for fewer validityDays`,
      );
    }
    for (const [i, l] of leaves.entries()) {
      const pem = existing[i];
      if (pem) await checkExistingLeaf(l.paths, pem, existingCa, l.kind, l.name, l.keys);
    }
  } else {
    const orphan = leaves.find((_, i) => existing[i]);
    if (orphan) {
      throw new PkiError(
        'FILES',
        `${orphan.paths.cert} exists but ${caPaths.cert} does not: the CA that issued it is gone; remove the certificates and keys to start over`,
      );
    }
  }

  // Phase 2: create what is missing; tighten key modes that were left loose.
  const created: string[] = [];
  let ca = existingCa;
  if (!ca) {
    ca = await createClusterCa({ name: caName, validityDays: caDays });
    await installPair(caPaths, ca);
    created.push(caPaths.key, caPaths.cert);
  }
  for (const [i, l] of leaves.entries()) {
    if (existing[i]) continue;
    const pem =
      l.kind === 'peer'
        ? await issuePeerCertificate(ca, { peerId: l.name, hosts: l.hosts!, validityDays: days })
        : await issueClientCertificate(ca, { clientName: l.name, validityDays: days });
    await installPair(l.paths, pem);
    created.push(l.paths.key, l.paths.cert);
  }
  for (const key of [caPaths.key, ...leaves.map((l) => l.paths.key)]) {
    if (((await stat(key)).mode & 0o777) !== KEY_MODE) await chmod(key, KEY_MODE);
  }
  if (created.length > 0) {
    // The links are entries of the directory: sync it so they survive a power cut.
    const dh = await open(root, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  return {
    dir: root,
    ca: caPaths,
    peers: Object.fromEntries(leaves.filter((l) => l.kind === 'peer').map((l) => [l.name, l.paths])),
    clients: Object.fromEntries(leaves.filter((l) => l.kind === 'client').map((l) => [l.name, l.paths])),
    created,
  };
}
