/**
 * The collection agent's configuration, as a Flume properties file: the seed's
 * TAILDIR → file channel → KafkaSink set-up, with this demo's paths. It runs
 * through the same parser as `streamdash agent --conf-file`.
 */
export const ACCESS_AGENT = 'access-agent';

export function accessAgentProperties(accessLog: string, stateDir: string, bootstrap: string, topic: string): string {
  return `
${ACCESS_AGENT}.sources = access-log
${ACCESS_AGENT}.channels = file-channel
${ACCESS_AGENT}.sinks = kafka-sink

${ACCESS_AGENT}.sources.access-log.type = TAILDIR
${ACCESS_AGENT}.sources.access-log.filegroups = f1
${ACCESS_AGENT}.sources.access-log.filegroups.f1 = ${accessLog}
${ACCESS_AGENT}.sources.access-log.positionFile = ${stateDir}/taildir_position.json
${ACCESS_AGENT}.sources.access-log.batchSize = 1000
${ACCESS_AGENT}.sources.access-log.channels = file-channel

${ACCESS_AGENT}.channels.file-channel.type = file
${ACCESS_AGENT}.channels.file-channel.checkpointDir = ${stateDir}/checkpoint
${ACCESS_AGENT}.channels.file-channel.dataDirs = ${stateDir}/data
${ACCESS_AGENT}.channels.file-channel.capacity = 1000000
${ACCESS_AGENT}.channels.file-channel.transactionCapacity = 10000

${ACCESS_AGENT}.sinks.kafka-sink.type = org.apache.flume.sink.kafka.KafkaSink
${ACCESS_AGENT}.sinks.kafka-sink.kafka.bootstrap.servers = ${bootstrap}
${ACCESS_AGENT}.sinks.kafka-sink.kafka.topic = ${topic}
${ACCESS_AGENT}.sinks.kafka-sink.flumeBatchSize = 1000
${ACCESS_AGENT}.sinks.kafka-sink.kafka.producer.acks = 1
${ACCESS_AGENT}.sinks.kafka-sink.channel = file-channel
`;
}
