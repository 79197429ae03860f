package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestHelpGolden keeps every command's help, and the usage printed for a
// command line that names no command or an unknown one, byte-identical:
// testdata/help holds each one's exit code, standard output and standard
// error.
func TestHelpGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"none", nil},
		{"help", []string{"help"}},
		{"dash-help", []string{"--help"}},
		{"unknown", []string{"summarise"}},
		{"digest", []string{"digest", "--help"}},
		{"brief", []string{"brief", "--help"}},
		{"post", []string{"post", "-h"}},
		{"serve", []string{"serve", "--help"}},
		{"run", []string{"run", "--help"}},
		{"config", []string{"config"}},
		{"config-check", []string{"config", "check", "--help"}},
		{"discord", []string{"discord"}},
		{"discord-register", []string{"discord", "register", "--help"}},
		{"eval", []string{"eval", "-help"}},
		{"health", []string{"health", "--help"}},
		{"version", []string{"version", "--help"}},
		{"digest-no-input", []string{"digest"}},
		{"brief-no-feeds", []string{"brief"}},
		{"run-no-config", []string{"run"}},
		{"bad-flag", []string{"digest", "--colour", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			got := fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, out, errs)
			path := filepath.Join("testdata", "help", tt.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("digestbot %s printed:\n%s\nwant (%s):\n%s", strings.Join(tt.args, " "), got, path, want)
			}
		})
	}
}
