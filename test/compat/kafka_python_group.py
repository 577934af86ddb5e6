"""Uses kafka-python 2.0.2 (Debian's python3-kafka) as the seeds' dashboard does: KafkaConsumer(topic, group_id=...).

argv: bootstrap topic group limit. Reads at most `limit` records (or until 5 s pass without one),
then closes the consumer, which commits what was read (enable_auto_commit is on by default).
Prints one JSON line: {"received": [values...]}.
"""
import json
import sys

from kafka import KafkaConsumer

bootstrap, topic, group, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

consumer = KafkaConsumer(
    topic,
    group_id=group,
    bootstrap_servers=bootstrap,
    auto_offset_reset='earliest',
    consumer_timeout_ms=5000,
)
received = []
for message in consumer:
    received.append(message.value.decode('utf8'))
    if len(received) >= limit:
        break
consumer.close()
print(json.dumps({"received": received}))
