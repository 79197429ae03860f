package replicas

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/pgtest"

	"github.com/jackc/pgx/v5"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/store"
)

// postgresEnv names the environment variable holding the URL of the
// PostgreSQL database the tests use, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const postgresEnv = pgtest.Env

// seedEnv, when set, replays a chaos plan by its seed.
const seedEnv = "DIGESTBOT_CHAOS_SEED"

// binary is the digestbot command TestMain built; skipReason says why it
// could not be.
var binary, skipReason string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	if os.Getenv(postgresEnv) == "" {
		skipReason = postgresEnv + " is not set"
		return m.Run()
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		skipReason = "no go command on PATH to build digestbot with"
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "digestbot-replicas-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "replicas:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "digestbot")
	build := exec.Command(goCmd, "build", "-o", binary, "github.com/digestbot/digestbot")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "replicas: go build digestbot:", err)
		return 1
	}
	return m.Run()
}

// Rehearsal settings: see doc.go.
const (
	nBriefs   = 50
	nReplicas = 3
	rate      = 100 // clock seconds per real second
	lease     = 300 * time.Second
	poll      = 20 * time.Second
	retry     = 20 * time.Second
	botToken  = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.replicas.fake-bot-token"
)

// channels are the fake Discord's channels; brief i posts to two of them.
var channels = []string{"1100000000000000001", "1100000000000000002", "1100000000000000003", "1100000000000000004", "1100000000000000005"}

// clockStart is what the daemons' clock reads when the test starts them;
// the first brief is due two clock minutes later.
var clockStart = time.Date(2026, 5, 4, 11, 58, 0, 0, time.UTC)

func briefName(i int) string { return fmt.Sprintf("b%02d", i) }

// due is when brief i runs: two briefs a minute from 12:00 UTC.
func due(i int) time.Time { return clockStart.Add(2*time.Minute + time.Duration(i/2)*time.Minute) }

// dests returns the channels brief i posts to.
func dests(i int) []string {
	return []string{channels[i%len(channels)], channels[(i+1)%len(channels)]}
}

// rehearsal is one scenario's world: a database schema, the loopback
// parties, the configuration and the replicas.
type rehearsal struct {
	t       *testing.T
	n       int // briefs
	dbURL   string
	st      *store.Store // the replicas' database, for checks
	clock   bot.FastClock
	news    *newsroom
	discord *fakeDiscord
	cluster *cluster
	began   time.Time
}

// newRehearsal starts three replicas on a configuration of n briefs.
func newRehearsal(t *testing.T, n int) *rehearsal {
	t.Helper()
	if binary == "" {
		t.Skipf("skipping: %s", skipReason)
	}
	h := &rehearsal{t: t, n: n, dbURL: pgtest.Schema(t, "digestbot_replicas"), began: time.Now()}
	st, err := store.Open(context.Background(), h.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h.st = st
	h.news = newNewsroom(t, clockStart.Add(-time.Hour))
	h.discord = newFakeDiscord(t, botToken, channels)
	cfg := filepath.Join(t.TempDir(), "digestbot.yaml")
	if err := os.WriteFile(cfg, []byte(h.config()), 0o600); err != nil {
		t.Fatal(err)
	}
	h.clock = bot.FastClock{Start: clockStart, Epoch: time.Now(), Rate: rate}
	args := []string{"run", "--config", cfg,
		"--clock-start", h.clock.Start.Format(time.RFC3339),
		"--clock-epoch", h.clock.Epoch.Format(time.RFC3339Nano),
		"--clock-rate", strconv.Itoa(rate),
		"--lease", lease.String(), "--poll", poll.String(), "--retry", retry.String()}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TZ=UTC",
		"DISCORD_BOT_TOKEN=" + botToken, "DISCORD_API_URL=" + h.discord.apiURL()}
	t.Logf("command, ×%d: digestbot %s", nReplicas, strings.Join(args, " "))
	h.cluster = newCluster(t, nReplicas, args, env)
	return h
}

