package chattest

import (
	"context"
	"sync"

	"github.com/digestbot/digestbot/bot/chat"
)

// Follows records the follow queries a handler's Follow is given and
// answers each with Reply, or with the error Fail set; it is safe for
// concurrent use once Reply is set.
type Follows struct {
	// Reply is the text each query is answered with.
	Reply string

	mu  sync.Mutex
	got []chat.FollowQuery
	err error
}

// Follow records q and answers Reply; it has the type of a Follow field.
func (f *Follows) Follow(ctx context.Context, q chat.FollowQuery) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, q)
	return f.Reply, f.err
}

// Fail makes the queries from now on fail with err (nil: succeed).
func (f *Follows) Fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

// All returns the queries recorded so far, in order.
func (f *Follows) All() []chat.FollowQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]chat.FollowQuery(nil), f.got...)
}
