package faults

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadStore starts digestbot on stores it cannot use, three times each
// as a supervisor would: each start fails with exit 1 and one line that
// names the file and the problem, never a panic, and leaves the store as
// it was. Where the store holds pending deliveries, they are delivered
// once the store is usable again.
func TestBadStore(t *testing.T) {
	t.Parallel()
	t.Run("corrupt file", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		db := filepath.Join(w.dir, "digestbot.db")
		garbage := []byte(strings.Repeat("this is not an SQLite database \x00\xff\x13\x37 ", 512))
		if err := os.WriteFile(db, garbage, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := w.config(db, "0 7 * * *", toDiscord)
		for range 3 {
			code, p := w.run("run", "--config", cfg, "--once")
			wantClearFailure(t, p, code, db, "not a database")
		}
		if got, err := os.ReadFile(db); err != nil || string(got) != string(garbage) {
			t.Errorf("the corrupt file changed (err %v): a store digestbot cannot read must be left for its owner to inspect", err)
		}
		if w.discord.requests() != 0 {
			t.Errorf("Discord got %d requests from a bot without a store", w.discord.requests())
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		db := filepath.Join(w.dir, "missing", "digestbot.db")
		cfg := w.config(db, "0 7 * * *", toDiscord)
		for range 3 {
			code, p := w.run("run", "--config", cfg, "--once")
			wantClearFailure(t, p, code, db, "does not exist", "no such file or directory")
		}
		if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
			t.Errorf("the missing directory exists after the runs (%v); want it left missing", err)
		}
	})

	// The next two run the bot as user nobody when the test runs as root,
	// which ignores file permissions.
	for _, tc := range []struct {
		name string
		// blocked is the mode that makes the store unusable and restore
		// the one that undoes it, on the file or, inFolder, its folder.
		inFolder         bool
		blocked, restore os.FileMode
		// says is what the bot's line says; while names the state.
		says, while string
	}{
		{"unreadable file", false, 0, 0o600, "permission denied", "digestbot could not read it"},
		{"read-only directory", true, 0o555, 0o777, "not writable", "its directory was read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, data, cfg, check := pendingStore(t)
			db := filepath.Join(data, "digestbot.db")
			sum := fileSum(t, db)
			target := db
			if tc.inFolder {
				target = data
			}
			must(t, os.Chmod(target, tc.blocked))
			t.Cleanup(func() { os.Chmod(target, tc.restore) })
			for range 3 {
				code, p := w.run("run", "--config", cfg, "--once")
				wantClearFailure(t, p, code, db, tc.says)
			}
			if fileSum(t, db) != sum {
				t.Errorf("the store changed while %s", tc.while)
			}
			must(t, os.Chmod(target, tc.restore))
			w.discord.set(nil)
			w.runUntilDone(20, "run", "--config", cfg, "--once", "--retry", "300ms")
			check()
			wantEachStoryOnce(t, "Discord", w.discord.titles())
		})
	}
}

// pendingStore makes a store, in the folder data, whose outbox holds the
// three stories for Discord, which rate limits the bot until the test
// says otherwise; the bot runs as user nobody. It waits for a minute with
// time enough for the test's runs to share it (see sameMinute); the check
// it returns fails the test if they did not.
func pendingStore(t *testing.T) (w *world, data, cfg string, check func()) {
	t.Helper()
	w = newWorld(t)
	w.asNobody = true
	// Let nobody reach the test's folder and write the store's.
	must(t, os.Chmod(filepath.Dir(w.dir), 0o755))
	must(t, os.Chmod(w.dir, 0o755))
	data = filepath.Join(w.dir, "data")
	must(t, os.Mkdir(data, 0o777))
	must(t, os.Chmod(data, 0o777))
	cfg = w.config(filepath.Join(data, "digestbot.db"), "0 7 * * *", toDiscord)
	w.discord.set(func(int) step { return rateLimit })
	check = sameMinute(t, 15*time.Second)
	code, p := w.run("run", "--config", cfg, "--once", "--retry", "300ms")
	if code != 1 || !strings.Contains(p.stderr.String(), "deliveries still pending") || !strings.Contains(p.stderr.String(), `"pending":3`) || w.discord.requests() != 1 {
		t.Fatalf("making a store with pending deliveries: exit %d, %d Discord requests; want exit 1, 3 deliveries pending, and 1 request (after Discord refused the first, the others to it wait untried). stderr:\n%s", code, w.discord.requests(), p.stderr.String())
	}
	return w, data, cfg, check
}

// wantClearFailure checks that a run failed as it should on a store it
// cannot use: exit 1, one line for a person (the JSON log aside) that
// names the file and says one of problems, and no crash.
func wantClearFailure(t *testing.T, p *proc, code int, path string, problems ...string) {
	t.Helper()
	p.wantNoCrash(t)
	lines := p.plainLines()
	if code != 1 || len(lines) != 1 {
		t.Errorf("exit %d with %d lines for a person; want exit 1 and one line. stderr:\n%s", code, len(lines), p.stderr.String())
		return
	}
	said := false
	for _, s := range problems {
		said = said || strings.Contains(lines[0], s)
	}
	if !strings.Contains(lines[0], path) || !said {
		t.Errorf("digestbot said %q; want the store %s named and the problem (%s)", lines[0], path, strings.Join(problems, " or "))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