// config returns the configuration all replicas share. The digests go
// without their evidence (evidence: off): each story's messages are
// counted, and the evidence is no part of a delivery's exactly once.
func (h *rehearsal) config() string {
	var b strings.Builder
	fmt.Fprintf(&b, "store: %q\nlisten: 127.0.0.1:0\ngrace: 1h\nlog: {level: info, format: json}\nallowed_ranges: [127.0.0.1]\nevidence: \"off\"\n", h.dbURL)
	b.WriteString("feeds:\n")
	for i := range h.n {
		fmt.Fprintf(&b, "  %s: [%q]\n", briefName(i), h.news.feedURL(i))
	}
	b.WriteString("briefs:\n")
	for i := range h.n {
		at := due(i)
		fmt.Fprintf(&b, "  - name: %s\n    feeds: [%s]\n    schedule: \"%d %d * * *\"\n    timezone: UTC\n    stories: 1\n    to:\n",
			briefName(i), briefName(i), at.Minute(), at.Hour())
		for _, ch := range dests(i) {
			fmt.Fprintf(&b, "      - discord:%s\n", ch)
		}
	}
	return b.String()
}

// settle waits until the last brief is due, then until every run is
// claimed and the outbox is empty (twice in a row), or until timeout.
func (h *rehearsal) settle(timeout time.Duration) {
	h.t.Helper()
	ctx := context.Background()
	if wait := time.Duration(float64(due(h.n-1).Sub(h.clock.Now())) / rate); wait > 0 {
		time.Sleep(wait)
	}
	deadline := time.Now().Add(timeout)
	for quiet := 0; time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		claimed := 0
		for i := range h.n {
			if _, ok, err := h.st.LastRun(ctx, briefName(i)); err == nil && ok {
				claimed++
			}
		}
		if pending, _, err := h.st.Outbox(ctx); err == nil && pending == 0 && claimed == h.n {
			if quiet++; quiet == 2 {
				return
			}
		} else {
			quiet = 0
		}
	}
	h.t.Logf("not settled after %v: runs or deliveries still pending", timeout)
}

// figures are what a scenario reports.
type figures struct {
	runs, runners, fetches              int
	creates, shown, nonceHits, reclaims int
}

// verify checks that every run was claimed at its time, the outbox is
// empty, and each channel shows each of its briefs exactly once; it
// returns the scenario's figures.
func (h *rehearsal) verify() figures {
	t := h.t
	t.Helper()
	ctx := context.Background()
	for i := range h.n {
		last, ok, err := h.st.LastRun(ctx, briefName(i))
		if err != nil || !ok || !last.Equal(due(i)) {
			t.Errorf("brief %s: last run %v (claimed %v, err %v); want %s", briefName(i), last, ok, err, due(i).Format(time.RFC3339))
		}
	}
	if n, _, err := h.st.Outbox(ctx); err != nil || n != 0 {
		t.Errorf("outbox: %d deliveries pending (err %v); want none", n, err)
	}
	shown := h.discord.shown()
	want := map[string]map[string]bool{}
	for i := range h.n {
		for _, ch := range dests(i) {
			if want[ch] == nil {
				want[ch] = map[string]bool{}
			}
			want[ch][briefName(i)] = true
			if n := shown[ch][briefName(i)]; n != 1 {
				t.Errorf("brief %s (run %s) → discord:%s: shown %d times; want exactly once\n%s",
					briefName(i), due(i).Format("15:04"), ch, n, h.explain(briefName(i)))
			}
		}
	}
	for ch, byBrief := range shown {
		for b, n := range byBrief {
			if !want[ch][b] {
				t.Errorf("discord:%s shows %d messages of %s; want none", ch, n, b)
			}
		}
	}
	var f figures
	f.creates, f.shown, f.nonceHits = h.discord.stats()
	f.fetches = h.news.totalFetches()
	if err := h.query(`SELECT count(*), count(DISTINCT owner) FROM runs`, &f.runs, &f.runners); err != nil {
		t.Errorf("runs: %v", err)
	}
	if err := h.query(`SELECT count(*) FROM outbox WHERE attempts > 1`, &f.reclaims); err != nil {
		t.Errorf("outbox: %v", err)
	}
	return f
}

// query runs a query without arguments on the test's schema, past the
// store's API, for figures and diagnoses.
func (h *rehearsal) query(sql string, dest ...any) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.QueryRow(ctx, sql).Scan(dest...)
}

