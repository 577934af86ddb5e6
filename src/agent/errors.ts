/** A configuration mistake, found before anything starts. `key` is the exact property at fault. */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
  }
}

/** The channel had no room for a whole transaction within its keep-alive; the caller may retry later. */
export class ChannelFullError extends Error {
  override readonly name = 'ChannelFullError';
  constructor(channel: string, detail: string) {
    super(
      `channel ${channel} is full (${detail}): sinks are not keeping up with sources; retry later, ` +
        `or raise the channel's capacity or make its sinks faster`,
    );
  }
}

/** One transaction carried more events than the channel's transactionCapacity allows. */
export class TransactionTooLargeError extends Error {
  override readonly name = 'TransactionTooLargeError';
  constructor(channel: string, events: number, capacity: number) {
    super(`${events} events in one transaction exceed channel ${channel}'s transactionCapacity of ${capacity}; send smaller batches or raise transactionCapacity`);
  }
}

/** The channel was stopped while a caller still used it. */
export class ChannelClosedError extends Error {
  override readonly name = 'ChannelClosedError';
  constructor(channel: string) {
    super(`channel ${channel} is stopped; restart the agent to use it again`);
  }
}

/** A sink could not deliver its batch; the batch was rolled back into the channel and will be retried. */
export class EventDeliveryError extends Error {
  override readonly name = 'EventDeliveryError';
}

/** A component could not start (port in use, directory missing…); nothing of the agent keeps running. */
export class ComponentStartError extends Error {
  override readonly name = 'ComponentStartError';
}
