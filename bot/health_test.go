package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestHealthDeliveries plays delivery outcomes, each some minutes before
// the check, and checks the answer: unhealthy only when every delivery of
// the last 15 minutes failed.
func TestHealthDeliveries(t *testing.T) {
	type event struct {
		ago     time.Duration
		outcome string
	}
	m := time.Minute
	tests := []struct {
		name   string
		events []event
		want   string // in the reason; "" for healthy
	}{
		{"no deliveries", nil, ""},
		{"one sent", []event{{m, "sent"}}, ""},
		{"one retry", []event{{m, "retry"}}, "every one in the last 15 minutes failed (1 attempt: discord 1); sent: none since the start"},
		{"given up", []event{{2 * m, "failed"}, {m, "failed"}}, "(2 attempts: discord 2)"},
		{"failures then a success", []event{{3 * m, "retry"}, {2 * m, "retry"}, {m, "sent"}}, ""},
		{"a success then a failure", []event{{5 * m, "sent"}, {m, "retry"}}, ""},
		{"a success before the window", []event{{20 * m, "sent"}, {10 * m, "retry"}, {m, "retry"}}, "sent: the last at 2026-11-23T06:40:00Z"},
		{"failures before the window only", []event{{40 * m, "sent"}, {20 * m, "retry"}, {16 * m, "failed"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
			at := now
			h := &Health{Now: func() time.Time { return at }}
			for _, e := range tt.events {
				at = now.Add(-e.ago)
				h.Delivered("discord:42", e.outcome)
			}
			at = now
			got := strings.Join(h.Check(context.Background()), "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("Check = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestHealthPing checks the store's part: an error or a ping without an
// answer is unhealthy, and the answer is reused for CacheFor however
// often the check is called.
func TestHealthPing(t *testing.T) {
	now := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	var fail atomic.Value
	fail.Store("")
	h := &Health{
		Now:         func() time.Time { return now },
		PingTimeout: 50 * time.Millisecond,
		Ping: func(ctx context.Context) error {
			calls.Add(1)
			switch fail.Load() {
			case "error":
				return errors.New("dial tcp 10.1.2.3:5432: connection refused")
			case "hang":
				<-ctx.Done()
				return ctx.Err()
			}
			return nil
		},
	}
	ctx := context.Background()
	for _, step := range []struct {
		fail    string
		advance time.Duration
		calls   int32
		want    string
	}{
		{"", 0, 1, ""},
		{"error", time.Second, 1, ""}, // the answer of a second ago still holds
		{"error", 5 * time.Second, 2, "store: the database does not answer a ping (the log has the error)"},
		{"", time.Second, 2, "store: the database does not answer a ping"},
		{"hang", 5 * time.Second, 3, "store: the database does not answer within 50ms"},
		{"", 5 * time.Second, 4, ""},
	} {
		fail.Store(step.fail)
		now = now.Add(step.advance)
		got := strings.Join(h.Check(ctx), "\n")
		if step.want == "" && got != "" || !strings.Contains(got, step.want) || calls.Load() != step.calls {
			t.Errorf("after %v with the store answering %q: Check = %q after %d pings; want %q after %d", step.advance, step.fail, got, calls.Load(), step.want, step.calls)
		}
		if strings.Contains(got, "10.1.2.3") {
			t.Errorf("Check = %q shows the store's address", got)
		}
	}
}

func TestHealthServeHTTP(t *testing.T) {
	h := &Health{}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Errorf("healthy: %d %q; want 200 and ok", rec.Code, rec.Body.String())
	}
	h.Ping = func(context.Context) error { return errors.New("down") }
	h.Delivered("slack-webhook:hooks.slack.com/abc", "retry")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != http.StatusServiceUnavailable || len(lines) != 2 || !strings.HasPrefix(lines[0], "store: ") || !strings.HasPrefix(lines[1], "deliveries: ") ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("unhealthy: %d %q (%s); want 503, text/plain, a reason per line", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
	if strings.Contains(rec.Body.String(), "hooks.slack.com") {
		t.Errorf("unhealthy: %q shows a destination's address; want only its kind", rec.Body.String())
	}
}

// TestHealthFromTheRunner: the runner's delivery metrics feed Health, so
// a platform refusing every post makes the bot unhealthy until a post
// goes through.
func TestHealthFromTheRunner(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	h := &Health{}
	r.Metrics = NewMetrics(prometheus.NewRegistry())
	r.Metrics.Health = h
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	box.fails = []error{errDown}
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if got := h.Check(ctx); len(got) != 1 || !strings.HasPrefix(got[0], "deliveries: ") {
		t.Errorf("after a failed delivery, Check = %q; want the deliveries' reason", got)
	}
	clk.advance(time.Hour)
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v; want 1", n, err)
	}
	if got := h.Check(ctx); len(got) != 0 {
		t.Errorf("after a delivery went through, Check = %q; want healthy", got)
	}
}

// TestHealthLogsChanges: the log says when the bot becomes unhealthy,
// why, and when it recovers, once each, not at every check.
func TestHealthLogsChanges(t *testing.T) {
	var log strings.Builder
	h := &Health{Logger: slog.New(slog.NewTextHandler(&log, nil))}
	ctx := context.Background()
	h.Check(ctx)
	for range 3 {
		h.Delivered("discord:42", "retry")
		h.Check(ctx)
	}
	h.Delivered("discord:42", "sent")
	h.Check(ctx)
	h.Check(ctx)
	got := log.String()
	if strings.Count(got, "msg=unhealthy") != 1 || strings.Count(got, `msg="healthy again"`) != 1 || !strings.Contains(got, "deliveries: every one") {
		t.Errorf("log:\n%s\nwant one line saying unhealthy and why, one saying healthy again", got)
	}
}
