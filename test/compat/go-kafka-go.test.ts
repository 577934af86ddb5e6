// needs: peers/go
import { goPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// segmentio/kafka-go (Writer, Reader with a group) from test/peers/go, built by scripts/peers/go.sh.
// kafka-go has neither idempotent nor transactional producers.
peerSuite({
  client: 'kafka-go',
  peer: goPeer('kafka-go'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: false,
});
