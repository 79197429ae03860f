package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/bot/chat"
)

// followOf returns the follow query of q when its topic begins with
// follow, following or unfollow (in any case, chat.CutFollow).
func followOf(q Query) (chat.FollowQuery, bool) {
	action, rest, ok := chat.CutFollow(q.Topic)
	// q.Words come from the topic as sent (Topic is cleaned), then the
	// urls option: they are the action and its words only when their
	// first is the action too.
	if !ok || len(q.Words) == 0 || strings.ToLower(q.Words[0]) != action {
		return chat.FollowQuery{}, false
	}
	return chat.FollowQuery{Action: action, Words: q.Words[1:], Text: rest, URLs: q.URLs, UserID: q.UserID, ChannelID: q.ChannelID, TeamID: q.GuildID}, true
}

// answerFollow answers a follow query: following and unfollow at once,
// follow (which searches the feeds) deferred and run in the background.
// Every answer is ephemeral.
func (i *Interactions) answerFollow(in *discordgo.Interaction, q chat.FollowQuery, start time.Time) (reply, *job, string, error) {
	switch {
	case i.Follow == nil:
		return ephemeral("Following stories is not set up here: it needs digestbot run with a store."), nil, chat.OutcomeUsage, nil
	case len(q.URLs) > 0:
		return ephemeral("Follow a story by words that name it, not by its address: `/digest topic:follow <words>`."), nil, chat.OutcomeUsage, nil
	case q.Action != chat.ActionFollow:
		ctx, cancel := context.WithTimeout(context.Background(), chat.FollowTimeout)
		defer cancel()
		text, err := i.follow(ctx, q)
		if err != nil {
			i.log().Warn("discord follow failed", slog.String("action", q.Action), slog.String("err", err.Error()))
			return ephemeral("⚠️ That did not work: something went wrong. Please try again later."), nil, chat.OutcomeFailed, nil
		}
		return ephemeral(escapeLines(text)), nil, chat.OutcomeOK, nil
	}
	if err := i.adm.Admit(); err != nil {
		return ephemeral("digestbot is busy or restarting; try again in a minute."), nil, chat.OutcomeBusy, nil
	}
	j := &job{interactionID: in.ID, appID: in.AppID, token: in.Token, follow: &q, start: start,
		q: Query{UserID: q.UserID, ChannelID: q.ChannelID, GuildID: q.TeamID}}
	return reply{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &replyData{Flags: discordgo.MessageFlagsEphemeral}}, j, "", nil
}

// runFollow makes the follow of j, in its turn, and edits the deferred
// (ephemeral) response to the reply.
func (i *Interactions) runFollow(ctx context.Context, j *job, log *slog.Logger) {
	text, err := i.follow(ctx, *j.follow)
	outcome := chat.OutcomeOK
	content := escapeLines(text)
	if err != nil {
		log.Warn("discord follow failed", slog.String("err", err.Error()))
		content, outcome = failureText(ctx, err), chat.OutcomeFailed
	}
	cl := i.client()
	edit := j.editOriginal(cl.base, Message{Content: truncate(content, MaxContent), Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()})
	if err := cl.do(ctx, edit); err != nil {
		i.observe(chat.OutcomeUndelivered, j.start)
		log.Error("discord follow: cannot edit the response", slog.String("err", err.Error()))
		return
	}
	i.observe(outcome, j.start)
}

// follow calls Follow, turning a panic into an error.
func (i *Interactions) follow(ctx context.Context, q chat.FollowQuery) (text string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("follow panicked: %v", p)
		}
	}()
	return i.Follow(ctx, q)
}

// escapeLines escapes each line of a follow reply (escapeMarkdown makes
// one line of what it escapes): a headline quoted in it never turns into
// formatting, and the list of subscriptions keeps its lines.
func escapeLines(text string) string {
	lines := strings.Split(text, "\n")
	for k, l := range lines {
		lines[k] = escapeMarkdown(l)
	}
	return strings.Join(lines, "\n")
}
