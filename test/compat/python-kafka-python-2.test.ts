// needs: peers/python
import { pythonPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// kafka-python 2.0.2, bare as the seeds use it (gzip is the only codec without extra packages),
// in its venv from scripts/peers/python.sh. It has neither idempotence nor transactions.
peerSuite({
  client: 'kafka-python',
  peer: pythonPeer('kafka-python-2.0.2', 'kafka_python_peer.py'),
  codecs: ['gzip'],
  idempotence: false,
});
