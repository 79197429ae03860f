package chat

import (
	"context"
	"time"
)

// Clock tells the time and waits; tests replace it to run without waiting.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits for d, or until ctx is done, when it returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

// WallClock is the Clock of the wall: time.Now and a timer.
type WallClock struct{}

var _ Clock = WallClock{}

// Now returns time.Now().
func (WallClock) Now() time.Time { return time.Now() }

// Sleep waits for d, or until ctx is done, when it returns ctx.Err(). A d
// of zero or less returns ctx.Err() at once.
func (WallClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ClockOr returns c, or the WallClock when c is nil.
func ClockOr(c Clock) Clock {
	if c == nil {
		return WallClock{}
	}
	return c
}
