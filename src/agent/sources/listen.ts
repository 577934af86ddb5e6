import type { AddressInfo, Server } from 'node:net';
import type { Context } from '../config/context.js';
import { ComponentStartError } from '../errors.js';
import type { Logger } from '../../log.js';

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

export interface ListenerSpec {
  /** The source's type, as in its config: `netcat`, `http`, `avro`. */
  readonly type: string;
  readonly name: string;
  /** Its `bind` when the config may leave it out; without one, bind is required. */
  readonly defaultHost?: string;
  /** Put before the address in the log line, e.g. `http://`. */
  readonly scheme?: string;
  /** Ends open client connections, so that stopping does not wait for clients to leave. */
  readonly dropConnections: () => void;
}

/** The server socket of a listening source: its `bind` and `port`, the port it got, starting and stopping. */
export class SourceListener {
  private readonly host: string;
  private readonly configuredPort: number;
  private readonly portKey: string;
  private readonly who: string;
  private boundPort = 0;

  constructor(
    private readonly server: Server,
    ctx: Context,
    private readonly spec: ListenerSpec,
    private readonly logger: Logger,
  ) {
    const what = `the ${spec.type} source`;
    this.host = spec.defaultHost === undefined ? ctx.requiredString('bind', what) : ctx.string('bind', spec.defaultHost);
    this.configuredPort = ctx.requiredInt('port', what, 0, 65535);
    this.portKey = ctx.key('port');
    this.who = `${spec.type} source ${spec.name}`;
  }

  /** The port actually bound: the configured one, or the one picked for port 0. */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    this.boundPort = await listen(this.server, this.host, this.configuredPort, this.who, this.portKey);
    const address = `${this.spec.scheme ?? ''}${this.host}:${this.boundPort}`;
    this.logger.info({ source: this.spec.name, host: this.host, port: this.boundPort }, `${this.who} listening on ${address}`);
  }

  async stop(): Promise<void> {
    this.spec.dropConnections();
    await closeServer(this.server);
  }
}
