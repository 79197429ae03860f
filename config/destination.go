package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// The kinds of destination.
const (
	// KindSlack posts with a bot token (SLACK_BOT_TOKEN) to a channel,
	// written slack:#channel or slack:CHANNEL_ID.
	KindSlack = "slack"
	// KindSlackWebhook posts to a Slack incoming webhook URL.
	KindSlackWebhook = "slack-webhook"
	// KindDiscord posts with a bot token (DISCORD_BOT_TOKEN) to a channel,
	// written discord:CHANNEL_ID.
	KindDiscord = "discord"
	// KindDiscordWebhook posts to a Discord webhook URL.
	KindDiscordWebhook = "discord-webhook"
	// KindStdout prints to the terminal: the destination of a brief with
	// no to:.
	KindStdout = "stdout"
)

// Destination is where a digest is posted, in the forms of
// `digestbot post --to`: slack:#channel, discord:CHANNEL_ID,
// slack-webhook:URL, discord-webhook:URL, or stdout.
//
// Webhook URLs are secrets (whoever has one can post), so a Destination
// prints as Name, which shows a webhook's host and not its path.
type Destination struct {
	// Kind is one of KindSlack, KindSlackWebhook, KindDiscord,
	// KindDiscordWebhook and KindStdout.
	Kind string
	// Target is the channel ("#news", "C0123ABC"), the Discord channel ID,
	// or the webhook URL (a secret); empty for stdout.
	Target string
	// Raw is the destination as written, before ${NAME} expansion.
	Raw string
	// Label is its name under destinations:, when a brief named it so.
	Label string
	// Token is the bot token of a slack or discord destination: the
	// destination's own token:, else SLACK_BOT_TOKEN or
	// DISCORD_BOT_TOKEN. Load fills it; ParseDestination leaves it empty
	// for the caller to fill from TokenEnv.
	Token Secret
	// Evidence is whether a slack or discord destination posts each
	// digest's evidence under it: EvidenceThread or EvidenceOff, its own
	// evidence: else the file's. Load fills it; ParseDestination leaves
	// it empty, which means EvidenceThread. Webhooks post none.
	Evidence string
}

// The values of evidence:.
const (
	// EvidenceThread posts each digest's evidence (the sentences each
	// bullet was cut from, per outlet) in its thread: Slack's thread_ts,
	// Discord's message reply. The default.
	EvidenceThread = "thread"
	// EvidenceOff posts the digest alone.
	EvidenceOff = "off"
)

// ParseDestination parses a destination as `digestbot post --to` and the
// configuration file's to: write it. Its errors never quote s, which may
// hold a webhook URL.
func ParseDestination(s string) (Destination, error) {
	s = strings.TrimSpace(s)
	d := Destination{Raw: s}
	if s == "" {
		return d, errors.New("empty destination: " + destinationForms)
	}
	if s == KindStdout {
		d.Kind = KindStdout
		return d, nil
	}
	kind, target, ok := strings.Cut(s, ":")
	if !ok {
		return d, fmt.Errorf("not a destination: %s", destinationForms)
	}
	d.Kind, d.Target = kind, target
	switch kind {
	case KindSlack:
		if target == "" || target == "#" {
			return d, errors.New("slack: missing channel: write slack:#channel or slack:CHANNEL_ID")
		}
		if len(target) > 81 || strings.IndexFunc(target, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == ':'
		}) >= 0 {
			return d, errors.New("slack: not a channel: write slack:#channel or slack:CHANNEL_ID")
		}
	case KindDiscord:
		if target == "" {
			return d, errors.New("discord: missing channel ID: write discord:CHANNEL_ID")
		}
		if len(target) > 20 || strings.Trim(target, "0123456789") != "" {
			return d, errors.New("discord: the channel ID is a number (Discord's Developer Mode → Copy Channel ID)")
		}
	case KindSlackWebhook, KindDiscordWebhook:
		u, err := url.Parse(target)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return d, fmt.Errorf("%s: want the webhook's https:// URL", kind)
		}
	case "http", "https":
		return d, errors.New("a bare URL: write slack-webhook:URL or discord-webhook:URL")
	default:
		return d, fmt.Errorf("unknown kind %q: %s", redact(limit(kind, 30)), destinationForms)
	}
	return d, nil
}

const destinationForms = "want slack:#channel, discord:CHANNEL_ID, slack-webhook:URL, discord-webhook:URL or stdout"

// Name names d for people and logs, without its secrets: "slack:#news",
// "discord:1234", "stdout", and for a webhook its kind and host only, as
// "slack-webhook:hooks.slack.com/…".
func (d Destination) Name() string {
	switch d.Kind {
	case KindStdout:
		return KindStdout
	case KindSlackWebhook, KindDiscordWebhook:
		if u, err := url.Parse(d.Target); err == nil && u.Host != "" {
			return d.Kind + ":" + u.Host + "/…"
		}
		return d.Kind + ":…"
	}
	return d.Kind + ":" + d.Target
}

// String returns Name, so that printing a Destination never shows a
// webhook URL. fmt calls it (and GoString); no code calls either by name.
func (d Destination) String() string { return d.Name() }

// GoString returns Name too, for %#v.
func (d Destination) GoString() string { return "config.Destination(" + d.Name() + ")" }

// Key identifies d for the store's record of what was posted where: the
// same for the same channel or webhook from run to run, whatever its
// label, and without a webhook's secret (which it replaces by a hash).
func (d Destination) Key() string {
	switch d.Kind {
	case KindSlackWebhook, KindDiscordWebhook:
		sum := sha256.Sum256([]byte(d.Target))
		host := "…"
		if u, err := url.Parse(d.Target); err == nil && u.Host != "" {
			host = u.Host
		}
		return d.Kind + ":" + host + "/" + hex.EncodeToString(sum[:8])
	}
	return d.Name()
}

// TokenEnv is the environment variable that holds d's bot token when it
// has none of its own: SLACK_BOT_TOKEN, DISCORD_BOT_TOKEN, or "" for kinds
// that need none.
func (d Destination) TokenEnv() string {
	switch d.Kind {
	case KindSlack:
		return "SLACK_BOT_TOKEN"
	case KindDiscord:
		return "DISCORD_BOT_TOKEN"
	}
	return ""
}

// limit cuts s to n bytes, for quoting user input in messages.
func limit(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
