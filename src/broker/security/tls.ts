import { readFileSync } from 'node:fs';
import type { TlsOptions as NodeTlsOptions } from 'node:tls';
import { ListenerConfigError } from '../listeners.js';

/** Whether TLS listeners ask clients for a certificate (Kafka's ssl.client.auth). */
export const CLIENT_AUTH_MODES = ['none', 'requested', 'required'] as const;
export type ClientAuth = (typeof CLIENT_AUTH_MODES)[number];

/** The broker's TLS settings, shared by its SSL and SASL_SSL listeners; files in PEM. */
export interface TlsOptions {
  /** The broker's certificate chain (librdkafka's ssl.certificate.location). */
  certFile: string;
  /** Its private key, unencrypted (ssl.key.location). */
  keyFile: string;
  /** CA certificates that client certificates must chain to (ssl.ca.location); needed for client authentication. */
  caFile?: string;
  /** 'none' (the default), 'requested' (a certificate is checked when sent) or 'required'. */
  clientAuth?: ClientAuth;
}

function readPem(file: string, what: string, flag: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new ListenerConfigError(`cannot read the TLS ${what} ${file} (${flag}): ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN ')) throw new ListenerConfigError(`the TLS ${what} ${file} (${flag}) is not PEM (no "-----BEGIN" line); convert it, e.g. openssl x509 -in cert.der -inform der -out cert.pem`);
  return pem;
}

/** The options of node:tls's server for these settings; a file that cannot be used is a ListenerConfigError naming it. */
export function tlsServerOptions(o: TlsOptions): NodeTlsOptions {
  const clientAuth = o.clientAuth ?? 'none';
  if (!(CLIENT_AUTH_MODES as readonly string[]).includes(clientAuth)) throw new ListenerConfigError(`TLS client authentication must be one of ${CLIENT_AUTH_MODES.join(', ')}; got "${clientAuth}"`);
  if (clientAuth !== 'none' && o.caFile === undefined) throw new ListenerConfigError(`TLS client authentication "${clientAuth}" needs the CA that signs client certificates (--tls-ca / ssl.ca.location)`);
  return {
    cert: readPem(o.certFile, 'certificate', '--tls-cert'),
    key: readPem(o.keyFile, 'key', '--tls-key'),
    ...(o.caFile !== undefined && { ca: readPem(o.caFile, 'CA', '--tls-ca') }),
    requestCert: clientAuth !== 'none',
    // 'requested' lets a client without a certificate in, but one whose certificate fails is refused (checked per connection).
    rejectUnauthorized: clientAuth === 'required',
  };
}
