package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// sharedStories are the evaluation stories, read at run time and never
// copied into the repository.
const sharedStories = "../../../shared/stories"

// sizes are the article counts measured.
var sizes = []int{50, 500, 5000}

// seed orders every set the same way from run to run.
const seed = 7

func readShared(tb testing.TB) []news.Article {
	tb.Helper()
	if _, err := os.Stat(sharedStories); err != nil {
		tb.Skipf("skipping: no shared stories at %s", sharedStories)
	}
	arts, err := Read(context.Background(), sharedStories)
	if err != nil {
		tb.Fatal(err)
	}
	return arts
}

func TestBuildSurvivesDedupe(t *testing.T) {
	base := readShared(t)
	arts := Build(base, 500, seed)
	if len(arts) != 500 {
		t.Fatalf("Build(%d articles, 500) made %d", len(base), len(arts))
	}
	ids := map[string]bool{}
	for _, a := range arts {
		if ids[a.ID] {
			t.Fatalf("Build made the ID %q twice", a.ID)
		}
		ids[a.ID] = true
	}
	r := Brief(arts, 5)
	if r.Kept != 500 {
		t.Errorf("Brief kept %d of 500 articles; want all", r.Kept)
	}
	if len(r.Top) != 5 || r.Bullets < 5*5 {
		t.Errorf("Brief digested %d stories with %d bullets; want 5 with at least 5 bullets each", len(r.Top), r.Bullets)
	}
	t.Logf("500 articles: %d kept, %d stories, top sizes %v", r.Kept, r.Stories, r.Top)
}

// BenchmarkBrief runs the brief over 50, 500 and 5,000 articles, in
// process. Peak memory is measured per size in its own process by
// TestBriefScale.
func BenchmarkBrief(b *testing.B) {
	base := readShared(b)
	for _, n := range sizes {
		arts := Build(base, n, seed)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var r Result
			for b.Loop() {
				r = Brief(arts, 5)
			}
			b.ReportMetric(float64(r.Kept), "kept")
			b.ReportMetric(float64(r.Stories), "stories")
		})
	}
}

// childEnv names the size a child process measures.
const childEnv = "DIGESTBOT_SCALE_CHILD"

// measurement is what a child process reports.
type measurement struct {
	Result
	Read, Build time.Duration
	// PeakRSS is the process's peak resident memory (VmHWM) during the
	// brief, and BaseRSS its resident memory before it, with the
	// articles built.
	PeakRSS, BaseRSS int64
	// Allocated is what the brief allocated on the heap in all.
	Allocated uint64
}

// TestBriefScale measures the brief at each size in a process of its own,
// so that peaks do not mix, and logs time and peak memory. It asserts
// nothing about either: the figures go to docs/BENCHMARKS.md.
//
//	go test -run TestBriefScale -v ./internal/scale
func TestBriefScale(t *testing.T) {
	readShared(t)
	ns := sizes
	if testing.Short() {
		ns = sizes[:2]
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%8s %6s %7s %-22s %8s %8s %8s %8s %8s %10s %9s %9s\n",
		"articles", "kept", "stories", "top story sizes", "dedupe", "group", "digest", "brief", "build", "RSS before", "peak RSS", "allocated")
	for _, n := range ns {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestBriefChild$", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"="+strconv.Itoa(n))
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("child for %d articles: %v\n%s", n, err, out)
		}
		var m measurement
		found := false
		for line := range strings.Lines(string(out)) {
			if js, ok := strings.CutPrefix(strings.TrimSpace(line), "scale-result: "); ok {
				found = json.Unmarshal([]byte(js), &m) == nil
			}
		}
		if !found {
			t.Fatalf("child for %d articles reported nothing:\n%s", n, out)
		}
		if m.Input != n || len(m.Top) == 0 || m.Bullets == 0 {
			t.Errorf("%d articles: input %d, top %v, %d bullets; want %d articles and a digest", n, m.Input, m.Top, m.Bullets, n)
		}
		ms := func(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d)/1e6) }
		mb := func(b int64) string { return fmt.Sprintf("%.0fMB", float64(b)/(1<<20)) }
		fmt.Fprintf(&table, "%8d %6d %7d %-22s %8s %8s %8s %8s %8s %10s %9s %9s\n", n, m.Kept, m.Stories, fmt.Sprint(m.Top),
			ms(m.Dedupe), ms(m.Group), ms(m.Summarize), ms(m.Total), ms(m.Read+m.Build), mb(m.BaseRSS), mb(m.PeakRSS), mb(int64(m.Allocated)))
	}
	t.Log(table.String())
}

// TestBriefChild is the child process of TestBriefScale: it reads the
// stories, builds the set, runs the brief once and prints what it
// measured. It does nothing unless started by TestBriefScale.
func TestBriefChild(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(childEnv))
	if err != nil {
		t.Skip("skipping: run by TestBriefScale")
	}
	t0 := time.Now()
	base := readShared(t)
	t1 := time.Now()
	arts := Build(base, n, seed)
	t2 := time.Now()
	base = nil
	debug.FreeOSMemory()
	// Reset the peak (VmHWM) to the current RSS, so that it measures the
	// brief and not the building of the set (Linux 4.0 or later).
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m := measurement{Read: t1.Sub(t0), Build: t2.Sub(t1), BaseRSS: procStatus("VmRSS")}
	m.Result = Brief(arts, 5)
	runtime.ReadMemStats(&after)
	m.PeakRSS = procStatus("VmHWM")
	m.Allocated = after.TotalAlloc - before.TotalAlloc
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("scale-result: %s\n", js)
}

// procStatus returns a memory figure of /proc/self/status in bytes, or 0
// where there is none.
func procStatus(key string) int64 {
	data, err := os.ReadFile(filepath.Join("/proc", "self", "status"))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
