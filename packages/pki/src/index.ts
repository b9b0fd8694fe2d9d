/**
 * @triad/pki — the cluster's mTLS material: one CA per cluster, peer certificates (TLS server and
 * client, CN `peer:<id>`, the peer's hosts as subjectAltName) and validator client certificates
 * (CN `client:<name>`), ECDSA P-256 / SHA-256; reading who is calling from the certificate a
 * grpc-js server call carries; and the PKI directory `triadctl certs` and `npm start` use.
 */
export { PkiError } from './errors.js';
export type { PkiErrorCode } from './errors.js';
export {
  BACKDATE_MS,
  CLIENT_AUTH,
  CLIENT_CN_PREFIX,
  PEER_CN_PREFIX,
  SERVER_AUTH,
  createClusterCa,
  isIssuedBy,
  issueClientCertificate,
  issuePeerCertificate,
} from './certificates.js';
export type {
  CertifiedKeyPem,
  ClientCertificateOptions,
  ClusterCa,
  ClusterCaOptions,
  PeerCertificateOptions,
} from './certificates.js';
export { identityOf, identityOfCall, identityOfCertificate, identityOfPem } from './identity.js';
export type {
  AuthContextLike,
  CallWithAuthContext,
  Identity,
  IdentityKind,
  PeerCertificateLike,
} from './identity.js';
export {
  DEFAULT_CA_NAME,
  DEFAULT_CA_VALIDITY_DAYS,
  DEFAULT_VALIDITY_DAYS,
  writeClusterPki,
} from './files.js';
export type { ClusterPkiPaths, ClusterPkiSpec, PemPaths } from './files.js';
export { MAX_VALIDITY_DAYS, MIN_VALIDITY_DAYS, NAME_PATTERN, parseHost } from './validate.js';
export type { Host } from './validate.js';
export { P256_SHA256, x509 } from './x509.js';
