// needs: peers/python
import { pythonPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// confluent-kafka 2.16.1 (librdkafka 2.x inside its wheel) in its venv from scripts/peers/python.sh.
peerSuite({
  client: 'confluent-kafka',
  peer: pythonPeer('confluent-kafka-2.16.1', 'confluent_kafka_peer.py'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
  transactions: true,
});
