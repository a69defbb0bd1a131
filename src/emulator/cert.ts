import { generateKeyPairSync } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface LoopbackCertificate {
  /** PEM private key (PKCS#8). */
  key: string;
  /** PEM self-signed certificate; clients trust it as their CA. */
  cert: string;
}

/** selfsigned accepts a pre-generated key pair (its JS RSA generation is too slow), untyped in 2.x. */
type SelfsignedOptions = NonNullable<Parameters<typeof selfsigned.generate>[1]> & {
  keyPair?: { publicKey: string; privateKey: string };
};

let cached: LoopbackCertificate | undefined;

/**
 * One certificate per process for `127.0.0.1`/`localhost`, generated on first use. The key comes
 * from node's native crypto (fast); selfsigned (node-forge) only builds and signs the X.509 body.
 */
export function loopbackCertificate(): LoopbackCertificate {
  if (cached) return cached;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const options: SelfsignedOptions = {
    keyPair: { publicKey, privateKey },
    days: 30,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  };
  // Back-date a little so a clock skew between test processes never makes it "not yet valid".
  options.notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = selfsigned.generate([{ name: 'commonName', value: 'aks-netiso emulator (loopback only)' }], options);
  cached = { key: privateKey, cert: pems.cert };
  return cached;
}
