package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

// DefaultAPIURL is the base of Discord's REST API, with its version. An
// APIURL field that is empty means this; digestbot reads an override from
// DISCORD_API_URL (a proxy, or a fake Discord in tests).
const DefaultAPIURL = "https://discord.com/api/v10"

// userAgent is what Discord asks bots to send: "DiscordBot (url, version)".
const userAgent = "DiscordBot (https://github.com/digestbot/digestbot, 1)"

// maxResponse bounds how much of an answer is read.
const maxResponse = 1 << 20

// defaultRetry is what a zero field of a Retry means here: at most 5
// attempts, a backoff from 500 ms to at most 30 s, and a 429 waited out
// for at most 2 minutes.
var defaultRetry = chat.Retry{BaseDelay: 500 * time.Millisecond}.Or(chat.DefaultRetry)

// APIError is an answer from Discord that is not a success. Its text names
// the route (never a token), the HTTP status and Discord's error code and
// message: "discord: POST /channels/1/messages: 403 Forbidden: Missing
// Permissions (code 50013)".
type APIError struct {
	// Route is the method and path, with tokens elided.
	Route string
	// Status is the HTTP status code.
	Status int
	// Code is Discord's JSON error code (50013 Missing Permissions, 10003
	// Unknown Channel, …); zero when the answer had none.
	Code int
	// Message is Discord's error message.
	Message string
	// Details lists the invalid fields of a 400 ("embeds.0.title: Must be
	// 256 or fewer in length."), joined by "; ".
	Details string
	// RetryAfter is how long Discord asked to wait, for a 429.
	RetryAfter time.Duration
}

// Error describes the refusal.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "discord: %s: %d %s", e.Route, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Code != 0 {
		fmt.Fprintf(&b, " (code %d)", e.Code)
	}
	if e.Details != "" {
		b.WriteString(": ")
		b.WriteString(e.Details)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Permanent reports whether no retry can cure e: Discord refused the
// request itself (4xx), not for a rate limit (429) or an outage of its
// own (5xx).
func (e *APIError) Permanent() bool {
	return e.Status >= 400 && e.Status < 500 && e.Status != http.StatusTooManyRequests
}

// client speaks to Discord's REST API for the routes this package uses.
// It paces requests with a Pacer, retries what can succeed later, and
// keeps tokens out of its errors and logs.
type client struct {
	base  string // API base, without a trailing slash
	hc    *http.Client
	auth  string // Authorization header; "" for webhook and interaction routes
	cred  string // pacing and circuit key of the credential; see Pacer.keysFor
	pacer *Pacer
	retry chat.Retry
	clock chat.Clock // waits between attempts
	log   *slog.Logger
	name  string // destination name for logs
}

// request is one call of the REST API.
type request struct {
	method string
	url    string // full URL, with any token
	route  string // method and path for errors and logs, tokens elided
	bucket string // pacing key of the route; "" for none
	// message marks a message create, paced per channel.
	message bool
	body    any
	out     any
	// notFoundRetries is how many 404 answers are retried: Discord may
	// answer an edit of a deferred interaction response before it has
	// taken the deferral in.
	notFoundRetries int
}

func newClient(base string, hc *http.Client, p *Pacer, r chat.Retry, clock chat.Clock, log *slog.Logger) *client {
	if base == "" {
		base = DefaultAPIURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	if p == nil {
		p = sharedPacer
	}
	return &client{base: strings.TrimRight(base, "/"), hc: hc, pacer: p, retry: r.Or(defaultRetry),
		clock: waiting{chat.ClockOr(clock)}, log: chat.LoggerOr(log)}
}

// do sends r, retrying 429 (after Retry-After), 5xx and network errors
// (with backoff), and decodes a successful answer into r.out. The body is
// encoded once, so a retry sends the same bytes (and the same nonce).
func (c *client) do(ctx context.Context, r request) error {
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("discord: %s: encode: %w", r.route, err)
		}
	}
	keys := c.pacer.keysFor(c.cred, r.bucket, r.message)
	log := c.log.With(slog.String("destination", c.name), slog.String("route", r.route))
	var header http.Header // of the last answer, for Pause
	loop := chat.Loop{
		Retry: c.retry,
		Clock: c.clock,
		GiveUp: func(err error, _ int) error {
			return fmt.Errorf("discord: %s: giving up after %d attempts: %w", r.route, c.retry.MaxAttempts, err)
		},
		Pause: func(attempt int, v chat.Verdict, wait time.Duration) bool {
			var apiErr *APIError
			switch {
			case !errors.As(v.Err, &apiErr):
				log.Warn("discord request failed; retrying", slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("err", v.Err.Error()))
			case apiErr.Status == http.StatusTooManyRequests:
				log.Warn("discord rate limited; waiting", slog.Int("attempt", attempt), slog.Duration("wait", wait),
					slog.String("scope", header.Get("X-RateLimit-Scope")))
				if header.Get("X-RateLimit-Global") == "true" && c.cred != "" {
					c.pacer.block(c.cred, wait)
					return true
				}
				if r.bucket != "" {
					c.pacer.block(r.bucket, wait)
					return true
				}
			case apiErr.Status >= 500:
				log.Warn("discord server error; retrying", slog.Int("status", apiErr.Status), slog.Int("attempt", attempt), slog.Duration("wait", wait))
			}
			return false
		},
	}
	return loop.Do(ctx, func(ctx context.Context, attempt int) chat.Verdict {
		if err := c.pacer.wait(ctx, c.cred, keys); err != nil {
			if errors.Is(err, ErrCircuitOpen) {
				err = fmt.Errorf("discord: %s: %w", r.route, err)
			}
			return chat.Verdict{Err: err}
		}
		status, h, data, err := c.send(ctx, r, body)
		if err != nil {
			if ctx.Err() != nil {
				return chat.Verdict{Err: fmt.Errorf("discord: %s: %w", r.route, ctx.Err())}
			}
			return chat.Verdict{Err: err, Retry: true}
		}
		header = h
		c.pacer.observe(r.bucket, h)
		if status >= 200 && status < 300 {
			c.pacer.accepted(c.cred)
			if r.out != nil && len(bytes.TrimSpace(data)) > 0 {
				if err := json.Unmarshal(data, r.out); err != nil {
					return chat.Verdict{Err: fmt.Errorf("discord: %s: decode answer: %w", r.route, err)}
				}
			}
			return chat.Verdict{}
		}
		apiErr := parseError(r.route, status, h, data)
		switch {
		case status == http.StatusTooManyRequests:
			if apiErr.RetryAfter > c.retry.MaxRetryAfter {
				return chat.Verdict{Err: apiErr}
			}
			return chat.Verdict{Err: apiErr, Retry: true, Wait: max(apiErr.RetryAfter, 50*time.Millisecond)}
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			if c.pacer.refused(c.cred) {
				log.Error("discord refused the credentials repeatedly; no more requests for a while", slog.Int("status", status))
			}
			return chat.Verdict{Err: apiErr}
		case status == http.StatusNotFound && r.notFoundRetries > 0 && attempt < c.retry.MaxAttempts:
			r.notFoundRetries--
			return chat.Verdict{Err: apiErr, Retry: true}
		case status >= 500:
			v := chat.Verdict{Err: apiErr, Retry: true}
			if d, ok := seconds(h.Get("Retry-After")); ok && d > c.retry.Backoff(attempt) && d <= c.retry.MaxRetryAfter {
				v.Wait = d
			}
			return v
		}
		return chat.Verdict{Err: apiErr}
	})
}

