// sarama-peer drives github.com/IBM/sarama against a broker. Actions: produce
// (SyncProducer.SendMessages), consume (every partition from the oldest offset)
// and group-consume (ConsumerGroup: take --count records, mark and commit
// exactly those, leave).
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/IBM/sarama"

	"streamdash/test/peers/go/internal/peer"
)

func main() {
	o := peer.Parse([]string{"produce", "consume", "group-consume"})
	peer.Hello("sarama", "github.com/IBM/sarama")
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	var err error
	switch o.Action {
	case "produce":
		err = produce(o)
	case "consume":
		err = consume(ctx, o)
	case "group-consume":
		err = groupConsume(ctx, o)
	}
	if err != nil {
		peer.Fail(o.Action, err)
	}
}

func config() *sarama.Config {
	cfg := sarama.NewConfig()
	// sarama chooses its request versions from Config.Version, not from ApiVersions:
	// 3.9 is the newest classic-protocol era it maps.
	cfg.Version = sarama.V3_9_0_0
	cfg.ClientID = "sarama-peer"
	return cfg
}

func produce(o peer.Options) error {
	cfg := config()
	cfg.Producer.Return.Successes = true
	switch o.Acks {
	case "all":
		cfg.Producer.RequiredAcks = sarama.WaitForAll
	case "1":
		cfg.Producer.RequiredAcks = sarama.WaitForLocal
	case "0":
		cfg.Producer.RequiredAcks = sarama.NoResponse
	default:
		return fmt.Errorf("unknown --acks %q; use all, 1 or 0", o.Acks)
	}
	codecs := map[string]sarama.CompressionCodec{"none": sarama.CompressionNone, "gzip": sarama.CompressionGZIP, "snappy": sarama.CompressionSnappy, "lz4": sarama.CompressionLZ4, "zstd": sarama.CompressionZSTD}
	c, ok := codecs[o.Compression]
	if !ok {
		return fmt.Errorf("unknown --compression %q; use none, gzip, snappy, lz4 or zstd", o.Compression)
	}
	cfg.Producer.Compression = c
	if o.Idempotent || o.TransactionalID != "" {
		// sarama's rules for idempotence: acks=all and one request in flight.
		cfg.Producer.Idempotent = true
		cfg.Producer.RequiredAcks = sarama.WaitForAll
		cfg.Net.MaxOpenRequests = 1
	}
	if o.TransactionalID != "" {
		cfg.Producer.Transaction.ID = o.TransactionalID
	}
	p, err := sarama.NewSyncProducer([]string{o.Bootstrap}, cfg)
	if err != nil {
		return err
	}
	defer p.Close()
	if o.TransactionalID != "" {
		if err := p.BeginTxn(); err != nil {
			return err
		}
	}
	msgs := make([]*sarama.ProducerMessage, o.Count)
	for i := range msgs {
		m := &sarama.ProducerMessage{Topic: o.Topic, Key: sarama.ByteEncoder(peer.Key(i)), Value: sarama.ByteEncoder(peer.Value(i, o.Padding))}
		for _, h := range peer.Headers(i) {
			m.Headers = append(m.Headers, sarama.RecordHeader{Key: []byte(h.Key), Value: h.Value})
		}
		msgs[i] = m
	}
	if err := p.SendMessages(msgs); err != nil {
		var pe sarama.ProducerErrors
		if errors.As(err, &pe) && len(pe) > 0 {
			return fmt.Errorf("%d of %d records failed, first: %w", len(pe), len(msgs), pe[0].Err)
		}
		return err
	}
	if o.TransactionalID != "" {
		if err := p.CommitTxn(); err != nil {
			return err
		}
	}
	peer.Done("produce", len(msgs), nil)
	return nil
}

func emit(m *sarama.ConsumerMessage) {
	r := peer.Record{Event: "record", Partition: m.Partition, Offset: m.Offset, Key: m.Key, Value: m.Value, Headers: []peer.Header{}}
	for _, h := range m.Headers {
		r.Headers = append(r.Headers, peer.Header{Key: string(h.Key), Value: h.Value})
	}
	peer.Emit(r)
}

func consume(ctx context.Context, o peer.Options) error {
	c, err := sarama.NewConsumer([]string{o.Bootstrap}, config())
	if err != nil {
		return err
	}
	defer c.Close()
	partitions, err := c.Partitions(o.Topic)
	if err != nil {
		return err
	}
	got := make(chan *sarama.ConsumerMessage)
	failed := make(chan error, len(partitions))
	for _, p := range partitions {
		pc, err := c.ConsumePartition(o.Topic, p, sarama.OffsetOldest)
		if err != nil {
			return err
		}
		defer pc.AsyncClose()
		go func() {
			for {
				select {
				case m := <-pc.Messages():
					select {
					case got <- m:
					case <-ctx.Done():
						return
					}
				case e := <-pc.Errors():
					failed <- e
					return
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	for n := 0; n < o.Count; n++ {
		select {
		case m := <-got:
			emit(m)
		case err := <-failed:
			return err
		case <-ctx.Done():
			return fmt.Errorf("received %d of %d records: %w", n, o.Count, ctx.Err())
		}
	}
	peer.Done("consume", o.Count, nil)
	return nil
}

// handler takes records until it has --count of them, marks each one it took,
// commits, and then ends the session by cancelling the run.
type handler struct {
	mu     sync.Mutex
	want   int
	taken  int
	finish context.CancelFunc
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for m := range claim.Messages() {
		h.mu.Lock()
		if h.taken == h.want {
			h.mu.Unlock()
			return nil
		}
		emit(m)
		s.MarkMessage(m, "")
		h.taken++
		if h.taken == h.want {
			s.Commit()
			h.finish()
		}
		h.mu.Unlock()
	}
	return nil
}

func groupConsume(ctx context.Context, o peer.Options) error {
	if o.Group == "" {
		return errors.New("group-consume needs --group")
	}
	cfg := config()
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.AutoCommit.Enable = false
	cfg.Consumer.Return.Errors = true
	g, err := sarama.NewConsumerGroup([]string{o.Bootstrap}, o.Group, cfg)
	if err != nil {
		return err
	}
	run, finish := context.WithCancel(ctx)
	defer finish()
	h := &handler{want: o.Count, finish: finish}
	var groupErr error
	go func() {
		for e := range g.Errors() {
			groupErr = e
			finish()
		}
	}()
	for run.Err() == nil {
		if err := g.Consume(run, []string{o.Topic}, h); err != nil && !errors.Is(err, sarama.ErrClosedConsumerGroup) {
			g.Close()
			return err
		}
	}
	if err := g.Close(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.taken < o.Count {
		if groupErr != nil {
			return fmt.Errorf("received %d of %d records: %w", h.taken, o.Count, groupErr)
		}
		return fmt.Errorf("received %d of %d records: %w", h.taken, o.Count, ctx.Err())
	}
	peer.Done("group-consume", h.taken, nil)
	return nil
}
