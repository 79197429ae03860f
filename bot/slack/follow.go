package slack

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/bot/chat"
)

// ParseFollow parses a /digest command's text whose first word is
// follow, following or unfollow (in any case, chat.CutFollow); false for
// any other text, which ParseQuery reads. Words lose Slack's markup and
// surrounding punctuation; Text keeps the words as typed, markup and
// escapes undone, for a follow's filter.
func ParseFollow(text string) (chat.FollowQuery, bool) {
	action, rest, ok := chat.CutFollow(text)
	if !ok {
		return chat.FollowQuery{}, false
	}
	q := ParseQuery(rest)
	fields := strings.Fields(rest)
	for i, f := range fields {
		fields[i] = unslack(f)
	}
	return chat.FollowQuery{Action: action, Words: q.Words, Text: strings.Join(fields, " "), URLs: q.URLs}, true
}

// handleFollow answers a follow query: following and unfollow at once, in
// the acknowledgement; follow, which searches the feeds, in the background
// through the response_url. Every answer is ephemeral.
func (c *Commands) handleFollow(cmd slackapi.SlashCommand, q chat.FollowQuery, start time.Time, log *slog.Logger) reply {
	q.UserID, q.ChannelID, q.TeamID = cmd.UserID, cmd.ChannelID, cmd.TeamID
	log = log.With("action", q.Action)
	switch {
	case c.Follow == nil:
		c.observe(chat.OutcomeUsage, start)
		return ephemeral("Sorry, following stories is not set up here: it needs digestbot run with a store.")
	case len(q.URLs) > 0:
		c.observe(chat.OutcomeUsage, start)
		return ephemeral("Follow a story by words that name it, not by its address: `/digest follow <words>`.")
	case q.Action != chat.ActionFollow:
		ctx, cancel := context.WithTimeout(context.Background(), chat.FollowTimeout)
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
	if refusal, ok := c.admit(cmd.ResponseURL, start, log); !ok {
		return refusal
	}
	log.Info("slack: follow accepted", "words", len(q.Words))
	go c.runFollow(q, cmd.ResponseURL, start, log)
	return ephemeral(fmt.Sprintf(":hourglass_flowing_sand: Looking for the story of “%s” to follow…", fitEscaped(q.Text, 200)))
}

// runFollow answers a follow in the background, through the response_url,
// only to the user who asked.
func (c *Commands) runFollow(q chat.FollowQuery, responseURL string, arrived time.Time, log *slog.Logger) {
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
func (c *Commands) follow(ctx context.Context, q chat.FollowQuery) (text string, err error) {
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
