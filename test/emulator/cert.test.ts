import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { once } from 'node:events';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loopbackCertificate } from '../../src/emulator/cert.js';

/** The emulator's loopback certificate, as TLS clients (node's, the SDKs', kubectl's Go) check it. */

describe('loopbackCertificate', () => {
  const { key, cert } = loopbackCertificate();
  const x509 = new X509Certificate(cert);

  it('is a self-signed CA for 127.0.0.1 and localhost, valid now and for 30 days', () => {
    expect(x509.ca).toBe(true);
    expect(x509.subject).toBe('CN=aks-netiso emulator (loopback only)');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(createPublicKey(createPrivateKey(key)))).toBe(true);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkHost('example.com')).toBeUndefined();
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const from = Date.parse(x509.validFrom);
    const to = Date.parse(x509.validTo);
    expect(from).toBeLessThanOrEqual(Date.now());
    expect(Math.round((to - from) / 86_400_000)).toBe(30);
  });

  it('is the same one for every emulator of the process', () => {
    expect(loopbackCertificate()).toEqual({ key, cert });
  });

  it('completes a TLS handshake with a client that trusts only it', async () => {
    const server = createServer({ key, cert }, (_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const body = await new Promise<string>((resolve, reject) => {
          get({ host, port, path: '/', ca: cert }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => { text += d.toString(); });
            res.on('end', () => resolve(text));
          }).on('error', reject);
        });
        expect(body).toBe('ok');
      }
    } finally {
      server.close();
    }
  });
});
