package faults

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// bin is the digestbot binary TestMain built; noBinary says why there is
// none.
var bin, noBinary string

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

// testMain builds the binary once for every test of the package.
func testMain(m *testing.M) int {
	if _, err := exec.LookPath("go"); err != nil {
		noBinary = "the go command is not on PATH, so the digestbot binary cannot be built"
		return m.Run()
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "go.mod"))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "faults: cannot find the module root: %v\n", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "digestbot-faults-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "faults: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	// Some tests run the binary as user nobody.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "faults: %v\n", err)
		return 1
	}
	bin = filepath.Join(dir, "digestbot")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/digestbot/digestbot")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "faults: go build -o %s github.com/digestbot/digestbot: %v\n%s", bin, err, out)
		return 1
	}
	// The tests mostly wait for processes and slow fakes: let more of them
	// wait at once than there are processors, unless asked otherwise.
	if f := flag.Lookup("test.parallel"); f != nil && f.Value.String() == fmt.Sprint(runtime.GOMAXPROCS(0)) {
		flag.Set("test.parallel", "8")
	}
	return m.Run()
}

// Secrets the bot is given. No output of the bot may show them.
const (
	botToken  = "MTA5ODc2NTQzMjEwOTg3NjU0.GfAuLt.s3cr3t-b0t-t0ken-zzXk"
	hookPath  = "/services/T0FAULTS1/B0FAULTS2/hOoKsEcReT0fAuLtS0xyzW"
	channelID = "424242424242424242"
)

// Destinations, as a configuration's to: lists them.
const (
	toDiscord = "discord:" + channelID
	toSlack   = "slack-webhook:${SLACK_WEBHOOK_URL}"
)

// nobody is the user the binary runs as when a test needs file
// permissions to bite and runs as root, which ignores them.
const nobody = 65534

// world is one test's surroundings: a folder for the configuration and
// the store, a news feed, a Discord and a Slack webhook, all on loopback,
// and every digestbot process the test started.
type world struct {
	t       *testing.T
	dir     string
	feed    *newsFeed
	discord *fakeDiscord
	slack   *fakeSlack
	// asNobody runs the binary as user nobody when the test runs as root.
	asNobody bool
	// fileLimit, when positive, runs the binary under "ulimit -f" of that
	// many KiB.
	fileLimit int
	// extraEnv are more variables of the bot's environment.
	extraEnv []string

	mu    sync.Mutex
	procs []*proc
}

func newWorld(t *testing.T) *world {
	t.Helper()
	if noBinary != "" {
		t.Skip(noBinary)
	}
	w := &world{t: t, dir: t.TempDir()}
	w.feed = newNewsFeed(t)
	w.discord = newFakeDiscord(t, botToken, channelID)
	w.slack = newFakeSlack(t, hookPath)
	t.Cleanup(w.checkSecrets)
	return w
}

// environ is the whole environment of the bot: nothing is inherited.
func (w *world) environ() []string {
	return append([]string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + w.dir,
		"DISCORD_BOT_TOKEN=" + botToken,
		"DISCORD_API_URL=" + w.discord.apiURL(),
		"SLACK_WEBHOOK_URL=" + w.slack.url(),
	}, w.extraEnv...)
}

