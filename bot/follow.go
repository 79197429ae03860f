package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	botchat "github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
	"github.com/digestbot/digestbot/tokenize"
)

// Follows keeps the stories chat channels follow (store.Store): Follow
// adds one within a limit per channel, counted atomically across replicas
// (news.ErrFollowLimit beyond it), Following lists a channel's in a
// stable order, Subscriptions every channel's, Unfollow ends one.
type Follows interface {
	Follow(ctx context.Context, sub news.Subscription, limit int) (news.Subscription, bool, error)
	Following(ctx context.Context, dest string) ([]news.Subscription, error)
	Subscriptions(ctx context.Context) ([]news.Subscription, error)
	Unfollow(ctx context.Context, dest string, id int64) (bool, error)
}

// Following defaults.
const (
	// FollowLimit is the most stories one channel may follow.
	FollowLimit = 20
	// FollowRun names the follow checks in the store's runs and the
	// outbox: a brief may not take the name (config refuses it).
	FollowRun = "(follow)"
	// DefaultFollowEvery is how often followed stories are checked unless
	// the configuration says otherwise.
	DefaultFollowEvery = 15 * time.Minute
	// followPerRun is the most stories one subscription posts in one
	// check: a broad word cannot flood a channel.
	followPerRun = 3
)

// EverySchedule is the schedule of a run every d, on multiples of d since
// the Unix epoch, so that replicas and restarts agree on the runs.
func EverySchedule(d time.Duration) Schedule {
	return Schedule{every: d, loc: time.UTC}
}

// FollowDest returns the destination key of a chat channel that follows
// stories: "slack:TEAM/CHANNEL" or "discord:CHANNEL"; "" for a platform
// it does not know or a channel without an ID.
func FollowDest(platform, team, channel string) string {
	switch {
	case channel == "":
		return ""
	case platform == "slack" && team != "":
		return "slack:" + team + "/" + channel
	case platform == "discord":
		return "discord:" + channel
	}
	return ""
}

// ChannelPosters builds the posters of the channels that follow stories,
// by destination key (FollowDest), on demand, with the bot tokens of the
// environment (SLACK_BOT_TOKEN, DISCORD_BOT_TOKEN; API base URLs from
// SLACK_API_URL and DISCORD_API_URL, see NewPoster). Each poster retries
// only briefly (OutboxRetries). It is safe for concurrent use.
type ChannelPosters struct {
	// Getenv reads the environment.
	Getenv func(string) string
	// Logger receives the posters' retries.
	Logger *slog.Logger
	// NoEvidence keeps the posters from posting each digest's evidence
	// under it (Destination.NoEvidence).
	NoEvidence bool

	mu    sync.Mutex
	byKey map[string]Poster
	pacer slack.Pacer
}

// Poster returns the poster of the channel dest; its error says what is
// missing (a bot token) in words a person who typed /digest follow can act on.
func (c *ChannelPosters) Poster(dest string) (Poster, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.byKey[dest]; p != nil {
		return p, nil
	}
	platform, rest, _ := strings.Cut(dest, ":")
	d := Destination{Kind: platform, Name: dest, Key: dest, NoEvidence: c.NoEvidence}
	switch platform {
	case "slack":
		_, channel, ok := strings.Cut(rest, "/")
		if !ok || channel == "" {
			return nil, fmt.Errorf("%s: not a Slack channel (slack:TEAM/CHANNEL)", dest)
		}
		d.Target, d.TokenEnv = channel, "SLACK_BOT_TOKEN"
	case "discord":
		if rest == "" {
			return nil, fmt.Errorf("%s: not a Discord channel (discord:CHANNEL)", dest)
		}
		d.Target, d.TokenEnv = rest, "DISCORD_BOT_TOKEN"
	default:
		return nil, fmt.Errorf("%s: not a chat channel", dest)
	}
	p, err := NewPoster(d, c.Getenv, io.Discard, &c.pacer)
	if err != nil {
		return nil, err
	}
	p = OutboxRetries(p, c.Logger)
	if c.byKey == nil {
		c.byKey = map[string]Poster{}
	}
	c.byKey[dest] = p
	return p, nil
}

