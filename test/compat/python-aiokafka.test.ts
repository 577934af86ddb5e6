// needs: peers/python
import { pythonPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// aiokafka 0.14.0 with cramjam's codecs, in its venv from scripts/peers/python.sh.
peerSuite({
  client: 'aiokafka',
  peer: pythonPeer('aiokafka-0.14.0', 'aiokafka_peer.py'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
  transactions: true,
});
