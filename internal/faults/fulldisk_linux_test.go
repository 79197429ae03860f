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
	dir := filepath.Join(w.dir, "fs")
	must(t, os.Mkdir(dir, 0o755))
	var fill, free func()
	err := errors.New("DIGESTBOT_FAULTS_NO_TMPFS is set")
	if os.Getenv("DIGESTBOT_FAULTS_NO_TMPFS") == "" {
		err = syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "size=2m,mode=0755")
	}
	if err == nil {
		t.Cleanup(func() {
			if err := syscall.Unmount(dir, 0); err != nil {
				t.Errorf("umount %s: %v", dir, err)
			}
		})
		filler := filepath.Join(dir, "filler")
		fill = func() { fillUp(t, filler) }
		free = func() { must(t, os.Remove(filler)) }
	} else {
		t.Logf("no tmpfs (%v): a file size limit stands in for a full disk", err)
		fill = func() { w.fileLimit = 16 } // KiB: less than the store
		free = func() { w.fileLimit = 0 }
	}

	db := filepath.Join(dir, "digestbot.db")
	cfg := w.config(db, "0 7 * * *", toDiscord)
	w.discord.set(func(int) step { return rateLimit })
	check := sameMinute(t, 15*time.Second)
	code, p := w.run("run", "--config", cfg, "--once", "--retry", "300ms")
	if code != 1 || !strings.Contains(p.stderr.String(), "deliveries still pending") || w.discord.requests() != 3 {
		t.Fatalf("making a store with pending deliveries: exit %d, %d Discord requests; want exit 1, 3 requests and deliveries pending. stderr:\n%s", code, w.discord.requests(), p.stderr.String())
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

// fillUp writes the file until its file system has no byte left.
func fillUp(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	must(t, err)
	defer f.Close()
	for _, size := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, size)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("filling the disk: %v", err)
				}
				break
			}
		}
	}
}
