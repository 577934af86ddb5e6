import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from '../log.js';
import { listen } from './listen.js';
import { ListenerConfigError, usesSasl, usesTls, type ResolvedListener, type SecurityProtocol } from './listeners.js';
import type { AuthFailureLog } from './security/auth-failure-log.js';
import type { SaslSettings } from './security/sasl-session.js';
import { tlsServerOptions, type TlsOptions } from './security/tls.js';

/** What a connection knows of the listener it came in on. */
export interface ConnectionListener {
  readonly name: string;
  readonly protocol: SecurityProtocol;
  /** Set when the listener requires SASL authentication. */
  readonly sasl: SaslSettings | undefined;
  /** The address Metadata and FindCoordinator give a client of this listener, so it reconnects here. */
  advertised(): { host: string; port: number };
}

export interface BoundListener extends ConnectionListener {
  /** The port actually bound (differs from the configured one when that was 0). */
  readonly port: number;
  readonly host: string;
  readonly server: Server;
}

/**
 * Binds one listener: plain TCP, or TLS for SSL and SASL_SSL; `onSocket` gets each connection once
 * it is ready to carry Kafka requests (after the TLS handshake on a TLS listener).
 */
export async function bindListener(
  l: ResolvedListener,
  security: { tls: TlsOptions | undefined; sasl: SaslSettings | undefined; authFailures: AuthFailureLog },
  logger: Logger,
  onSocket: (socket: Socket, listener: ConnectionListener) => void,
): Promise<BoundListener> {
  let server: Server;
  if (usesTls(l.protocol)) {
    try {
      server = createTlsServer(tlsServerOptions(security.tls!));
    } catch (err) {
      if (err instanceof ListenerConfigError) throw err;
      // node:tls refuses a key that does not match the certificate, or a malformed PEM, here.
      throw new ListenerConfigError(`the TLS certificate and key of listener ${l.name} cannot be used: ${(err as Error).message}; check that --tls-key is the key of --tls-cert`);
    }
  } else {
    server = createTcpServer();
  }
  let port = 0;
  const bound: BoundListener = {
    name: l.name,
    protocol: l.protocol,
    sasl: usesSasl(l.protocol) ? security.sasl : undefined,
    host: l.host,
    get port() {
      return port;
    },
    server,
    advertised: () => ({ host: l.advertisedHost, port: l.advertisedPort ?? port }),
  };
  if (usesTls(l.protocol)) {
    const requested = security.tls?.clientAuth === 'requested';
    server.on('secureConnection', (socket: TLSSocket) => {
      // 'requested' lets in a client that sent no certificate, but not one whose certificate fails.
      if (requested && !socket.authorized && socket.getPeerCertificate().subject !== undefined) {
        security.authFailures.failed(socket.remoteAddress ?? 'unknown', 'TLS', `client certificate refused on listener ${l.name}: ${String(socket.authorizationError)}`);
        socket.destroy();
        return;
      }
      const subject = socket.authorized ? socket.getPeerCertificate().subject : undefined;
      if (subject !== undefined) {
        // The principal Kafka's default SSL principal builder would give; logged until ACLs have a use for it.
        const dn = Object.entries(subject).map(([k, v]) => `${k}=${String(v)}`).join(',');
        logger.info({ listener: l.name, peer: `${socket.remoteAddress}:${socket.remotePort}`, principal: `User:${dn}` }, 'TLS client certificate accepted');
      }
      onSocket(socket, bound);
    });
    // A plaintext client, a client that distrusts our certificate or one without a required certificate: its connection only.
    server.on('tlsClientError', (err, socket) => security.authFailures.failed(socket.remoteAddress ?? 'unknown', 'TLS', `handshake failed on listener ${l.name}: ${err.message}`));
  } else {
    server.on('connection', (socket: Socket) => onSocket(socket, bound));
  }
  await listen(server, l.port, l.host);
  port = (server.address() as AddressInfo).port;
  return bound;
}
