package chat

import "testing"

func TestCutFollow(t *testing.T) {
	tests := []struct {
		text, action, rest string
		ok                 bool
	}{
		{"follow paris summit", ActionFollow, "paris summit", true},
		{"  FOLLOW   Paris, summit -coal ", ActionFollow, "Paris, summit -coal", true},
		{"following", ActionFollowing, "", true},
		{"Unfollow 2", ActionUnfollow, "2", true},
		{"followers of fashion", "", "", false},
		{"paris follow", "", "", false},
		{"follow\tparis", "", "", false}, // the action ends at a space
		{"", "", "", false},
	}
	for _, tc := range tests {
		action, rest, ok := CutFollow(tc.text)
		if action != tc.action || rest != tc.rest || ok != tc.ok {
			t.Errorf("CutFollow(%q) = %q, %q, %v; want %q, %q, %v", tc.text, action, rest, ok, tc.action, tc.rest, tc.ok)
		}
	}
}
