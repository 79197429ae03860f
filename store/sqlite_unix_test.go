//go:build unix

package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// roChildEnv tells the test binary, run again as an unprivileged user,
// which directory to run TestSQLiteReadOnlyDir's checks in.
const roChildEnv = "DIGESTBOT_TEST_RO_DIR"

// TestSQLiteReadOnlyDir checks Open in a directory the process cannot
// write. Root ignores permission bits, so as root the checks run in a
// copy of the test binary started as user nobody.
func TestSQLiteReadOnlyDir(t *testing.T) {
	if dir := os.Getenv(roChildEnv); dir != "" {
		checkReadOnlyDir(t, dir)
		return
	}
	base := t.TempDir()
	dir := filepath.Join(base, "ro")
	must(t, os.Mkdir(dir, 0o755))
	// An existing database, writable by its owner, in the read-only
	// directory: SQLite could not create its -wal file there.
	s := open(t, filepath.Join(dir, "existing.db"))
	must(t, s.Close())
	must(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })

	if os.Geteuid() != 0 {
		checkReadOnlyDir(t, dir)
		return
	}
	// As root: make the tree reachable by nobody, the database file
	// nobody's, and run this test again as nobody.
	const nobody = 65534
	must(t, os.Chown(filepath.Join(dir, "existing.db"), nobody, nobody))
	for _, d := range []string{filepath.Dir(base), base} {
		must(t, os.Chmod(d, 0o755))
	}
	exe, err := os.Executable()
	must(t, err)
	bin := filepath.Join(base, "store.test")
	data, err := os.ReadFile(exe)
	must(t, err)
	must(t, os.WriteFile(bin, data, 0o755))
	cmd := exec.Command(bin, "-test.run=^TestSQLiteReadOnlyDir$", "-test.v")
	cmd.Env = append(os.Environ(), roChildEnv+"="+dir, "HOME="+base, "TMPDIR="+base)
	cmd.Dir = base
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	must(t, os.Chmod(base, 0o777)) // the child's own t.TempDir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Fatalf("checks as nobody failed: %v\n%s", err, out)
	case err != nil: // could not start it: no setuid, or a private TMPDIR
		t.Skipf("cannot run the checks as nobody: %v", err)
	}
	if !bytes.Contains(out, []byte("--- PASS: TestSQLiteReadOnlyDir")) {
		t.Fatalf("checks as nobody did not pass:\n%s", out)
	}
	t.Logf("as nobody:\n%s", out)
}

func checkReadOnlyDir(t *testing.T, dir string) {
	if f, err := os.CreateTemp(dir, "probe"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Fatalf("%s is writable; want a read-only directory", dir)
	}
	for _, name := range []string{"new.db", "existing.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(context.Background(), path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) in a read-only directory succeeded", name)
			continue
		}
		msg := err.Error()
		t.Logf("Open(%s): %s", name, msg)
		if !strings.HasPrefix(msg, "store: open "+path+": ") || !strings.Contains(msg, "not writable") ||
			!strings.Contains(msg, fs.ErrPermission.Error()) {
			t.Errorf("Open(%s) = %q; want a store: open error naming the file and the unwritable directory", name, msg)
		}
	}
}
