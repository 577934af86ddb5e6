"""kafka-python (3.0.x or 2.0.x, whichever the venv holds) against a broker.

produce: KafkaProducer.send for every record, then flush and check each future.
consume: KafkaConsumer subscribed without a group, from the earliest offset, as the seeds read.
group-consume: KafkaConsumer in --group with auto-commit off: take --count records, commit
exactly those (offset + 1 per partition), close (which leaves the group).
"""
import time

import kafka
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

import peer_common as peer


def produce(a):
    config = {'bootstrap_servers': a.bootstrap, 'acks': 'all' if a.acks == 'all' else int(a.acks),
              'compression_type': None if a.compression == 'none' else a.compression, 'linger_ms': 5}
    # Only kafka-python 2.1+ knows these settings; 2.0.2 rejects unknown ones, as it should.
    if a.idempotent:
        config['enable_idempotence'] = True
    if a.transactional_id:
        config['transactional_id'] = a.transactional_id
    producer = KafkaProducer(**config)
    try:
        if a.transactional_id:
            producer.init_transactions()
            producer.begin_transaction()
        futures = [producer.send(a.topic, key=peer.key(i), value=peer.value(i, a.padding), headers=peer.headers(i))
                   for i in range(a.count)]
        producer.flush(timeout=a.timeout)
        for f in futures:
            f.get(timeout=a.timeout)
        if a.transactional_id:
            producer.commit_transaction()
    finally:
        producer.close(timeout=5)
    peer.done('produce', a.count)


def consume(a):
    group = a.group if a.action == 'group-consume' else None
    consumer = KafkaConsumer(a.topic, bootstrap_servers=a.bootstrap, group_id=group, auto_offset_reset='earliest',
                             enable_auto_commit=False)
    taken = []
    deadline = time.monotonic() + a.timeout
    try:
        while len(taken) < a.count:
            if time.monotonic() > deadline:
                raise TimeoutError('received %d of %d records in %.0f s' % (len(taken), a.count, a.timeout))
            for records in consumer.poll(timeout_ms=200, max_records=a.count - len(taken)).values():
                taken.extend(records[:a.count - len(taken)])
        for m in taken:
            peer.record(m.partition, m.offset, m.key, m.value, m.headers)
        if group:
            ends = {}
            for m in taken:
                tp = TopicPartition(m.topic, m.partition)
                ends[tp] = max(ends.get(tp, -1), m.offset + 1)
            consumer.commit({tp: commit_offset(off) for tp, off in ends.items()})
    finally:
        consumer.close()
    peer.done(a.action, len(taken))


def commit_offset(offset):
    # kafka-python 2.1 added leader_epoch to OffsetAndMetadata.
    try:
        return OffsetAndMetadata(offset, '', -1)
    except TypeError:
        return OffsetAndMetadata(offset, '')


def main():
    a = peer.parse(['produce', 'consume', 'group-consume'])
    peer.hello('kafka-python', kafka.__version__)
    try:
        produce(a) if a.action == 'produce' else consume(a)
    except Exception as err:  # the test reads the failure from the last line
        peer.fail(a.action, err)


main()
