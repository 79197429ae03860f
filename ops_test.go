package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/internal/loopback"
	"github.com/digestbot/digestbot/internal/netfault"
	"github.com/digestbot/digestbot/internal/pgtest"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// runEnv runs the program with the environment env and returns its exit
// code and output.
func runEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	code = cli.ExitCode(err, &errb)
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
	addr := loopback.FreeAddr(t)
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

// TestDaemonHealthPostgresDown runs the daemon on PostgreSQL reached
// through a loopback proxy, which the test cuts: /healthz says the store
// does not answer, and recovers when the database is back.
func TestDaemonHealthPostgresDown(t *testing.T) {
	proxy, dsn := netfault.ForURL(t, pgtest.Schema(t, "digestbot_main_test"))
	dir := t.TempDir()
	addr := loopback.FreeAddr(t)
	cfg := filepath.Join(dir, "digestbot.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("store: %q\nlisten: %s\n", dsn, addr)), 0o644)
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

// oldStore fills the SQLite store at db with rows of the past, relative to
// now, and returns the kinds of row it holds afterwards, to compare with
// what Prune leaves (see storeRows):
//
//   - articles: "gone" (seen 70 days ago, then left feed F), "listed"
//     (first seen 60 days ago, F still lists it), "quiet" (seen 45 days
//     ago, the latest listing of feed Q, which has not changed since);
//   - posted: "story-gone" (70 days ago, before any article kept),
//     "story-listed" (59 days ago, while "listed" was read);
//   - outbox: "done-old" (sent 40 days ago), "waiting" (enqueued 40 days
//     ago, not due before tomorrow);
//   - runs of brief "morning": 50 and 40 days ago.
func oldStore(t *testing.T, db string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day := 24 * time.Hour
	a := func(id, feed string) news.Article {
		return news.Article{ID: id, Feed: feed, Title: id, Text: "The council approved the flood barrier on Tuesday night."}
	}
	must(t, st.SaveArticles(ctx, []news.Article{a("gone", "F")}, now.Add(-70*day)))
	must(t, st.SaveArticles(ctx, []news.Article{a("listed", "F")}, now.Add(-60*day)))
	must(t, st.SaveArticles(ctx, []news.Article{a("listed", "F")}, now.Add(-time.Hour)))
	must(t, st.SaveArticles(ctx, []news.Article{a("quiet", "Q")}, now.Add(-45*day)))
	// Stories posted by deliveries whose outbox rows are gone.
	must(t, st.Sent(ctx, "posted-gone", "slack:#news", "story-gone", []string{"a"}, news.Post{}, now.Add(-70*day+time.Hour)))
	must(t, st.Sent(ctx, "posted-listed", "slack:#news", "story-listed", []string{"a"}, news.Post{}, now.Add(-59*day)))
	// Two runs of "morning", each with one delivery.
	for _, run := range []struct {
		at time.Time
		d  news.Delivery
	}{
		{now.Add(-50 * day), news.Delivery{ID: "done-old", Dest: "slack:#news", StoryID: "story-gone", CreatedAt: now.Add(-41 * day)}},
		{now.Add(-40 * day), news.Delivery{ID: "waiting", Dest: "slack:#news", StoryID: "story-x", CreatedAt: now.Add(-40 * day), NextAttempt: now.Add(day)}},
	} {
		if _, err := st.ClaimRunWith(ctx, "morning", run.at, "test", []news.Delivery{run.d}); err != nil {
			t.Fatal(err)
		}
	}
	if ds, err := st.Claim(ctx, "test", now.Add(-40*day), time.Minute, 10); err != nil || len(ds) != 1 {
		t.Fatalf("Claim = %v, %v; want done-old", ds, err)
	}
	must(t, st.Done(ctx, "done-old", "test"))
	// Done stamps the time it is called; make it the past.
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if _, err := sdb.ExecContext(ctx, `UPDATE outbox SET done_at = ? WHERE id = 'done-old'`, now.Add(-40*day).UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		t.Fatal(err)
	}
}

// storeRows returns what the store at db holds, as "table:key" sorted.
func storeRows(t *testing.T, db string) []string {
	t.Helper()
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var rows []string
	for table, key := range map[string]string{"articles": "id", "posted": "story_id", "outbox": "id", "runs": "substr(scheduled, 1, 10)"} {
		rs, err := sdb.Query("SELECT " + key + " FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var k string
			if err := rs.Scan(&k); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, table+":"+k)
		}
		rs.Close()
	}
	slices.Sort(rows)
	return rows
}

// TestRetention runs the daemon, and run --once, on a store holding rows
// of the past with a retention of 30 days: each prunes at start what is
// past the retention and no longer needed, keeps what exactly-once
// posting needs, and logs what it removed.
func TestRetention(t *testing.T) {
	day := 24 * time.Hour
	for _, once := range []bool{false, true} {
		t.Run(fmt.Sprintf("once=%v", once), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "digestbot.db")
			now := time.Now()
			oldStore(t, db, now)
			addr := loopback.FreeAddr(t)
			cfg := filepath.Join(dir, "digestbot.yaml")
			os.WriteFile(cfg, []byte(fmt.Sprintf("store: %s\nlisten: %s\nretention: 720h\nlog: {format: json}\n", db, addr)), 0o644)
			var log string
			if once {
				_, _, log = runEnv(t, nil, "run", "--config", cfg, "--once")
			} else {
				d := startDaemon(t, cfg, addr, nil)
				waitUntil(t, 30*time.Second, "the daemon to log what it pruned", func() bool { return strings.Contains(d.log.String(), `"msg":"pruned"`) })
				d.stop()
				log = d.log.String()
			}
			var pruned map[string]any
			for line := range strings.Lines(log) {
				var rec map[string]any
				if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "pruned" {
					pruned = rec
				}
			}
			want := map[string]float64{"rows": 4, "articles": 1, "posted": 1, "deliveries": 1, "runs": 1}
			for k, v := range want {
				if got, _ := pruned[k].(float64); got != v {
					t.Errorf("the pruned log record says %s=%v; want %v\n%s", k, pruned[k], v, log)
				}
			}
			if before, _ := pruned["before"].(string); before != now.Add(-30*day).UTC().Format(time.RFC3339) && before != now.Add(-30*day+time.Second).UTC().Format(time.RFC3339) {
				t.Errorf("pruned before %q; want 30 days ago, %s", before, now.Add(-30*day).UTC().Format(time.RFC3339))
			}
			wantRows := []string{
				"articles:listed", "articles:quiet",
				"outbox:waiting",
				"posted:story-listed",
				"runs:" + now.Add(-40*day).UTC().Format("2006-01-02"),
			}
			if got := storeRows(t, db); !slices.Equal(got, wantRows) {
				t.Errorf("the store holds %q; want %q", got, wantRows)
			}
		})
	}
}