// waiting is a clock whose interrupted waits say they were Discord's.
type waiting struct{ chat.Clock }

// Sleep waits for d on the clock; an interrupted wait's error names
// Discord.
func (w waiting) Sleep(ctx context.Context, d time.Duration) error {
	if err := w.Clock.Sleep(ctx, d); err != nil {
		return fmt.Errorf("discord: waiting to send: %w", err)
	}
	return nil
}

// send makes one HTTP request. Its error never holds the URL, which may
// hold a token.
func (c *client) send(ctx context.Context, r request, body []byte) (int, http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, rd)
	if err != nil {
		// url.Parse errors quote the URL; keep only the route.
		return 0, nil, nil, fmt.Errorf("discord: %s: invalid URL", r.route)
	}
	req.Header.Set("User-Agent", userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, nil, fmt.Errorf("discord: %s: %w", r.route, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil && resp.StatusCode < 300 {
		return 0, nil, nil, fmt.Errorf("discord: %s: read answer: %w", r.route, err)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// errorBody is Discord's JSON error answer.
type errorBody struct {
	Code       int             `json:"code"`
	Message    string          `json:"message"`
	Errors     json.RawMessage `json:"errors"`
	RetryAfter *float64        `json:"retry_after"`
	Global     bool            `json:"global"`
}

// parseError builds the APIError of an answer; a 429's wait is the longer
// of the Retry-After header and the body's retry_after.
func parseError(route string, status int, h http.Header, data []byte) *APIError {
	e := &APIError{Route: route, Status: status}
	var b errorBody
	if json.Unmarshal(data, &b) == nil {
		e.Code, e.Message = b.Code, oneLine(b.Message, 200)
		e.Details = flattenErrors(b.Errors)
		if b.RetryAfter != nil {
			if d, ok := seconds(fmt.Sprint(*b.RetryAfter)); ok {
				e.RetryAfter = d
			}
		}
	} else if status >= 500 || len(data) > 0 && data[0] != '<' {
		e.Message = oneLine(string(data), 200)
	}
	if status == http.StatusTooManyRequests {
		if d, ok := retryAfterHeader(h.Get("Retry-After")); ok && d > e.RetryAfter {
			e.RetryAfter = d
		}
		if e.RetryAfter == 0 {
			if d, ok := seconds(h.Get("X-RateLimit-Reset-After")); ok {
				e.RetryAfter = d
			}
		}
	}
	return e
}

// retryAfterHeader reads Retry-After as seconds (Discord sends a float) or
// as an HTTP date.
func retryAfterHeader(v string) (time.Duration, bool) {
	if d, ok := seconds(v); ok {
		return d, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// flattenErrors turns Discord's nested "errors" object into "path: message"
// entries, at most five.
func flattenErrors(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var tree map[string]any
	if json.Unmarshal(raw, &tree) != nil {
		return ""
	}
	var out []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if errs, ok := m["_errors"].([]any); ok {
			for _, e := range errs {
				if em, ok := e.(map[string]any); ok {
					out = append(out, fmt.Sprintf("%s: %v", path, em["message"]))
				}
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			if k != "_errors" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walk(p, m[k])
		}
	}
	walk("", tree)
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return oneLine(strings.Join(out, "; "), 500)
}

// oneLine cleans s to one line of at most n characters.
func oneLine(s string, n int) string { return truncate(clean(s), n) }

// snowflake matches a Discord ID.
var snowflake = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,20}$`) })

// botAuth is the Authorization header for a bot token, which may already
// carry its "Bot " prefix.
func botAuth(token string) string {
	token = strings.TrimSpace(token)
	if strings.HasPrefix(token, "Bot ") {
		return token
	}
	return "Bot " + token
}
