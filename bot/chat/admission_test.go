package chat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

func TestAdmit(t *testing.T) {
	cases := []struct {
		name       string
		concurrent int
		queued     int
		admits     int // admitted before the last Admit
		shutdown   bool
		want       error
	}{
		{"room", 1, 1, 1, false, nil},
		{"full", 1, 1, 2, false, chat.ErrBusy},
		{"defaults", 0, 0, chat.DefaultMaxConcurrent + chat.DefaultMaxQueued - 1, false, nil},
		{"defaults full", 0, 0, chat.DefaultMaxConcurrent + chat.DefaultMaxQueued, false, chat.ErrBusy},
		{"shutting down", 1, 1, 0, true, chat.ErrShuttingDown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &chat.Admission{MaxConcurrent: tc.concurrent, MaxQueued: tc.queued}
			for i := range tc.admits {
				if err := a.Admit(); err != nil {
					t.Fatalf("Admit %d: %v", i+1, err)
				}
			}
			if tc.shutdown {
				if err := a.Shutdown(t.Context()); err != nil {
					t.Fatalf("Shutdown: %v", err)
				}
			}
			if err := a.Admit(); !errors.Is(err, tc.want) {
				t.Errorf("Admit after %d = %v; want %v", tc.admits, err, tc.want)
			}
		})
	}
}

// TestTurn checks that no more than MaxConcurrent run at once, that a
// place comes back with Done, and that a wait for a turn ends with its
// context.
func TestTurn(t *testing.T) {
	a := &chat.Admission{MaxConcurrent: 1}
	for range 2 {
		if err := a.Admit(); err != nil {
			t.Fatal(err)
		}
	}
	end, err := a.Turn(t.Context())
	if err != nil {
		t.Fatalf("first Turn: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := a.Turn(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second Turn while the first runs = %v; want context.DeadlineExceeded", err)
	}
	end()
	end2, err := a.Turn(t.Context())
	if err != nil {
		t.Fatalf("second Turn after the first ended: %v", err)
	}
	end2()
	a.Done()
	a.Done()
	if err := a.Shutdown(t.Context()); err != nil {
		t.Errorf("Shutdown with nothing admitted = %v; want nil", err)
	}
}

func TestShutdown(t *testing.T) {
	cases := []struct {
		name    string
		stop    func(a *chat.Admission, ctx context.Context) error
		expired bool // the Shutdown context ends before the work
		want    error
		// cancelled: the work's context was cancelled before it was done
		cancelled bool
	}{
		{"Shutdown waits for the work", func(a *chat.Admission, ctx context.Context) error { return a.Shutdown(ctx) }, false, nil, false},
		{"Shutdown out of time cancels the work", func(a *chat.Admission, ctx context.Context) error { return a.Shutdown(ctx) }, true, context.Canceled, true},
		{"Close cancels the work", func(a *chat.Admission, _ context.Context) error { return a.Close() }, false, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &chat.Admission{}
			if err := a.Admit(); err != nil {
				t.Fatal(err)
			}
			release := make(chan struct{})
			cancelled := make(chan bool, 1)
			go func() {
				defer a.Done()
				select {
				case <-release:
					cancelled <- false
				case <-a.Context().Done():
					cancelled <- true
				}
			}()
			ctx, cancel := context.WithCancel(t.Context())
			if tc.expired {
				cancel()
			} else {
				defer cancel()
				if !tc.cancelled {
					time.AfterFunc(5*time.Millisecond, func() { close(release) })
				}
			}
			if err := tc.stop(a, ctx); !errors.Is(err, tc.want) {
				t.Errorf("stop = %v; want %v", err, tc.want)
			}
			select {
			case got := <-cancelled:
				if got != tc.cancelled {
					t.Errorf("work cancelled = %v; want %v", got, tc.cancelled)
				}
			default:
				t.Error("stop returned before the work was done")
			}
			if a.Context().Err() == nil {
				t.Error("Context not cancelled after stopping")
			}
			if err := a.Admit(); !errors.Is(err, chat.ErrShuttingDown) {
				t.Errorf("Admit after stopping = %v; want ErrShuttingDown", err)
			}
		})
	}
}
