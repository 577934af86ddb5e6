// needs: peers/go
import { goPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// IBM/sarama (SyncProducer, ConsumerGroup) from test/peers/go, built by scripts/peers/go.sh.
peerSuite({
  client: 'sarama',
  peer: goPeer('sarama'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
  transactions: true,
});
