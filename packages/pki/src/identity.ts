/**
 * Who is on the other end of a TLS connection, from the certificate it presented. The handshake
 * has already checked the chain to the cluster CA (grpc-js servers are made with the CA as the
 * only root and client certificates required); what is left is reading the name the CA put in the
 * CN and refusing anything that is not exactly one of the two forms this package issues.
 *
 * With @grpc/grpc-js (1.10 and later; 1.14.7 here) a server handler reads the certificate with
 * `call.getAuthContext()`: it returns `{ transportSecurityType: 'ssl', sslPeerCertificate }`, where
 * `sslPeerCertificate` is the TLS socket's `getPeerCertificate()` (undefined when the peer sent
 * none), and `{}` when the connection is not TLS or the socket is not `authorized` (chain not
 * verified). `call.getPeer()` is only the remote address and proves nothing.
 */
import type { X509Certificate } from '@peculiar/x509';
import {
  CLIENT_AUTH,
  CLIENT_CN_PREFIX,
  PEER_CN_PREFIX,
  SERVER_AUTH,
  isCaCertificate,
  parseCertificatePem,
} from './certificates.js';
import { PkiError } from './errors.js';
import { NAME_PATTERN } from './validate.js';
import { x509 } from './x509.js';

export type IdentityKind = 'peer' | 'client';

export interface Identity {
  readonly kind: IdentityKind;
  /** The peer id or the client name. */
  readonly name: string;
}

/** What Node's `TLSSocket.getPeerCertificate()` returns, as far as it matters here: the DER. */
export interface PeerCertificateLike {
  readonly raw?: Uint8Array | null;
}

/** grpc-js's `AuthContext` (`call.getAuthContext()` on a server call). */
export interface AuthContextLike {
  readonly transportSecurityType?: string;
  readonly sslPeerCertificate?: PeerCertificateLike | null;
}

/** A grpc-js server call (unary, streaming, or a server interceptor's call). */
export interface CallWithAuthContext {
  getAuthContext(): AuthContextLike | null;
}

const refuse = (message: string): never => {
  throw new PkiError('IDENTITY', message);
};

/**
 * The identity a certificate of this cluster names. Refused: a subject other than one CN, a CN
 * not of the form `peer:<id>` / `client:<name>` with a valid name, a CA certificate, and key
 * purposes that do not match the kind (a peer must be able to serve; a client must not).
 */
export function identityOfCertificate(cert: X509Certificate): Identity {
  const subject = cert.subjectName.toJSON();
  const rdn = subject.length === 1 ? subject[0]! : undefined;
  const cns = rdn && Object.keys(rdn).length === 1 ? rdn['CN'] : undefined;
  if (!cns || cns.length !== 1) {
    return refuse(`certificate subject "${cert.subject}" is not a single CN=peer:<id> or CN=client:<name>`);
  }
  const cn = cns[0]!;
  const kind: IdentityKind | undefined = cn.startsWith(PEER_CN_PREFIX)
    ? 'peer'
    : cn.startsWith(CLIENT_CN_PREFIX)
      ? 'client'
      : undefined;
  if (!kind)
    return refuse(`certificate CN "${cn}" names neither a peer (peer:<id>) nor a client (client:<name>)`);
  const name = cn.slice(kind === 'peer' ? PEER_CN_PREFIX.length : CLIENT_CN_PREFIX.length);
  if (!NAME_PATTERN.test(name))
    return refuse(`certificate CN "${cn}": "${name}" is not a valid ${kind} name`);
  if (isCaCertificate(cert)) return refuse(`certificate "${cn}" is a CA certificate, not a ${kind}'s`);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
  const serves = eku.includes(SERVER_AUTH);
  if (!eku.includes(CLIENT_AUTH) || serves !== (kind === 'peer')) {
    return refuse(
      `certificate "${cn}": extendedKeyUsage [${eku.join(', ')}] does not fit a ${kind} ` +
        (kind === 'peer' ? '(serverAuth and clientAuth)' : '(clientAuth without serverAuth)'),
    );
  }
  return { kind, name };
}

/**
 * The identity in a certificate as Node exposes it (`tlsSocket.getPeerCertificate()`, or grpc-js's
 * `sslPeerCertificate`). Node returns `{}` when the peer presented no certificate: refused. The
 * caller must only pass certificates of an authorized (chain-verified) connection.
 */
export function identityOf(peerCertificate: PeerCertificateLike | null | undefined): Identity {
  const raw = peerCertificate?.raw;
  if (!raw || raw.length === 0) return refuse('the peer presented no certificate');
  // Parsing X.509 in JS costs ~3 ms, and every call of every peer and client needs its identity:
  // the answer for the same DER bytes is always the same, so it is kept (refusals are not).
  const der = Buffer.from(raw).toString('base64');
  const known = identities.get(der);
  if (known) return known;
  let cert: X509Certificate;
  try {
    cert = new x509.X509Certificate(Uint8Array.from(raw));
  } catch (e) {
    return refuse(`the peer certificate does not parse (${(e as Error).message})`);
  }
  const identity = Object.freeze(identityOfCertificate(cert));
  if (identities.size >= IDENTITY_CACHE_SIZE) identities.delete(identities.keys().next().value!);
  identities.set(der, identity);
  return identity;
}

/** Identities by certificate (base64 DER), oldest first; a cluster has a handful of certificates. */
const identities = new Map<string, Identity>();
const IDENTITY_CACHE_SIZE = 256;

/** The identity of the caller of a grpc-js server call, from `call.getAuthContext()`. */
export function identityOfCall(call: CallWithAuthContext): Identity {
  const auth = call.getAuthContext();
  if (auth?.transportSecurityType !== 'ssl') {
    return refuse('the call did not arrive over a verified TLS connection');
  }
  return identityOf(auth.sslPeerCertificate);
}

/**
 * The identity in a PEM certificate (tools, tests). Does not check who issued it (`isIssuedBy`
 * does); a PEM that does not parse is an INPUT error, a certificate that parses but names no
 * peer or client an IDENTITY error.
 */
export function identityOfPem(certificatePem: string): Identity {
  return identityOfCertificate(parseCertificatePem(certificatePem, 'certificate'));
}
