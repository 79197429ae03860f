package chat_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
)

func TestRetryOr(t *testing.T) {
	def := chat.Retry{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: time.Minute, MaxRetryAfter: 2 * time.Minute}
	cases := []struct {
		name string
		r    chat.Retry
		want chat.Retry
	}{
		{"zero takes every default", chat.Retry{}, def},
		{"set fields are kept", chat.Retry{MaxAttempts: 3, MaxRetryAfter: 10 * time.Second},
			chat.Retry{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Minute, MaxRetryAfter: 10 * time.Second}},
		{"negative means the default", chat.Retry{MaxAttempts: -1, BaseDelay: -time.Second}, def},
	}
	for _, tc := range cases {
		if got := tc.r.Or(def); got != tc.want {
			t.Errorf("%s: %+v.Or(%+v) = %+v; want %+v", tc.name, tc.r, def, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	r := chat.Retry{BaseDelay: time.Second, MaxDelay: 30 * time.Second}
	cases := []struct {
		failures int
		want     time.Duration // before jitter
	}{
		{1, time.Second},
		{2, 2 * time.Second},
		{3, 4 * time.Second},
		{5, 16 * time.Second},
		{6, 30 * time.Second},
		{40, 30 * time.Second}, // no overflow
	}
	for _, tc := range cases {
		for range 50 {
			if got := r.Backoff(tc.failures); got < tc.want/2 || got > tc.want {
				t.Fatalf("Backoff(%d) = %v; want within [%v, %v]", tc.failures, got, tc.want/2, tc.want)
			}
		}
	}
}

func TestLoop(t *testing.T) {
	errFail := errors.New("failed")
	retry := chat.Verdict{Err: errFail, Retry: true}
	cases := []struct {
		name     string
		verdicts []chat.Verdict // by attempt; past the end, success
		retry    chat.Retry
		held     bool // Pause holds every wait
		tries    int
		err      string // "" for success
		sleeps   []time.Duration
		backoffs int // sleeps that are backoffs
	}{
		{name: "success at once", tries: 1},
		{name: "not retried", verdicts: []chat.Verdict{{Err: errFail}}, tries: 1, err: "failed"},
		{name: "retried then success", verdicts: []chat.Verdict{retry, retry}, tries: 3, backoffs: 2},
		{name: "gives up", verdicts: []chat.Verdict{retry, retry, retry, retry}, retry: chat.Retry{MaxAttempts: 3},
			tries: 3, err: "failed (gave up after 3)", backoffs: 2},
		{name: "waits as asked", verdicts: []chat.Verdict{{Err: errFail, Retry: true, Wait: 7 * time.Second}},
			tries: 2, sleeps: []time.Duration{7 * time.Second}},
		{name: "a wait too long fails at once", verdicts: []chat.Verdict{{Err: errFail, Retry: true, Wait: time.Hour}},
			tries: 1, err: "failed (1h0m0s > 2m0s)"},
		{name: "a held wait is not slept", verdicts: []chat.Verdict{{Err: errFail, Retry: true, Wait: 7 * time.Second}, retry},
			held: true, tries: 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := chattest.NewClock(time.Time{})
			var paused []int
			tries := 0
			l := chat.Loop{
				Retry:  tc.retry,
				Clock:  clock,
				GiveUp: func(err error, n int) error { return fmt.Errorf("%w (gave up after %d)", err, n) },
				TooLong: func(err error, wait, longest time.Duration) error {
					return fmt.Errorf("%w (%s > %s)", err, wait, longest)
				},
				Pause: func(n int, v chat.Verdict, wait time.Duration) bool {
					paused = append(paused, n)
					if v.Wait > 0 && wait != v.Wait {
						t.Errorf("Pause(%d) wait = %v; want the verdict's %v", n, wait, v.Wait)
					}
					return tc.held
				},
			}
			err := l.Do(t.Context(), func(_ context.Context, n int) chat.Verdict {
				tries++
				if n != tries {
					t.Errorf("attempt %d told it is attempt %d", tries, n)
				}
				if n <= len(tc.verdicts) {
					return tc.verdicts[n-1]
				}
				return chat.Verdict{}
			})
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("Do = %v; want success", err)
			case tc.err != "" && (err == nil || err.Error() != tc.err):
				t.Errorf("Do = %v; want %q", err, tc.err)
			case err != nil && !errors.Is(err, errFail):
				t.Errorf("Do = %v; want it to wrap the attempt's error", err)
			}
			if tries != tc.tries {
				t.Errorf("%d tries; want %d", tries, tc.tries)
			}
			if len(paused) != tc.tries-1 {
				t.Errorf("paused after attempts %v; want one pause before each of %d retries", paused, tc.tries-1)
			}
			sleeps := clock.Sleeps()
			if tc.backoffs > 0 {
				if len(sleeps) != tc.backoffs {
					t.Fatalf("slept %v; want %d backoffs", sleeps, tc.backoffs)
				}
				for i, d := range sleeps {
					if b := time.Second << i; d < b/2 || d > b {
						t.Errorf("backoff %d = %v; want within [%v, %v]", i, d, b/2, b)
					}
				}
			} else if !slices.Equal(sleeps, tc.sleeps) {
				t.Errorf("slept %v; want %v", sleeps, tc.sleeps)
			}
		})
	}
}

// TestLoopCancelled checks that a wait cut short by its context ends the
// loop with the context's error.
func TestLoopCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	tries := 0
	err := chat.Loop{}.Do(ctx, func(context.Context, int) chat.Verdict {
		tries++
		return chat.Verdict{Err: errors.New("down"), Retry: true, Wait: time.Hour / 100}
	})
	if !errors.Is(err, context.Canceled) || tries != 1 {
		t.Errorf("Do with a cancelled context = %v after %d tries; want context.Canceled after 1", err, tries)
	}
}

func TestWallClockSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{"short sleep", t.Context(), time.Millisecond, nil},
		{"no sleep", t.Context(), 0, nil},
		{"cancelled", ctx, time.Hour, context.Canceled},
		{"cancelled, no sleep", ctx, 0, context.Canceled},
	}
	for _, tc := range cases {
		if err := (chat.WallClock{}).Sleep(tc.ctx, tc.d); !errors.Is(err, tc.want) {
			t.Errorf("%s: Sleep(%v) = %v; want %v", tc.name, tc.d, err, tc.want)
		}
	}
	if chat.ClockOr(nil) != (chat.WallClock{}) {
		t.Error("chat.ClockOr(nil) is not the wall clock")
	}
}
