"""Uses kafka-python 2.0.2 (Debian's python3-kafka) the way the seeds' producer.py does.

argv: bootstrap topic count. Sends `count` gender values ("0", "1", "2" in turn) with a plain
KafkaProducer, then reads the topic back with KafkaConsumer(auto_offset_reset='earliest') and
prints one JSON line: {"sent": n, "received": [values...]}.
"""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer

bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

producer = KafkaProducer(bootstrap_servers=bootstrap)
for i in range(count):
    producer.send(topic, str(i % 3).encode('utf8'))
producer.flush()
producer.close()

consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset='earliest', consumer_timeout_ms=3000)
received = [m.value.decode('utf8') for m in consumer]
consumer.close()
print(json.dumps({"sent": count, "received": received}))
