package sources

import (
	"regexp"
	"testing"
)

// TestPatternsCompile compiles every lazily compiled expression of the
// package, which production code compiles only when an input reaches it.
func TestPatternsCompile(t *testing.T) {
	if len(patterns) < 50 {
		t.Errorf("%d patterns registered; want every expression of the package (over 50)", len(patterns))
	}
	for _, l := range patterns {
		if _, err := regexp.Compile(l.pattern); err != nil {
			t.Errorf("pattern %q: %v", l.pattern, err)
		}
	}
}
