package bot

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/render"
)

// ChatClient is the HTTP client of every call to Slack and Discord.
var ChatClient = &http.Client{Timeout: 30 * time.Second}

// Destination is where a digest is posted, as the bot needs it to build a
// Poster: the command converts its configuration's destinations to it.
type Destination struct {
	// Kind is "stdout", "slack", "slack-webhook", "discord" or
	// "discord-webhook".
	Kind string
	// Target is the channel, the Discord channel ID or the webhook URL.
	Target string
	// Token is the bot token of a slack or discord destination; when
	// empty, NewPoster reads the environment variable TokenEnv.
	Token, TokenEnv string
	// Name names the destination in errors, without its secrets; Key
	// identifies it in the store (see Posters).
	Name, Key string
	// NoEvidence keeps a slack or discord destination from posting each
	// digest's evidence under it (see Evidencer; the configuration's
	// evidence: off). Webhooks post none.
	NoEvidence bool
}

// Posters builds the daemon's posters by destination key: one for each
// key however many briefs post there, the terminal's under Direct, the
// Slack channels sharing one pacer.
type Posters struct {
	// Getenv and Stdout are NewPoster's.
	Getenv func(string) string
	Stdout io.Writer
	// ByKey holds the posters built so far.
	ByKey map[string]Poster
	pacer slack.Pacer
}

// Add returns the key of d, building its poster the first time.
func (ps *Posters) Add(d Destination) (string, error) {
	key := d.Key
	if d.Kind == "stdout" {
		key = Direct
	}
	if ps.ByKey[key] == nil {
		p, err := NewPoster(d, ps.Getenv, ps.Stdout, &ps.pacer)
		if err != nil {
			return "", err
		}
		if ps.ByKey == nil {
			ps.ByKey = map[string]Poster{}
		}
		ps.ByKey[key] = p
	}
	return key, nil
}

// NewPoster builds the Poster of d: stdout writes text to stdout, the
// chat kinds post through ChatClient, and the Slack channels share
// slackPacer; the bot-token kinds post each digest's evidence under it
// unless d.NoEvidence. Bot tokens come from d or else from getenv(d.TokenEnv); API
// base URLs from SLACK_API_URL and DISCORD_API_URL.
func NewPoster(d Destination, getenv func(string) string, stdout io.Writer, slackPacer *slack.Pacer) (Poster, error) {
	token := d.Token
	if token == "" && d.TokenEnv != "" {
		token = getenv(d.TokenEnv)
	}
	switch d.Kind {
	case "stdout":
		return &Writer{W: stdout, Format: render.Text}, nil
	case "slack":
		if token == "" {
			return nil, fmt.Errorf("%s: no bot token: set %s", d.Name, d.TokenEnv)
		}
		return &slack.Channel{Token: token, Channel: d.Target, APIURL: getenv("SLACK_API_URL"), Evidence: !d.NoEvidence,
			PostOptions: slack.PostOptions{HTTPClient: ChatClient, StampTime: true, Pacer: slackPacer}}, nil
	case "slack-webhook":
		return &slack.Webhook{URL: d.Target, PostOptions: slack.PostOptions{HTTPClient: ChatClient, StampTime: true}}, nil
	case "discord":
		if token == "" {
			return nil, fmt.Errorf("%s: no bot token: set %s", d.Name, d.TokenEnv)
		}
		return &discord.Channel{Token: token, ChannelID: d.Target, APIURL: getenv("DISCORD_API_URL"), Evidence: !d.NoEvidence,
			PostOptions: discord.PostOptions{HTTPClient: ChatClient}}, nil
	case "discord-webhook":
		return &discord.Webhook{URL: d.Target, APIURL: getenv("DISCORD_API_URL"),
			PostOptions: discord.PostOptions{HTTPClient: ChatClient}}, nil
	}
	return nil, fmt.Errorf("%s: unknown kind of destination", d.Name)
}
