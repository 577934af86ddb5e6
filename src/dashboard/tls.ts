import { readFileSync } from 'node:fs';
import { DashboardTlsError } from './errors.js';

/** The pages over HTTPS: the same PEM files as the broker's `--tls-cert` and `--tls-key`. */
export interface DashboardTls {
  certFile: string;
  keyFile: string;
}

function readPem(file: string, flag: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new DashboardTlsError(`the dashboard cannot serve TLS with ${flag} ${file}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN ')) throw new DashboardTlsError(`the dashboard cannot serve TLS with ${flag} ${file}: it is not PEM (no "-----BEGIN" line); convert it, e.g. openssl x509 -in cert.der -inform der -out cert.pem`);
  return pem;
}

/** Both files or neither, from the CLI's flags. */
export function dashboardTls(cert: string | undefined, key: string | undefined): DashboardTls | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new DashboardTlsError('HTTPS needs both the certificate and its key: give --tls-cert and --tls-key');
  return { certFile: cert, keyFile: key };
}

export function httpsOptions(tls: DashboardTls): { cert: Buffer; key: Buffer } {
  return { cert: readPem(tls.certFile, '--tls-cert'), key: readPem(tls.keyFile, '--tls-key') };
}
