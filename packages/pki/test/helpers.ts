/**
 * Test helpers: certificates this package would never issue (wrong CN forms, wrong key purposes),
 * signed by a real cluster CA, to show `identityOf` refuses them on content alone.
 */
import type { Extension } from '@peculiar/x509';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { P256_SHA256, x509 } from '../src/index.js';
import type { ClusterCa } from '../src/index.js';

export interface OddCertificate {
  /** Subject in @peculiar/x509's JSON form, e.g. [{ CN: ['validator'] }]. */
  readonly subject: { [type: string]: string[] }[];
  readonly ca?: boolean;
  readonly eku?: string[];
}

/** A certificate under `ca` with whatever subject and purposes the test wants; PEM. */
export async function oddCertificate(ca: ClusterCa, odd: OddCertificate): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const pkcs8 = createPrivateKey(ca.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, P256_SHA256, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(P256_SHA256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const extensions: Extension[] = [new x509.BasicConstraintsExtension(odd.ca ?? false, undefined, true)];
  if (odd.eku) extensions.push(new x509.ExtendedKeyUsageExtension(odd.eku));
  const cert = await x509.X509CertificateGenerator.create({
    subject: odd.subject,
    issuer: caCert.subjectName,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: P256_SHA256,
    extensions,
  });
  return cert.toString('pem');
}
