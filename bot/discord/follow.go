package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/bot/chat"
)

// Follow actions: the first word of /digest's topic option when it
// manages the stories a channel follows.
const (
	ActionFollow    = "follow"
	ActionFollowing = "following"
	ActionUnfollow  = "unfollow"
)

// FollowQuery is a /digest topic:follow <words>, topic:following or
// topic:unfollow <n|words>.
type FollowQuery struct {
	// Action is ActionFollow, ActionFollowing or ActionUnfollow.
	Action string
	// Words are the words after the action: what to follow, or the number
	// or words of the subscription to end.
	Words []string
	// Text is the topic after the action as typed, on one line: the
	// words, and a follow's filter (+word, -"a phrase", outlets:N).
	Text string
	// URLs are addresses among them or in the urls option, which cannot
	// be followed.
	URLs []string
	// UserID, ChannelID and GuildID say who asked, and where; GuildID is
	// empty in a direct message.
	UserID, ChannelID, GuildID string
}

// followOf returns the follow query of q when its topic begins with
// follow, following or unfollow (in any case).
func followOf(q Query) (FollowQuery, bool) {
	if len(q.Words) == 0 {
		return FollowQuery{}, false
	}
	action := strings.ToLower(q.Words[0])
	switch action {
	case ActionFollow, ActionFollowing, ActionUnfollow:
	default:
		return FollowQuery{}, false
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(q.Topic), " ")
	if !strings.EqualFold(first, action) {
		return FollowQuery{}, false // the word came from the urls option
	}
	return FollowQuery{Action: action, Words: q.Words[1:], Text: strings.TrimSpace(rest), URLs: q.URLs, UserID: q.UserID, ChannelID: q.ChannelID, GuildID: q.GuildID}, true
}

// followTimeout bounds a following or unfollow, answered at once: the
// store only, well inside Discord's 3 seconds.
const followTimeout = 2 * time.Second

// answerFollow answers a follow query: following and unfollow at once,
// follow (which searches the feeds) deferred and run in the background.
// Every answer is ephemeral.
func (i *Interactions) answerFollow(in *discordgo.Interaction, q FollowQuery, start time.Time) (reply, *job, string, error) {
	switch {
	case i.Follow == nil:
		return ephemeral("Following stories is not set up here: it needs digestbot run with a store."), nil, chat.OutcomeUsage, nil
	case len(q.URLs) > 0:
		return ephemeral("Follow a story by words that name it, not by its address: `/digest topic:follow <words>`."), nil, chat.OutcomeUsage, nil
	case q.Action != ActionFollow:
		ctx, cancel := context.WithTimeout(context.Background(), followTimeout)
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
		q: Query{UserID: q.UserID, ChannelID: q.ChannelID, GuildID: q.GuildID}}
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
	base := cl.base + "/webhooks/" + j.appID + "/" + url.PathEscape(j.token)
	edit := request{
		method:          http.MethodPatch,
		url:             base + "/messages/@original",
		route:           "PATCH /webhooks/" + j.appID + "/…/messages/@original",
		body:            Message{Content: truncate(content, MaxContent), Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()},
		notFoundRetries: 3,
	}
	if err := cl.do(ctx, edit); err != nil {
		i.observe(chat.OutcomeUndelivered, j.start)
		log.Error("discord follow: cannot edit the response", slog.String("err", err.Error()))
		return
	}
	i.observe(outcome, j.start)
}

// follow calls Follow, turning a panic into an error.
func (i *Interactions) follow(ctx context.Context, q FollowQuery) (text string, err error) {
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
