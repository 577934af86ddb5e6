// socket.io-client 2.x ships no types; these are the parts the tests use, as its README documents them.
declare module 'socket.io-client' {
  interface ClientSocketV2 {
    connected: boolean;
    on(event: string, listener: (...args: never[]) => void): this;
    once(event: string, listener: (...args: never[]) => void): this;
    emit(event: string, ...args: unknown[]): this;
    close(): this;
    io: { engine: { transport: { name: string; query: Record<string, unknown> } } };
  }
  function io(url: string, options?: Record<string, unknown>): ClientSocketV2;
  export = io;
}