// explain says what became of a brief's run: who claimed it, what its
// outbox rows say, and which kill, if any, hit its owner.
func (h *rehearsal) explain(brief string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.dbURL)
	if err != nil {
		return "  (no diagnosis: " + err.Error() + ")"
	}
	defer conn.Close(ctx)
	owner, outbox := "(unclaimed)", "no deliveries"
	conn.QueryRow(ctx, `SELECT owner FROM runs WHERE brief = $1`, brief).Scan(&owner)
	conn.QueryRow(ctx, `SELECT string_agg(format('%s attempts=%s done=%s failed=%s', dest, attempts, done_at IS NOT NULL, failed), '; ')
		FROM outbox WHERE brief = $1 HAVING count(*) > 0`, brief).Scan(&outbox)
	s := fmt.Sprintf("  run claimed by %s; outbox: %s", owner, outbox)
	for _, k := range h.cluster.killed() {
		if strings.Contains(owner, "-"+strconv.Itoa(k.PID)+"-") {
			s += "\n  its owner was killed: " + k.String()
		}
	}
	// The owner's own words about the run (the host name may hold "-").
	if parts := strings.Split(owner, "-"); len(parts) >= 3 {
		if pid, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
			for _, line := range h.cluster.logLines(pid, 4, `"brief":"`+brief+`"`) {
				s += "\n  log: " + line
			}
		}
	}
	return s
}

// report logs a scenario's figures and its kills.
func (h *rehearsal) report(f figures) {
	h.t.Logf("%d briefs × 2 channels, %d replicas, clock %d× (--lease %v --poll %v --retry %v of clock time): "+
		"%d runs claimed by %d processes, %d feed fetches, %d message creates, %d messages shown (want %d), "+
		"%d duplicates avoided by nonce, %d deliveries claimed more than once; wall time %v",
		h.n, nReplicas, rate, lease, poll, retry, f.runs, f.runners, f.fetches, f.creates, f.shown, 2*h.n,
		f.nonceHits, f.reclaims, time.Since(h.began).Round(100*time.Millisecond))
	for i, k := range h.cluster.killed() {
		h.t.Logf("kill %d: %s", i+1, k)
	}
}

// TestReplicasExactlyOnce runs fifty scheduled briefs on three healthy
// replicas sharing one PostgreSQL: each channel shows each of its briefs
// exactly once.
func TestReplicasExactlyOnce(t *testing.T) {
	h := newRehearsal(t, nBriefs)
	h.settle(20 * time.Second)
	h.cluster.stop()
	h.cluster.check()
	h.report(h.verify())
}

// TestReplicasKilled runs the same fifty briefs while a chaos loop kills
// one replica at a time with SIGKILL — at a random moment, in the middle
// of a run, or between Discord creating a post and answering — and
// restarts it: still each brief exactly once, none lost.
func TestReplicasKilled(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(seedEnv); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", seedEnv, s, err)
		}
		seed = v
	}
	t.Logf("chaos seed %d (%s=%d replays the plan)", seed, seedEnv, seed)
	h := newRehearsal(t, nBriefs)
	h.chaos(rand.New(rand.NewPCG(seed, 0x5eed)))
	h.settle(20 * time.Second)
	h.cluster.stop()
	h.cluster.check()
	h.report(h.verify())
	if len(h.cluster.killed()) == 0 {
		t.Error("the chaos loop killed nothing")
	}
}

// TestReplicasRollingRestart stops replicas gracefully, one at a time, as
// a rolling deploy does: three times, a replica fetching a brief's feed in
// the middle of a run gets SIGTERM (the README: "the first SIGINT or
// SIGTERM finishes the work in flight") and is restarted once it has
// exited. Twenty briefs; each still shown exactly once.
func TestReplicasRollingRestart(t *testing.T) {
	const n = 20
	h := newRehearsal(t, n)
	for range 3 {
		k, ok := h.signalMidRun(syscall.SIGTERM, 100*time.Millisecond)
		if !ok {
			t.Log("rolling restart: no replica was caught inside a run")
			continue
		}
		h.cluster.start(k.Slot)
		h.cluster.ready(k.Slot)
	}
	h.settle(20 * time.Second)
	h.cluster.stop()
	h.cluster.check()
	for _, k := range h.cluster.killed() {
		if !k.exit.Success() {
			t.Errorf("%s: exited with %v; want 0", k, k.exit)
		}
	}
	h.report(h.verify())
}

