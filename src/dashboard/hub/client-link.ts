import type { Socket } from 'socket.io';

/** The engine.io transport fields the link needs; they are not in socket.io's public types. */
interface EngineTransport {
  writable: boolean;
  on(event: 'ready', listener: () => void): void;
  off(event: 'ready', listener: () => void): void;
  /** The ws socket, on the websocket transport. */
  socket?: { bufferedAmount?: number };
}

interface EngineConnection {
  transport: EngineTransport;
  writeBuffer: { data?: string | ArrayBufferView }[];
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

/**
 * What the server remembers about one browser: the version of each channel it last
 * sent there. Nothing else queues per client, so a browser that stops reading costs
 * a few numbers, whatever happens upstream.
 */
export class ClientLink {
  readonly cursors = new Map<string, number>();
  /** A change was held back because the client was busy; send it when the transport is ready. */
  behind = false;
  #transport: EngineTransport;
  readonly #conn: EngineConnection;

  constructor(
    readonly socket: Socket,
    /** Called when the transport can take data again. */
    onReady: () => void,
  ) {
    this.#conn = socket.conn as unknown as EngineConnection;
    this.#transport = this.#conn.transport;
    this.#transport.on('ready', onReady);
    this.#conn.on('upgrade', (transport) => {
      this.#transport.off('ready', onReady);
      this.#transport = transport;
      transport.on('ready', onReady);
      onReady();
    });
  }

  /**
   * True when nothing is waiting to be written to this client: the transport is idle
   * (websocket: the last frame left the process; polling: a poll request is open) and
   * engine.io's own buffer is empty.
   */
  get writable(): boolean {
    return this.#transport.writable && this.#conn.writeBuffer.length === 0;
  }

  /** What the server holds for this client: packets in engine.io's queue (string length as bytes) and websocket bytes the kernel has not taken. */
  get queuedBytes(): number {
    let queued = this.#transport.socket?.bufferedAmount ?? 0;
    for (const packet of this.#conn.writeBuffer) queued += typeof packet.data === 'string' ? packet.data.length : (packet.data?.byteLength ?? 0);
    return queued;
  }
}
