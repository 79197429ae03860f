package lazyre

// Patterns returns the pattern of every Regexp made so far, so that a
// test can compile them all.
func Patterns() []string {
	mu.Lock()
	defer mu.Unlock()
	out := make([]string, len(patterns))
	for i, l := range patterns {
		out[i] = l.pattern
	}
	return out
}
