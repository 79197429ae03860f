package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/bot/chat"
)

// Follow actions: the first word of a /digest that manages the stories a
// channel follows.
const (
	ActionFollow    = "follow"
	ActionFollowing = "following"
	ActionUnfollow  = "unfollow"
)

// FollowQuery is a /digest follow <words>, following, or unfollow <n|words>.
type FollowQuery struct {
	// Action is ActionFollow, ActionFollowing or ActionUnfollow.
	Action string
	// Words are the words after the action, with Slack's markup undone
	// and surrounding punctuation trimmed: what to follow, or the number
	// or words of the subscription to end.
	Words []string
	// Text is the text after the action as typed, with Slack's markup
	// and escapes undone: the words, and a follow's filter (+word,
	// -"a phrase", outlets:N), which the punctuation of Words loses.
	Text string
	// URLs are addresses among them, which cannot be followed.
	URLs []string
	// UserID, ChannelID and TeamID say who asked, where.
	UserID, ChannelID, TeamID string
}

// ParseFollow parses a /digest command's text whose first word is
// follow, following or unfollow (in any case); false for any other text,
// which ParseQuery reads.
func ParseFollow(text string) (FollowQuery, bool) {
	first, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	action := strings.ToLower(first)
	switch action {
	case ActionFollow, ActionFollowing, ActionUnfollow:
	default:
		return FollowQuery{}, false
	}
	q := ParseQuery(rest)
	fields := strings.Fields(rest)
	for i, f := range fields {
		fields[i] = unslack(f)
	}
	return FollowQuery{Action: action, Words: q.Words, Text: strings.Join(fields, " "), URLs: q.URLs}, true
}

// followTimeout bounds a `following` or `unfollow`, answered in the
// acknowledgement: the store only.
const followTimeout = 2 * time.Second

// handleFollow answers a follow query: following and unfollow at once, in
// the acknowledgement; follow, which searches the feeds, in the background
// through the response_url. Every answer is ephemeral.
func (c *Commands) handleFollow(cmd slackapi.SlashCommand, q FollowQuery, start time.Time, log *slog.Logger) reply {
	q.UserID, q.ChannelID, q.TeamID = cmd.UserID, cmd.ChannelID, cmd.TeamID
	log = log.With("action", q.Action)
	switch {
	case c.Follow == nil:
		c.observe(chat.OutcomeUsage, start)
		return ephemeral("Sorry, following stories is not set up here: it needs digestbot run with a store.")
	case len(q.URLs) > 0:
		c.observe(chat.OutcomeUsage, start)
		return ephemeral("Follow a story by words that name it, not by its address: `/digest follow <words>`.")
	case q.Action != ActionFollow:
		ctx, cancel := context.WithTimeout(context.Background(), followTimeout)
		defer cancel()
		text, err := c.follow(ctx, q)
		if err != nil {
			c.observe(chat.OutcomeFailed, start)
			log.Warn("slack: follow failed", "err", err.Error())
			return ephemeral("Sorry, that did not work; something went wrong. Please try again later.")
		}
		c.observe(chat.OutcomeOK, start)
		m := followMessage(text)
		return reply{ResponseType: "ephemeral", Text: m.Text, Blocks: m.Blocks}
	}
	if err := c.checkResponseURL(cmd.ResponseURL); err != nil {
		c.observe(chat.OutcomeRefused, start)
		log.Warn("slack: command refused", "reason", "response_url "+err.Error())
		return ephemeral("Sorry, I cannot answer this command.")
	}
	switch err := c.adm.Admit(); {
	case errors.Is(err, chat.ErrShuttingDown):
		c.observe(chat.OutcomeBusy, start)
		return ephemeral("Sorry, I am shutting down. Please try again in a minute.")
	case err != nil:
		c.observe(chat.OutcomeBusy, start)
		return ephemeral("Sorry, I am busy with other digests. Please try again in a minute.")
	}
	log.Info("slack: follow accepted", "words", len(q.Words))
	go c.runFollow(q, cmd.ResponseURL, start, log)
	return ephemeral(fmt.Sprintf(":hourglass_flowing_sand: Looking for the story of “%s” to follow…", fitEscaped(q.Text, 200)))
}

// runFollow answers a follow in the background, through the response_url,
// only to the user who asked.
func (c *Commands) runFollow(q FollowQuery, responseURL string, arrived time.Time, log *slog.Logger) {
	defer c.adm.Done()
	stop := c.adm.Context()
	end, err := c.adm.Turn(stop)
	if err != nil {
		c.observe(chat.OutcomeCancelled, arrived)
		return
	}
	defer end()
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(stop, timeout)
	text, err := c.follow(ctx, q)
	cancel()
	if stop.Err() != nil {
		c.observe(chat.OutcomeCancelled, arrived)
		return
	}
	outcome := chat.OutcomeOK
	msg := followMessage(text)
	if err != nil {
		log.Warn("slack: follow failed", "err", err.Error())
		msg, outcome = failure(err), chat.OutcomeFailed
	}
	ctx, cancel = context.WithTimeout(stop, deliveryTimeout)
	defer cancel()
	if err := c.respond(ctx, responseURL, q.ChannelID, []Message{msg}, false); err != nil {
		c.observe(chat.OutcomeUndelivered, arrived)
		log.Error("slack: reply failed", "err", err.Error())
		return
	}
	c.observe(outcome, arrived)
}

// follow calls c.Follow, turning a panic into an error.
func (c *Commands) follow(ctx context.Context, q FollowQuery) (text string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return c.Follow(ctx, q)
}

// followMessage is the reply to a follow: plain text, so that a headline
// quoted in it never turns into formatting, a link or a mention.
func followMessage(text string) Message {
	return Message{
		Text:   fitEscaped(text, fallbackLimit),
		Blocks: []slackapi.Block{slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, fitPlain(text, SectionLimit), false, false), nil, nil)},
	}
}
