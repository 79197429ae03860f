// Package chattest provides what the tests of the chat adapters share: a
// fake chat.Clock, so that no test waits on the wall clock, Outcomes,
// which records what a handler's Observe is told, and Follows, which
// records the follow queries its Follow is given.
package chattest

import (
	"context"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

// Clock is a chat.Clock that moves only when slept on, at once, and
// records every sleep. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

var _ chat.Clock = (*Clock)(nil)

// NewClock returns a Clock that reads start until it is slept on.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time: its start plus every sleep.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d and moves the clock on by it at once; when ctx is done
// it returns ctx.Err() without sleeping.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	if d > 0 {
		c.now = c.now.Add(d)
	}
	return nil
}

// Sleeps returns the sleeps so far, in order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}
