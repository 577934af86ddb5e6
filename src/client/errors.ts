/** A --bootstrap value that is not host:port[,host:port…]. */
export class BootstrapAddressError extends Error {
  constructor(value: string) {
    super(`--bootstrap "${value}" is not host:port (e.g. 127.0.0.1:9092); separate several brokers with commas`);
    this.name = 'BootstrapAddressError';
  }
}

/** A produce request the broker refused or never answered; `cause` holds the client's error. */
export class SendFailedError extends Error {
  constructor(
    readonly topic: string,
    readonly messages: number,
    cause: unknown,
  ) {
    super(
      `sending ${messages} message(s) to topic "${topic}" failed: ${describe(cause)}; check that the broker at --bootstrap is up and the topic exists (or auto-creation is on), then run again`,
      { cause },
    );
    this.name = 'SendFailedError';
  }
}

/** The client's error text, with the nested causes (@platformatic/kafka wraps the broker's error in `errors`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as { errors?: unknown[] }).errors;
  const inner = Array.isArray(nested) && nested.length > 0 ? ` (${nested.map(describe).join('; ')})` : '';
  const cause = error.cause !== undefined && !inner ? ` (${describe(error.cause)})` : '';
  return `${error.message}${inner}${cause}`;
}
