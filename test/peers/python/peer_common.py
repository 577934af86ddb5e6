"""What the Python peers share: one command line, the records every peer writes, JSON-line output.

The shape matches the Go peers': `PEER ACTION --bootstrap H:P --topic T [--count N] [options]`.
Record i has key "key-<i>", value "value-<i>-" + 00 ff (i mod 256) + padding times 'x', and the
headers seq="<i>" and bin=00 fe ff, so a Node test can predict every byte. Bytes travel as base64.
"""
import argparse
import base64
import json
import sys


def duration(text):
    """Seconds from a duration written as the Go peers take it (20s, 500ms, 1m) or a bare number."""
    for suffix, scale in (('ms', 0.001), ('s', 1.0), ('m', 60.0)):
        if text.endswith(suffix):
            return float(text[:-len(suffix)]) * scale
    return float(text)


def parse(actions):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('action', choices=actions)
    p.add_argument('--bootstrap', required=True, help='host:port of a broker')
    p.add_argument('--topic', required=True)
    p.add_argument('--count', type=int, default=100, help='records to produce or to consume')
    p.add_argument('--group', help='consumer group id (group-consume)')
    p.add_argument('--compression', default='none', choices=['none', 'gzip', 'snappy', 'lz4', 'zstd'])
    p.add_argument('--acks', default='all', choices=['all', '1', '0'])
    p.add_argument('--idempotent', action='store_true')
    p.add_argument('--transactional-id')
    p.add_argument('--padding', type=int, default=0, help="extra 'x' bytes in each value")
    p.add_argument('--timeout', type=duration, default=20.0, help='give up after this long: 20, 20s, 500ms or 1m')
    args = p.parse_args()
    if args.action == 'group-consume' and not args.group:
        p.error('group-consume needs --group')
    return args


def key(i):
    return b'key-%d' % i


def value(i, padding):
    return b'value-%d-' % i + bytes([0x00, 0xFF, i & 0xFF]) + b'x' * padding


def headers(i):
    return [('seq', str(i).encode()), ('bin', bytes([0x00, 0xFE, 0xFF]))]


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def b64(b):
    return None if b is None else base64.b64encode(b).decode('ascii')


def hello(client, version):
    emit({'event': 'hello', 'client': client, 'version': version})


def record(partition, offset, k, v, hdrs):
    emit({'event': 'record', 'partition': partition, 'offset': offset, 'key': b64(k), 'value': b64(v),
          'headers': [{'key': hk, 'value': b64(hv)} for hk, hv in (hdrs or [])]})


def done(action, count, **extra):
    emit({'event': 'done', 'action': action, 'count': count, **extra})


def fail(action, err):
    emit({'event': 'error', 'action': action, 'message': '%s: %s' % (type(err).__name__, err)})
    sys.exit(1)
