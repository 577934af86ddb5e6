/** Internal topics (repartition, changelog) are named per application, as Kafka Streams names them: `<applicationId>-<name>`. */
export function internalTopicName(applicationId: string, name: string): string {
  return `${applicationId}-${name}`;
}
