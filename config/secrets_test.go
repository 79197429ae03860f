package config

import (
	"fmt"
	"strings"
	"testing"
)

// TestMalformedSecretsNeverShown puts secrets, well-formed and malformed,
// in every setting that takes one (and some that do not), written in the
// file and taken from the environment, and checks that neither a problem
// nor any printing of the Config shows the secret part: every value holds
// S3CR3T where its secret is.
func TestMalformedSecretsNeverShown(t *testing.T) {
	secrets := []struct{ name, value string }{
		// Database URLs.
		{"postgres password", "postgres://digest:S3CR3T@db/x"},
		{"postgres password with a space", "postgres://digest:pa ss S3CR3T@db/x"},
		{"postgres password with a slash", "postgres://digest:S3CR3T/x@db/x"},
		{"postgres password with a hash", "postgres://digest:S3CR3T#x@db/x"},
		{"postgres password with a colon", "postgres://digest:S3:CR3T@db/x"},
		{"postgres password in the query", "postgres://digest@db/x?password=S3CR3T"},
		{"postgres password, bad port", "postgresql://digest:S3CR3T@db:99999/x"},
		{"postgres password, bad escape", "postgres://digest:S3CR3T%zz@db/x"},
		{"postgres password, no host", "postgres://digest:S3CR3T@/x"},
		{"postgres key=value", "host=db user=digest password=S3CR3T"},
		{"postgres key=value quoted", "host=db password='S3CR3T x'"},
		// Webhooks.
		{"slack webhook", "https://hooks.slack.com/services/T0000/B0000/S3CR3Tabcdefgh"},
		{"slack webhook with a space", "https://hooks.slack.com/services/T0 /B0/S3CR3T"},
		{"slack webhook with a comma", "https://hooks.slack.com/services/T0/B0/x,S3CR3T"},
		{"slack webhook without scheme", "hooks.slack.com/services/T0/B0/S3CR3T"},
		{"slack webhook, ftp", "ftp://hooks.example.com/S3CR3T"},
		{"webhook without host", "https:///services/T0/B0/S3CR3T"},
		{"webhook on another host", "https://chat.example.com/hooks/S3CR3T"},
		{"discord webhook", "https://discord.com/api/webhooks/123/S3CR3Tabcdefgh"},
		{"discord webhook with a space", "https://discord.com/api/webhooks/1/S3 CR3T"},
		// Tokens and signing secrets.
		{"slack token", "xoxb-1111111111-2222222222222-S3CR3Tabcdefgh"},
		{"short slack token", "xoxb-S3CR3T"},
		{"slack app token", "xapp-1-A0000-S3CR3T"},
		{"discord token", "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GhIjKl.S3CR3Tabcdefghijklmnopqrstuvwx"},
		{"malformed discord token", "MTA0NTY3.S3CR3T.x"},
		{"signing secret", "0123456789abcdefS3CR3T0123456789"},
	}
	// Each placement is a file with the value where %s is, and the name of
	// the setting. The value is in double quotes: it holds no " or \.
	placements := []string{
		"store: \"%s\"\n",
		"briefs:\n  - {name: m, feeds: [w], schedule: \"@daily\", to: [\"%s\"]}\n",
		"briefs:\n  - {name: m, feeds: [w], schedule: \"@daily\", to: [\"slack-webhook:%s\"]}\n",
		"briefs:\n  - {name: m, feeds: [w], schedule: \"@daily\", to: [\"discord-webhook:%s\"]}\n",
		"briefs:\n  - {name: m, feeds: [w], schedule: \"@daily\", to: [\"slackwebhook:%s\"]}\n",
		"destinations:\n  d: \"%s\"\n",
		"destinations:\n  d: {to: \"slack-webhook:%s\"}\n",
		"destinations:\n  d: {to: \"slack:#news\", token: \"%s\"}\n",
		"destinations:\n  d: {to: \"stdout\", token: \"%s\"}\n",
		"slash:\n  slack: {signing_secret: \"%s\", app_token: \"%s\", socket_mode: true}\n",
		"slash:\n  discord: {public_key: \"%s\"}\n",
	}
	for _, s := range secrets {
		for i, pl := range placements {
			for _, fromEnv := range []bool{false, true} {
				if i == 0 && !strings.HasPrefix(s.name, "postgres") {
					continue // any other value is the path of a SQLite file
				}
				v := s.value
				if fromEnv {
					v = "${SECRET}"
				}
				src := "feeds:\n  w: [https://example.com/rss]\n" + strings.ReplaceAll(pl, "%s", v)
				getenv := func(k string) string {
					if k == "SECRET" {
						return s.value
					}
					return ""
				}
				c, problems, err := Parse("digestbot.yaml", []byte(src), getenv)
				var out strings.Builder
				if err != nil {
					fmt.Fprintln(&out, err)
				}
				for _, p := range problems {
					fmt.Fprintln(&out, p)
				}
				if c != nil {
					fmt.Fprintf(&out, "%v\n%+v\n%#v\n%s\n", c, c, c, c.Store)
					for _, b := range c.Briefs {
						for _, d := range b.To {
							fmt.Fprintln(&out, d, d.Name(), d.Key())
						}
					}
					for _, d := range c.Destinations {
						fmt.Fprintln(&out, d, d.Name(), d.Key())
					}
				}
				for _, part := range []string{"S3CR3T", "CR3T"} {
					if strings.Contains(out.String(), part) {
						t.Errorf("%s in placement %d (from the environment: %v) shows %q:\n%s\n%s", s.name, i, fromEnv, part, src, out.String())
						break
					}
				}
			}
		}
	}
}