// chaos kills one replica at a time and restarts it, until the last
// briefs are near: six kills in an order drawn from rng, the targeted ones
// among the first three — one while a replica fetches a feed in the
// middle of a run, one right after the fake Discord created a post and
// before it answered — and the others at random moments.
func (h *rehearsal) chaos(rng *rand.Rand) {
	t := h.t
	first := []string{"mid-run", "mid-send", "anytime"}
	rng.Shuffle(len(first), func(i, j int) { first[i], first[j] = first[j], first[i] })
	kinds := append(first, "anytime", "anytime", "anytime")
	stopAt := due(h.n - 1).Add(-2 * time.Minute)
	for _, kind := range kinds {
		time.Sleep(500*time.Millisecond + time.Duration(rng.Int64N(int64(1500*time.Millisecond))))
		if h.clock.Now().After(stopAt) {
			t.Logf("chaos: the last briefs are due; no %s kill", kind)
			continue
		}
		var k kill
		var ok bool
		switch kind {
		case "anytime":
			pids := h.cluster.pids()
			k, ok = h.cluster.killPID(pids[rng.IntN(len(pids))], kill{Kind: "SIGKILL at random", At: h.clock.Now()})
		case "mid-run":
			k, ok = h.signalMidRun(syscall.SIGKILL, 0)
		case "mid-send":
			k, ok = h.killMidSend()
		}
		if !ok {
			t.Logf("chaos: no %s kill happened", kind)
			continue
		}
		time.Sleep(200*time.Millisecond + time.Duration(rng.Int64N(int64(800*time.Millisecond))))
		h.cluster.start(k.Slot)
		h.cluster.ready(k.Slot)
	}
}

// signalMidRun sends sig to the first replica that fetches the feed of
// the next brief due at least a clock minute from now — in the middle of
// the run, none of its posts enqueued yet — holds the feed's answer for
// hold, and returns once the replica has exited.
func (h *rehearsal) signalMidRun(sig syscall.Signal, hold time.Duration) (kill, bool) {
	from := h.clock.Now().Add(time.Minute)
	target := ""
	for i := range h.n {
		if due(i).After(from) {
			target = briefName(i)
			break
		}
	}
	if target == "" {
		return kill{}, false
	}
	fired := make(chan kill, 1)
	var hook func(string, *http.Request)
	hook = func(brief string, r *http.Request) {
		if brief != target {
			return
		}
		pid := connOwner(r.RemoteAddr, h.cluster.pids())
		if pid == 0 || !h.news.onFetch.CompareAndSwap(&hook, nil) {
			return
		}
		k := kill{Kind: sigName[sig] + " mid-run", At: h.clock.Now(), Detail: "while fetching " + brief + "'s feed for its run"}
		if k, ok := h.cluster.send(pid, sig, k); ok {
			fired <- k
		}
		time.Sleep(hold) // then answer, in case the replica still listens
	}
	h.news.onFetch.Store(&hook)
	k, ok := h.await(fired, func() { h.news.onFetch.CompareAndSwap(&hook, nil) })
	if ok {
		k = h.cluster.wait(k)
	}
	return k, ok
}

// killMidSend SIGKILLs the replica whose post the fake Discord creates
// next, before Discord answers: the post is shown, but the replica's
// outbox never learns it was.
func (h *rehearsal) killMidSend() (kill, bool) {
	fired := make(chan kill, 1)
	var hook func(fakeMessage, *http.Request)
	hook = func(m fakeMessage, r *http.Request) {
		pid := connOwner(r.RemoteAddr, h.cluster.pids())
		if pid == 0 || !h.discord.afterCreate.CompareAndSwap(&hook, nil) {
			return
		}
		k := kill{Kind: "SIGKILL mid-send", At: h.clock.Now(),
			Detail: fmt.Sprintf("after Discord created its post %s in channel %s, before the answer", m.ID, m.ChannelID)}
		if k, ok := h.cluster.killPID(pid, k); ok {
			fired <- k
		}
	}
	h.discord.afterCreate.Store(&hook)
	return h.await(fired, func() { h.discord.afterCreate.CompareAndSwap(&hook, nil) })
}

// sigName names the signals the tests send.
var sigName = map[syscall.Signal]string{syscall.SIGKILL: "SIGKILL", syscall.SIGTERM: "SIGTERM"}

// await waits a few seconds for an armed kill, disarming it if it has not
// fired.
func (h *rehearsal) await(fired chan kill, disarm func()) (kill, bool) {
	select {
	case k := <-fired:
		return k, true
	case <-time.After(5 * time.Second):
		disarm()
		select { // it may have fired meanwhile
		case k := <-fired:
			return k, true
		default:
			return kill{}, false
		}
	}
}
