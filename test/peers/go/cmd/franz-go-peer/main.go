// franz-go-peer drives github.com/twmb/franz-go (kgo and kadm) against a broker.
// Actions: produce, consume (all partitions, from the start), group-consume
// (join --group, take --count records, commit exactly those, leave), and the
// admin actions create-topic, list-topics, describe-topic, delete-topic,
// describe-configs, alter-configs, delete-records.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"streamdash/test/peers/go/internal/peer"
)

var actions = []string{"produce", "consume", "group-consume", "create-topic", "list-topics", "describe-topic", "delete-topic", "describe-configs", "alter-configs", "delete-records"}

func main() {
	o := peer.Parse(actions)
	peer.Hello("franz-go", "github.com/twmb/franz-go")
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	var err error
	switch o.Action {
	case "produce":
		err = produce(ctx, o)
	case "consume", "group-consume":
		err = consume(ctx, o)
	default:
		err = admin(ctx, o)
	}
	if err != nil {
		peer.Fail(o.Action, err)
	}
}

func codec(name string) (kgo.CompressionCodec, error) {
	switch name {
	case "none":
		return kgo.NoCompression(), nil
	case "gzip":
		return kgo.GzipCompression(), nil
	case "snappy":
		return kgo.SnappyCompression(), nil
	case "lz4":
		return kgo.Lz4Compression(), nil
	case "zstd":
		return kgo.ZstdCompression(), nil
	}
	return kgo.CompressionCodec{}, fmt.Errorf("unknown --compression %q; use none, gzip, snappy, lz4 or zstd", name)
}

func acks(name string) (kgo.Acks, error) {
	switch name {
	case "all":
		return kgo.AllISRAcks(), nil
	case "1":
		return kgo.LeaderAck(), nil
	case "0":
		return kgo.NoAck(), nil
	}
	return kgo.Acks{}, fmt.Errorf("unknown --acks %q; use all, 1 or 0", name)
}

func produce(ctx context.Context, o peer.Options) error {
	c, err := codec(o.Compression)
	if err != nil {
		return err
	}
	a, err := acks(o.Acks)
	if err != nil {
		return err
	}
	opts := []kgo.Opt{kgo.SeedBrokers(o.Bootstrap), kgo.DefaultProduceTopic(o.Topic), kgo.ProducerBatchCompression(c), kgo.RequiredAcks(a), kgo.AllowAutoTopicCreation()}
	// kgo is idempotent unless told otherwise; idempotence needs acks=all.
	if !o.Idempotent && o.TransactionalID == "" {
		opts = append(opts, kgo.DisableIdempotentWrite())
	}
	if o.TransactionalID != "" {
		opts = append(opts, kgo.TransactionalID(o.TransactionalID))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	if o.TransactionalID != "" {
		if err := cl.BeginTransaction(); err != nil {
			return err
		}
	}
	recs := make([]*kgo.Record, o.Count)
	for i := range recs {
		r := &kgo.Record{Key: peer.Key(i), Value: peer.Value(i, o.Padding)}
		for _, h := range peer.Headers(i) {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: h.Key, Value: h.Value})
		}
		recs[i] = r
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		return err
	}
	if o.TransactionalID != "" {
		if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
			return err
		}
	}
	peer.Done("produce", len(recs), nil)
	return nil
}

func consume(ctx context.Context, o peer.Options) error {
	opts := []kgo.Opt{kgo.SeedBrokers(o.Bootstrap), kgo.ConsumeTopics(o.Topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}
	if o.Action == "group-consume" {
		if o.Group == "" {
			return errors.New("group-consume needs --group")
		}
		opts = append(opts, kgo.ConsumerGroup(o.Group), kgo.DisableAutoCommit())
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	var taken []*kgo.Record
	for len(taken) < o.Count {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("received %d of %d records: %w", len(taken), o.Count, err)
		}
		if errs := fs.Errors(); len(errs) > 0 {
			return fmt.Errorf("fetch %s[%d]: %w", errs[0].Topic, errs[0].Partition, errs[0].Err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			if len(taken) < o.Count {
				taken = append(taken, r)
			}
		})
	}
	for _, r := range taken {
		out := peer.Record{Event: "record", Partition: r.Partition, Offset: r.Offset, Key: r.Key, Value: r.Value, Headers: []peer.Header{}}
		for _, h := range r.Headers {
			out.Headers = append(out.Headers, peer.Header{Key: h.Key, Value: h.Value})
		}
		peer.Emit(out)
	}
	if o.Action == "group-consume" {
		if err := cl.CommitRecords(ctx, taken...); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		// Leave the group now, so that the next member need not wait for a session timeout.
		cl.LeaveGroup()
	}
	peer.Done(o.Action, len(taken), nil)
	return nil
}

func admin(ctx context.Context, o peer.Options) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap))
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	switch o.Action {
	case "create-topic":
		r, err := adm.CreateTopic(ctx, int32(o.Partitions), 1, nil, o.Topic)
		if err == nil {
			err = r.Err
		}
		if err != nil {
			return err
		}
		peer.Done(o.Action, 1, map[string]any{"topic": r.Topic, "partitions": r.NumPartitions})
	case "list-topics":
		ts, err := adm.ListTopics(ctx)
		if err != nil {
			return err
		}
		names := ts.Names()
		sort.Strings(names)
		peer.Done(o.Action, len(names), map[string]any{"topics": names})
	case "describe-topic":
		ts, err := adm.ListTopics(ctx, o.Topic)
		if err != nil {
			return err
		}
		t := ts[o.Topic]
		if t.Err != nil {
			return t.Err
		}
		var parts []map[string]any
		for _, p := range t.Partitions.Sorted() {
			parts = append(parts, map[string]any{"partition": p.Partition, "leader": p.Leader, "replicas": p.Replicas})
		}
		peer.Done(o.Action, len(parts), map[string]any{"topic": t.Topic, "partitions": parts})
	case "delete-topic":
		r, err := adm.DeleteTopic(ctx, o.Topic)
		if err == nil {
			err = r.Err
		}
		if err != nil {
			return err
		}
		peer.Done(o.Action, 1, map[string]any{"topic": r.Topic})
	case "describe-configs":
		rs, err := adm.DescribeTopicConfigs(ctx, o.Topic)
		if err != nil {
			return err
		}
		r, err := rs.On(o.Topic, nil)
		if err == nil {
			err = r.Err
		}
		if err != nil {
			return err
		}
		configs := map[string]string{}
		for _, c := range r.Configs {
			configs[c.Key] = c.MaybeValue()
		}
		peer.Done(o.Action, len(configs), map[string]any{"configs": configs})
	case "alter-configs":
		retention := "3600000"
		rs, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "retention.ms", Value: &retention}}, o.Topic)
		if err == nil && len(rs) > 0 {
			err = rs[0].Err
		}
		if err != nil {
			return err
		}
		peer.Done(o.Action, len(rs), nil)
	case "delete-records":
		var os kadm.Offsets
		os.AddOffset(o.Topic, 0, o.Offset, -1)
		rs, err := adm.DeleteRecords(ctx, os)
		if err == nil {
			err = rs.Error()
		}
		if err != nil {
			return err
		}
		r, _ := rs.Lookup(o.Topic, 0)
		peer.Done(o.Action, 1, map[string]any{"lowWatermark": r.LowWatermark})
	}
	return nil
}
