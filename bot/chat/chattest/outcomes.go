package chattest

import (
	"sync"
	"time"
)

// Outcomes records what a handler's Observe is told; its zero value is
// ready, and it is safe for concurrent use.
type Outcomes struct {
	mu  sync.Mutex
	got []string
}

// Observe records outcome, marked " (negative duration)" when d < 0; it
// has the type of an Observe field.
func (o *Outcomes) Observe(outcome string, d time.Duration) {
	if d < 0 {
		outcome += " (negative duration)"
	}
	o.mu.Lock()
	o.got = append(o.got, outcome)
	o.mu.Unlock()
}

// All returns the outcomes recorded so far, in order.
func (o *Outcomes) All() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.got...)
}
