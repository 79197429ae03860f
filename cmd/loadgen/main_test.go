package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// digestbot is the path of the digestbot binary the tests start, built
// once by TestMain; empty when it could not be built.
var digestbot, buildErr = "", ""

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loadgen-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if gobin, err := exec.LookPath("go"); err != nil {
		buildErr = "no go command to build digestbot: " + err.Error()
	} else {
		bin := filepath.Join(dir, "digestbot")
		if out, err := exec.Command(gobin, "build", "-o", bin, "github.com/digestbot/digestbot").CombinedOutput(); err != nil {
			buildErr = fmt.Sprintf("go build digestbot: %v\n%s", err, out)
		} else {
			digestbot = bin
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildDigestbot returns the digestbot binary, failing t when it could
// not be built.
func buildDigestbot(t *testing.T) string {
	t.Helper()
	if digestbot == "" {
		t.Fatal(buildErr)
	}
	return digestbot
}

// TestLoad sends 200 signed /digest commands at once to the real binary,
// on each platform, and checks that every one is acknowledged and answered
// with a digest. Latency is logged, not asserted: the figures belong in
// docs/BENCHMARKS.md.
func TestLoad(t *testing.T) {
	bin := buildDigestbot(t)
	for _, mode := range []string{"slack", "discord"} {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var serverLog bytes.Buffer
			o := options{
				mode: mode, bin: bin, n: 200, c: 200, listen: "127.0.0.1:0",
				topic: "harbor bridge", expect: "bridge", requestTimeout: 10 * time.Second,
			}
			res, err := load(ctx, o, &serverLog)
			if err != nil {
				t.Fatalf("load: %v\n%s", err, serverLog.String())
			}
			if res.Acked != 200 || res.Errors != 0 {
				t.Errorf("acknowledged %d of 200, %d errors %q; want 200, 0", res.Acked, res.Errors, res.ErrorSamples)
			}
			if res.Ack.N != 200 {
				t.Errorf("%d HTTP answers; want 200", res.Ack.N)
			}
			if res.Answered != 200 || res.Digests != 200 {
				t.Errorf("%d answered, %d with a digest, not %q; want 200, 200", res.Answered, res.Digests, res.FailureSamples)
			}
			if !strings.Contains(res.SampleDigest, "Riverton harbor bridge") {
				t.Errorf("sample digest %.300q; want the harbor bridge story", res.SampleDigest)
			}
			var out strings.Builder
			res.print(&out)
			t.Logf("\n%s", out.String())
		})
	}
}

// TestBusy checks that commands beyond the server's --max-concurrent and
// --max-queued are acknowledged, refused as busy, and counted as errors,
// not lost.
func TestBusy(t *testing.T) {
	bin := buildDigestbot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	o := options{
		mode: "slack", bin: bin, n: 20, c: 20, maxConcurrent: 1, maxQueued: 1, listen: "127.0.0.1:0",
		topic: "harbor bridge", expect: "bridge", requestTimeout: 10 * time.Second,
	}
	res, err := load(ctx, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Acked+res.Errors != 20 || res.Ack.N != 20 {
		t.Errorf("acked %d + errors %d, %d HTTP answers; want 20 of each", res.Acked, res.Errors, res.Ack.N)
	}
	if res.Errors == 0 || !strings.Contains(strings.Join(res.ErrorSamples, " "), "busy") {
		t.Errorf("errors %d %q; want some refused as busy", res.Errors, res.ErrorSamples)
	}
	if res.Answered != res.Acked || res.Digests != res.Acked {
		t.Errorf("answered %d, digests %d; want each of the %d acknowledged", res.Answered, res.Digests, res.Acked)
	}
}

func TestSummarize(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 200; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := summarize(ds)
	want := latency{N: 200, P50: 100 * time.Millisecond, P90: 180 * time.Millisecond, P99: 198 * time.Millisecond, Max: 200 * time.Millisecond}
	if got != want {
		t.Errorf("summarize(1…200 ms) = %+v; want %+v", got, want)
	}
	if got := summarize(nil); got != (latency{}) {
		t.Errorf("summarize(nil) = %+v; want zero", got)
	}
}
