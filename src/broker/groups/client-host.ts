/** Kafka reports a member's host as "/<address>"; `peer` is "<address>:<port>". */
export function clientHost(peer: string): string {
  const colon = peer.lastIndexOf(':');
  return `/${colon < 0 ? peer : peer.slice(0, colon)}`;
}
