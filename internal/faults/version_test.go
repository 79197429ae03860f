package faults

import (
	"os/exec"
	"strings"
	"testing"
)

// TestVersion runs the built binary's --version and version: one line
// with the module version and, when the go command stamped the binary
// from a repository (not from a git worktree, nor with -buildvcs=false),
// the revision it was built from, as `go version -m` reads it.
func TestVersion(t *testing.T) {
	w := newWorld(t)
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	var mod, rev string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			mod = f[2]
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			rev = strings.TrimPrefix(f[1], "vcs.revision=")
		}
	}
	for _, arg := range []string{"--version", "version"} {
		code, p := w.run(arg)
		got := p.stdout.String()
		if code != 0 || strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "digestbot "+mod+" ") {
			t.Errorf("digestbot %s: exit %d, %q; want exit 0 and one line starting %q", arg, code, got, "digestbot "+mod+" ")
		}
		switch {
		case rev != "" && !strings.Contains(got, "(rev "+rev[:12]):
			t.Errorf("digestbot %s = %q; want the revision %s", arg, got, rev[:12])
		case rev == "" && strings.Contains(got, "rev "):
			t.Errorf("digestbot %s = %q names a revision; the binary has none", arg, got)
		}
	}
}
