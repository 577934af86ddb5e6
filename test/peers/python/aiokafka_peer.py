"""aiokafka against a broker.

produce: AIOKafkaProducer.send for every record, then wait for each delivery.
consume: AIOKafkaConsumer subscribed without a group, from the earliest offset.
group-consume: AIOKafkaConsumer in --group with auto-commit off: take --count records, commit
exactly those, stop (which leaves the group).
"""
import asyncio

import aiokafka
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

import peer_common as peer


async def produce(a):
    config = {'bootstrap_servers': a.bootstrap, 'acks': 'all' if a.acks == 'all' else int(a.acks),
              'compression_type': None if a.compression == 'none' else a.compression, 'linger_ms': 5,
              'enable_idempotence': a.idempotent}
    if a.transactional_id:
        config['transactional_id'] = a.transactional_id
    producer = AIOKafkaProducer(**config)
    await producer.start()
    try:
        if a.transactional_id:
            await producer.begin_transaction()
        sent = [await producer.send(a.topic, key=peer.key(i), value=peer.value(i, a.padding), headers=peer.headers(i))
                for i in range(a.count)]
        await asyncio.gather(*sent)
        if a.transactional_id:
            await producer.commit_transaction()
    finally:
        await producer.stop()
    peer.done('produce', a.count)


async def consume(a):
    group = a.group if a.action == 'group-consume' else None
    consumer = AIOKafkaConsumer(a.topic, bootstrap_servers=a.bootstrap, group_id=group, auto_offset_reset='earliest',
                                enable_auto_commit=False)
    await consumer.start()
    taken = []
    try:
        while len(taken) < a.count:
            batches = await consumer.getmany(timeout_ms=200, max_records=a.count - len(taken))
            for records in batches.values():
                taken.extend(records[:a.count - len(taken)])
        for m in taken:
            peer.record(m.partition, m.offset, m.key, m.value, m.headers)
        if group:
            ends = {}
            for m in taken:
                tp = TopicPartition(m.topic, m.partition)
                ends[tp] = max(ends.get(tp, -1), m.offset + 1)
            await consumer.commit(ends)
    finally:
        await consumer.stop()
    peer.done(a.action, len(taken))


async def run(a):
    work = produce(a) if a.action == 'produce' else consume(a)
    try:
        await asyncio.wait_for(work, a.timeout)
    except asyncio.TimeoutError as err:
        raise TimeoutError('%s did not finish in %.0f s' % (a.action, a.timeout)) from err


def main():
    a = peer.parse(['produce', 'consume', 'group-consume'])
    peer.hello('aiokafka', aiokafka.__version__)
    try:
        asyncio.run(run(a))
    except Exception as err:  # the test reads the failure from the last line
        peer.fail(a.action, err)


main()
