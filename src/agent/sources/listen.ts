import type { AddressInfo, Server } from 'node:net';
import { ComponentStartError } from '../errors.js';

/** Listens, or fails with a message that says which source and which key to change. */
export function listen(server: Server, host: string, port: number, who: string, portKey: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new ComponentStartError(`${who} cannot listen on ${host}:${port} (${err.code ?? err.message}); free the port or change ${portKey}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
