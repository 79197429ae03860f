package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Daemon is the long-running bot: it serves HTTP endpoints (the slash
// commands, /healthz, /metrics), keeps its platform connections, tidies
// its store, and runs briefs on their schedules, until its context ends;
// then it finishes the work in flight and stops. Without a Runner it only
// serves (the serve command).
type Daemon struct {
	// Listener is where the endpoints are served.
	Listener net.Listener
	// Routes are the endpoints, by http.ServeMux pattern
	// ("POST /slack/commands").
	Routes map[string]http.Handler
	// Connections are held for as long as the daemon runs (Slack's Socket
	// Mode, Discord's gateway), by name for the log; each returns when ctx
	// ends, and an error before then is logged.
	Connections map[string]func(ctx context.Context) error
	// Shutdown waits for the answers in flight once the endpoints stopped
	// taking requests, until its ctx ends (ShutdownGrace); its error (the
	// answers given up) is the adapter's to log.
	Shutdown []func(ctx context.Context) error
	// Runner runs Briefs on their schedules and delivers its outbox; nil
	// runs none.
	Runner *Runner
	// Briefs are the briefs Runner runs, the follow run among them when
	// following is on.
	Briefs []Brief
	// Following answers /digest follow, following and unfollow; nil when
	// following is off (Endpoints.Mount wires it to the slash commands).
	Following *Following
	// Grace is how late a run missed while the bot was down is made up.
	Grace time.Duration
	// Poll is how often the outbox is checked for due deliveries.
	Poll time.Duration
	// Clock is the scheduler's; nil means the wall clock.
	Clock Clock
	// Prune, when set, forgets what the store holds from before a time,
	// except what a brief's window still needs (store.Store.Prune): the
	// daemon prunes what is older than Retention at start, then every
	// PruneEvery of Clock, and RunOnce once it delivered.
	Prune func(ctx context.Context, before time.Time, window time.Duration) (Pruned, error)
	// Retention is how long the store keeps what it holds.
	Retention time.Duration
	// Reports, when set, gathers what the Runner's fetches made of their
	// feeds; RunOnce reads it to say why a brief was empty.
	Reports *FeedTally
	// Health answers /healthz, and Registry holds the metrics of /metrics
	// (Endpoints.Mount serves them).
	Health   http.Handler
	Registry *prometheus.Registry
	// Logger receives what happens; nil discards it. LogAttrs are added to
	// its "serving" line.
	Logger   *slog.Logger
	LogAttrs []any
}

// Lifecycle bounds of a Daemon.
const (
	// PruneEvery is how often a daemon prunes its store, after once at
	// start.
	PruneEvery = time.Hour
	// ServeGrace bounds the wait for HTTP requests in flight once the
	// daemon stops.
	ServeGrace = 10 * time.Second
	// ShutdownGrace bounds the wait for the slash-command answers in
	// flight, after the HTTP server stopped.
	ShutdownGrace = 20 * time.Second
)

// Run runs the daemon until ctx ends, and returns once the work in flight
// is done: a brief run, the send in progress, the answers to commands
// taken. Its error is the HTTP server's when it could not serve, or the
// runner's.
func (d *Daemon) Run(ctx context.Context) error {
	log := d.log()
	clock := d.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	mux := http.NewServeMux()
	for pattern, h := range d.Routes {
		mux.Handle(pattern, h)
	}
	log.Info("serving", append([]any{"addr", d.Listener.Addr().String()}, d.LogAttrs...)...)
	var wg sync.WaitGroup
	var serveErr error
	wg.Go(func() {
		if serveErr = Serve(ctx, d.Listener, mux, ServeGrace); serveErr != nil && d.Runner != nil {
			log.Error("http", "err", serveErr)
		}
	})
	for name, connect := range d.Connections {
		wg.Go(func() {
			if err := connect(ctx); err != nil && ctx.Err() == nil {
				log.Error(name, "err", err)
			}
		})
	}
	if d.Prune != nil {
		wg.Go(func() {
			for ctx.Err() == nil {
				d.prune(ctx, clock.Now())
				select {
				case <-ctx.Done():
				case <-clock.After(PruneEvery):
				}
			}
		})
	}
	var err error
	if d.Runner != nil {
		err = d.Runner.Run(ctx, d.Briefs, d.Grace, clock, d.Poll)
		log.Info("stopping: finishing work in flight")
	}
	wg.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	var sw sync.WaitGroup
	for _, shutdown := range d.Shutdown {
		sw.Go(func() { _ = shutdown(sctx) })
	}
	sw.Wait()
	if d.Runner == nil {
		return serveErr
	}
	log.Info("stopped")
	return err
}

// log returns the Logger, or one that discards.
func (d *Daemon) log() *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger
}

// Serve serves h on ln until ctx ends, then shuts down gracefully within
// grace.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down the HTTP server: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}