// poster returns the poster of dest: the configuration's, else a
// followed channel's (Runner.Channels); nil and why when there is none.
func (r *Runner) poster(dest string) (Poster, string) {
	if p := r.Posters[dest]; p != nil {
		return p, ""
	}
	if r.Channels != nil {
		p, err := r.Channels(dest)
		if err != nil {
			return nil, err.Error()
		}
		return p, ""
	}
	return nil, "no such destination in the configuration"
}

// followStories fetches the feeds of the follow run b (conditionally, as
// a brief does), stores what is new, and groups the window's articles
// into stories in b's languages, giving the grouper the stories of the
// last grouping so that IDs stay stable between the follow command and
// the checks. errs are the fetch's, one per feed; err is the store's.
func (r *Runner) followStories(ctx context.Context, b Brief, now time.Time) (stories []news.Story, fetched, recentN int, errs []error, err error) {
	fetched, recent, errs, err := r.recent(ctx, r.Fetcher, b.Feeds, Scope{}, now, true)
	if err != nil {
		return nil, fetched, 0, errs, err
	}
	recentN = len(recent)
	recent, _ = usable(b.Summarizer, recent)
	r.mu.Lock()
	known := r.known[b.Name]
	r.mu.Unlock()
	stories = r.Grouper.Group(recent, known)
	r.mu.Lock()
	if r.known == nil {
		r.known = map[string][]news.Story{}
	}
	r.known[b.Name] = stories
	r.mu.Unlock()
	return KeepLanguages(stories, b.Languages), fetched, recentN, errs, nil
}

// makeFollowRun is MakeRun of the follow run b (b.Follows set): once per
// scheduled time across replicas, it fetches b's feeds, finds for each
// subscription the stories it follows (followed), and puts in the outbox,
// for each channel and story, the story's digest the first time and then
// only its new facts (Runner.delivery), claimed with the run in one
// transaction. Without subscriptions it fetches nothing and claims
// nothing.
func (r *Runner) makeFollowRun(ctx context.Context, b Brief, scheduled time.Time) (RunReport, error) {
	r.init()
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	rep := RunReport{Feeds: len(b.Feeds)}
	log := r.log().With("brief", b.Name, "scheduled", scheduled.Format(time.RFC3339))
	subs, err := b.Follows.Subscriptions(ctx)
	if err != nil {
		return rep, fmt.Errorf("follow: %w", err)
	}
	if len(subs) == 0 {
		log.Debug("no channel follows a story")
		return rep, nil
	}
	last, ranBefore, err := r.Memory.LastRun(ctx, b.Name)
	if err != nil {
		return rep, fmt.Errorf("follow: %w", err)
	}
	if ranBefore && !last.Before(scheduled) {
		log.Info("run already made; skipping")
		r.Metrics.run(b.Name, "skipped")
		return rep, nil
	}
	start := r.now()
	stories, fetched, recent, errs, err := r.followStories(ctx, b, start)
	r.feedErrors(&rep, errs, log)
	rep.Articles, rep.Recent, rep.Stories = fetched, recent, len(stories)
	if err != nil {
		return rep, fmt.Errorf("follow: %w", err)
	}
	digests := map[int]news.Digest{}
	taken := map[string]bool{} // dest, story: one delivery however many subscriptions match
	var deliveries []news.Delivery
	for _, sub := range subs {
		for _, i := range followed(sub, stories) {
			st := stories[i]
			if taken[sub.Dest+"\x00"+st.ID] {
				continue
			}
			taken[sub.Dest+"\x00"+st.ID] = true
			d, ok := digests[i]
			if !ok {
				var bad error
				if d, bad, err = digestStory(ctx, b.Summarizer, st); err != nil {
					r.Metrics.run(b.Name, "error")
					return rep, fmt.Errorf("follow: story %s: %w", st.ID, err)
				}
				if bad != nil {
					log.Error("story left out", "story", st.ID, "err", bad)
					rep.Warnings = append(rep.Warnings, fmt.Errorf("story %s: %w", st.ID, bad))
				}
				if len(d.Bullets) > 0 {
					rep.Digested++
				}
				digests[i] = d
			}
			if len(d.Bullets) == 0 {
				continue
			}
			del, ok, err := r.delivery(ctx, b, scheduled, st.ID, sub.Dest, d)
			if err != nil {
				return rep, fmt.Errorf("follow: %w", err)
			}
			if ok {
				deliveries = append(deliveries, del)
			}
		}
	}
	won, err := r.Memory.ClaimRunWith(ctx, b.Name, scheduled, r.Owner, deliveries)
	if err != nil {
		r.Metrics.run(b.Name, "error")
		return rep, fmt.Errorf("follow: %w", err)
	}
	if !won {
		log.Info("run already claimed; skipping")
		r.Metrics.run(b.Name, "skipped")
		return rep, nil
	}
	rep.Made, rep.Deliveries = true, len(deliveries)
	log.Info("followed stories checked", "subscriptions", len(subs), "articles", fetched, "recent", recent, "stories", len(stories),
		"deliveries", len(deliveries), "fetch_errors", len(errs))
	r.Metrics.run(b.Name, "ok")
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return rep, nil
}

