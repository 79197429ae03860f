package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// stats is a store's answers to the metrics.
type stats struct {
	pending int
	oldest  time.Time
	runs    map[string]time.Time
	err     error
}

func (s *stats) Outbox(context.Context) (int, time.Time, error) { return s.pending, s.oldest, s.err }
func (s *stats) LastRuns(context.Context) (map[string]time.Time, error) {
	return s.runs, s.err
}

// gather returns the registry's samples as "name{labels} value" lines,
// sorted.
func gather(t *testing.T, reg *prometheus.Registry) []string {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	var out []string
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			out = append(out, fmt.Sprintf("%s{%s} %g", mf.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
		}
	}
	slices.Sort(out)
	return out
}

func TestStoreCollector(t *testing.T) {
	now := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		stats stats
		want  []string
	}{
		{"outbox waiting", stats{pending: 3, oldest: now.Add(-90 * time.Second), runs: map[string]time.Time{
			"morning": now.Add(-time.Hour), "removed": now.Add(-100 * time.Hour)}}, []string{
			fmt.Sprintf(`digestbot_brief_last_success_timestamp_seconds{brief="morning"} %g`, float64(now.Add(-time.Hour).Unix())),
			`digestbot_outbox_oldest_pending_age_seconds{} 90`,
			`digestbot_outbox_pending{} 3`,
			`digestbot_store_up{} 1`,
		}},
		{"nothing yet", stats{}, []string{
			`digestbot_outbox_oldest_pending_age_seconds{} 0`,
			`digestbot_outbox_pending{} 0`,
			`digestbot_store_up{} 1`,
		}},
		{"store down", stats{err: errors.New("connection refused")}, []string{
			`digestbot_store_up{} 0`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			c := NewStoreCollector(&tt.stats, []string{"morning", "evening"}, 0).(*storeCollector)
			c.now = func() time.Time { return now }
			reg.MustRegister(c)
			if got := gather(t, reg); !slices.Equal(got, tt.want) {
				t.Errorf("metrics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
