package lazyre_test

import (
	"regexp"
	"testing"

	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/internal/lazyre"
)

// The sources packages are linked in for the expressions they register.
var _ = sources.Load

// TestPatternsCompile compiles every lazily compiled expression of the
// sources packages, which production code compiles only when an input
// reaches it.
func TestPatternsCompile(t *testing.T) {
	patterns := lazyre.Patterns()
	if len(patterns) < 50 {
		t.Errorf("%d patterns registered; want every expression of the sources packages (over 50)", len(patterns))
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			t.Errorf("pattern %q: %v", p, err)
		}
	}
}
