import { Admin } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';

export function createAdmin(bootstrap: string, clientId = 'streamdash-admin'): Admin {
  return new Admin(connectOptions(bootstrap, clientId));
}

export interface PartitionDescription {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicDescription {
  name: string;
  id: string;
  partitions: PartitionDescription[];
}

/** A topic's partitions, leaders and replicas, as `kafka-topics.sh --describe` lists them. */
export async function describeTopic(admin: Admin, name: string): Promise<TopicDescription> {
  const metadata = await admin.metadata({ topics: [name], autocreateTopics: false, forceUpdate: true }).catch((error: unknown) => {
    // @platformatic/kafka reports UNKNOWN_TOPIC_OR_PARTITION as a plain UserError; its message is all that tells it apart.
    if (error instanceof Error && error.message === `Unknown topic ${name}.`) throw new UnknownTopicError(name);
    throw error;
  });
  const topic = metadata.topics.get(name);
  if (!topic) throw new UnknownTopicError(name);
  return {
    name,
    id: topic.id,
    partitions: topic.partitions.map((p, partition) => ({ partition, leader: p.leader, replicas: p.replicas, isr: p.isr })),
  };
}

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`topic "${topic}" does not exist; list the topics with \`streamdash topics list\` or create it with \`streamdash topics create ${topic}\``);
    this.name = 'UnknownTopicError';
  }
}
