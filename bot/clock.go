package bot

import "time"

// FastClock is a Clock that runs Rate times faster than the wall clock: it
// reads Start at the wall-clock instant Epoch, and its After(d) fires after
// d/Rate of real time. It lets a rehearsal or a test fire a day of
// scheduled runs in minutes with the real daemon; every duration the runner
// measures with its clock (poll interval, delivery leases, retry backoff)
// then counts in the clock's time too. Replicas given the same Start, Epoch
// and Rate read the same time.
type FastClock struct {
	// Start is what the clock reads at Epoch.
	Start time.Time
	// Epoch is the wall-clock instant at which the clock reads Start.
	Epoch time.Time
	// Rate is how many times faster than the wall clock it runs; zero or
	// less means 1.
	Rate float64
}

var _ Clock = FastClock{}

// NewClock returns the clock that reads start at the wall-clock instant
// epoch and runs rate times faster than the wall clock; a zero epoch means
// now, a zero start means epoch, and a rate of zero or less means 1. With
// neither start nor a rate other than 1 it returns SystemClock.
func NewClock(start, epoch time.Time, rate float64) Clock {
	if start.IsZero() && (rate <= 0 || rate == 1) {
		return SystemClock{}
	}
	if epoch.IsZero() {
		epoch = time.Now()
	}
	if start.IsZero() {
		start = epoch
	}
	return FastClock{Start: start, Epoch: epoch, Rate: rate}
}

func (c FastClock) rate() float64 {
	if c.Rate <= 0 {
		return 1
	}
	return c.Rate
}

// Now returns Start plus Rate times the wall-clock time since Epoch.
func (c FastClock) Now() time.Time {
	return c.Start.Add(time.Duration(float64(time.Since(c.Epoch)) * c.rate()))
}

// After returns a channel that receives the clock's time once d of the
// clock's time has passed: after d/Rate of real time.
func (c FastClock) After(d time.Duration) <-chan time.Time {
	out := make(chan time.Time, 1)
	wall := time.Duration(float64(d) / c.rate())
	time.AfterFunc(wall, func() { out <- c.Now() })
	return out
}