// followed returns the indexes of the stories sub follows now, at most
// followPerRun: the story it matched when it was made, then the stories
// whose headlines or leads hold every word followed and that gained an
// article published since, best matching first (TopicScore); of those,
// only the ones sub's filter keeps (news.Filter.Stories), so that a story
// left out takes no place.
func followed(sub news.Subscription, stories []news.Story) []int {
	query := tokenize.ContentStems(sub.Words)
	type match struct {
		i     int
		score float64
	}
	var ms []match
	for i, s := range stories {
		var score float64
		switch {
		case sub.StoryID != "" && s.ID == sub.StoryID:
			score = 1e9 // the story followed comes first
		case s.Latest().After(sub.Created) && followMatch(query, s):
			score = TopicScore(query, s)
		default:
			continue
		}
		if sub.Filter.Keep(s) { // a story left out takes no place
			ms = append(ms, match{i, score})
		}
	}
	slices.SortStableFunc(ms, func(a, b match) int { return cmp.Compare(b.score, a.score) })
	out := make([]int, 0, min(len(ms), followPerRun))
	for _, m := range ms[:min(len(ms), followPerRun)] {
		out = append(out, m.i)
	}
	return out
}

// followMatch reports whether every stem of query is in the headline or
// the lead (first paragraph) of one of the story's articles: stricter
// than a topic query, which searches whole texts, for a story that will
// be posted unasked.
func followMatch(query []string, s news.Story) bool {
	parts := make([]string, 0, 2*len(s.Articles))
	for _, a := range s.Articles {
		lead, _, _ := strings.Cut(a.Text, "\n")
		parts = append(parts, a.Title, lead)
	}
	have := set(tokenize.ContentStems(strings.Join(parts, " ")))
	for _, w := range query {
		if !have[w] {
			return false
		}
	}
	return len(query) > 0
}

// followOutcome is RunOnce's line about the follow run: only feeds that
// could not be read are worth one; a check without subscriptions or
// without anything new is not.
func followOutcome(rep RunReport) (line string, failed bool) {
	switch {
	case !rep.Made:
		return "", false
	case len(rep.Failed) > 0 && len(rep.Failed) >= rep.Feeds:
		return render.NoFeedRead(rep.Failed, rep.Feeds), true
	case len(rep.Failed) > 0:
		return fmt.Sprintf("%d of %d feeds could not be read (%v); the followed stories were checked in the other %d", len(rep.Failed), rep.Feeds, rep.Failed[0], rep.Feeds-len(rep.Failed)), true
	}
	return "", false
}

// FollowRequest is a /digest follow, following or unfollow from a chat
// channel, as the adapters parse it.
type FollowRequest struct {
	// Action is "follow", "following" or "unfollow" (botchat.ActionFollow, …).
	Action string
	// Words are the words after the action: what to follow, or the number
	// (as following lists them) or words of the subscription to end.
	Words []string
	// Text is the text after the action as typed (with the platform's
	// markup undone): the words and the filter of a follow (+word,
	// -"a phrase", outlets:N; see parseFollow). Empty, Words are read.
	Text string
	// Platform is "slack" or "discord"; Team is Slack's team or Discord's
	// guild, Channel and User say where and who.
	Platform, Team, Channel, User string
}

