package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/cli"
)

// fivePercentBad makes one page in twenty bad: alternately slow (answered
// after two seconds) and dead (the server accepts and never answers).
func fivePercentBad(items int) func(f, i int) pageKind {
	return func(f, i int) pageKind {
		n := f*items + i
		switch {
		case n%20 != 7:
			return pageOK
		case (n/20)%2 == 0:
			return pageSlow
		default:
			return pageDead
		}
	}
}

// BenchmarkBriefFeeds measures the wall time of `digestbot brief` over 20
// feeds of 50 teaser items each, served on loopback (one host per feed),
// every page sound, and with 5 % of the items' pages slow or dead. Run it
// once:
//
//	go test -run '^$' -bench BriefFeeds -benchtime 1x .
func BenchmarkBriefFeeds(b *testing.B) {
	const feeds, items = 20, 50
	for _, bb := range []struct {
		name string
		kind func(f, i int) pageKind
	}{
		{"pages=sound", func(f, i int) pageKind { return pageOK }},
		{"pages=5%-slow-or-dead", fivePercentBad(items)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			w := newFeedWorld(b, feeds, items, bb.kind)
			args := []string{"brief", "--quiet", "--format", "json", "--feeds", strings.Join(w.feedURLs(), ",")}
			for b.Loop() {
				var out, errb bytes.Buffer
				err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
				code := cli.ExitCode(err, &errb)
				if out.Len() == 0 {
					b.Fatalf("brief: exit %d, no brief; stderr:\n%s", code, errb.String())
				}
				b.ReportMetric(float64(code), "exit")
				b.ReportMetric(float64(strings.Count(errb.String(), "\n")), "stderr-lines")
			}
			b.ReportMetric(float64(w.pageHits.Load())/float64(b.N), "page-requests")
		})
	}
}
