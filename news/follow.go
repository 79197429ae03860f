package news

import (
	"errors"
	"strings"
	"time"
)

// Subscription is a chat channel's follow of a story: the channel hears
// the story that best matched its words when it followed, and the later
// stories that match them, each only when it gains a new fact. The store
// keeps them; the bot checks them on each fetch.
type Subscription struct {
	// ID numbers the subscription in the store, in the order they were
	// made.
	ID int64
	// Dest is the channel as a destination key ("slack:T123/C456",
	// "discord:123456"): where updates are posted, and what the limit per
	// channel counts.
	Dest string
	// Platform ("slack", "discord"), Team (Slack's team, Discord's guild;
	// empty in a direct message) and Channel say where it was made.
	Platform, Team, Channel string
	// Words are the words followed, as FollowWords normalizes them.
	Words string
	// StoryID is the story that best matched Words when the channel
	// followed them; empty when none did yet.
	StoryID string
	// Title is that story's headline then, for the list of subscriptions.
	Title string
	// Filter chooses, among the stories the words select, those posted to
	// the channel; zero for every one.
	Filter Filter
	// User is who followed, for the list.
	User string
	// Created is when the channel followed.
	Created time.Time
}

// ErrFollowLimit is returned (wrapped) by a store asked to add a
// subscription to a channel that holds as many as it may.
var ErrFollowLimit = errors.New("the channel follows as many stories as it may")

// FollowWords returns words as a subscription keeps them: lower case,
// separated by single spaces, so that "Paris  Summit" and "paris summit"
// are one subscription.
func FollowWords(words string) string {
	return strings.Join(strings.Fields(strings.ToLower(words)), " ")
}
