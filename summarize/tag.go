package summarize

import (
	"context"
	"runtime"
	"sync"

	"github.com/digestbot/digestbot/postag"
)

// tagAll tags the sentences at the given indexes, spread over the machine's
// cores. It returns ctx's error if ctx ends first.
func tagAll(ctx context.Context, c *corpus, idx []int) ([][]postag.Token, error) {
	out := make([][]postag.Token, len(idx))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(idx) {
		workers = len(idx)
	}
	if workers <= 1 {
		for k, si := range idx {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			out[k] = postag.Tag(c.sents[si].text)
		}
		return out, nil
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				out[k] = postag.Tag(c.sents[idx[k]].text)
			}
		}()
	}
	for k := range idx {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
