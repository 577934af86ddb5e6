import type { Producer as WireProducer } from '@platformatic/kafka';

/**
 * @platformatic/kafka's transaction, as the producer opens it and the group session adds offsets
 * to it (its class is not exported by name). Its own module, so that the producer and the group
 * session, which both use it, need not import each other.
 */
export type WireTransaction = NonNullable<WireProducer<string | Buffer, string | Buffer, string, string | Buffer>['transaction']>;
