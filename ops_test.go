package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/digestbot/digestbot/internal/netfault"
)

// runEnv runs the program with the environment env and returns its exit
// code and output.
func runEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

// TestConfigCheckShowsNoSecret runs config check on files whose secrets,
// well-formed or not, are written out or come from the environment: the
// problems name the line and the setting, never the secret (each holds
// S3CR3T where its secret is).
func TestConfigCheckShowsNoSecret(t *testing.T) {
	tests := []struct {
		name, setting, value string
		problem              string // a problem config check must report, if any
	}{
		{"postgres password with a space", "store", "postgres://digest:pa ss S3CR3T@db/x", "not a valid PostgreSQL URL"},
		{"postgres password in the query", "store", "postgres://digest@/x?password=S3CR3T", "names no host"},
		{"postgres bad port", "store", "postgres://digest:S3CR3T@db:99999/x", "port"},
		{"postgres key=value", "store", "host=db user=digest password=S3CR3T", "key=value"},
		{"well-formed postgres password", "store", "postgres://digest:S3CR3T@db/x", ""},
		{"slack webhook with a comma", "to", "slack-webhook:ftp://hooks.slack.com/services/T0/B0/x,S3CR3T", "want the webhook's https:// URL"},
		{"webhook without a host", "to", "discord-webhook:https:///api/webhooks/1/S3CR3T", "want the webhook's https:// URL"},
		{"webhook with a mistyped kind", "to", "slack_webhook:https://hooks.slack.com/services/T0/B0/S3CR3T", "unknown kind"},
		{"bare webhook URL", "to", "https://discord.com/api/webhooks/1/S3 CR3T", "a bare URL"},
		{"short slack token as a destination", "to", "xoxb-S3CR3T", "no destination named"},
		{"discord token as a destination", "to", "MTA0NTY3.S3CR3T.x", "no destination named"},
		{"well-formed slack webhook", "to", "slack-webhook:https://hooks.slack.com/services/T0/B0/S3CR3Tabcdefgh", ""},
		{"malformed app token", "app_token", "xapq-S3CR3T", "not an app-level token"},
		{"signing secret", "signing_secret", "S3CR3T-signing", ""},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		for _, fromEnv := range []bool{false, true} {
			v := tt.value
			if fromEnv {
				v = "${SECRET}"
			}
			var b strings.Builder
			b.WriteString("feeds:\n  world: [https://example.com/rss]\n")
			switch tt.setting {
			case "store":
				b.WriteString("store: \"" + v + "\"\n")
			case "to":
				b.WriteString("briefs:\n  - name: morning\n    feeds: [world]\n    schedule: \"0 7 * * *\"\n    to: [\"" + v + "\"]\n")
			default:
				b.WriteString("slash:\n  slack: {" + tt.setting + ": \"" + v + "\"}\n")
			}
			path := filepath.Join(dir, "digestbot.yaml")
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runEnv(t, map[string]string{"SECRET": tt.value}, "config", "check", path)
			if strings.Contains(out+errs, "CR3T") {
				t.Errorf("%s (from the environment: %v): config check shows the secret:\n%s%s", tt.name, fromEnv, out, errs)
			}
			if tt.problem != "" && (code != 1 || !strings.Contains(errs, tt.problem)) {
				t.Errorf("%s (from the environment: %v): exit %d, %q; want 1 and a problem saying %q", tt.name, fromEnv, code, errs, tt.problem)
			}
		}
	}
}

// daemon is digestbot run, in-process, serving on addr.
type daemon struct {
	addr string
	log  *syncBuffer
	stop func()
}

// startDaemon runs "digestbot run --config cfg args…" with the
// environment env until the test ends, and waits until it serves HTTP.
func startDaemon(t *testing.T, cfg, addr string, env map[string]string, args ...string) *daemon {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	d := &daemon{addr: addr, log: &syncBuffer{}}
	go func() {
		done <- run(ctx, append([]string{"run", "--config", cfg}, args...), func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, d.log)
	}()
	stopped := false
	d.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run = %v\n%s", err, d.log.String())
		}
	}
	t.Cleanup(d.stop)
	waitUntil(t, 30*time.Second, "the daemon to serve HTTP", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	return d
}

// get returns the status and body of GET path from the daemon.
func (d *daemon) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + d.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// healthz waits until /healthz answers status with a body holding want.
func (d *daemon) healthz(t *testing.T, status int, want string) {
	t.Helper()
	var code int
	var body string
	waitUntil(t, 30*time.Second, fmt.Sprintf("/healthz to answer %d %q", status, want), func() bool {
		code, body = d.get(t, "/healthz")
		return code == status && strings.Contains(body, want)
	}, func() string { return fmt.Sprintf("it answers %d %q\n%s", code, body, d.log.String()) })
}

