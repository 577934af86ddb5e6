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
  groupsBug: {
    // kafka-go's Reader hard-codes SyncGroup, Heartbeat and LeaveGroup v0; Kafka 4.4 still serves v0 of all three.
    detail: 'bug: the broker refuses SyncGroup v0, Heartbeat v0 and LeaveGroup v0 (it serves v1+; Kafka 4.4 serves v0+), which the kafka-go Reader with a GroupID sends',
    brokerLog: /SyncGroup v0 is not supported/,
  },
});
