"""confluent-kafka (librdkafka inside its wheel) against a broker.

produce: Producer.produce for every record with a delivery report, then flush.
consume: Consumer.assign of every partition from the beginning, committing nothing.
group-consume: Consumer.subscribe in --group with auto-commit off: take --count records, commit
exactly those synchronously, close (which leaves the group).
"""
import os
import time

import confluent_kafka
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition

import peer_common as peer


def produce(a):
    config = {'bootstrap.servers': a.bootstrap, 'acks': a.acks, 'compression.type': a.compression, 'linger.ms': 5,
              # librdkafka wants idempotence spelled out for a transactional producer.
              'enable.idempotence': a.idempotent or bool(a.transactional_id)}
    if a.transactional_id:
        config['transactional.id'] = a.transactional_id
    producer = Producer(config)
    if a.transactional_id:
        producer.init_transactions(a.timeout)
        producer.begin_transaction()
    failures = []

    def delivered(err, _msg):
        if err is not None:
            failures.append(err)

    for i in range(a.count):
        producer.produce(a.topic, key=peer.key(i), value=peer.value(i, a.padding), headers=peer.headers(i),
                         on_delivery=delivered)
        producer.poll(0)
    left = producer.flush(a.timeout)
    if failures:
        raise KafkaException(failures[0])
    if left:
        raise TimeoutError('%d records not delivered in %.0f s' % (left, a.timeout))
    if a.transactional_id:
        producer.commit_transaction(a.timeout)
    peer.done('produce', a.count)


def consume(a):
    grouped = a.action == 'group-consume'
    consumer = Consumer({'bootstrap.servers': a.bootstrap, 'enable.auto.commit': False, 'auto.offset.reset': 'earliest',
                         # librdkafka wants a group id even for assign(); this one never commits.
                         'group.id': a.group if grouped else 'confluent-peer-assign-%d' % os.getpid()})
    taken = []
    deadline = time.monotonic() + a.timeout
    try:
        if grouped:
            consumer.subscribe([a.topic])
        else:
            topic = consumer.list_topics(a.topic, timeout=a.timeout).topics[a.topic]
            if topic.error is not None:
                raise KafkaException(topic.error)
            consumer.assign([TopicPartition(a.topic, p, OFFSET_BEGINNING) for p in topic.partitions])
        while len(taken) < a.count:
            if time.monotonic() > deadline:
                raise TimeoutError('received %d of %d records in %.0f s' % (len(taken), a.count, a.timeout))
            m = consumer.poll(0.2)
            if m is None:
                continue
            if m.error() is not None:
                raise KafkaException(m.error())
            taken.append(m)
        for m in taken:
            peer.record(m.partition(), m.offset(), m.key(), m.value(), m.headers())
        if grouped:
            ends = {}
            for m in taken:
                ends[m.partition()] = max(ends.get(m.partition(), -1), m.offset() + 1)
            consumer.commit(offsets=[TopicPartition(a.topic, p, off) for p, off in ends.items()], asynchronous=False)
    finally:
        consumer.close()
    peer.done(a.action, len(taken))


def main():
    a = peer.parse(['produce', 'consume', 'group-consume'])
    peer.hello('confluent-kafka', confluent_kafka.__version__)
    peer.emit({'event': 'library', 'librdkafka': confluent_kafka.libversion()[0]})
    try:
        produce(a) if a.action == 'produce' else consume(a)
    except Exception as err:  # the test reads the failure from the last line
        peer.fail(a.action, err)


main()
