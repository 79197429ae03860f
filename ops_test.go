package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEnv runs the program with the environment env and returns its exit
// code and output.
func runEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

// TestConfigCheckShowsNoSecret runs config check on files whose secrets,
// well-formed or not, are written out or come from the environment: the
// problems name the line and the setting, never the secret (each holds
// S3CR3T where its secret is).
func TestConfigCheckShowsNoSecret(t *testing.T) {
	tests := []struct {
		name, setting, value string
		problem              string // a problem config check must report, if any
	}{
		{"postgres password with a space", "store", "postgres://digest:pa ss S3CR3T@db/x", "not a valid PostgreSQL URL"},
		{"postgres password in the query", "store", "postgres://digest@/x?password=S3CR3T", "names no host"},
		{"postgres bad port", "store", "postgres://digest:S3CR3T@db:99999/x", "port"},
		{"postgres key=value", "store", "host=db user=digest password=S3CR3T", "key=value"},
		{"well-formed postgres password", "store", "postgres://digest:S3CR3T@db/x", ""},
		{"slack webhook with a comma", "to", "slack-webhook:ftp://hooks.slack.com/services/T0/B0/x,S3CR3T", "want the webhook's https:// URL"},
		{"webhook without a host", "to", "discord-webhook:https:///api/webhooks/1/S3CR3T", "want the webhook's https:// URL"},
		{"webhook with a mistyped kind", "to", "slack_webhook:https://hooks.slack.com/services/T0/B0/S3CR3T", "unknown kind"},
		{"bare webhook URL", "to", "https://discord.com/api/webhooks/1/S3 CR3T", "a bare URL"},
		{"short slack token as a destination", "to", "xoxb-S3CR3T", "no destination named"},
		{"discord token as a destination", "to", "MTA0NTY3.S3CR3T.x", "no destination named"},
		{"well-formed slack webhook", "to", "slack-webhook:https://hooks.slack.com/services/T0/B0/S3CR3Tabcdefgh", ""},
		{"malformed app token", "app_token", "xapq-S3CR3T", "not an app-level token"},
		{"signing secret", "signing_secret", "S3CR3T-signing", ""},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		for _, fromEnv := range []bool{false, true} {
			v := tt.value
			if fromEnv {
				v = "${SECRET}"
			}
			var b strings.Builder
			b.WriteString("feeds:\n  world: [https://example.com/rss]\n")
			switch tt.setting {
			case "store":
				b.WriteString("store: \"" + v + "\"\n")
			case "to":
				b.WriteString("briefs:\n  - name: morning\n    feeds: [world]\n    schedule: \"0 7 * * *\"\n    to: [\"" + v + "\"]\n")
			default:
				b.WriteString("slash:\n  slack: {" + tt.setting + ": \"" + v + "\"}\n")
			}
			path := filepath.Join(dir, "digestbot.yaml")
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runEnv(t, map[string]string{"SECRET": tt.value}, "config", "check", path)
			if strings.Contains(out+errs, "CR3T") {
				t.Errorf("%s (from the environment: %v): config check shows the secret:\n%s%s", tt.name, fromEnv, out, errs)
			}
			if tt.problem != "" && (code != 1 || !strings.Contains(errs, tt.problem)) {
				t.Errorf("%s (from the environment: %v): exit %d, %q; want 1 and a problem saying %q", tt.name, fromEnv, code, errs, tt.problem)
			}
		}
	}
}
