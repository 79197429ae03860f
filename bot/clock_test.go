package bot

import (
	"testing"
	"time"
)

func TestNewClock(t *testing.T) {
	if c := NewClock(time.Time{}, time.Time{}, 1); c != (SystemClock{}) {
		t.Errorf("NewClock(zero, zero, 1) = %#v; want SystemClock", c)
	}
	if c := NewClock(time.Time{}, time.Time{}, 0); c != (SystemClock{}) {
		t.Errorf("NewClock(zero, zero, 0) = %#v; want SystemClock", c)
	}
	start := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	epoch := time.Now().Add(-2 * time.Second)
	c := NewClock(start, epoch, 60)
	now := c.Now()
	// Two wall seconds at 60× are two clock minutes, give or take the
	// time this test takes.
	if lo, hi := start.Add(2*time.Minute), start.Add(3*time.Minute); now.Before(lo) || now.After(hi) {
		t.Errorf("Now() = %v; want within [%v, %v]", now, lo, hi)
	}
}

func TestFastClockAfter(t *testing.T) {
	c := FastClock{Start: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), Epoch: time.Now(), Rate: 600}
	wall := time.Now()
	got := <-c.After(time.Minute) // 100 ms of real time
	if elapsed := time.Since(wall); elapsed < 90*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("After(1m) at 600× fired after %v of real time; want about 100ms", elapsed)
	}
	if want := c.Start.Add(time.Minute); got.Before(want) {
		t.Errorf("After(1m) sent %v; want at least %v", got, want)
	}
}

func TestFastClockZeroRate(t *testing.T) {
	epoch := time.Now()
	c := FastClock{Start: epoch.Add(-time.Hour), Epoch: epoch}
	if d := time.Since(c.Now().Add(time.Hour)); d < 0 || d > time.Second {
		t.Errorf("FastClock with Rate 0 is %v off an hour behind the wall clock; want it to run at 1×", d)
	}
}
