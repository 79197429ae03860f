package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

// ErrCircuitOpen is returned, without a request being sent, while Discord
// has recently refused a bot token or webhook repeatedly (401 or 403).
// Discord bans an address that makes 10,000 invalid requests in ten
// minutes; a bad token in a schedule must not get there.
var ErrCircuitOpen = errors.New("discord: not sending: credentials were refused repeatedly (401/403); fix the token or permissions and restart")

// Rate is a number of requests per period.
type Rate struct {
	// N requests are allowed in any window of length Per.
	N int
	// Per is the window's length.
	Per time.Duration
}

// Pacer keeps requests within Discord's published rate limits and what its
// X-RateLimit-* headers announce, and holds the circuit that stops requests
// after repeated 401/403 answers. Limits are per bot token (or webhook) and
// per channel, across every poster that shares the Pacer; posters whose
// Pacer is nil share one Pacer per process, which is what Discord's limits
// mean. The zero value uses Discord's published limits. A Pacer is safe for
// concurrent use.
type Pacer struct {
	// PerChannel limits messages to one channel or webhook; zero means 5
	// per 5 seconds.
	PerChannel Rate
	// PerBot limits requests with one bot token; zero means 50 per second.
	PerBot Rate
	// CircuitThreshold is how many 401/403 answers in a row open the
	// circuit; zero means 3.
	CircuitThreshold int
	// CircuitOpen is how long the circuit stays open; zero means 10
	// minutes, the window of Discord's invalid-request ban.
	CircuitOpen time.Duration
	// Clock tells the time and waits for a request's turn; nil means the
	// wall clock.
	Clock chat.Clock

	mu        sync.Mutex
	windows   map[string][]time.Time // recent request times per key
	notBefore map[string]time.Time   // no request on key before this
	circuits  map[string]*circuit
}

// circuit counts consecutive refusals of one credential.
type circuit struct {
	failures  int
	openUntil time.Time
}

// sharedPacer paces posters that have no Pacer of their own.
var sharedPacer = &Pacer{}

func (p *Pacer) clock() chat.Clock { return waiting{chat.ClockOr(p.Clock)} }

func (p *Pacer) timeNow() time.Time { return p.clock().Now() }

func (p *Pacer) rates() (channel, bot Rate) {
	channel, bot = p.PerChannel, p.PerBot
	if channel.N <= 0 || channel.Per <= 0 {
		channel = Rate{N: 5, Per: 5 * time.Second}
	}
	if bot.N <= 0 || bot.Per <= 0 {
		bot = Rate{N: 50, Per: time.Second}
	}
	return channel, bot
}

// pacedKey is one limit a request counts against.
type pacedKey struct {
	key  string
	rate Rate // zero: only what Discord's headers announced
}

// keysFor returns the limits of a request made with credential cred
// ("bot:…", "webhook:…", or "" for interaction tokens, which Discord does
// not count against the bot) on bucket ("channel:…", or "" for none).
func (p *Pacer) keysFor(cred, bucket string, message bool) []pacedKey {
	channelRate, botRate := p.rates()
	var keys []pacedKey
	if cred != "" {
		k := pacedKey{key: cred}
		if len(cred) > 4 && cred[:4] == "bot:" {
			k.rate = botRate
		}
		keys = append(keys, k)
	}
	if bucket != "" {
		k := pacedKey{key: bucket}
		if message {
			k.rate = channelRate
		}
		keys = append(keys, k)
	}
	return keys
}

// wait blocks until a request on keys may be sent and records it, or
// returns ErrCircuitOpen when cred's circuit is open, or ctx's error.
func (p *Pacer) wait(ctx context.Context, cred string, keys []pacedKey) error {
	for {
		p.mu.Lock()
		now := p.timeNow()
		if c := p.circuits[cred]; cred != "" && c != nil && now.Before(c.openUntil) {
			p.mu.Unlock()
			return ErrCircuitOpen
		}
		until := now
		for _, k := range keys {
			if t := p.notBefore[k.key]; t.After(until) {
				until = t
			}
			if k.rate.N <= 0 {
				continue
			}
			w := p.windows[k.key]
			i := 0
			for i < len(w) && !w[i].After(now.Add(-k.rate.Per)) {
				i++
			}
			w = w[i:]
			if p.windows == nil {
				p.windows = map[string][]time.Time{}
			}
			p.windows[k.key] = w
			if len(w) >= k.rate.N {
				if t := w[len(w)-k.rate.N].Add(k.rate.Per); t.After(until) {
					until = t
				}
			}
		}
		if !until.After(now) {
			for _, k := range keys {
				if k.rate.N > 0 {
					p.windows[k.key] = append(p.windows[k.key], now)
				}
			}
			p.gc(now)
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		if err := p.clock().Sleep(ctx, until.Sub(now)); err != nil {
			return err
		}
	}
}

// gc forgets keys with nothing to remember once there are many of them.
func (p *Pacer) gc(now time.Time) {
	if len(p.windows)+len(p.notBefore) < 1024 {
		return
	}
	for k, w := range p.windows {
		if len(w) == 0 || now.Sub(w[len(w)-1]) > time.Minute {
			delete(p.windows, k)
		}
	}
	for k, t := range p.notBefore {
		if now.After(t) {
			delete(p.notBefore, k)
		}
	}
}

// block keeps requests on key from being sent for d.
func (p *Pacer) block(key string, d time.Duration) {
	if key == "" || d <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.notBefore == nil {
		p.notBefore = map[string]time.Time{}
	}
	if t := p.timeNow().Add(d); t.After(p.notBefore[key]) {
		p.notBefore[key] = t
	}
}

// observe reads the rate-limit headers of an answer on bucket: when the
// bucket is exhausted, requests on it wait for its reset.
func (p *Pacer) observe(bucket string, h http.Header) {
	if h.Get("X-RateLimit-Remaining") != "0" {
		return
	}
	if d, ok := seconds(h.Get("X-RateLimit-Reset-After")); ok {
		p.block(bucket, d)
	}
}

// refused records a 401 or 403 answer for cred; after CircuitThreshold in
// a row the circuit opens.
func (p *Pacer) refused(cred string) (opened bool) {
	if cred == "" {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.circuits == nil {
		p.circuits = map[string]*circuit{}
	}
	c := p.circuits[cred]
	if c == nil {
		c = &circuit{}
		p.circuits[cred] = c
	}
	c.failures++
	threshold, open := p.CircuitThreshold, p.CircuitOpen
	if threshold <= 0 {
		threshold = 3
	}
	if open <= 0 {
		open = 10 * time.Minute
	}
	if c.failures >= threshold {
		c.openUntil = p.timeNow().Add(open)
		c.failures = 0
		return true
	}
	return false
}

// accepted records a successful answer for cred, closing its circuit.
func (p *Pacer) accepted(cred string) {
	if cred == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.circuits, cred)
}

// credKey identifies a secret for pacing and the circuit without holding
// it: a prefix and the first bytes of its SHA-256.
func credKey(prefix, secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return prefix + hex.EncodeToString(sum[:8])
}

// seconds parses a number of seconds, possibly fractional ("0.5", "12"),
// as Discord writes Retry-After and X-RateLimit-Reset-After.
func seconds(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e6 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}
