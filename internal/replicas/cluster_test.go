package replicas

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cluster is a set of digestbot daemons started from one command line: the
// replicas under test.
type cluster struct {
	t    *testing.T
	dir  string   // logs
	args []string // the run command's arguments
	env  []string

	mu      sync.Mutex
	reps    []*replica // the current process of each slot
	all     []*replica // every process started
	starts  int
	kills   []kill
	crashes []string // processes that exited without being told to
}

// replica is one process of a slot.
type replica struct {
	slot, gen int
	cmd       *exec.Cmd
	log       string
	exited    chan struct{}
	told      bool // stopped or killed by the test
	state     *os.ProcessState
}

// kill is a signal the test sent to stop a replica, for the report.
type kill struct {
	Kind      string // "SIGKILL mid-run", …
	Slot, PID int
	At        time.Time // the daemons' clock time
	Detail    string    // what the replica was doing
	exit      *os.ProcessState
}

func (k kill) String() string {
	s := fmt.Sprintf("%s: replica %d (pid %d) at %s", k.Kind, k.Slot, k.PID, k.At.UTC().Format("15:04:05"))
	if k.Detail != "" {
		s += " " + k.Detail
	}
	return s
}

func newCluster(t *testing.T, n int, args, env []string) *cluster {
	c := &cluster{t: t, dir: t.TempDir(), args: args, env: env, reps: make([]*replica, n)}
	t.Cleanup(c.cleanup)
	for i := range n {
		c.start(i)
	}
	for i := range n {
		c.ready(i)
	}
	return c
}

// start starts a new process in slot i.
func (c *cluster) start(i int) {
	c.t.Helper()
	c.mu.Lock()
	c.starts++
	gen := c.starts
	c.mu.Unlock()
	r := &replica{slot: i, gen: gen, log: filepath.Join(c.dir, fmt.Sprintf("replica%d-%02d.log", i, gen)), exited: make(chan struct{})}
	f, err := os.Create(r.log)
	if err != nil {
		c.t.Fatal(err)
	}
	r.cmd = exec.Command(binary, c.args...)
	r.cmd.Env = c.env
	r.cmd.Stdout, r.cmd.Stderr = f, f
	if err := r.cmd.Start(); err != nil {
		f.Close()
		c.t.Fatalf("start replica %d: %v", i, err)
	}
	go func() {
		r.cmd.Wait()
		f.Close()
		c.mu.Lock()
		r.state = r.cmd.ProcessState
		if !r.told {
			c.crashes = append(c.crashes, fmt.Sprintf("replica %d (pid %d) exited by itself: %v; log %s", r.slot, r.cmd.Process.Pid, r.state, r.log))
		}
		c.mu.Unlock()
		close(r.exited)
	}()
	c.mu.Lock()
	c.reps[i] = r
	c.all = append(c.all, r)
	c.mu.Unlock()
}

// ready waits until slot i's process serves /healthz, at the address it
// logs when it starts serving.
func (c *cluster) ready(i int) {
	c.t.Helper()
	c.mu.Lock()
	r := c.reps[i]
	c.mu.Unlock()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-r.exited:
			c.t.Fatalf("replica %d exited while starting: %v\n%s", i, r.state, tail(r.log, 20))
		default:
		}
		if addr := servingAddr(r.log); addr != "" {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatalf("replica %d not healthy after 15 s\n%s", i, tail(r.log, 20))
}

// servingAddr returns the address in the daemon's "serving" log line, or
// "" before it.
func servingAddr(log string) string {
	f, err := os.Open(log)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
			return line.Addr
		}
	}
	return ""
}

// signal sends sig to slot i's process and waits until it exits.
func (c *cluster) signal(i int, sig syscall.Signal) *replica {
	c.t.Helper()
	c.mu.Lock()
	r := c.reps[i]
	r.told = true
	c.mu.Unlock()
	r.cmd.Process.Signal(sig)
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		r.cmd.Process.Kill()
		<-r.exited
		c.t.Errorf("replica %d (pid %d) did not exit within 30 s of %v", i, r.cmd.Process.Pid, sig)
	}
	return r
}

