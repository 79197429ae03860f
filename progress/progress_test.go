package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/sources"
)

// TestProgressText: the progress line counts sources and fetches, and the
// time since the load began.
func TestProgressText(t *testing.T) {
	tests := []struct {
		p    sources.Progress
		f    sources.Fetches
		want string
	}{
		{sources.Progress{}, sources.Fetches{}, "3s "},
		{sources.Progress{}, sources.Fetches{Begun: 1}, "fetches: 0 of 1 done; 3s "},
		{sources.Progress{Done: 1, Total: 20}, sources.Fetches{}, "sources: 1 of 20 done; 3s "},
		{sources.Progress{Done: 3, Failed: 1, Total: 20}, sources.Fetches{Begun: 512, Done: 480, Failed: 3}, "sources: 3 of 20 done (1 failed); fetches: 480 of 512 done (3 failed); 3s "},
	}
	for _, tt := range tests {
		if got := Text(tt.p, tt.f, 3*time.Second+400*time.Millisecond); got != tt.want {
			t.Errorf("Text(%+v, %+v) = %q; want %q", tt.p, tt.f, got, tt.want)
		}
	}
}

// TestProgressLine: the line is redrawn in place while the load goes on
// and ended with a newline, so that what is printed next has a line of
// its own.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer // written under the line's lock only, read after End
	pl := NewLine(&buf, time.Millisecond)
	pl.Fetches(sources.Fetches{Begun: 1})
	pl.Sources(sources.Progress{Done: 1, Total: 2})
	time.Sleep(20 * time.Millisecond) // redrawn meanwhile
	pl.Sources(sources.Progress{Done: 2, Total: 2})
	pl.End()
	out := buf.String()
	if !strings.HasPrefix(out, "\rfetches: 0 of 1 done; ") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("progress output %q; want lines drawn over each other with \\r, ended by one newline", out)
	}
	if last := out[strings.LastIndex(out, "\r")+1:]; !strings.HasPrefix(last, "sources: 2 of 2 done; fetches: 0 of 1 done; ") {
		t.Errorf("last drawing %q; want the final counts", last)
	}
}

// TestShow: Show hooks the line into a load's options, and its end may be
// called more than once, as a command ends it when fetching is done and
// again on its way out.
func TestShow(t *testing.T) {
	var buf bytes.Buffer
	var lo sources.LoadOptions
	end := Show(&lo, &buf)
	if lo.Progress == nil || lo.Fetches == nil {
		t.Fatal("Show left the load's Progress or Fetches unset")
	}
	lo.Progress(sources.Progress{})
	end()
	end()
	if buf.Len() == 0 {
		t.Error("Show drew nothing")
	}
}
