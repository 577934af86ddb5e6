// Package peer is what the Go peers share: one command-line shape, the records
// every peer writes (so a Node test can predict their bytes), and JSON-line output.
package peer

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"
)

// Options is the common command line: `<peer> ACTION --bootstrap H:P --topic T [--count N] [options]`.
type Options struct {
	Action          string
	Bootstrap       string
	Topic           string
	Count           int
	Group           string
	Compression     string
	Acks            string
	Idempotent      bool
	TransactionalID string
	Partitions      int
	Padding         int
	Offset          int64
	Timeout         time.Duration
}

// Parse reads the action and the flags; a bad command line exits 2 with the usage.
func Parse(actions []string) Options {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		usage(actions)
	}
	o := Options{Action: os.Args[1]}
	known := false
	for _, a := range actions {
		known = known || a == o.Action
	}
	if !known {
		usage(actions)
	}
	fs := flag.NewFlagSet(o.Action, flag.ExitOnError)
	fs.StringVar(&o.Bootstrap, "bootstrap", "", "host:port of a broker (required)")
	fs.StringVar(&o.Topic, "topic", "", "topic to use (required)")
	fs.IntVar(&o.Count, "count", 100, "records to produce or to consume")
	fs.StringVar(&o.Group, "group", "", "consumer group id")
	fs.StringVar(&o.Compression, "compression", "none", "none, gzip, snappy, lz4 or zstd")
	fs.StringVar(&o.Acks, "acks", "all", "all, 1 or 0")
	fs.BoolVar(&o.Idempotent, "idempotent", false, "use an idempotent producer")
	fs.StringVar(&o.TransactionalID, "transactional-id", "", "produce inside a transaction with this id")
	fs.IntVar(&o.Partitions, "partitions", 1, "partitions of a topic to create")
	fs.IntVar(&o.Padding, "padding", 0, "extra 'x' bytes in each value (gives the codecs something to compress)")
	fs.Int64Var(&o.Offset, "offset", 0, "offset for delete-records")
	fs.DurationVar(&o.Timeout, "timeout", 20*time.Second, "give up after this long")
	_ = fs.Parse(os.Args[2:])
	if o.Bootstrap == "" || o.Topic == "" {
		fmt.Fprintln(os.Stderr, "--bootstrap and --topic are required")
		fs.Usage()
		os.Exit(2)
	}
	return o
}

func usage(actions []string) {
	fmt.Fprintf(os.Stderr, "usage: %s ACTION --bootstrap HOST:PORT --topic TOPIC [--count N] [options]\nactions: %v\n", os.Args[0], actions)
	os.Exit(2)
}

// Header is a record header; Value is base64 in the JSON, so any bytes survive.
type Header struct {
	Key   string `json:"key"`
	Value []byte `json:"value"`
}

// Record is what a consumer prints for each record it received.
type Record struct {
	Event     string   `json:"event"`
	Partition int32    `json:"partition"`
	Offset    int64    `json:"offset"`
	Key       []byte   `json:"key"`
	Value     []byte   `json:"value"`
	Headers   []Header `json:"headers"`
}

// Key of record i: "key-<i>".
func Key(i int) []byte { return []byte("key-" + strconv.Itoa(i)) }

// Value of record i: "value-<i>-", the bytes 00 ff (i mod 256), then `padding` times 'x'.
func Value(i, padding int) []byte {
	v := append([]byte("value-"+strconv.Itoa(i)+"-"), 0x00, 0xff, byte(i))
	for range padding {
		v = append(v, 'x')
	}
	return v
}

// Headers of record i: seq = "<i>", bin = 00 fe ff.
func Headers(i int) []Header {
	return []Header{{Key: "seq", Value: []byte(strconv.Itoa(i))}, {Key: "bin", Value: []byte{0x00, 0xfe, 0xff}}}
}

// Emit prints one JSON line.
func Emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(b, '\n'))
}

// Hello names the client and the exact version that is running, read from the build.
func Hello(client, module string) {
	version := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == module {
				version = d.Version
			}
		}
	}
	Emit(map[string]any{"event": "hello", "client": client, "version": version})
}

// Done closes a successful run.
func Done(action string, count int, extra map[string]any) {
	m := map[string]any{"event": "done", "action": action, "count": count}
	for k, v := range extra {
		m[k] = v
	}
	Emit(m)
}

// Fail prints the error as the last line and exits 1.
func Fail(action string, err error) {
	Emit(map[string]any{"event": "error", "action": action, "message": err.Error()})
	os.Exit(1)
}