// killPID SIGKILLs the replica whose process is pid, waits for it, and
// records and returns the kill; ok is false when no live replica has that
// pid.
func (c *cluster) killPID(pid int, k kill) (kill, bool) {
	k, ok := c.send(pid, syscall.SIGKILL, k)
	if !ok {
		return k, false
	}
	return c.wait(k), true
}

// send sends sig to the replica whose process is pid and records the kill
// without waiting for the process to exit; ok is false when no live
// replica has that pid.
func (c *cluster) send(pid int, sig syscall.Signal, k kill) (kill, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, r := range c.reps {
		if r != nil && r.cmd.Process.Pid == pid && !r.told {
			r.told = true
			r.cmd.Process.Signal(sig)
			k.Slot, k.PID = i, pid
			c.kills = append(c.kills, k)
			return k, true
		}
	}
	return k, false
}

// wait waits until the process of kill k has exited, and returns k with
// its exit status.
func (c *cluster) wait(k kill) kill {
	c.t.Helper()
	c.mu.Lock()
	var r *replica
	for _, x := range c.all {
		if x.cmd.Process.Pid == k.PID {
			r = x
		}
	}
	c.mu.Unlock()
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		r.cmd.Process.Kill()
		<-r.exited
		c.t.Errorf("replica %d (pid %d) did not exit within 30 s of %s", k.Slot, k.PID, k.Kind)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k.exit = r.state
	for i := range c.kills {
		if c.kills[i].PID == k.PID {
			c.kills[i].exit = r.state
		}
	}
	return k
}

// killed returns the kills so far.
func (c *cluster) killed() []kill {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.kills)
}

// pids returns the process IDs of the live replicas.
func (c *cluster) pids() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []int
	for _, r := range c.reps {
		if r != nil && !r.told {
			out = append(out, r.cmd.Process.Pid)
		}
	}
	return out
}

// stop sends SIGTERM to every replica and waits for them; each must exit
// with status 0.
func (c *cluster) stop() {
	c.t.Helper()
	var wg sync.WaitGroup
	for i := range c.reps {
		wg.Go(func() {
			r := c.signal(i, syscall.SIGTERM)
			if !r.state.Success() {
				c.t.Errorf("replica %d (pid %d) stopped with %v; want exit 0\n%s", i, r.cmd.Process.Pid, r.state, tail(r.log, 10))
			}
		})
	}
	wg.Wait()
}

// check reports processes that exited on their own, with their logs.
func (c *cluster) check() {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.crashes {
		c.t.Error(s)
	}
}

// cleanup kills whatever still runs (a test that failed half-way).
func (c *cluster) cleanup() {
	c.mu.Lock()
	reps := append([]*replica(nil), c.reps...)
	c.mu.Unlock()
	for _, r := range reps {
		if r == nil {
			continue
		}
		c.mu.Lock()
		r.told = true
		c.mu.Unlock()
		r.cmd.Process.Kill()
		<-r.exited
	}
}

// logLines returns up to n lines of the log of process pid that contain
// every one of words.
func (c *cluster) logLines(pid, n int, words ...string) []string {
	c.mu.Lock()
	var path string
	for _, r := range c.all {
		if r.cmd.Process.Pid == pid {
			path = r.log
		}
	}
	c.mu.Unlock()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		ok := line != ""
		for _, w := range words {
			ok = ok && strings.Contains(line, w)
		}
		if ok && len(out) < n {
			out = append(out, line)
		}
	}
	return out
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// connOwner returns which of pids holds the loopback TCP connection whose
// local end is addr (what a server sees as the request's RemoteAddr), found
// through /proc/net/tcp and /proc/PID/fd on Linux; 0 when none does or
// /proc cannot tell.
func connOwner(addr string, pids []int) int {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Is4() {
		return 0
	}
	ip := ap.Addr().As4()
	local := fmt.Sprintf("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], ap.Port())
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return 0
	}
	defer f.Close()
	inode := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		// Skip sockets without an inode: a closed connection in
		// TIME_WAIT may have had the same port.
		if len(fields) > 9 && fields[1] == local && fields[9] != "0" {
			inode = fields[9]
			break
		}
	}
	if inode == "" {
		return 0
	}
	want := "socket:[" + inode + "]"
	for _, pid := range pids {
		dir := "/proc/" + strconv.Itoa(pid) + "/fd"
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if link, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && link == want {
				return pid
			}
		}
	}
	return 0
}
