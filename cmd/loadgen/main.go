// Command loadgen sends signed /digest slash commands to a digestbot, many
// at once, and measures how fast each is acknowledged and whether its
// digest arrives. Everything stays on loopback: loadgen serves the
// invented news feed the server digests and receives the server's replies
// (Slack's response_url, Discord's interaction webhooks) itself.
//
// With -bin it starts the server too (`BIN serve` on a free port, with
// the secrets, feed and reply hosts it needs) and stops it at the end:
//
//	go build -o /tmp/digestbot . && go run ./cmd/loadgen -bin /tmp/digestbot -n 200 -c 200
//
// Against a server started by hand, give its endpoint and secret, and
// start it with the feed and reply hosts loadgen serves:
//
//	SLACK_SIGNING_SECRET=S SLACK_RESPONSE_HOSTS=127.0.0.1 digestbot serve --listen 127.0.0.1:8080 \
//	    --feeds http://127.0.0.1:9090/feed.xml &
//	go run ./cmd/loadgen -url http://127.0.0.1:8080/slack/commands -secret S -response-listen 127.0.0.1:9090
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"sync"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
		}
		os.Exit(1)
	}
}

// options are loadgen's flags.
type options struct {
	mode           string // slack or discord
	url            string // the endpoint; empty with bin: the started server's
	bin            string // a digestbot binary to start
	maxConcurrent  int    // the started server's --max-concurrent
	maxQueued      int    // the started server's --max-queued
	secret         string // Slack signing secret
	seed           string // Discord private key seed, hex
	n, c           int
	listen         string // the peer's address
	topic, expect  string
	timeout        time.Duration // the whole run
	requestTimeout time.Duration // one acknowledgement
	serverLog      string        // file for the started server's log
	jsonOut        bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.mode, "mode", "slack", "platform: `slack` or discord")
	fs.StringVar(&o.url, "url", "", "the server's endpoint (`URL`), e.g. http://127.0.0.1:8080/slack/commands")
	fs.StringVar(&o.bin, "bin", "", "start this digestbot binary (`PATH`) with `serve` on a free port, and stop it at the end")
	fs.IntVar(&o.maxConcurrent, "max-concurrent", 0, "with -bin: the server's --max-concurrent (`N`; 0: the server's default)")
	fs.IntVar(&o.maxQueued, "max-queued", 0, "with -bin: the server's --max-queued (`N`; 0: the server's default)")
	fs.StringVar(&o.secret, "secret", "", "Slack signing `SECRET` (with -bin: random)")
	fs.StringVar(&o.seed, "discord-seed", "", "Discord private key seed, 64 hex digits (with -bin: random); its public key is printed")
	fs.IntVar(&o.n, "n", 200, "commands to send (at most 100000)")
	fs.IntVar(&o.c, "c", 200, "commands in flight at once (at most 10000)")
	fs.StringVar(&o.listen, "response-listen", "127.0.0.1:0", "loopback `ADDR` where loadgen serves the feed (/feed.xml) and takes replies")
	fs.StringVar(&o.topic, "topic", "harbor bridge", "the command's topic `WORDS`")
	fs.StringVar(&o.expect, "expect", "bridge", "a `WORD` every digest of the topic holds")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "bound on the whole run")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 10*time.Second, "bound on one acknowledgement")
	fs.StringVar(&o.serverLog, "server-log", "", "with -bin: write the server's log to `FILE`")
	fs.BoolVar(&o.jsonOut, "json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.mode != "slack" && o.mode != "discord":
		return fmt.Errorf("-mode %q: want slack or discord", o.mode)
	case o.n < 1 || o.n > 100000 || o.c < 1 || o.c > 10000:
		return errors.New("-n must be 1…100000 and -c 1…10000")
	case o.url == "" && o.bin == "":
		return errors.New("give -url (a running server) or -bin (a binary to start)")
	case o.url != "" && o.bin != "":
		return errors.New("give -url or -bin, not both")
	case o.mode == "slack" && o.url != "" && o.secret == "":
		return errors.New("-secret is required with -url")
	case o.mode == "discord" && o.url != "" && o.seed == "":
		return errors.New("-discord-seed is required with -url")
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	res, err := load(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	res.print(stdout)
	if res.Errors > 0 || res.Answered < res.Requests {
		return fmt.Errorf("%d errors, %d of %d answered", res.Errors, res.Answered, res.Requests)
	}
	return nil
}

// result is what one run measured.
type result struct {
	Mode     string `json:"mode"`
	Requests int    `json:"requests"`
	// Concurrency is how many commands were in flight at once.
	Concurrency int `json:"concurrency"`
	// Acked were acknowledged with 200 and a promise of an answer;
	// Errors were not (failed, refused as busy, or not 200).
	Acked        int      `json:"acked"`
	Errors       int      `json:"errors"`
	ErrorSamples []string `json:"error_samples,omitempty"`
	// Acknowledgement latency of every request that got an HTTP answer.
	Ack latency `json:"ack"`
	// Answered are the commands whose reply arrived; Digests those whose
	// reply held a digest of the topic; Messages every message received.
	Answered       int      `json:"answered"`
	Digests        int      `json:"digests"`
	Messages       int      `json:"messages"`
	FailureSamples []string `json:"failure_samples,omitempty"`
	// SampleDigest is the text of one digest received.
	SampleDigest string `json:"sample_digest,omitempty"`
	// Answer is the time from sending a command to its first reply.
	Answer latency `json:"answer"`
	// Wall is the time from the first command sent to the last reply (or
	// giving up).
	Wall time.Duration `json:"wall_ns"`
	// ServerPeakRSS is the started server's peak resident memory.
	ServerPeakRSS int64 `json:"server_peak_rss,omitempty"`
	// PublicKey is the Discord public key the server must have.
	PublicKey string `json:"discord_public_key,omitempty"`
}

// latency summarizes durations.
type latency struct {
	N   int           `json:"n"`
	P50 time.Duration `json:"p50_ns"`
	P90 time.Duration `json:"p90_ns"`
	P99 time.Duration `json:"p99_ns"`
	Max time.Duration `json:"max_ns"`
}

// summarize returns the nearest-rank percentiles of ds.
func summarize(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	at := func(p int) time.Duration { return ds[max(0, (p*len(ds)+99)/100-1)] }
	return latency{N: len(ds), P50: at(50), P90: at(90), P99: at(99), Max: ds[len(ds)-1]}
}

func (l latency) String() string {
	r := func(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s  (n=%d)", r(l.P50), r(l.P90), r(l.P99), r(l.Max), l.N)
}

func (r *result) print(w io.Writer) {
	fmt.Fprintf(w, "mode         %s, %d commands, %d at once\n", r.Mode, r.Requests, r.Concurrency)
	fmt.Fprintf(w, "acknowledged %d, errors %d\n", r.Acked, r.Errors)
	for _, e := range r.ErrorSamples {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	fmt.Fprintf(w, "ack latency  %s\n", r.Ack)
	fmt.Fprintf(w, "follow-ups   %d of %d answered, %d with the digest, %d messages\n", r.Answered, r.Requests, r.Digests, r.Messages)
	for _, e := range r.FailureSamples {
		fmt.Fprintf(w, "  not a digest: %.200s\n", e)
	}
	fmt.Fprintf(w, "answer time  %s\n", r.Answer)
	fmt.Fprintf(w, "wall         %s\n", r.Wall.Round(time.Millisecond))
	if r.ServerPeakRSS > 0 {
		fmt.Fprintf(w, "server peak  %.1f MB RSS\n", float64(r.ServerPeakRSS)/(1<<20))
	}
}

// load runs the peer (and the server, with -bin), sends the commands and
// waits for their replies, all within ctx.
func load(ctx context.Context, o options, stderr io.Writer) (*result, error) {
	p, err := startPeer(o.listen, o.expect)
	if err != nil {
		return nil, fmt.Errorf("listen for replies: %w", err)
	}
	defer p.close()

	var key ed25519.PrivateKey
	if o.mode == "discord" {
		seed := make([]byte, ed25519.SeedSize)
		if o.seed == "" {
			rand.Read(seed)
		} else if seed, err = hex.DecodeString(o.seed); err != nil || len(seed) != ed25519.SeedSize {
			return nil, errors.New("-discord-seed: want 64 hex digits")
		}
		key = ed25519.NewKeyFromSeed(seed)
	}
	res := &result{Mode: o.mode, Requests: o.n, Concurrency: min(o.c, o.n)}
	if key != nil {
		res.PublicKey = hex.EncodeToString(key.Public().(ed25519.PublicKey))
	}

	target := o.url
	var srv *server
	if o.bin != "" {
		if o.secret == "" {
			o.secret = rand.Text()
		}
		env := []string{"SLACK_RESPONSE_HOSTS=127.0.0.1", "DISCORD_API_URL=" + p.discordAPI()}
		if o.mode == "slack" {
			env = append(env, "SLACK_SIGNING_SECRET="+o.secret, "DISCORD_PUBLIC_KEY=")
		} else {
			env = append(env, "SLACK_SIGNING_SECRET=", "DISCORD_PUBLIC_KEY="+res.PublicKey)
		}
		var logw io.Writer
		if o.serverLog != "" {
			f, err := os.Create(o.serverLog)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			logw = f
		}
		args := []string{"serve", "--listen", "127.0.0.1:0", "--feeds", p.feedURL(),
			"--max-concurrent", strconv.Itoa(o.maxConcurrent), "--max-queued", strconv.Itoa(o.maxQueued)}
		if srv, err = startServer(ctx, o.bin, args, env, logw); err != nil {
			return nil, err
		}
		defer func() {
			if err := srv.stop(20 * time.Second); err != nil {
				fmt.Fprintf(stderr, "loadgen: stop server: %v\n%s\n", err, srv.logTail())
			}
		}()
		target = "http://" + srv.addr + "/slack/commands"
		if o.mode == "discord" {
			target = "http://" + srv.addr + "/discord/interactions"
		}
	}
	var snd sender = slackSender{url: target, secret: o.secret, topic: o.topic, p: p}
	if o.mode == "discord" {
		snd = discordSender{url: target, topic: o.topic, key: key}
	}

	sent := make([]time.Time, o.n)
	ok := make([]bool, o.n)
	var (
		mu    sync.Mutex
		acks  []time.Duration
		fails []string
	)
	client := &http.Client{
		Timeout:   o.requestTimeout,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.c, DisableCompression: true},
	}
	defer client.CloseIdleConnections()
	next := make(chan int)
	start := time.Now()
	var wg sync.WaitGroup
	for range res.Concurrency {
		wg.Go(func() {
			for n := range next {
				req, err := snd.request(ctx, n)
				if err != nil {
					mu.Lock()
					fails = append(fails, err.Error())
					mu.Unlock()
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
					resp.Body.Close()
				}
				d := time.Since(t0)
				why := ""
				switch {
				case err != nil:
					why = err.Error()
				default:
					why = snd.accepted(resp.StatusCode, body)
				}
				mu.Lock()
				sent[n] = t0
				if err == nil {
					acks = append(acks, d)
				}
				if why == "" {
					ok[n] = true
				} else {
					fails = append(fails, why)
				}
				mu.Unlock()
			}
		})
	}
	for n := range o.n {
		select {
		case next <- n:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()

	res.Ack = summarize(acks)
	res.Errors = len(fails)
	res.ErrorSamples = samples(fails)
	for _, a := range ok {
		if a {
			res.Acked++
		}
	}

	// Wait for a reply to every acknowledged command, until ctx ends.
	var answers map[int]answer
	for {
		var changed <-chan struct{}
		answers, changed = p.snapshot()
		if len(answers) >= res.Acked {
			break
		}
		select {
		case <-changed:
			continue
		case <-ctx.Done():
		}
		break
	}
	// Give the last messages of a multi-part reply a moment.
	time.Sleep(100 * time.Millisecond)
	answers, _ = p.snapshot()
	res.Wall = time.Since(start)

	var waits []time.Duration
	var failures []string
	for n, a := range answers {
		res.Answered++
		res.Messages += a.messages
		if a.digest {
			res.Digests++
			if res.SampleDigest == "" {
				res.SampleDigest = a.text
			}
		} else {
			failures = append(failures, a.failure)
		}
		if n >= 0 && n < o.n && !sent[n].IsZero() {
			waits = append(waits, a.first.Sub(sent[n]))
		}
	}
	res.Answer = summarize(waits)
	res.FailureSamples = samples(failures)
	if srv != nil {
		res.ServerPeakRSS = srv.peakRSS()
	}
	return res, nil
}

// samples returns up to three distinct messages of errs, with counts.
func samples(errs []string) []string {
	count := map[string]int{}
	var order []string
	for _, e := range errs {
		if count[e] == 0 {
			order = append(order, e)
		}
		count[e]++
	}
	var out []string
	for _, e := range order[:min(3, len(order))] {
		out = append(out, fmt.Sprintf("%d× %s", count[e], e))
	}
	return out
}
