/**
 * The cluster CA and the two kinds of certificate it issues. One CA per cluster, used for nothing
 * else: trusting it is how a peer recognises the other peers and the validators, so a certificate
 * carries what the peer needs to decide (its kind and name, in the CN) and nothing it does not.
 *
 * - peer: CN `peer:<id>`, subjectAltName = the hosts it is reached at, serverAuth + clientAuth (a
 *   peer serves the Signer and Cosigner APIs and calls the other peers' Cosigner API with it);
 * - client: CN `client:<name>`, clientAuth only (a validator's certificate cannot serve as a peer:
 *   TLS clients refuse a server certificate without serverAuth).
 *
 * All keys are ECDSA P-256 and everything is signed with SHA-256. Private keys travel as PKCS#8 PEM,
 * which Node's TLS, grpc-js and openssl all read.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import type { Extension, X509Certificate } from '@peculiar/x509';
import { PkiError } from './errors.js';
import { checkCaName, checkName, checkValidityDays, parseHosts } from './validate.js';
import { NODE_P256, P256_SHA256, subtle, x509 } from './x509.js';

/** A certificate and its private key, both PEM. */
export interface CertifiedKeyPem {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** The cluster CA: its self-signed certificate and its key. */
export type ClusterCa = CertifiedKeyPem;

export interface ClusterCaOptions {
  /** The CA's common name, e.g. 'Triad cluster CA (kusama-1)'. */
  readonly name: string;
  readonly validityDays: number;
}

export interface PeerCertificateOptions {
  readonly peerId: string;
  /** DNS names and IP addresses the peer is reached at ('localhost', '127.0.0.1', '::1', ...). */
  readonly hosts: readonly string[];
  readonly validityDays: number;
}

export interface ClientCertificateOptions {
  readonly clientName: string;
  readonly validityDays: number;
}

export const PEER_CN_PREFIX = 'peer:';
export const CLIENT_CN_PREFIX = 'client:';

/** The extendedKeyUsage OIDs (RFC 5280 4.2.1.12). */
export const SERVER_AUTH = x509.ExtendedKeyUsage.serverAuth;
export const CLIENT_AUTH = x509.ExtendedKeyUsage.clientAuth;

/**
 * Certificates start this long before they are made: the boards have no battery-backed clock and
 * the validators' clocks are their own, so a peer whose clock is a little behind must still accept
 * a certificate issued "now" elsewhere.
 */
export const BACKDATE_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** X.509 times have whole seconds; rounding here keeps notBefore/notAfter exactly as encoded. */
function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Math.floor(Date.now() / 1000) * 1000;
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/**
 * A random positive 16-byte serial: the top bit cleared so DER needs no sign byte, the next bit
 * set so it never shrinks below 16 bytes (126 random bits; RFC 5280 wants at most 20 octets and
 * CA/B asks for 64 random bits).
 */
function randomSerial(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[0] = (b[0]! & 0x7f) | 0x40;
  return Buffer.from(b).toString('hex');
}

async function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await subtle.generateKey(P256_SHA256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** DER SubjectPublicKeyInfo of the public half of a PEM private key, after checking it is P-256. */
export function publicKeyOfPrivatePem(pem: string, what: string): Buffer {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new PkiError('INPUT', `${what}: not a readable private key (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== NODE_P256) {
    throw new PkiError('INPUT', `${what}: not an ECDSA P-256 key`);
  }
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** Parses a PEM certificate, turning the parser's exceptions into a PkiError. */
export function parseCertificatePem(pem: string, what: string): X509Certificate {
  try {
    return new x509.X509Certificate(pem);
  } catch (e) {
    throw new PkiError('INPUT', `${what}: not a readable certificate (${(e as Error).message})`);
  }
}

export function isCaCertificate(cert: X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** The CA, checked and ready to sign: a P-256 CA certificate whose key is the one given. */
interface LoadedCa {
  readonly cert: X509Certificate;
  readonly signingKey: webcrypto.CryptoKey;
  readonly keyId: string;
}

async function loadCa(ca: ClusterCa): Promise<LoadedCa> {
  const cert = parseCertificatePem(ca.certificatePem, 'CA certificate');
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  if (!isCaCertificate(cert) || !usage || (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new PkiError('CA', `${cert.subject} is not a CA certificate (basicConstraints CA, keyCertSign)`);
  }
  const spki = publicKeyOfPrivatePem(ca.privateKeyPem, 'CA private key');
  if (!Buffer.from(cert.publicKey.rawData).equals(spki)) {
    throw new PkiError('CA', `the CA private key is not the key of ${cert.subject}`);
  }
  if (cert.notAfter.getTime() <= Date.now()) {
    throw new PkiError('CA', `${cert.subject} expired on ${cert.notAfter.toISOString()}`);
  }
  const pkcs8 = createPrivateKey(ca.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const signingKey = await subtle.importKey('pkcs8', pkcs8, P256_SHA256, false, ['sign']);
  // The issued certificates' authorityKeyIdentifier must equal the CA's subjectKeyIdentifier.
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski ? ski.keyId : (await x509.SubjectKeyIdentifierExtension.create(cert.publicKey)).keyId;
  return { cert, signingKey, keyId };
}

/** Creates the cluster CA: self-signed, may sign end-entity certificates only (pathLen 0). */
export async function createClusterCa(options: ClusterCaOptions): Promise<ClusterCa> {
  const name = checkCaName(options.name);
  const days = checkValidityDays(options.validityDays);
  const keys = await newKeyPair();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [name] }],
    keys,
    signingAlgorithm: P256_SHA256,
    ...validity(days),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId),
    ],
  });
  return { certificatePem: cert.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/** An end-entity certificate under `ca` with a fresh key; common to peers and clients. */
async function issue(
  ca: ClusterCa,
  commonName: string,
  days: number,
  usages: string[],
  extra: Extension[],
): Promise<CertifiedKeyPem> {
  const issuer = await loadCa(ca);
  const { notBefore, notAfter } = validity(days);
  if (notAfter.getTime() > issuer.cert.notAfter.getTime()) {
    // A chain is only as valid as its CA; a leaf that outlived it would fail at an odd hour later.
    throw new PkiError(
      'CA',
      `a ${days}-day certificate would outlive the CA (valid until ${issuer.cert.notAfter.toISOString()})`,
    );
  }
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [commonName] }],
    issuer: issuer.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.signingKey,
    signingAlgorithm: P256_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(usages, false),
      ...extra,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(issuer.keyId),
    ],
  });
  return { certificatePem: cert.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/** A peer's certificate: TLS server and client, CN `peer:<peerId>`, SAN = `hosts`. */
export async function issuePeerCertificate(
  ca: ClusterCa,
  options: PeerCertificateOptions,
): Promise<CertifiedKeyPem> {
  const peerId = checkName('peer id', options.peerId);
  const hosts = parseHosts(options.hosts);
  const days = checkValidityDays(options.validityDays);
  const san = new x509.SubjectAlternativeNameExtension(
    hosts.map((h) => ({ type: h.type, value: h.value })),
    false,
  );
  return issue(ca, `${PEER_CN_PREFIX}${peerId}`, days, [SERVER_AUTH, CLIENT_AUTH], [san]);
}

/** A validator's client certificate: TLS client only, CN `client:<clientName>`. */
export async function issueClientCertificate(
  ca: ClusterCa,
  options: ClientCertificateOptions,
): Promise<CertifiedKeyPem> {
  const clientName = checkName('client name', options.clientName);
  const days = checkValidityDays(options.validityDays);
  return issue(ca, `${CLIENT_CN_PREFIX}${clientName}`, days, [CLIENT_AUTH], []);
}

/**
 * Whether `certificatePem` was issued by the CA in `caCertificatePem` and both are valid at `date`:
 * issuer name equal to the CA's subject (byte for byte), signature by the CA's key, validity
 * periods. What a TLS stack checks at the handshake, for tools and for files found on disk.
 */
export async function isIssuedBy(
  certificatePem: string,
  caCertificatePem: string,
  date: Date = new Date(),
): Promise<boolean> {
  const cert = parseCertificatePem(certificatePem, 'certificate');
  const ca = parseCertificatePem(caCertificatePem, 'CA certificate');
  const sameName = Buffer.from(cert.issuerName.toArrayBuffer()).equals(
    Buffer.from(ca.subjectName.toArrayBuffer()),
  );
  if (!sameName || !isCaCertificate(ca)) return false;
  const within = (c: X509Certificate) => c.notBefore <= date && date <= c.notAfter;
  if (!within(cert) || !within(ca)) return false;
  return cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}
