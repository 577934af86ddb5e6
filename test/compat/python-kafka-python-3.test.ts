// needs: peers/python
import { pythonPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// kafka-python 3.0.12 in its venv from scripts/peers/python.sh, with the lz4, snappy and zstd codecs.
peerSuite({
  client: 'kafka-python',
  peer: pythonPeer('kafka-python-3.0.12', 'kafka_python_peer.py'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
  transactions: true,
});
