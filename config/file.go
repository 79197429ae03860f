package config

import (
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones also where the system has none (containers)

	"github.com/digestbot/digestbot/news"
	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

// Defaults of the configuration file.
const (
	// DefaultStore is the SQLite file beside the configuration file.
	DefaultStore = "digestbot.db"
	// DefaultListen is the HTTP address: loopback, for a reverse proxy.
	DefaultListen = "127.0.0.1:8080"
	// DefaultGrace is how late a brief missed while the bot was down may
	// still run at start.
	DefaultGrace = time.Hour
	// DefaultRetention is how long the store keeps what it no longer
	// needs: articles that left their feeds, finished deliveries, stories
	// posted that can no longer come back.
	DefaultRetention = 30 * 24 * time.Hour
	// MinRetention is the shortest retention: well over the 36 hours in
	// which articles are grouped into a brief's stories, so that a story
	// still being grouped is never forgotten as posted and posted twice,
	// and over the week a feed may go without changing.
	MinRetention = 7 * 24 * time.Hour
	// DefaultFollowEvery is how often the stories chat channels follow
	// are checked (follow.every).
	DefaultFollowEvery = 15 * time.Minute
	// FollowRunName is the name the store keeps the follow checks under
	// (bot.FollowRun): no brief may take it.
	FollowRunName = "(follow)"
	// DefaultStories is how many stories a brief posts.
	DefaultStories = 5
	// FirstRunLatest posts only the current top stories on a brief's
	// first run: the default.
	FirstRunLatest = "latest"
	// FirstRunAll lets a brief's first run post from every article the
	// feeds hold.
	FirstRunAll = "all"
)

// maxFileSize bounds a configuration file.
const maxFileSize = 1 << 20

// Config is digestbot's configuration file, checked. main loads it once
// with Load and passes its values to the parts that need them.
type Config struct {
	// Path is the file it came from.
	Path string
	// Store is the SQLite file (resolved against the configuration
	// file's folder) or a postgres:// URL.
	Store Store
	// Listen is the HTTP server's host:port.
	Listen string
	// Grace is how late a brief missed while the bot was down may still
	// run at start; later, it is skipped.
	Grace time.Duration
	// Retention is how long the store keeps rows it no longer needs; the
	// daemon prunes older ones (store.Prune) at start and every hour.
	Retention time.Duration
	// Log is the log level and format.
	Log LogConfig
	// AllowedRanges are private address ranges that fetches may reach
	// although the fetcher refuses private addresses otherwise (an
	// intranet feed, a test server).
	AllowedRanges []netip.Prefix
	// Feeds are the named groups of feeds, in the order of the file.
	Feeds []FeedGroup
	// Windows are the windows the file sets for feeds, by feed (as
	// FeedGroup.URLs has it); see Window.
	Windows map[string]FeedWindow
	// Briefs are the scheduled briefs, in the order of the file.
	Briefs []Brief
	// Destinations are the named destinations, which briefs may name in
	// to: instead of writing them out.
	Destinations map[string]Destination
	// Slash is the slash-command settings.
	Slash SlashConfig
	// Follow is how the stories chat channels follow are checked.
	Follow FollowConfig
	// Evidence is evidence:, EvidenceThread or EvidenceOff: whether the
	// bot-token destinations without an evidence: of their own, and the
	// channels that follow stories, post each digest's evidence under it.
	Evidence string
}

// FollowConfig is how the stories chat channels follow (/digest follow)
// are found and checked.
type FollowConfig struct {
	// Every is how often the followed stories are checked, fetching their
	// feeds; zero turns following off.
	Every time.Duration
	// Feeds are the feed groups that follow searches and checks; empty
	// means those /digest <words> searches (slash.feeds).
	Feeds []string
}

// FeedWindow bounds what is read of a feed: its items published in the
// last MaxAge, at most MaxItems of them, the newest; the pages of the
// others are not fetched. Zero in either means no limit. A feed's window
// is set where the feed is listed (feeds: NAME: [{url:, max_age:,
// max_items:}]); a feed that sets none has DefaultFeedWindow. It is the
// domain's news.FeedWindow, which sources reads feeds through.
type FeedWindow = news.FeedWindow

// DefaultFeedWindow is the window of a feed that sets none, and of the
// command line's digest and brief: the items of the last 48 hours, at most
// 100 of them. A daily brief reads a day's news with a day to spare; a
// feed that keeps years of items (a podcast, an archive) gives its recent
// ones.
var DefaultFeedWindow = FeedWindow{MaxAge: 48 * time.Hour, MaxItems: 100}

// FeedGroup is a named group of feeds.
type FeedGroup struct {
	// Name is the group's key under feeds:.
	Name string
	// URLs are http(s) feed URLs, or paths of feed files resolved against
	// the configuration file's folder.
	URLs []string
}

// Brief is a digest of the top stories of some feeds, posted on a
// schedule.
type Brief struct {
	// Name is unique among briefs; the store keys runs by it.
	Name string
	// Feeds are the names of the feed groups it reads.
	Feeds []string
	// Schedule is the cron line as written: five fields (minute hour
	// day-of-month month day-of-week) or a descriptor such as @daily, with
	// an optional CRON_TZ=ZONE prefix.
	Schedule string
	// Location is the brief's time zone: from timezone: or CRON_TZ=, else
	// the machine's (time.Local).
	Location *time.Location
	// Cron is Schedule parsed, once, by robfig/cron's standard parser, in
	// Location: what the bot's schedule runs on (bot.NewSchedule).
	Cron cron.Schedule
	// Stories is how many stories it posts, at least 1.
	Stories int
	// Digest is the shape of each story's digest.
	Digest Digest
	// To are the destinations; a brief with no to: prints to the
	// terminal, so To always holds at least one.
	To []Destination
	// FirstRun is FirstRunLatest or FirstRunAll.
	FirstRun string
	// Languages are the languages (ISO 639-1 codes, as lang.Detect writes
	// them) of the stories the brief posts; empty for every story.
	Languages []string
	// Filter is the brief's include:, exclude: and min_outlets:: the
	// stories it may post (news.Filter); zero for every story.
	Filter news.Filter
}

// LogConfig is how the bot logs.
type LogConfig struct {
	// Level is the least level logged: debug, info (the default), warn or
	// error in the file.
	Level slog.Level
	// Format is text, json, or auto (the default): text on a terminal,
	// JSON otherwise.
	Format string
}

// SlashConfig is how the bot answers /digest.
type SlashConfig struct {
	// Feeds are the feed groups whose articles /digest <words> searches;
	// empty means all of them.
	Feeds []string
	// Languages are the languages (ISO 639-1) of the stories /digest
	// <words> chooses from; empty for every story.
	Languages []string
	// Slack is the Slack app's settings.
	Slack SlackSlash
	// Discord is the Discord application's settings.
	Discord DiscordSlash
}

// SlackSlash is the Slack side of slash commands. The HTTP endpoint is
// served when SigningSecret is set; Socket Mode connects when SocketMode
// is on.
type SlackSlash struct {
	// SigningSecret verifies requests: signing_secret:, else
	// SLACK_SIGNING_SECRET.
	SigningSecret Secret
	// SocketMode connects out to Slack instead of waiting for requests.
	SocketMode bool
	// AppToken (xapp-…) opens Socket Mode: app_token:, else
	// SLACK_APP_TOKEN.
	AppToken Secret
	// BotToken answers in Socket Mode: SLACK_BOT_TOKEN.
	BotToken Secret
}

// DiscordSlash is the Discord side of slash commands. The HTTP endpoint
// is served when PublicKey is set; the gateway connects when Gateway is
// on.
type DiscordSlash struct {
	// PublicKey verifies interactions, 64 hex digits: public_key:, else
	// DISCORD_PUBLIC_KEY.
	PublicKey string
	// ApplicationID is the application that `digestbot discord register`
	// registers /digest for: application_id:, else DISCORD_APPLICATION_ID.
	ApplicationID string
	// Gateway connects a bot session instead of waiting for requests.
	Gateway bool
	// BotToken runs the gateway session: DISCORD_BOT_TOKEN.
	BotToken Secret
}

// Store is where the bot keeps its memory: a SQLite file's path, or a
// PostgreSQL URL (which may hold a password). It prints with the password
// hidden; string(s) is the whole.
type Store string

// String returns s with a URL's password, in its user information or its
// query, replaced by "xxxxx"; a PostgreSQL URL that cannot be parsed (so
// that its password cannot be told apart) shows only its scheme.
func (s Store) String() string {
	if !isPostgres(string(s)) {
		return redact(string(s))
	}
	u, err := url.Parse(string(s))
	if err != nil {
		scheme, _, _ := strings.Cut(string(s), "://")
		return scheme + "://…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// GoString returns the same as String, for %#v: fmt calls it, so that
// %#v of a Config never shows a database password.
func (s Store) GoString() string { return strconv.Quote(s.String()) }

// group returns the feed group named name.
func (c *Config) group(name string) (FeedGroup, bool) {
	for _, g := range c.Feeds {
		if g.Name == name {
			return g, true
		}
	}
	return FeedGroup{}, false
}

// Window returns the window of a feed: the one the file sets for it, else
// DefaultFeedWindow.
func (c *Config) Window(feed string) FeedWindow {
	if w, ok := c.Windows[feed]; ok {
		return w
	}
	return DefaultFeedWindow
}

// FeedURLs returns the feeds of b's groups, in order, each once.
func (c *Config) FeedURLs(b Brief) []string { return c.groupURLs(b.Feeds) }

// SlashFeedURLs returns the feeds that /digest <words> searches, each
// once.
func (c *Config) SlashFeedURLs() []string {
	if len(c.Slash.Feeds) == 0 {
		return c.allFeedURLs()
	}
	return c.groupURLs(c.Slash.Feeds)
}

// FollowFeedURLs returns the feeds that /digest follow searches and the
// follow checks read, each once: follow.feeds, else SlashFeedURLs.
func (c *Config) FollowFeedURLs() []string {
	if len(c.Follow.Feeds) == 0 {
		return c.SlashFeedURLs()
	}
	return c.groupURLs(c.Follow.Feeds)
}

// allFeedURLs returns every feed of every group, each once.
func (c *Config) allFeedURLs() []string {
	var urls []string
	for _, g := range c.Feeds {
		for _, u := range g.URLs {
			if !slices.Contains(urls, u) {
				urls = append(urls, u)
			}
		}
	}
	return urls
}

func (c *Config) groupURLs(names []string) []string {
	var urls []string
	for _, name := range names {
		g, _ := c.group(name)
		for _, u := range g.URLs {
			if !slices.Contains(urls, u) {
				urls = append(urls, u)
			}
		}
	}
	return urls
}

// Load reads and checks the configuration file at path, taking secrets
// and ${NAME} values from getenv (os.Getenv in main, a map in tests).
//
// Its error is for a file that cannot be read or is not YAML (a
// *SyntaxError, with the line). Otherwise it returns the Config and every
// problem at once, in the order of the file; the Config may be used only
// if HasErrors(problems) is false.
func Load(path string, getenv func(string) string) (*Config, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, nil, fmt.Errorf("config: %s is larger than %d bytes", path, maxFileSize)
	}
	return Parse(path, data, getenv)
}

// Parse is Load of a file's contents, data; path names the file in
// problems, and relative paths in it are resolved against its folder.
func Parse(path string, data []byte, getenv func(string) string) (*Config, []Problem, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	doc, extra, err := decodeYAML(path, data)
	if err != nil {
		return nil, nil, err
	}
	p := &parser{file: path, dir: filepath.Dir(path), getenv: getenv, budget: maxNodes}
	var root *yaml.Node
	if doc != nil && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	c := p.config(root)
	if extra != nil {
		p.errorf(extra, "", "a second YAML document: a configuration file holds one")
	}
	slices.SortStableFunc(p.problems, func(a, b Problem) int { return a.Line - b.Line })
	return c, p.problems, nil
}
