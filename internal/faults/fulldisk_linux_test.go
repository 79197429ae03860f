package faults

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFullDisk puts the store on a tiny tmpfs holding pending deliveries,
// fills the file system, and starts digestbot three times: each start
// fails with exit 1 and one line naming the store and saying the disk is
// full. Once space is freed, the pending deliveries are delivered once.
//
// Where no tmpfs can be mounted (not root, no CAP_SYS_ADMIN), or when
// DIGESTBOT_FAULTS_NO_TMPFS is set, a file size limit (ulimit -f) on the
// bot stands in for the full disk.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	db, fill, free := w.storeOnTmpfs(t)
	if fill == nil {
		t.Logf("no tmpfs: a file size limit stands in for a full disk")
		fill = func() { w.fileLimit = 16 } // KiB: less than the store
		free = func() { w.fileLimit = 0 }
	}

	cfg := w.config(db, "0 7 * * *", toDiscord)
	w.discord.set(func(int) step { return rateLimit })
	check := sameMinute(t, 15*time.Second)
	code, p := w.run("run", "--config", cfg, "--once", "--retry", "300ms")
	if code != 1 || !strings.Contains(p.stderr.String(), "deliveries still pending") || !strings.Contains(p.stderr.String(), `"pending":3`) || w.discord.requests() != 1 {
		t.Fatalf("making a store with pending deliveries: exit %d, %d Discord requests; want exit 1, 3 deliveries pending, and 1 request (after Discord refused the first, the others to it wait untried). stderr:\n%s", code, w.discord.requests(), p.stderr.String())
	}

	fill()
	for range 3 {
		code, p := w.run("run", "--config", cfg, "--once", "--retry", "300ms")
		wantClearFailure(t, p, code, db, "disk is full", "no space left", "file too large", "size limit")
	}
	free()
	w.discord.set(nil)
	w.runUntilDone(20, "run", "--config", cfg, "--once", "--retry", "300ms")
	check()
	wantEachStoryOnce(t, "Discord", w.discord.titles())
}

// storeOnTmpfs returns the path of a store on a tmpfs in w's folder,
// and the functions that fill and free the tmpfs: nils where no tmpfs can
// be mounted (see tmpfs).
func (w *world) storeOnTmpfs(t *testing.T) (db string, fill, free func()) {
	t.Helper()
	dir := filepath.Join(w.dir, "fs")
	fill, free = tmpfs(t, dir)
	return filepath.Join(dir, "digestbot.db"), fill, free
}

// needTmpfs is storeOnTmpfs for a test that has no stand-in for a full
// disk: it skips t where no tmpfs can be mounted.
func (w *world) needTmpfs(t *testing.T) (db string, fill, free func()) {
	t.Helper()
	db, fill, free = w.storeOnTmpfs(t)
	if fill == nil {
		t.Skip("no tmpfs to fill")
	}
	return db, fill, free
}

// tmpfs mounts a 2 MiB tmpfs on dir, a new folder, unmounted when the test
// ends, and returns functions that fill it to the last byte and free it
// again. Where no tmpfs can be mounted (not root, no CAP_SYS_ADMIN), or
// when DIGESTBOT_FAULTS_NO_TMPFS is set, it returns nils.
func tmpfs(t *testing.T, dir string) (fill, free func()) {
	t.Helper()
	must(t, os.Mkdir(dir, 0o755))
	err := errors.New("DIGESTBOT_FAULTS_NO_TMPFS is set")
	if os.Getenv("DIGESTBOT_FAULTS_NO_TMPFS") == "" {
		err = syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "size=2m,mode=0755")
	}
	if err != nil {
		t.Logf("no tmpfs on %s: %v", dir, err)
		return nil, nil
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("umount %s: %v", dir, err)
		}
	})
	filler := filepath.Join(dir, "filler")
	return func() { fillUp(t, filler) }, func() {
		if err := os.Remove(filler); err != nil {
			t.Errorf("free the disk: %v", err)
		}
	}
}

// fillUp writes the file until its file system has no byte left.
func fillUp(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Errorf("filling the disk: %v", err)
		return
	}
	defer f.Close()
	for _, size := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, size)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Errorf("filling the disk: %v", err)
					return
				}
				break
			}
		}
	}
}
