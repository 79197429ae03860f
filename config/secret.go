package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Secret is a credential: a bot token, a signing secret. It prints as
// "[redacted]" with every fmt verb, in JSON and in logs, so that a Config
// can be logged whole; string(s) is the value. Its String, GoString and
// MarshalText are called only by fmt, log/slog and encoders, never by
// name: they are what keeps a secret out of every printed Config.
type Secret string

// String returns "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString returns the same as String, so that %#v does not reveal s.
func (s Secret) GoString() string { return s.String() }

// MarshalText returns the same as String, so that encoders do not reveal
// s.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// expand replaces ${NAME} in s with getenv(NAME), and ${NAME:-default}
// with the default when NAME is unset or empty; $${ is a literal ${. It
// returns the names of the variables that were needed but unset. Its
// errors never quote s, which may hold a secret.
func expand(s string, getenv func(string) string) (string, []string, error) {
	if !strings.Contains(s, "${") {
		return s, nil, nil
	}
	var b strings.Builder
	var missing []string
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", nil, errors.New("unclosed ${: write ${NAME}, or $${ for a literal ${")
			}
			name, def, hasDef := strings.Cut(s[i+2:i+2+end], ":-")
			if !envName().MatchString(name) {
				return "", nil, errors.New("malformed ${…}: write ${NAME} or ${NAME:-default}, NAME of letters, digits and _")
			}
			v := getenv(name)
			if v == "" {
				if hasDef {
					v = def
				} else if !slices.Contains(missing, name) {
					missing = append(missing, name)
				}
			}
			b.WriteString(v)
			i += end + 3
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), missing, nil
}

var envName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// secretShape is a kind of secret recognisable by its shape.
type secretShape struct {
	re *regexp.Regexp
	// what names the secret in a warning; env is the variable to hold it.
	what, env string
	// keep is how many bytes of a match survive redaction.
	keep func(match string) int
}

// secretShapes are the secrets that must not be written in a
// configuration file. Their patterns are fixed, so they are compiled once,
// when a configuration is first read.
var secretShapes = sync.OnceValue(func() []secretShape {
	return []secretShape{
		// Tokens of any length: a token cut short or mistyped is still most
		// of a secret.
		{regexp.MustCompile(`xox[a-z]-[0-9A-Za-z_.-]+`), "a Slack token", "SLACK_BOT_TOKEN", fixed(5)},
		{regexp.MustCompile(`xapp-[0-9A-Za-z_.-]+`), "a Slack app token", "SLACK_APP_TOKEN", fixed(5)},
		{regexp.MustCompile(`hooks\.slack(-gov)?\.com/[^\s"',]+`), "a Slack webhook URL", "SLACK_WEBHOOK_URL", upToSlash},
		{regexp.MustCompile(`(discord|discordapp)\.com/api/(v[0-9]+/)?webhooks/[^\s"',]+`), "a Discord webhook URL", "DISCORD_WEBHOOK_URL", upToSlash},
		{regexp.MustCompile(`[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}`), "a Discord bot token", "DISCORD_BOT_TOKEN", fixed(0)},
		{regexp.MustCompile(`(?i)postgres(ql)?://[^:/@\s]*:[^@\s]+@`), "a database password", "DATABASE_URL", afterColon},
	}
})

func fixed(n int) func(string) int { return func(string) int { return n } }

func upToSlash(m string) int { return strings.IndexByte(m, '/') + 1 }

func afterColon(m string) int { return strings.LastIndexByte(m, ':') + 1 }

// findSecret returns the shape of the first secret written out in s, if
// any. A ${NAME} reference is not a secret; a default after :- may be.
func findSecret(s string) (secretShape, bool) {
	for _, sh := range secretShapes() {
		if sh.re.MatchString(s) {
			return sh, true
		}
	}
	return secretShape{}, false
}

// redact returns s with every secret-shaped part cut short, for messages.
func redact(s string) string {
	for _, sh := range secretShapes() {
		s = sh.re.ReplaceAllStringFunc(s, func(m string) string {
			kept := m[:sh.keep(m)]
			if strings.HasSuffix(m, "@") {
				return kept + "…@"
			}
			return kept + "…"
		})
	}
	return s
}

// quote quotes a value as written for a message, secrets cut short.
func quote(raw string) string { return fmt.Sprintf("%q", redact(raw)) }

// envRef is a value that is only a reference to a variable, ${NAME}:
// showing it shows no secret.
var envRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*\}$`) })

func isEnvRef(s string) bool { return envRef().MatchString(strings.TrimSpace(s)) }

// showDestination quotes a destination as written, for a message, showing
// no more of it than is safe: a channel (slack:#news, discord:1234) or a
// ${NAME} whole; a URL only up to its host, since the rest may be a
// webhook's secret; a webhook's target that is not a URL not at all; a
// mistyped kind with a channel-like target whole; a name only if it looks
// like one (a token pasted where a name goes does not).
func showDestination(raw string) string {
	s := strings.TrimSpace(raw)
	kind, target, ok := strings.Cut(s, ":")
	webhook := kind == KindSlackWebhook || kind == KindDiscordWebhook
	switch {
	case !ok && plainKey().MatchString(s) && len(s) <= 40:
		return quote(s)
	case !ok:
		return `"…"`
	case kind == KindSlack || kind == KindDiscord || isEnvRef(target):
		return quote(limit(s, 100))
	case !webhook && plainKey().MatchString(target) && len(target) <= 30:
		return quote(limit(kind, 30) + ":" + target)
	}
	prefix := kind + ":"
	u, err := url.Parse(target)
	if !webhook { // a bare URL, or a mistyped kind: the whole may be a URL
		prefix = ""
		u, err = url.Parse(s)
	}
	if err == nil && u.Scheme != "" && u.Host != "" {
		return quote(limit(prefix, 31) + u.Scheme + "://" + limit(u.Host, 60) + "/…")
	}
	return quote(limit(kind, 30) + ":…")
}

// keyValueDSN is a PostgreSQL connection string in key=value form, which
// may hold a password anywhere: it is refused without being shown.
var keyValueDSN = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|\s)(host|hostaddr|port|dbname|user|password|passfile|sslmode|service)\s*=`)
})
