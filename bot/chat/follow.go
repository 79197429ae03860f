package chat

import (
	"strings"
	"time"
)

// Follow actions: the first word of a /digest that manages the stories a
// channel follows (Slack's text, Discord's topic option).
const (
	ActionFollow    = "follow"
	ActionFollowing = "following"
	ActionUnfollow  = "unfollow"
)

// FollowTimeout bounds a following or unfollow, answered at once: the
// store only, well inside the 3 seconds Slack and Discord wait for an
// answer.
const FollowTimeout = 2 * time.Second

// FollowQuery is a /digest follow <words>, following, or unfollow
// <n|words>, as an adapter read it.
type FollowQuery struct {
	// Action is ActionFollow, ActionFollowing or ActionUnfollow.
	Action string
	// Words are the words after the action, with the platform's markup
	// undone (and, on Slack, surrounding punctuation trimmed): what to
	// follow, or the number or words of the subscription to end.
	Words []string
	// Text is the text after the action as typed, on one line, with the
	// platform's markup and escapes undone: the words, and a follow's
	// filter (+word, -"a phrase", outlets:N), which Words may lose.
	Text string
	// URLs are addresses among the words (or, on Discord, in the urls
	// option), which cannot be followed.
	URLs []string
	// UserID and ChannelID say who asked, and where.
	UserID, ChannelID string
	// TeamID is the Slack workspace or the Discord server (guild) of the
	// channel; empty in a Discord direct message.
	TeamID string
}

// CutFollow reports whether text asks to follow a story, list what a
// channel follows or end a subscription: whether its first word is
// follow, following or unfollow, in any case. It returns that action, in
// lower case, and the rest of text, trimmed, for the adapter to read.
func CutFollow(text string) (action, rest string, ok bool) {
	first, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch action = strings.ToLower(first); action {
	case ActionFollow, ActionFollowing, ActionUnfollow:
		return action, strings.TrimSpace(rest), true
	}
	return "", "", false
}
