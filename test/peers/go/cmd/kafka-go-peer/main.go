// kafka-go-peer drives github.com/segmentio/kafka-go against a broker. Actions:
// produce (Writer), consume (one Reader per partition, from the first offset)
// and group-consume (a Reader with a GroupID: fetch --count records, commit
// exactly those, close, which leaves the group).
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"streamdash/test/peers/go/internal/peer"
)

func main() {
	o := peer.Parse([]string{"produce", "consume", "group-consume"})
	peer.Hello("kafka-go", "github.com/segmentio/kafka-go")
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	var err error
	switch o.Action {
	case "produce":
		err = produce(ctx, o)
	case "consume":
		err = consume(ctx, o)
	case "group-consume":
		err = groupConsume(ctx, o)
	}
	if err != nil {
		peer.Fail(o.Action, err)
	}
}

func produce(ctx context.Context, o peer.Options) error {
	acks := map[string]kafka.RequiredAcks{"all": kafka.RequireAll, "1": kafka.RequireOne, "0": kafka.RequireNone}
	a, ok := acks[o.Acks]
	if !ok {
		return fmt.Errorf("unknown --acks %q; use all, 1 or 0", o.Acks)
	}
	codecs := map[string]kafka.Compression{"none": 0, "gzip": kafka.Gzip, "snappy": kafka.Snappy, "lz4": kafka.Lz4, "zstd": kafka.Zstd}
	c, ok := codecs[o.Compression]
	if !ok {
		return fmt.Errorf("unknown --compression %q; use none, gzip, snappy, lz4 or zstd", o.Compression)
	}
	if o.Idempotent || o.TransactionalID != "" {
		return errors.New("kafka-go has neither idempotent nor transactional producers")
	}
	w := &kafka.Writer{
		Addr:                   kafka.TCP(o.Bootstrap),
		Topic:                  o.Topic,
		Balancer:               &kafka.Hash{},
		RequiredAcks:           a,
		Compression:            c,
		AllowAutoTopicCreation: true,
		BatchSize:              o.Count,
		BatchTimeout:           10 * time.Millisecond,
	}
	defer w.Close()
	msgs := make([]kafka.Message, o.Count)
	for i := range msgs {
		msgs[i] = kafka.Message{Key: peer.Key(i), Value: peer.Value(i, o.Padding)}
		for _, h := range peer.Headers(i) {
			msgs[i].Headers = append(msgs[i].Headers, kafka.Header{Key: h.Key, Value: h.Value})
		}
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		return err
	}
	peer.Done("produce", len(msgs), nil)
	return nil
}

func emit(m kafka.Message) {
	r := peer.Record{Event: "record", Partition: int32(m.Partition), Offset: m.Offset, Key: m.Key, Value: m.Value, Headers: []peer.Header{}}
	for _, h := range m.Headers {
		r.Headers = append(r.Headers, peer.Header{Key: h.Key, Value: h.Value})
	}
	peer.Emit(r)
}

func consume(ctx context.Context, o peer.Options) error {
	conn, err := kafka.DialContext(ctx, "tcp", o.Bootstrap)
	if err != nil {
		return err
	}
	partitions, err := conn.ReadPartitions(o.Topic)
	conn.Close()
	if err != nil {
		return err
	}
	got := make(chan kafka.Message)
	failed := make(chan error, len(partitions))
	for _, p := range partitions {
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{o.Bootstrap}, Topic: o.Topic, Partition: p.ID, MaxWait: 200 * time.Millisecond})
		defer r.Close()
		go func() {
			for {
				m, err := r.ReadMessage(ctx)
				if err != nil {
					if ctx.Err() == nil {
						failed <- err
					}
					return
				}
				select {
				case got <- m:
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

func groupConsume(ctx context.Context, o peer.Options) error {
	if o.Group == "" {
		return errors.New("group-consume needs --group")
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:     []string{o.Bootstrap},
		Topic:       o.Topic,
		GroupID:     o.Group,
		StartOffset: kafka.FirstOffset,
		MaxWait:     200 * time.Millisecond,
		// Commits happen only through CommitMessages, synchronously.
		CommitInterval: 0,
	})
	taken := make([]kafka.Message, 0, o.Count)
	for len(taken) < o.Count {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			// No Close here: it waits out the group's rebalance timeout, and the process ends anyway.
			return fmt.Errorf("received %d of %d records: %w", len(taken), o.Count, err)
		}
		taken = append(taken, m)
	}
	for _, m := range taken {
		emit(m)
	}
	if err := r.CommitMessages(ctx, taken...); err != nil {
		r.Close()
		return fmt.Errorf("commit: %w", err)
	}
	if err := r.Close(); err != nil {
		return err
	}
	peer.Done("group-consume", len(taken), nil)
	return nil
}