// Following answers /digest follow, following and unfollow: the policy
// of subscriptions, over the store (Brief.Follows) and the Runner that
// checks them.
type Following struct {
	// Runner fetches and groups the follow run's stories, as its checks do;
	// its Channels builds the channels' posters, and tells a channel that
	// cannot be posted to (no bot token).
	Runner *Runner
	// Brief is the follow run: its feeds, languages, summarizer and store.
	Brief Brief
	// Every is how often the followed stories are checked, for the replies.
	Every time.Duration
	// Limit is the most stories a channel may follow; zero means
	// FollowLimit.
	Limit int
}

// followUsage says how to follow.
const followUsage = "Follow a story in this channel: “/digest follow <words>” (then “+word”, “-word”, “outlets:N” to filter); “/digest following” lists what this channel follows, “/digest unfollow <number or words>” ends one."

// Answer answers q with the reply for the person who asked; its error is
// only the store's or the fetch's deadline, which the adapters report as
// something that went wrong.
func (f *Following) Answer(ctx context.Context, q FollowRequest) (string, error) {
	dest := FollowDest(q.Platform, q.Team, q.Channel)
	if dest == "" {
		return "Stories can be followed only in a channel.", nil
	}
	switch q.Action {
	case botchat.ActionFollow:
		return f.follow(ctx, dest, q)
	case botchat.ActionFollowing:
		return f.list(ctx, dest)
	case botchat.ActionUnfollow:
		return f.unfollow(ctx, dest, q)
	}
	return followUsage, nil
}

// text returns what q says after its action: Text, else Words.
func (q FollowRequest) text() string {
	if q.Text != "" {
		return render.Clean(q.Text)
	}
	return render.Clean(strings.Join(q.Words, " "))
}

func (f *Following) follow(ctx context.Context, dest string, q FollowRequest) (string, error) {
	text := q.text()
	if len([]rune(text)) > 1000 {
		return "That is too long to follow: name the story in a few words.", nil
	}
	words, filter, problems := parseFollow(text)
	if len(problems) > 0 {
		return "Nothing was followed or changed: " + strings.Join(problems, "; ") + ".\n" + followFilterUsage, nil
	}
	query := tokenize.ContentStems(words)
	if len(query) == 0 {
		return "Say what to follow, in words that name the story: “/digest follow <words>”, e.g. “/digest follow flood barrier”, then any filter (“-word”, “+word”, “outlets:N”).", nil
	}
	if len([]rune(words)) > 200 {
		return "That is too long to follow: name the story in a few words.", nil
	}
	if f.Runner.Channels == nil {
		return "Following is not set up here.", nil
	}
	if _, err := f.Runner.Channels(dest); err != nil {
		env := "SLACK_BOT_TOKEN"
		if q.Platform == "discord" {
			env = "DISCORD_BOT_TOKEN"
		}
		return "Following needs the bot's token to post updates in this channel: ask whoever runs digestbot to set " + env + ".", nil
	}
	stories, _, _, _, err := f.Runner.followStories(ctx, f.Brief, f.Runner.now())
	if err != nil {
		return "", fmt.Errorf("follow %q: %w", words, err)
	}
	stories = filter.Stories(stories) // the story followed is one the filter keeps
	best, bestScore := -1, 0.0
	for i, s := range stories {
		if sc := TopicScore(query, s); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	sub := news.Subscription{Dest: dest, Platform: q.Platform, Team: q.Team, Channel: q.Channel, Words: words, Filter: filter, User: q.User, Created: f.Runner.now()}
	if best >= 0 {
		sub.StoryID, sub.Title = stories[best].ID, stories[best].Title
	}
	// What the channel followed before, to say whether the filter changed.
	before, err := f.Brief.Follows.Following(ctx, dest)
	if err != nil {
		return "", err
	}
	limit := cmp.Or(f.Limit, FollowLimit)
	got, added, err := f.Brief.Follows.Follow(ctx, sub, limit)
	switch {
	case errors.Is(err, news.ErrFollowLimit):
		return fmt.Sprintf("This channel follows %d stories, the most it may. End one first: “/digest following” lists them, “/digest unfollow <number>” ends one.", limit), nil
	case err != nil:
		return "", err
	case !added:
		return followedAlready(got, before), nil
	}
	every := cmp.Or(f.Every, DefaultFollowEvery)
	only := ""
	if d := describeFilter(got.Filter); d != "" {
		only = " Only " + d + " are posted."
	}
	if got.StoryID == "" {
		matches := "it"
		if !got.Filter.IsZero() {
			matches = "the words and the filter"
		}
		return fmt.Sprintf("Following “%s” in this channel. No recent story matches %s yet; stories that do will be posted here as they appear (checked every %s).%s", got.Words, matches, interval(every), only), nil
	}
	return fmt.Sprintf("Following “%s” in this channel: “%s”. Its digest is posted here at the next check (every %s), then only its new facts, and later stories that match the words too.%s",
		got.Words, render.Clean(got.Title), interval(every), only), nil
}

// followedAlready is the reply to a follow of words the channel follows
// already (got, as stored now; before, the channel's subscriptions
// before): the filter, when the follow changed it.
func followedAlready(got news.Subscription, before []news.Subscription) string {
	prefix := fmt.Sprintf("This channel follows “%s” already%s", got.Words, about(got.Title))
	var old *news.Subscription
	for i := range before {
		if before[i].ID == got.ID {
			old = &before[i]
		}
	}
	switch {
	case old != nil && filterSyntax(old.Filter) != filterSyntax(got.Filter) && got.Filter.IsZero():
		return prefix + "; its filter is removed: every story that matches the words is posted now."
	case old != nil && filterSyntax(old.Filter) != filterSyntax(got.Filter):
		return prefix + "; its filter is changed: only " + describeFilter(got.Filter) + " are posted now."
	case !got.Filter.IsZero():
		return prefix + ", with the filter " + filterSyntax(got.Filter) + ". “/digest following” lists what it follows."
	}
	return prefix + ". “/digest following” lists what it follows."
}

// interval says d in words: "15 minutes", "hour", "2 hours".
func interval(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "hour"
	case d%time.Hour == 0:
		return render.Plural(int(d/time.Hour), "hour", "hours")
	case d == time.Minute:
		return "minute"
	case d%time.Minute == 0:
		return render.Plural(int(d/time.Minute), "minute", "minutes")
	}
	return d.String()
}

