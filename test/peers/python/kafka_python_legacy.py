"""kafka-python 2.0.x pinned to an old protocol with api_version, as seed 001's workaround does
(`KafkaProducer(bootstrap_servers=[...], api_version=(0,10))`): it then never sends ApiVersions and
speaks only what a Kafka of that version served (message format v0 for 0.8.2 and 0.9, v1 from 0.10).

    kafka_python_legacy.py produce --bootstrap H:P --topic T --count N --api-version 0.9 [--compression gzip] [--prefix P]
    kafka_python_legacy.py consume --bootstrap H:P --topic T --count N --api-version 0.9 --group G

consume: subscribe in --group (0.9 on: the broker's group protocol; 0.8.2: offsets only, with the
partitions assigned by hand, as 0.8.2 had no group protocol), take --count records, commit exactly
those, close. Prints {"value": ..., "partition": p, "offset": o} lines and a final {"done": n}.
"""
import argparse
import json
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata


def parse():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('action', choices=['produce', 'consume'])
    p.add_argument('--bootstrap', required=True)
    p.add_argument('--topic', required=True)
    p.add_argument('--count', type=int, required=True)
    p.add_argument('--api-version', required=True, help='0.8.2, 0.9, 0.10 or 0.10.1')
    p.add_argument('--compression', default='none', choices=['none', 'gzip'])
    p.add_argument('--prefix', default='v')
    p.add_argument('--group')
    p.add_argument('--timeout', type=float, default=30.0)
    a = p.parse_args()
    a.api_version = tuple(int(x) for x in a.api_version.split('.'))
    return a


def produce(a):
    producer = KafkaProducer(bootstrap_servers=a.bootstrap, api_version=a.api_version, linger_ms=5,
                             compression_type=None if a.compression == 'none' else a.compression)
    futures = [producer.send(a.topic, ('%s-%d' % (a.prefix, i)).encode()) for i in range(a.count)]
    producer.flush(timeout=a.timeout)
    for f in futures:
        f.get(timeout=a.timeout)
    producer.close(timeout=5)
    print(json.dumps({'done': a.count}))


def consume(a):
    consumer = KafkaConsumer(bootstrap_servers=a.bootstrap, api_version=a.api_version, group_id=a.group,
                             auto_offset_reset='earliest', enable_auto_commit=False)
    if a.api_version < (0, 9):
        consumer.assign([TopicPartition(a.topic, p) for p in consumer.partitions_for_topic(a.topic)])
    else:
        consumer.subscribe([a.topic])
    taken = []
    deadline = time.monotonic() + a.timeout
    while len(taken) < a.count:
        if time.monotonic() > deadline:
            raise TimeoutError('received %d of %d records in %.0f s' % (len(taken), a.count, a.timeout))
        for records in consumer.poll(timeout_ms=200, max_records=a.count - len(taken)).values():
            taken.extend(records[:a.count - len(taken)])
    ends = {}
    for m in taken:
        print(json.dumps({'value': m.value.decode(), 'partition': m.partition, 'offset': m.offset}))
        tp = TopicPartition(m.topic, m.partition)
        ends[tp] = max(ends.get(tp, -1), m.offset + 1)
    consumer.commit({tp: OffsetAndMetadata(off, '') for tp, off in ends.items()})
    consumer.close()
    print(json.dumps({'done': len(taken)}))


a = parse()
produce(a) if a.action == 'produce' else consume(a)
