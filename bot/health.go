package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Health answers the question a container health check asks: is the bot
// working? It is unhealthy while its store does not answer a ping, or when
// every delivery of the last Window failed (a platform refusing every post,
// a revoked token). No delivery at all is healthy: a bot with nothing to
// post is not broken.
//
// The runner reports each delivery's outcome through Metrics (Delivered);
// ServeHTTP answers 200 "ok", or 503 with the reasons, one per line. The
// store is pinged at most once per CacheFor, however often the check is
// called, so that health checks cost the database next to nothing.
type Health struct {
	// Ping checks the store; nil skips the check.
	Ping func(ctx context.Context) error
	// Window is how far back deliveries count; zero means DefaultHealthWindow.
	Window time.Duration
	// PingTimeout bounds one ping; zero means 2 seconds.
	PingTimeout time.Duration
	// CacheFor is how long a ping's answer is reused; zero means 5 seconds.
	CacheFor time.Duration
	// Now is the clock; nil means time.Now. It is the wall clock, not the
	// scheduler's: health checks count real minutes.
	Now func() time.Time
	// Logger receives the reasons when health changes; nil discards them.
	Logger *slog.Logger

	mu       sync.Mutex
	lastOK   time.Time  // the latest delivery sent
	failures []failure  // deliveries failed since lastOK, oldest first
	unwell   string     // what was wrong at the last check, "" when healthy
	pingMu   sync.Mutex // one ping at a time; the others wait for its answer
	pinged   time.Time  // when the cached answer was had
	pingErr  error      // the cached answer
	pingOnce bool       // a ping was made
}

// DefaultHealthWindow is how far back Health looks at deliveries.
const DefaultHealthWindow = 15 * time.Minute

// maxFailures bounds the failures Health remembers between successes.
const maxFailures = 10000

// failure is one failed delivery attempt.
type failure struct {
	at   time.Time
	kind string // of destination: "slack", "discord-webhook"
}

func (h *Health) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Health) window() time.Duration {
	if h.Window > 0 {
		return h.Window
	}
	return DefaultHealthWindow
}

// Delivered records the outcome of one delivery to dest: "sent", or
// "retry" and "failed" (both failures); other outcomes ("resent", a send
// taken up again after its sender stopped) say nothing of health.
func (h *Health) Delivered(dest, outcome string) {
	if h == nil || outcome != "sent" && outcome != "retry" && outcome != "failed" {
		return
	}
	now := h.now()
	kind, _, _ := strings.Cut(dest, ":")
	h.mu.Lock()
	defer h.mu.Unlock()
	if outcome == "sent" {
		h.lastOK = now
		h.failures = h.failures[:0]
		return
	}
	if len(h.failures) == maxFailures {
		h.failures = append(h.failures[:0], h.failures[1:]...)
	}
	h.failures = append(h.failures, failure{at: now, kind: kind})
}

// Check returns why the bot is unhealthy, one reason each, or nothing.
// The reasons may be shown to whoever reaches the endpoint, so a store's
// error (which names its host, a file's path) goes to the log only.
func (h *Health) Check(ctx context.Context) []string {
	var reasons []string
	if err := h.ping(ctx); errors.Is(err, errNoAnswer) {
		reasons = append(reasons, "store: "+err.Error())
	} else if err != nil {
		reasons = append(reasons, "store: the database does not answer a ping (the log has the error)")
	}
	if r := h.deliveries(); r != "" {
		reasons = append(reasons, r)
	}
	h.report(reasons)
	return reasons
}

// deliveries returns why the deliveries are unhealthy, or "".
func (h *Health) deliveries() string {
	now := h.now()
	since := now.Add(-h.window())
	h.mu.Lock()
	defer h.mu.Unlock()
	i, _ := slices.BinarySearchFunc(h.failures, since, func(f failure, t time.Time) int { return f.at.Compare(t) })
	h.failures = append(h.failures[:0], h.failures[i:]...) // older ones no longer count
	if len(h.failures) == 0 || !h.lastOK.Before(since) {
		return ""
	}
	kinds := map[string]int{}
	for _, f := range h.failures {
		kinds[f.kind]++
	}
	var by []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		by = append(by, fmt.Sprintf("%s %d", k, kinds[k]))
	}
	last := "none since the start"
	if !h.lastOK.IsZero() {
		last = "the last at " + h.lastOK.UTC().Format(time.RFC3339)
	}
	attempts := "attempts"
	if len(h.failures) == 1 {
		attempts = "attempt"
	}
	return fmt.Sprintf("deliveries: every one in the last %s failed (%d %s: %s); sent: %s",
		minutes(h.window()), len(h.failures), attempts, strings.Join(by, ", "), last)
}

// ping pings the store, or reuses an answer younger than CacheFor.
func (h *Health) ping(ctx context.Context) error {
	if h.Ping == nil {
		return nil
	}
	cacheFor, timeout := h.CacheFor, h.PingTimeout
	if cacheFor <= 0 {
		cacheFor = 5 * time.Second
	}
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	h.pingMu.Lock()
	defer h.pingMu.Unlock()
	if h.pingOnce && h.now().Sub(h.pinged) < cacheFor {
		return h.pingErr
	}
	// The answer is shared: a caller that gives up must not cut it short.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	err := h.Ping(pctx)
	if err != nil && pctx.Err() != nil {
		err = fmt.Errorf("%w within %s", errNoAnswer, timeout)
	}
	if err != nil && h.Logger != nil && (h.pingErr == nil || h.pingErr.Error() != err.Error()) {
		h.Logger.Warn("health: store ping failed", "err", err)
	}
	h.pingErr, h.pinged, h.pingOnce = err, h.now(), true
	return err
}

// errNoAnswer is a ping that timed out.
var errNoAnswer = errors.New("the database does not answer")

// report logs the reasons when what is wrong changes (not the counts in
// a reason).
func (h *Health) report(reasons []string) {
	var what []string
	for _, r := range reasons {
		part, _, _ := strings.Cut(r, ":")
		what = append(what, part)
	}
	key := strings.Join(what, ", ")
	h.mu.Lock()
	changed := key != h.unwell
	h.unwell = key
	h.mu.Unlock()
	if !changed || h.Logger == nil {
		return
	}
	if key == "" {
		h.Logger.Info("healthy again")
	} else {
		h.Logger.Warn("unhealthy", "reasons", reasons)
	}
}

// ServeHTTP answers a health check: 200 "ok", or 503 with a reason per
// line.
func (h *Health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reasons := h.Check(r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if len(reasons) == 0 {
		fmt.Fprintln(w, "ok")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	for _, reason := range reasons {
		fmt.Fprintln(w, reason)
	}
}

// minutes formats d for people: "15 minutes", "1 minute", "90 seconds".
func minutes(d time.Duration) string {
	switch {
	case d == time.Minute:
		return "minute"
	case d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return d.String()
}

// AskHealth asks the health endpoint at url of a running bot whether it
// is healthy, within five seconds. status is "" when it answered 200 OK;
// else the status it answered, and the reasons it gave, one per line.
// err is the request's.
func AskHealth(ctx context.Context, client *http.Client, url string) (status string, reasons []string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return "", nil, nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		for line := range strings.Lines(string(body)) {
			if line = strings.TrimSpace(line); line != "" {
				reasons = append(reasons, line)
			}
		}
	}
	return resp.Status, reasons, nil
}
