package chat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/digestbot/digestbot/bot/chat"
)

// says is an error that says whether it is permanent.
type says bool

func (s says) Error() string   { return fmt.Sprintf("permanent: %v", bool(s)) }
func (s says) Permanent() bool { return bool(s) }

func TestIsPermanent(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"says nothing", errors.New("connection refused"), false},
		{"cancelled", context.Canceled, false},
		{"permanent", says(true), true},
		{"not permanent", says(false), false},
		{"wrapped permanent", fmt.Errorf("message 2 of 3: %w", says(true)), true},
		{"the outer one speaks", fmt.Errorf("%w: %w", says(false), says(true)), false},
		{"joined", errors.Join(errors.New("x"), says(true)), true},
	}
	for _, tc := range cases {
		if got := chat.IsPermanent(tc.err); got != tc.want {
			t.Errorf("%s: chat.IsPermanent(%v) = %v; want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
