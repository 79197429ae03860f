package sources

import (
	"context"
	"sync"

	"golang.org/x/sync/semaphore"
)

// Budgets of the documents the process holds between their fetch and the
// end of their reading, over every Load (see gate).
const (
	// parseBudget is how many bytes of documents are read at once.
	parseBudget = 8 << 20
	// heldBudget is how many bytes of fetched documents may wait for
	// their turn or be read before a new fetch waits.
	heldBudget = 16 << 20
)

// gate bounds the memory of documents. Reading a page — decoding it,
// parsing it, readability's working copy, the text rendered and cleaned —
// takes about fifteen times its size for a moment, so that ten 5 MB pages
// read at once would take 750 MB, and it is the processor's work, which
// more at once does not make faster: documents are read parseBudget bytes
// at a time, a larger one alone. Fetching is faster than reading, so that
// fetched documents would pile up waiting for their turn (the thirty
// pages a command may fetch, 5 MB each): a fetch waits while heldBudget
// bytes have been fetched and not yet read. The documents held are then
// at most heldBudget plus what the fetches under way bring.
//
// A document's turn ends before anything that fetches more, and a fetch
// never waits holding a turn, so the two waits cannot hold each other up.
type gate struct {
	parse *semaphore.Weighted

	mu    sync.Mutex
	held  int64         // bytes fetched and not yet let go
	fewer chan struct{} // closed, and replaced, when held falls
}

// documents is the process's gate.
var documents = &gate{parse: semaphore.NewWeighted(parseBudget), fewer: make(chan struct{})}

// admit waits until a fetch may bring another document, or ctx ends.
func (g *gate) admit(ctx context.Context) error {
	for {
		g.mu.Lock()
		if g.held < heldBudget {
			g.mu.Unlock()
			return nil
		}
		fewer := g.fewer
		g.mu.Unlock()
		select {
		case <-fewer:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// hold counts n more bytes held (fewer when negative).
func (g *gate) hold(n int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held += n
	if n < 0 {
		close(g.fewer)
		g.fewer = make(chan struct{})
	}
}

// turn waits for the turn to read a document of n bytes, and returns the
// release of the turn.
func (g *gate) turn(ctx context.Context, n int) (release func(), err error) {
	w := int64(min(max(n, 1), parseBudget))
	if err := g.parse.Acquire(ctx, w); err != nil {
		return nil, err
	}
	return func() { g.parse.Release(w) }, nil
}