// about is the story a subscription matched, for a reply: ` (“title”)`.
func about(title string) string {
	if title == "" {
		return ""
	}
	return " (“" + render.Clean(title) + "”)"
}

func (f *Following) list(ctx context.Context, dest string) (string, error) {
	subs, err := f.Brief.Follows.Following(ctx, dest)
	if err != nil {
		return "", err
	}
	if len(subs) == 0 {
		return "This channel follows no story. " + followUsage, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "This channel follows %s (at most %d):", render.Plural(len(subs), "story", "stories"), cmp.Or(f.Limit, FollowLimit))
	for i, s := range subs {
		filter := filterSyntax(s.Filter)
		if filter != "" {
			filter = " " + filter
		}
		fmt.Fprintf(&b, "\n%d. “%s”%s%s, since %s", i+1, s.Words, filter, about(s.Title), s.Created.UTC().Format("2 Jan 2006"))
	}
	b.WriteString("\n“/digest unfollow <number>” ends one.")
	return b.String(), nil
}

func (f *Following) unfollow(ctx context.Context, dest string, q FollowRequest) (string, error) {
	// The words as follow reads them, a filter typed after them ignored;
	// or as typed, for a subscription made before follow read filters.
	typed := news.FollowWords(q.text())
	what, _, _ := parseFollow(typed)
	if what == "" {
		what = typed
	}
	if what == "" {
		return "Say which to end: “/digest unfollow <number>” (as “/digest following” lists them) or “/digest unfollow <words>”.", nil
	}
	subs, err := f.Brief.Follows.Following(ctx, dest)
	if err != nil {
		return "", err
	}
	var found *news.Subscription
	if n, err := strconv.Atoi(what); err == nil {
		if n < 1 || n > len(subs) {
			return fmt.Sprintf("This channel follows %s; there is no number %d. “/digest following” lists them.", render.Plural(len(subs), "story", "stories"), n), nil
		}
		found = &subs[n-1]
	}
	for i := range subs {
		if found == nil && (subs[i].Words == what || subs[i].Words == typed) {
			found = &subs[i]
		}
	}
	if found == nil {
		return fmt.Sprintf("This channel does not follow “%s”. “/digest following” lists what it follows.", what), nil
	}
	if _, err := f.Brief.Follows.Unfollow(ctx, dest, found.ID); err != nil {
		return "", err
	}
	return fmt.Sprintf("Stopped following “%s” in this channel.", found.Words), nil
}
