// Throwaway certificates for TLS tests: a CA, a server certificate for 127.0.0.1/localhost and client
// certificates, all signed by that CA (keys from node's crypto, certificates built with node-forge).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A PEM certificate and its PEM private key. */
export interface CertKey {
  cert: string;
  key: string;
}

/** A test certificate authority that can issue server and client certificates. */
export interface TestCa extends CertKey {
  issueServer(): CertKey;
  issueClient(commonName: string): CertKey;
}

/** A new CA named `name`. */
export function createTestCa(name = 'Ferry Test CA'): TestCa {
  const caKeys = keyPair();
  const subject = [{ name: 'commonName', value: name }];
  const caCert = build(
    caKeys.publicKey,
    subject,
    subject,
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    caKeys.privateKey,
  );
  const caPem = forge.pki.certificateToPem(caCert);
  const issue = (cn: string, ext: object[]): CertKey => {
    const k = keyPair();
    const cert = build(k.publicKey, [{ name: 'commonName', value: cn }], subject, ext, caKeys.privateKey);
    return { cert: forge.pki.certificateToPem(cert), key: k.privateKey };
  };
  return {
    cert: caPem,
    key: caKeys.privateKey,
    issueServer: () =>
      issue('localhost', [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ]),
    issueClient: (cn: string) =>
      issue(cn, [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ]),
  };
}

function keyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function build(
  publicKeyPem: string,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  ext: object[],
  signerPem: string,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(ext);
  cert.sign(forge.pki.privateKeyFromPem(signerPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return cert;
}