// metric returns the value of the sample name{labels} ("" for none) in a
// Prometheus text exposition, and whether there is one.
func metric(text, name, labels string) (float64, bool) {
	prefix := name + " "
	if labels != "" {
		prefix = name + "{" + labels + "} "
	}
	for line := range strings.Lines(text) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

// waitUntil polls cond until it holds, failing the test after limit with
// what it waited for and, if given, what explain says.
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool, explain ...func() string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			msg := ""
			for _, e := range explain {
				msg += "; " + e()
			}
			t.Fatalf("gave up after %s waiting for %s%s", limit, what, msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// fakeDiscord is Discord's create-message endpoint, rate limiting the bot
// (a five-minute retry_after, so that each post fails at once) while
// failing is set.
func fakeDiscord(t *testing.T, failing *atomic.Bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if failing.Load() {
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message": "You are being rate limited.", "retry_after": 300.0, "global": false}`)
			return
		}
		fmt.Fprint(w, `{"id": "1", "channel_id": "42"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDaemonHealthAndMetrics runs the daemon on SQLite while Discord
// refuses every post, then recovers, then the database file is moved away
// and back: /healthz and "digestbot health" say what is wrong, with the
// reason, and /metrics shows the outbox and the brief's last run.
func TestDaemonHealthAndMetrics(t *testing.T) {
	site := newsSite(t)
	var failing atomic.Bool
	failing.Store(true)
	discordAPI := fakeDiscord(t, &failing)
	dir := t.TempDir()
	db := filepath.Join(dir, "digestbot.db")
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "digestbot.yaml")
	// The brief's run of this minute is made up at start.
	os.WriteFile(cfg, []byte(fmt.Sprintf(`store: %s
listen: %s
feeds:
  local: [%s/feed.rss]
briefs:
  - name: morning
    feeds: [local]
    schedule: "%d * * * *"
    timezone: UTC
    to: [discord:42]
`, db, addr, site.URL, time.Now().UTC().Minute())), 0o644)
	env := map[string]string{"DISCORD_BOT_TOKEN": "discord-test-token", "DISCORD_API_URL": discordAPI.URL + "/api/v10"}
	start := time.Now()
	d := startDaemon(t, cfg, addr, env, "--poll", "200ms", "--retry", "300ms")

	// Every delivery fails.
	d.healthz(t, http.StatusServiceUnavailable, "deliveries: every one in the last 15 minutes failed")
	code, _, errs := runEnv(t, nil, "health", "--url", "http://"+addr+"/healthz")
	if code != 1 || !strings.Contains(errs, "503 Service Unavailable") || !strings.Contains(errs, "digestbot: health: deliveries: every one in the last 15 minutes failed (") {
		t.Errorf("digestbot health: exit %d, %q; want 1 with the status and the reason", code, errs)
	}
	_, text := d.get(t, "/metrics")
	pending, ok1 := metric(text, "digestbot_outbox_pending", "")
	age, ok2 := metric(text, "digestbot_outbox_oldest_pending_age_seconds", "")
	last, ok3 := metric(text, "digestbot_brief_last_success_timestamp_seconds", `brief="morning"`)
	up, ok4 := metric(text, "digestbot_store_up", "")
	if !ok1 || !ok2 || !ok3 || !ok4 || pending < 1 || age <= 0 || up != 1 ||
		last < float64(start.Add(-time.Second).Unix()) || last > float64(time.Now().Unix()+1) {
		t.Errorf("/metrics: pending %v %v, oldest age %v %v, morning's last run %v %v, store up %v %v; want at least 1 pending, an age, the run just made, 1\n%s",
			pending, ok1, age, ok2, last, ok3, up, ok4, text)
	}

	// Discord recovers: the outbox empties and the bot is healthy again.
	failing.Store(false)
	d.healthz(t, http.StatusOK, "ok")
	waitUntil(t, 30*time.Second, "the outbox to empty (/metrics)", func() bool {
		_, text = d.get(t, "/metrics")
		pending, _ := metric(text, "digestbot_outbox_pending", "")
		age, _ := metric(text, "digestbot_outbox_oldest_pending_age_seconds", "")
		return pending == 0 && age == 0
	})
	if code, out, errs := runEnv(t, nil, "health", "--url", "http://"+addr+"/healthz"); code != 0 || out != "ok\n" {
		t.Errorf("digestbot health: exit %d, %q %q; want 0 and ok", code, out, errs)
	}

	// The database file is moved away under the running bot, then back.
	must(t, os.Rename(db, db+".moved"))
	d.healthz(t, http.StatusServiceUnavailable, "store: the database does not answer a ping")
	code, _, errs = runEnv(t, nil, "health", "--url", "http://"+addr+"/healthz")
	if code != 1 || !strings.Contains(errs, "digestbot: health: store: ") || strings.Contains(errs, dir) {
		t.Errorf("digestbot health: exit %d, %q; want 1 with the store's reason, without its path", code, errs)
	}
	must(t, os.Rename(db+".moved", db))
	d.healthz(t, http.StatusOK, "ok")
	d.stop()
	if !strings.Contains(d.log.String(), "store: ping "+db) {
		t.Errorf("the log does not say why the store was unhealthy:\n%s", d.log.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// postgresStore returns the URL of a schema of its own in the database
// DIGESTBOT_TEST_POSTGRES names, dropped when the test ends; it skips the
// test when the variable is unset.
func postgresStore(t *testing.T) string {
	t.Helper()
	base := os.Getenv("DIGESTBOT_TEST_POSTGRES")
	if base == "" {
		t.Skip("DIGESTBOT_TEST_POSTGRES not set: skipping PostgreSQL")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("DIGESTBOT_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("digestbot_main_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestDaemonHealthPostgresDown runs the daemon on PostgreSQL reached
// through a loopback proxy, which the test cuts: /healthz says the store
// does not answer, and recovers when the database is back.
func TestDaemonHealthPostgresDown(t *testing.T) {
	dsn := postgresStore(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := netfault.Listen(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	u.Host = proxy.Addr()
	dir := t.TempDir()
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "digestbot.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("store: %q\nlisten: %s\n", u.String(), addr)), 0o644)
	d := startDaemon(t, cfg, addr, nil)
	d.healthz(t, http.StatusOK, "ok")
	proxy.SetDown(true)
	d.healthz(t, http.StatusServiceUnavailable, "store: the database does not answer")
	if _, text := d.get(t, "/metrics"); !strings.Contains(text, "\ndigestbot_store_up 0\n") {
		t.Errorf("/metrics with the database down: want digestbot_store_up 0\n%s", text)
	}
	proxy.SetDown(false)
	d.healthz(t, http.StatusOK, "ok")
}
