/**
 * The operations a client may perform on a resource, as the bit field Kafka answers
 * when asked (`include*AuthorizedOperations`). The embedded broker has no ACLs, so,
 * as Kafka without an authorizer, it answers every operation the resource supports.
 * Bits are Kafka's AclOperation codes.
 */
const Op = { READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, CLUSTER_ACTION: 9, DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12 } as const;

/** What Kafka answers when the client did not ask. */
export const NOT_ASKED = -2147483648;

function bits(...ops: number[]): number {
  return ops.reduce((acc, op) => acc | (1 << op), 0);
}

export const CLUSTER_OPERATIONS = bits(Op.CREATE, Op.CLUSTER_ACTION, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS, Op.IDEMPOTENT_WRITE, Op.ALTER, Op.DESCRIBE);
export const TOPIC_OPERATIONS = bits(Op.READ, Op.WRITE, Op.CREATE, Op.DESCRIBE, Op.DELETE, Op.ALTER, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS);
export const GROUP_OPERATIONS = bits(Op.READ, Op.DESCRIBE, Op.DELETE, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS);

export function authorizedOperations(asked: boolean, all: number): number {
  return asked ? all : NOT_ASKED;
}
