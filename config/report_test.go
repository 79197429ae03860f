package config

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	warning := Problem{File: "c.yaml", Line: 3, Field: "briefs[0].to", Message: "no destination", Warning: true}
	problem := Problem{File: "c.yaml", Line: 5, Field: "feeds.world[0]", Message: "not a URL"}
	tests := []struct {
		name      string
		ps        []Problem
		warn      bool
		want      string
		wantWarns int
		wantErr   bool
	}{
		{"none", nil, false, "", 0, false},
		{"all printed", []Problem{warning, problem}, false, warning.String() + "\n" + problem.String() + "\n", 0, true},
		{"warnings to warn", []Problem{warning, problem}, true, problem.String() + "\n", 1, true},
		{"warnings only", []Problem{warning}, true, "", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			warns := 0
			var warn func(Problem)
			if tt.warn {
				warn = func(Problem) { warns++ }
			}
			got := Report(tt.ps, &b, warn)
			if got != tt.wantErr || b.String() != tt.want || warns != tt.wantWarns {
				t.Errorf("Report = %v, wrote %q, warned %d; want %v, %q, %d", got, b.String(), warns, tt.wantErr, tt.want, tt.wantWarns)
			}
		})
	}
}
