package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parisSummit is the seed story's articles, read by the start-up benchmarks.
var parisSummit = filepath.Join("..", "shared", "stories", "paris-summit", "articles")

// BenchmarkDigestParisSummit runs `digestbot digest` on the paris-summit
// articles in process: reading and cleaning the five files, de-duplication,
// language, grouping, summarizing and rendering the text digest — the whole
// process's work after package initialisation. The models and expressions
// that are built on first use are built before the clock starts
// (BenchmarkDigestParisSummitCold measures that first run).
func BenchmarkDigestParisSummit(b *testing.B) {
	if _, err := os.Stat(parisSummit); err != nil {
		b.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", parisSummit)
	}
	digest := func() {
		err := run(context.Background(), []string{"digest", parisSummit},
			func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
	}
	digest()
	b.ReportAllocs()
	for b.Loop() {
		digest()
	}
}

// BenchmarkDigestParisSummitCold is the first digest of a process, the one
// `digestbot digest` does: the expressions (cleaning, tagging) and models
// (Punkt, tagger) built on first use are built during the timed digest. It
// means something only as the one benchmark of a fresh test binary, with
// -benchtime 1x: build the binary with go test -c and run it several times.
func BenchmarkDigestParisSummitCold(b *testing.B) {
	if _, err := os.Stat(parisSummit); err != nil {
		b.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", parisSummit)
	}
	if b.N != 1 {
		b.Skip("skipping: a cold run is one run a process; use -benchtime 1x")
	}
	err := run(context.Background(), []string{"digest", parisSummit},
		func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
}
