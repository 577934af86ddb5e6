import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import type { Logger } from '../log.js';
import { listen } from './listen.js';
import { ListenerConfigError, usesSasl, usesTls, type ResolvedListener, type SecurityProtocol } from './listeners.js';
import type { ConnectionLimits } from './connection-limits.js';
import { authenticationFailed } from './security/auth-failure-log.js';
import type { SaslSettings } from './security/sasl-session.js';
import { tlsServerOptions, type TlsOptions } from './security/tls.js';
import type { WarningLog } from './warning-log.js';

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
 * it is ready to carry Kafka requests (after the TLS handshake on a TLS listener). Every listener
 * accepts on a TCP server, so that the per-address limit closes a connection before a TLS listener
 * spends a handshake on it; a TLS listener's TCP server hands what it admits to its TLS server.
 */
export async function bindListener(
  l: ResolvedListener,
  security: { tls: TlsOptions | undefined; sasl: SaslSettings | undefined; warnings: WarningLog; limits: ConnectionLimits },
  logger: Logger,
  onSocket: (socket: Socket, listener: ConnectionListener) => void,
): Promise<BoundListener> {
  const server: Server = createTcpServer();
  let tlsServer: TlsServer | undefined;
  if (usesTls(l.protocol)) {
    try {
      tlsServer = createTlsServer(tlsServerOptions(security.tls!));
    } catch (err) {
      if (err instanceof ListenerConfigError) throw err;
      // node:tls refuses a key that does not match the certificate, or a malformed PEM, here.
      throw new ListenerConfigError(`the TLS certificate and key of listener ${l.name} cannot be used: ${(err as Error).message}; check that --tls-key is the key of --tls-cert`);
    }
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
  if (tlsServer) {
    const requested = security.tls?.clientAuth === 'requested';
    tlsServer.on('secureConnection', (socket: TLSSocket) => {
      // 'requested' lets in a client that sent no certificate, but not one whose certificate fails.
      if (requested && !socket.authorized && socket.getPeerCertificate().subject !== undefined) {
        authenticationFailed(security.warnings, socket.remoteAddress ?? 'unknown', 'TLS', `client certificate refused on listener ${l.name}: ${String(socket.authorizationError)}`);
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
    tlsServer.on('tlsClientError', (err, socket) => authenticationFailed(security.warnings, socket.remoteAddress ?? 'unknown', 'TLS', `handshake failed on listener ${l.name}: ${err.message}`));
  }
  server.on('connection', (socket: Socket) => {
    if (!security.limits.admit(socket, l.name)) return;
    // Node's documented way to give a TLS server a connection accepted elsewhere.
    if (tlsServer) tlsServer.emit('connection', socket);
    else onSocket(socket, bound);
  });
  await listen(server, l.port, l.host);
  port = (server.address() as AddressInfo).port;
  return bound;
}