// config writes digestbot.yaml: one brief, "morning", over the news feed,
// on schedule (UTC), posting up to 5 stories to the destinations. It
// returns the file's path. The digests go without their evidence
// (evidence: off): the faults are scripted request by request and each
// story's messages are counted, and the evidence, posted after the
// delivery is recorded, is no part of its exactly once (bot's tests cover
// it).
func (w *world) config(store, schedule string, to ...string) string {
	w.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "store: %s\nlisten: 127.0.0.1:0\nlog: {level: info, format: json}\nevidence: \"off\"\n", store)
	fmt.Fprintf(&b, "feeds:\n  local: [%s]\n", w.feed.url())
	fmt.Fprintf(&b, "briefs:\n  - name: morning\n    feeds: [local]\n    schedule: %q\n    timezone: UTC\n    stories: 5\n    to:\n", schedule)
	for _, d := range to {
		fmt.Fprintf(&b, "      - %s\n", d)
	}
	path := filepath.Join(w.dir, "digestbot.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// thisMinute is a schedule whose latest run is at most an hour old: the
// daemon makes it up at start (a run missed within the grace window), and
// runs it again only an hour later.
func thisMinute() string { return fmt.Sprintf("%d * * * *", time.Now().UTC().Minute()) }

// lastMinute is like thisMinute, a minute earlier.
func lastMinute() string { return fmt.Sprintf("%d * * * *", (time.Now().UTC().Minute()+59)%60) }

// proc is one digestbot process.
type proc struct {
	args           []string
	cmd            *exec.Cmd
	stdout, stderr lockedBuffer
	done           chan struct{}
}

// start starts digestbot with args.
func (w *world) start(args ...string) *proc {
	w.t.Helper()
	p := &proc{args: args, done: make(chan struct{})}
	if w.fileLimit > 0 {
		sh := fmt.Sprintf(`ulimit -f %d && exec "$0" "$@"`, w.fileLimit)
		p.cmd = exec.Command("/bin/sh", append([]string{"-c", sh, bin}, args...)...)
	} else {
		p.cmd = exec.Command(bin, args...)
	}
	p.cmd.Env = w.environ()
	p.cmd.Dir = w.dir
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if w.asNobody && os.Geteuid() == 0 {
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	if err := p.cmd.Start(); err != nil {
		if w.asNobody && errors.Is(err, syscall.EPERM) {
			w.t.Skipf("cannot run digestbot as user nobody: %v", err)
		}
		w.t.Fatalf("start digestbot %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	w.mu.Lock()
	w.procs = append(w.procs, p)
	w.mu.Unlock()
	w.t.Cleanup(func() {
		if !p.exited() {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// run runs digestbot with args to its end and returns its exit status.
func (w *world) run(args ...string) (int, *proc) {
	w.t.Helper()
	p := w.start(args...)
	return p.wait(w.t, time.Minute), p
}

// runUntilDone runs "digestbot run --once" with args until it exits 0 —
// deliveries still leased to a dead process, or not yet due, make it exit
// 1 — as a supervisor restarting it would, at most tries times. It
// returns the last process.
func (w *world) runUntilDone(tries int, args ...string) *proc {
	w.t.Helper()
	for i := 1; ; i++ {
		code, p := w.run(args...)
		if code == 0 {
			w.t.Logf("run %d of %s: exit 0", i, strings.Join(args, " "))
			return p
		}
		if i == tries {
			w.t.Fatalf("digestbot %s still exits %d after %d runs; the last said:\n%s", strings.Join(args, " "), code, tries, p.stderr.String())
		}
		if !strings.Contains(p.stderr.String(), "deliveries still pending") {
			w.t.Fatalf("digestbot %s: exit %d without pending deliveries:\n%s", strings.Join(args, " "), code, p.stderr.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// checkSecrets fails the test when any process showed a secret.
func (w *world) checkSecrets() {
	w.mu.Lock()
	defer w.mu.Unlock()
	secrets := []string{botToken, hookPath, hookPath[strings.LastIndex(hookPath, "/")+1:]}
	for _, p := range w.procs {
		out := p.stdout.String() + p.stderr.String()
		for _, s := range secrets {
			if strings.Contains(out, s) {
				w.t.Errorf("digestbot %s showed the secret %q:\n%s", strings.Join(p.args, " "), s, out)
			}
		}
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits at most limit for the process to end and returns its exit
// status (-1 when a signal ended it).
func (p *proc) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("digestbot %s still running after %s; killed it. stderr:\n%s", strings.Join(p.args, " "), limit, p.stderr.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

// kill ends the process with SIGKILL and waits for it.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9: %v", err)
	}
	<-p.done
}

func (p *proc) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// logged returns the first JSON log record whose msg is msg, or nil.
func (p *proc) logged(msg string) map[string]any {
	for _, line := range strings.Split(p.stderr.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			return rec
		}
	}
	return nil
}

// plainLines returns the lines of standard error that are not JSON log
// records: the problems digestbot reports to a person.
func (p *proc) plainLines() []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
		if line != "" && !json.Valid([]byte(line)) {
			out = append(out, line)
		}
	}
	return out
}

// wantNoCrash fails the test when the process panicked or the Go runtime
// died.
func (p *proc) wantNoCrash(t *testing.T) {
	t.Helper()
	errs := p.stderr.String()
	for _, s := range []string{"panic:", "fatal error:", "goroutine ", "SIGSEGV", "SIGBUS"} {
		if strings.Contains(errs, s) {
			t.Errorf("digestbot %s crashed (%q):\n%s", strings.Join(p.args, " "), s, errs)
			return
		}
	}
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sameMinute makes sure the runs a test is about to make fall in one
// minute: "run --once" runs every brief for the current minute, so a
// restart in the same minute finds its run claimed and only delivers the
// outbox, while one in a later minute is a new run of the brief (see
// TestNewRunWhilePending). When less than need is left of this minute it
// waits for the next. The check it returns fails the test when called in
// a later minute.
func sameMinute(t *testing.T, need time.Duration) (check func()) {
	t.Helper()
	now := time.Now()
	minute := now.Truncate(time.Minute)
	if left := minute.Add(time.Minute).Sub(now); left < need {
		t.Logf("waiting %s for a fresh minute", left.Round(time.Millisecond))
		time.Sleep(left + 50*time.Millisecond)
		minute = time.Now().Truncate(time.Minute)
	}
	return func() {
		t.Helper()
		if m := time.Now().Truncate(time.Minute); !m.Equal(minute) {
			t.Fatalf("the runs spread over minutes %s and %s: a restart in a new minute is a new run of the brief, which this test is not about", minute.Format("15:04"), m.Format("15:04"))
		}
	}
}

// fileSum returns a digest of the file's bytes.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// lockedBuffer is a bytes.Buffer safe for a process's output copier and
// the test at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
