package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is a digestbot started by loadgen: `BIN serve` on a free loopback
// port, reading the peer's feed, replying to the peer.
type server struct {
	cmd  *exec.Cmd
	addr string // host:port it listens on
	done chan struct{}
	err  error // of Wait, once done is closed

	mu   sync.Mutex
	tail []string // its last log lines, for errors
	log  io.Writer
}

// startServer starts bin and waits until it listens (its "serving" log
// line), or ctx ends. env is added to loadgen's environment.
func startServer(ctx context.Context, bin string, args, env []string, log io.Writer) (*server, error) {
	s := &server{done: make(chan struct{}), log: log}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = append(os.Environ(), env...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.keep(line)
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" && rec.Addr != "" {
				select {
				case addr <- rec.Addr:
				default:
				}
			}
		}
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	select {
	case s.addr = <-addr:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("%s exited before serving: %v\n%s", bin, s.err, s.logTail())
	case <-ctx.Done():
		s.stop(time.Second)
		return nil, fmt.Errorf("%s did not start: %w", bin, ctx.Err())
	}
}

// keep remembers line among the last log lines and copies it to s.log.
func (s *server) keep(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.log != nil {
		fmt.Fprintln(s.log, line)
	}
	s.tail = append(s.tail, line)
	if len(s.tail) > 20 {
		s.tail = s.tail[len(s.tail)-20:]
	}
}

func (s *server) logTail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tail, "\n")
}

// peakRSS returns the server's peak resident memory in bytes (VmHWM), or
// 0 where /proc does not tell.
func (s *server) peakRSS() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// stop asks the server to finish (SIGINT), and kills it after grace.
func (s *server) stop(grace time.Duration) error {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(grace):
		s.cmd.Process.Kill()
		<-s.done
		return errors.New("server did not stop in time; killed")
	}
	var ee *exec.ExitError
	if errors.As(s.err, &ee) && !ee.Exited() {
		return nil // ended by the signal
	}
	return s.err
}
