package chat

import (
	"context"
	"errors"
	"sync"
)

// Defaults of Admission.
const (
	// DefaultMaxConcurrent is how many commands run at once.
	DefaultMaxConcurrent = 4
	// DefaultMaxQueued is how many admitted commands may wait for a turn.
	DefaultMaxQueued = 500
)

// Errors of Admission.Admit.
var (
	// ErrBusy turns a command away: MaxConcurrent are running and
	// MaxQueued waiting.
	ErrBusy = errors.New("chat: busy: too many commands waiting")
	// ErrShuttingDown turns a command away after Shutdown or Close.
	ErrShuttingDown = errors.New("chat: shutting down")
)

// Admission admits slash commands whose work runs in the background: at
// most MaxConcurrent at a time, at most MaxQueued more waiting for a turn,
// and none once it is shut down. It owns the background work's context and
// waits for it to stop. Set the fields before the first Admit and do not
// change them after; the zero value uses the defaults. It is safe for
// concurrent use.
//
// A command is admitted with Admit, waits for its turn with Turn, and
// gives its place back with Done, exactly once, whether or not it ran.
type Admission struct {
	// MaxConcurrent bounds the commands running at once; zero means
	// DefaultMaxConcurrent.
	MaxConcurrent int
	// MaxQueued bounds the admitted commands waiting for a turn; zero
	// means DefaultMaxQueued.
	MaxQueued int

	once   sync.Once
	ctx    context.Context // cancelled by Close, and by a Shutdown that times out
	cancel context.CancelFunc
	sem    chan struct{} // commands admitted: running or waiting
	work   chan struct{} // commands running

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (a *Admission) init() {
	a.once.Do(func() {
		a.ctx, a.cancel = context.WithCancel(context.Background())
		n := a.MaxConcurrent
		if n <= 0 {
			n = DefaultMaxConcurrent
		}
		q := a.MaxQueued
		if q <= 0 {
			q = DefaultMaxQueued
		}
		a.sem = make(chan struct{}, n+q)
		a.work = make(chan struct{}, n)
	})
}

// Context is the context of the background work: cancelled by Close, and
// by a Shutdown whose own context ends first.
func (a *Admission) Context() context.Context {
	a.init()
	return a.ctx
}

// Admit admits a command, or turns it away with ErrShuttingDown or
// ErrBusy. An admitted command must call Done once.
func (a *Admission) Admit() error {
	a.init()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrShuttingDown
	}
	select {
	case a.sem <- struct{}{}:
	default:
		return ErrBusy
	}
	a.wg.Add(1)
	return nil
}

// Done gives back the place of an admitted command.
func (a *Admission) Done() {
	<-a.sem
	a.wg.Done()
}

// Turn waits until an admitted command may run, and returns the function
// that ends its turn; or ctx's error when ctx ends first (pass Context(),
// or a context derived from it, so that shutdown ends the wait).
func (a *Admission) Turn(ctx context.Context) (end func(), err error) {
	a.init()
	select {
	case a.work <- struct{}{}:
		return func() { <-a.work }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Shutdown stops admitting commands and waits for the admitted ones to be
// done, then cancels Context and returns nil; or, when ctx ends first,
// cancels Context, waits for them to stop, and returns ctx's error.
func (a *Admission) Shutdown(ctx context.Context) error {
	a.init()
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		a.cancel()
		return nil
	case <-ctx.Done():
		a.cancel()
		<-done
		return ctx.Err()
	}
}

// Close stops admitting commands, cancels Context and waits for the
// admitted commands to stop.
func (a *Admission) Close() error {
	a.init()
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.cancel()
	a.wg.Wait()
	return nil
}
