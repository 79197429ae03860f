package slack

import (
	"context"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

// DefaultInterval is the time a Pacer leaves between two messages to one
// destination: Slack allows about one message per second per channel.
const DefaultInterval = time.Second

// maxPacerKeys bounds a Pacer's memory; past it, destinations whose next
// slot has passed are forgotten.
const maxPacerKeys = 1024

// Pacer spaces messages to each destination (a channel, a webhook) by
// Interval, and holds a destination back after Slack answers 429. It is
// safe for concurrent use; posters that write to the same channel should
// share one, so that together they keep to Slack's rate. The zero value is
// ready to use.
type Pacer struct {
	// Interval is the least time between two messages to one destination;
	// zero means DefaultInterval.
	Interval time.Duration
	// Clock tells the time and waits; nil means the wall clock.
	Clock chat.Clock

	mu   sync.Mutex
	next map[string]time.Time
}

// Wait reserves the next slot for key and waits for it, or until ctx is
// done.
func (p *Pacer) Wait(ctx context.Context, key string) error {
	clock := chat.ClockOr(p.Clock)
	interval := p.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	p.mu.Lock()
	now := clock.Now()
	if p.next == nil {
		p.next = map[string]time.Time{}
	}
	if len(p.next) >= maxPacerKeys {
		for k, t := range p.next {
			if t.Before(now) {
				delete(p.next, k)
			}
		}
	}
	slot := p.next[key]
	if slot.Before(now) {
		slot = now
	}
	p.next[key] = slot.Add(interval)
	p.mu.Unlock()
	if d := slot.Sub(now); d > 0 {
		return clock.Sleep(ctx, d)
	}
	return ctx.Err()
}

// Hold keeps the next message to key from going before until, as after a
// 429 with Retry-After.
func (p *Pacer) Hold(key string, until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next == nil {
		p.next = map[string]time.Time{}
	}
	if p.next[key].Before(until) {
		p.next[key] = until
	}
}
