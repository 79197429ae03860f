package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSQLiteFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix file modes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "digestbot.db")
	s := open(t, path)
	must(t, s.markSeen(ctx, []string{"a"}, t0)) // the WAL now holds a write
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %v; want 0600", filepath.Base(p), mode)
		}
	}
	var mode string
	must(t, s.b.(*sqliteBackend).r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
	if mode != "wal" {
		t.Errorf("journal_mode = %q; want wal", mode)
	}
	for pragma, want := range map[string]int{"busy_timeout": 10000, "foreign_keys": 1, "synchronous": 2} {
		var got int
		must(t, s.b.(*sqliteBackend).w.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got))
		if got != want {
			t.Errorf("PRAGMA %s = %d; want %d", pragma, got, want)
		}
	}
	// The read pool cannot write.
	if _, err := s.b.(*sqliteBackend).r.ExecContext(ctx, `DELETE FROM seen`); err == nil {
		t.Errorf("a write through the read pool succeeded")
	}
}

// TestSQLiteOpenErrors checks that files SQLite cannot use give an error
// that names the file and the problem, and never a panic.
func TestSQLiteOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	must(t, os.WriteFile(garbage, bytes.Repeat([]byte("this is not a database\n"), 400), 0o600))
	// A database whose header is fine but whose first page is not.
	truncated := filepath.Join(dir, "truncated.db")
	s := open(t, truncated)
	must(t, s.markSeen(context.Background(), []string{"a", "b"}, t0))
	must(t, s.Close())
	data, err := os.ReadFile(truncated)
	must(t, err)
	copy(data[100:], bytes.Repeat([]byte{0xff}, 400))
	must(t, os.WriteFile(truncated, data, 0o600))
	isDir := filepath.Join(dir, "dir.db")
	must(t, os.Mkdir(isDir, 0o700))
	notDir := filepath.Join(dir, "file")
	must(t, os.WriteFile(notDir, nil, 0o600))

	for _, tc := range []struct {
		name, path, want string
	}{
		{"garbage", garbage, "file is not a database"},
		{"corrupt first page", truncated, "malformed"},
		{"directory", isDir, "is a directory"},
		{"missing directory", filepath.Join(dir, "missing", "x.db"), "no such file or directory"},
		{"parent is a file", filepath.Join(notDir, "x.db"), "not a directory"},
		{"in-memory", ":memory:", "want the path of a database file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded; want an error", tc.path)
			}
			msg := err.Error()
			t.Logf("Open(%s): %s", tc.path, msg)
			if !strings.HasPrefix(msg, "store: ") || !strings.Contains(msg, tc.path) || !strings.Contains(msg, tc.want) {
				t.Errorf("Open(%s) = %q; want a store: error naming the file and %q", tc.path, msg, tc.want)
			}
		})
	}
}
