package news

import "testing"

func TestHead(t *testing.T) {
	tests := []struct {
		text string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one line\ntwo lines\nthree", 15, "one line"},
		{"one line\ntwo lines\nthree", 19, "one line\ntwo lines"},
		{"no line break here", 11, "no line"},
		{"nospacesatall", 5, "nospa"},
		{"héllo", 2, "h"}, // never inside a character
		{"", 0, ""},
	}
	for _, tt := range tests {
		got := Head(tt.text, tt.n)
		if got != tt.want {
			t.Errorf("Head(%q, %d) = %q; want %q", tt.text, tt.n, got, tt.want)
		}
		if again := Head(got, tt.n); again != got {
			t.Errorf("Head(Head(%q, %d)) = %q; want %q unchanged", tt.text, tt.n, again, got)
		}
	}
}
