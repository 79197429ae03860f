package chat

import (
	"errors"
	"sync"
	"time"
)

// Replays remembers the keys of requests answered (a signature, an
// interaction ID) until they expire, so that a request sent again is
// refused. The zero value is ready to use; it is safe for concurrent use.
type Replays struct {
	mu   sync.Mutex
	seen map[string]time.Time // key → when it expires
}

// First records key until expiry and reports whether it is new at now:
// false when it was recorded before and has not expired. Expired keys are
// forgotten.
func (r *Replays) First(key string, now, expiry time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, until := range r.seen {
		if now.After(until) {
			delete(r.seen, k)
		}
	}
	if _, dup := r.seen[key]; dup {
		return false
	}
	if r.seen == nil {
		r.seen = map[string]time.Time{}
	}
	r.seen[key] = expiry
	return true
}

// UserMessage returns what the first error in err's chain that speaks to
// the person who asked (one with a method UserMessage() string) says, or
// "". It is the only text of a failed digest that a user is shown; an
// error's own text may name internal addresses.
func UserMessage(err error) string {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage()
	}
	return ""
}
