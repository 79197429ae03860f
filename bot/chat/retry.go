package chat

import (
	"context"
	"math/rand/v2"
	"time"
)

// Retry says how a request to a chat platform is retried. A zero field
// means the default of the adapter that uses it; see DefaultRetry.
type Retry struct {
	// MaxAttempts is the most tries of one request, the first included.
	MaxAttempts int
	// BaseDelay is the backoff after the first failure, doubled for each
	// failure after it. Each wait is drawn between half of the backoff and
	// all of it (jitter).
	BaseDelay time.Duration
	// MaxDelay caps the backoff.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest wait a platform may ask for (Retry-After)
	// that is waited out; a longer one fails the request at once.
	MaxRetryAfter time.Duration
}

// DefaultRetry is what a zero field of a Retry means: 5 attempts, a
// backoff from one second to at most 30, and a Retry-After of at most two
// minutes waited out. An adapter may default BaseDelay otherwise (Discord's
// is 500 ms).
var DefaultRetry = Retry{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}

// Or returns r with each zero or negative field taken from def.
func (r Retry) Or(def Retry) Retry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = def.MaxAttempts
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = def.BaseDelay
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = def.MaxDelay
	}
	if r.MaxRetryAfter <= 0 {
		r.MaxRetryAfter = def.MaxRetryAfter
	}
	return r
}

// Backoff returns the wait after n failures (1 for the first): BaseDelay
// doubled n-1 times, capped at MaxDelay, with "equal jitter": drawn from
// [b/2, b]. It reads r as it is; call Or first for the defaults.
func (r Retry) Backoff(n int) time.Duration {
	b := r.MaxDelay
	if s := n - 1; s >= 0 && s < 30 && r.BaseDelay<<s < r.MaxDelay && r.BaseDelay<<s > 0 {
		b = r.BaseDelay << s
	}
	if b <= 0 {
		return 0
	}
	half := b / 2
	return half + rand.N(b-half+1) // #nosec G404 -- jitter needs no cryptographic randomness.
}

// Verdict is what one attempt tells a Loop.
type Verdict struct {
	// Err is the attempt's error; nil is a success, which ends the loop.
	Err error
	// Retry says that a later attempt may succeed where this one failed.
	Retry bool
	// Wait is how long the platform asked to wait before the next attempt
	// (Retry-After); zero means the backoff.
	Wait time.Duration
}

// Loop tries a request until it succeeds, fails for good, or runs out of
// attempts, waiting between attempts. The adapters judge each attempt (what
// can be retried is the platform's business) and say their errors in their
// own words through the hooks; the loop counts, waits and gives up.
type Loop struct {
	// Retry is the policy; a zero field means DefaultRetry's.
	Retry Retry
	// Clock waits between attempts; nil means the wall clock.
	Clock Clock
	// GiveUp wraps the last error when the attempts run out, told how many
	// were made; nil returns the error as it is.
	GiveUp func(err error, attempts int) error
	// TooLong wraps the error of an attempt whose Wait is longer than
	// Retry.MaxRetryAfter, which fails at once; nil returns it as it is.
	TooLong func(err error, wait, longest time.Duration) error
	// Pause, when set, is called before each wait with the attempt that
	// failed (1 for the first), its verdict and the wait (its Wait, or the
	// backoff). It logs the retry, and may arrange the wait itself, as by
	// holding back a pacer that the next attempt waits on, and then return
	// true: the loop does not sleep.
	Pause func(attempt int, v Verdict, wait time.Duration) (held bool)
}

// Do calls try with attempt numbers from 1 until it returns a verdict
// without an error, or one that is not to be retried, or until the
// attempts run out or a wait is cut short by ctx. A Wait longer than
// MaxRetryAfter fails at once, whatever the attempt.
func (l Loop) Do(ctx context.Context, try func(ctx context.Context, attempt int) Verdict) error {
	r := l.Retry.Or(DefaultRetry)
	clock := ClockOr(l.Clock)
	for n := 1; ; n++ {
		v := try(ctx, n)
		if v.Err == nil || !v.Retry {
			return v.Err
		}
		if v.Wait > r.MaxRetryAfter {
			if l.TooLong != nil {
				return l.TooLong(v.Err, v.Wait, r.MaxRetryAfter)
			}
			return v.Err
		}
		if n >= r.MaxAttempts {
			if l.GiveUp != nil {
				return l.GiveUp(v.Err, n)
			}
			return v.Err
		}
		wait := v.Wait
		if wait <= 0 {
			wait = r.Backoff(n)
		}
		if l.Pause != nil && l.Pause(n, v, wait) {
			continue
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}
