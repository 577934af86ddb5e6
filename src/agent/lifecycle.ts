/** What every source, channel, sink and sink processor has: a name, and a start and stop. */
export interface Lifecycle {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
