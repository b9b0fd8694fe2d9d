import { beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import {
  CLIENT_AUTH,
  PkiError,
  SERVER_AUTH,
  createClusterCa,
  identityOf,
  identityOfCall,
  identityOfPem,
  isIssuedBy,
  issueClientCertificate,
  issuePeerCertificate,
  parseHost,
  x509,
} from '../src/index.js';
import type { CertifiedKeyPem, ClusterCa } from '../src/index.js';
import { oddCertificate } from './helpers.js';

/** The PkiError code a promise or function fails with. */
async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof PkiError) return e.code;
    throw e;
  }
  return 'NO ERROR';
}

const DAY = 86_400_000;

describe('cluster CA and certificates', () => {
  let ca: ClusterCa;
  let otherCa: ClusterCa;
  let peer: CertifiedKeyPem;
  let client: CertifiedKeyPem;

  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([
      createClusterCa({ name: 'Triad test CA', validityDays: 30 }),
      createClusterCa({ name: 'Triad test CA', validityDays: 30 }), // same name, another key
    ]);
    [peer, client] = await Promise.all([
      issuePeerCertificate(ca, {
        peerId: 'peer-1',
        hosts: ['localhost', '127.0.0.1', '::1'],
        validityDays: 10,
      }),
      issueClientCertificate(ca, { clientName: 'validator-a', validityDays: 10 }),
    ]);
  });

  it('the CA is a P-256 self-signed CA: basicConstraints CA critical, keyCertSign + cRLSign, key ids, 16-byte serial', async () => {
    const cert = new x509.X509Certificate(ca.certificatePem);
    expect(cert.subject).toBe('CN=Triad test CA');
    expect(await cert.isSelfSigned()).toBe(true);
    const bc = cert.getExtension(x509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.critical, bc.pathLength]).toEqual([true, true, 0]);
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(ski.keyId);
    expect(cert.serialNumber).toMatch(/^[0-9a-f]{32}$/);
    expect(cert.serialNumber).not.toBe(new x509.X509Certificate(otherCa.certificatePem).serialNumber);
    expect(cert.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    const days = (cert.notAfter.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(cert.notBefore.getTime()).toBeLessThan(Date.now() - 60_000); // back-dated for clock skew

    const node = new X509Certificate(ca.certificatePem);
    expect(node.ca).toBe(true);
    expect(node.checkIssued(node)).toBe(true);
    expect(node.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(ca.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(ca.privateKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('peer and client certificates chain to the CA (@peculiar/x509 chain builder, Node checkIssued/verify)', async () => {
    const caCert = new x509.X509Certificate(ca.certificatePem);
    const nodeCa = new X509Certificate(ca.certificatePem);
    for (const leaf of [peer, client]) {
      const cert = new x509.X509Certificate(leaf.certificatePem);
      const chain = await new x509.X509ChainBuilder({ certificates: [caCert] }).build(cert);
      expect(chain.map((c) => c.subject)).toEqual([cert.subject, caCert.subject]);
      expect(await cert.verify({ publicKey: caCert.publicKey, signatureOnly: true })).toBe(true);
      expect(cert.issuer).toBe(caCert.subject);
      expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(
        caCert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
      );

      const node = new X509Certificate(leaf.certificatePem);
      expect(node.checkIssued(nodeCa)).toBe(true);
      expect(node.verify(nodeCa.publicKey)).toBe(true);
      expect(node.ca).toBe(false);
      expect(node.checkPrivateKey(createPrivateKey(leaf.privateKeyPem))).toBe(true);
      expect(node.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(await isIssuedBy(leaf.certificatePem, ca.certificatePem)).toBe(true);

      // ... and not to another CA of the same name
      expect(node.checkIssued(new X509Certificate(otherCa.certificatePem))).toBe(false);
      expect(node.verify(new X509Certificate(otherCa.certificatePem).publicKey)).toBe(false);
      expect(await isIssuedBy(leaf.certificatePem, otherCa.certificatePem)).toBe(false);
    }
    expect(await isIssuedBy(peer.certificatePem, ca.certificatePem, new Date(Date.now() + 11 * DAY))).toBe(
      false,
    );
  });

  it('a peer certificate: CN peer:<id>, SAN dNSName/iPAddress from hosts, serverAuth + clientAuth, digitalSignature', () => {
    const cert = new x509.X509Certificate(peer.certificatePem);
    expect(cert.subject).toBe('CN=peer:peer-1');
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.names.toJSON()).toEqual([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ]);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect([ku.usages, ku.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
    const bc = cert.getExtension(x509.BasicConstraintsExtension)!;
    expect([bc.ca, bc.critical]).toEqual([false, true]);

    const node = new X509Certificate(peer.certificatePem);
    expect(node.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']); // Node: extended key usages
    expect(node.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(node.checkHost('localhost')).toBe('localhost');
    expect(node.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(node.checkIP('::1')).toBe('::1');
    expect(node.checkHost('peer-1')).toBeUndefined();
    expect(node.checkIP('127.0.0.2')).toBeUndefined();
  });

  it('a client certificate: CN client:<name>, clientAuth only, no SAN', () => {
    const cert = new x509.X509Certificate(client.certificatePem);
    expect(cert.subject).toBe('CN=client:validator-a');
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([CLIENT_AUTH]);
    expect(cert.getExtension(x509.KeyUsagesExtension)!.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
    expect(new X509Certificate(client.certificatePem).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('IPv6 hosts are certified exactly (every written form, embedded IPv4), names lower-cased', async () => {
    const v6 = [
      '::ffff:10.1.2.3',
      'fd00::a:1',
      '1::',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '::',
      '64:ff9b::192.0.2.33',
    ];
    const p = await issuePeerCertificate(ca, {
      peerId: 'v6',
      hosts: [...v6, 'Peer-V6.Example'],
      validityDays: 1,
    });
    const node = new X509Certificate(p.certificatePem);
    for (const ip of v6) expect([ip, node.checkIP(ip)]).toEqual([ip, ip]); // OpenSSL's own parse agrees
    expect(node.checkIP('::ffff:10.1.2.4')).toBeUndefined();
    expect(node.checkHost('peer-v6.example')).toBe('peer-v6.example');
    expect(node.subjectAltName).toBe(
      'IP Address:0:0:0:0:0:FFFF:A01:203, IP Address:FD00:0:0:0:0:0:A:1, IP Address:1:0:0:0:0:0:0:0, ' +
        'IP Address:1:2:3:4:5:6:7:0, IP Address:0:2:3:4:5:6:7:8, IP Address:0:0:0:0:0:0:0:0, ' +
        'IP Address:64:FF9B:0:0:0:0:C000:221, DNS:peer-v6.example',
    );
  });

  it('identityOfPem reads the kind and name', () => {
    expect(identityOfPem(peer.certificatePem)).toEqual({ kind: 'peer', name: 'peer-1' });
    expect(identityOfPem(client.certificatePem)).toEqual({ kind: 'client', name: 'validator-a' });
  });

  it('identityOf takes the DER Node exposes (getPeerCertificate().raw) and refuses a missing certificate', () => {
    const raw = new X509Certificate(client.certificatePem).raw;
    expect(identityOf({ raw })).toEqual({ kind: 'client', name: 'validator-a' });
    expect(() => identityOf({})).toThrow(/IDENTITY: the peer presented no certificate/); // Node's {} for "none"
    expect(() => identityOf(undefined)).toThrow(PkiError);
    expect(() => identityOf({ raw: Buffer.from('not DER') })).toThrow(
      /IDENTITY: the peer certificate does not parse/,
    );
    const call = (auth: object | null) => ({ getAuthContext: () => auth });
    expect(identityOfCall(call({ transportSecurityType: 'ssl', sslPeerCertificate: { raw } }))).toEqual({
      kind: 'client',
      name: 'validator-a',
    });
    expect(() => identityOfCall(call({}))).toThrow(/not arrive over a verified TLS connection/);
    expect(() => identityOfCall(call(null))).toThrow(PkiError);
    expect(() => identityOfCall(call({ transportSecurityType: 'ssl' }))).toThrow(/presented no certificate/);
  });

  it("identityOf remembers each certificate: the same answer again, never another certificate's", () => {
    const a = new X509Certificate(client.certificatePem).raw;
    const b = new X509Certificate(peer.certificatePem).raw;
    const first = identityOf({ raw: a });
    expect(identityOf({ raw: Buffer.from(a) })).toBe(first); // parsed once
    expect(Object.isFrozen(first)).toBe(true); // a caller cannot change what the next one gets
    expect(identityOf({ raw: b })).toEqual({ kind: 'peer', name: 'peer-1' });
    const flipped = Buffer.from(a);
    flipped[flipped.length - 1]! ^= 1; // another signature: other bytes, parsed anew
    expect(identityOf({ raw: flipped })).not.toBe(first);
  });

  it('identityOf refuses certificates that are not exactly a peer or a client of this form', async () => {
    const both = [SERVER_AUTH, CLIENT_AUTH];
    const cases: [string, Parameters<typeof oddCertificate>[1], RegExp][] = [
      ['no prefix', { subject: [{ CN: ['validator-a'] }], eku: [CLIENT_AUTH] }, /names neither a peer/],
      ['unknown kind', { subject: [{ CN: ['admin:root'] }], eku: [CLIENT_AUTH] }, /names neither a peer/],
      ['empty name', { subject: [{ CN: ['client:'] }], eku: [CLIENT_AUTH] }, /is not a valid client name/],
      ['bad characters', { subject: [{ CN: ['peer:a/b'] }], eku: both }, /is not a valid peer name/],
      ['upper case', { subject: [{ CN: ['peer:A'] }], eku: both }, /is not a valid peer name/],
      ['two colons', { subject: [{ CN: ['client:x:y'] }], eku: [CLIENT_AUTH] }, /is not a valid client name/],
      [
        'extra attribute',
        { subject: [{ CN: ['client:x'] }, { O: ['Triad'] }], eku: [CLIENT_AUTH] },
        /single CN/,
      ],
      [
        'multi-valued RDN',
        { subject: [{ CN: ['client:x'], O: ['Triad'] }], eku: [CLIENT_AUTH] },
        /single CN/,
      ],
      ['two CNs', { subject: [{ CN: ['client:x', 'peer:y'] }], eku: both }, /single CN/],
      ['no CN', { subject: [{ O: ['Triad'] }], eku: [CLIENT_AUTH] }, /single CN/],
      ['a CA', { subject: [{ CN: ['peer:p'] }], ca: true, eku: both }, /is a CA certificate/],
      [
        'peer without serverAuth',
        { subject: [{ CN: ['peer:p'] }], eku: [CLIENT_AUTH] },
        /does not fit a peer/,
      ],
      ['client with serverAuth', { subject: [{ CN: ['client:c'] }], eku: both }, /does not fit a client/],
      ['no EKU', { subject: [{ CN: ['client:c'] }] }, /does not fit a client/],
    ];
    for (const [what, odd, message] of cases) {
      const pem = await oddCertificate(ca, odd);
      let thrown: unknown;
      try {
        identityOfPem(pem);
      } catch (e) {
        thrown = e;
      }
      expect([what, thrown instanceof PkiError && thrown.code]).toEqual([what, 'IDENTITY']);
      expect([what, (thrown as Error).message]).toEqual([what, expect.stringMatching(message)]);
    }
    expect(() => identityOfPem(ca.certificatePem)).toThrow(/names neither a peer/);
  });

  it('validates its input with clear errors', async () => {
    const ok = { peerId: 'p', hosts: ['127.0.0.1'], validityDays: 1 };
    const peerWith = (o: object) => issuePeerCertificate(ca, { ...ok, ...o });
    for (const peerId of ['', 'A', 'peer:1', 'a/b', '../x', 'a.b', '-a', 'a b', 'x'.repeat(49), 7]) {
      expect([peerId, await codeOf(() => peerWith({ peerId }))]).toEqual([peerId, 'INPUT']);
    }
    expect(await codeOf(() => peerWith({ peerId: 'x'.repeat(48) }))).toBe('NO ERROR');
    await expect(peerWith({ peerId: 'Bad!' })).rejects.toThrow(
      /INPUT: peer id "Bad!": must be 1 to 48 characters of a-z, 0-9, '_' and '-'/,
    );
    await expect(peerWith({ hosts: [] })).rejects.toThrow(/at least one DNS name or IP address/);
    for (const host of [
      '',
      'a..b',
      '-a.example',
      'a_b.example',
      'host.',
      '*.example',
      '127.0.0.01',
      '256.1.1.1',
      '10.1.1',
      'fe80::1%eth0',
      'http://x',
    ]) {
      expect([host, await codeOf(() => peerWith({ hosts: [host] }))]).toEqual([host, 'INPUT']);
    }
    await expect(peerWith({ hosts: ['::1', '0:0:0:0:0:0:0:1'] })).rejects.toThrow(/listed twice/);
    await expect(peerWith({ hosts: ['LocalHost', 'localhost'] })).rejects.toThrow(/listed twice/);
    for (const validityDays of [0, -1, 3651, 1.5, NaN, '30']) {
      expect([validityDays, await codeOf(() => peerWith({ validityDays }))]).toEqual([validityDays, 'INPUT']);
      expect(await codeOf(() => createClusterCa({ name: 'x', validityDays: validityDays as number }))).toBe(
        'INPUT',
      );
    }
    await expect(peerWith({ validityDays: 0 })).rejects.toThrow(/from 1 to 3650/);
    await expect(issueClientCertificate(ca, { clientName: 'Validator', validityDays: 1 })).rejects.toThrow(
      /INPUT: client name "Validator"/,
    );
    for (const name of ['', ' x', 'x ', 'é', 'x'.repeat(65), 'a\nb']) {
      expect([name, await codeOf(() => createClusterCa({ name, validityDays: 1 }))]).toEqual([name, 'INPUT']);
    }
    expect(parseHost('::ffff:1.2.3.4')).toMatchObject({ type: 'ip', value: '0:0:0:0:0:ffff:102:304' });
  });

  it('refuses to issue from something that is not a usable CA, or past the CA', async () => {
    const issue = (c: ClusterCa, validityDays = 1) =>
      issueClientCertificate(c, { clientName: 'c', validityDays });
    await expect(
      issue({ certificatePem: peer.certificatePem, privateKeyPem: peer.privateKeyPem }),
    ).rejects.toThrow(/CA: CN=peer:peer-1 is not a CA certificate/);
    await expect(
      issue({ certificatePem: ca.certificatePem, privateKeyPem: otherCa.privateKeyPem }),
    ).rejects.toThrow(/CA: the CA private key is not the key of/);
    await expect(issue({ certificatePem: 'junk', privateKeyPem: ca.privateKeyPem })).rejects.toThrow(
      /INPUT: CA certificate: not a readable certificate/,
    );
    await expect(issue({ certificatePem: ca.certificatePem, privateKeyPem: 'junk' })).rejects.toThrow(
      /INPUT: CA private key: not a readable private key/,
    );
    await expect(issue(ca, 31)).rejects.toThrow(/CA: a 31-day certificate would outlive the CA/);
  });
});
