package chat_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
)

func TestReplays(t *testing.T) {
	t0 := time.Date(2025, 1, 7, 7, 0, 0, 0, time.UTC)
	var r chat.Replays
	steps := []struct {
		key    string
		now    time.Time
		expiry time.Time
		want   bool
	}{
		{"a", t0, t0.Add(time.Minute), true},
		{"a", t0.Add(time.Second), t0.Add(time.Minute), false}, // replayed
		{"b", t0, t0.Add(time.Minute), true},                   // another key
		{"a", t0.Add(time.Minute), t0.Add(2 * time.Minute), false},
		{"a", t0.Add(time.Minute + 1), t0.Add(2 * time.Minute), true}, // expired, forgotten
	}
	for i, s := range steps {
		if got := r.First(s.key, s.now, s.expiry); got != s.want {
			t.Errorf("step %d: First(%q, %v) = %v; want %v", i+1, s.key, s.now.Sub(t0), got, s.want)
		}
	}
}

// explained is an error with words for the person who asked.
type explained string

func (e explained) Error() string       { return "internal: " + string(e) }
func (e explained) UserMessage() string { return string(e) }

func TestUserMessage(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("dial tcp 10.0.0.1:443: refused"), ""},
		{explained("nothing matches “paris”"), "nothing matches “paris”"},
		{fmt.Errorf("digest: %w", explained("no such page")), "no such page"},
	}
	for _, tc := range cases {
		if got := chat.UserMessage(tc.err); got != tc.want {
			t.Errorf("UserMessage(%v) = %q; want %q", tc.err, got, tc.want)
		}
	}
}
