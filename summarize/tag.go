package summarize

import (
	"runtime"
	"sync"

	"github.com/digestbot/digestbot/postag"
)

// tagAll tags the sentences at the given indexes, spread over the machine's
// cores.
func tagAll(c *corpus, idx []int) [][]postag.Token {
	out := make([][]postag.Token, len(idx))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(idx) {
		workers = len(idx)
	}
	if workers <= 1 {
		for k, si := range idx {
			out[k] = postag.Tag(c.sents[si].text)
		}
		return out
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
		next <- k
	}
	close(next)
	wg.Wait()
	return out
}
