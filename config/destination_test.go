package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseDestination(t *testing.T) {
	tests := []struct {
		in      string
		kind    string
		target  string
		name    string
		wantErr string // a part of the error; "" for none
	}{
		{"slack:#news", KindSlack, "#news", "slack:#news", ""},
		{"slack:C0123ABCD", KindSlack, "C0123ABCD", "slack:C0123ABCD", ""},
		{"  slack:#news  ", KindSlack, "#news", "slack:#news", ""},
		{"discord:123456789012345678", KindDiscord, "123456789012345678", "discord:123456789012345678", ""},
		{"slack-webhook:https://hooks.slack.com/services/T0/B0/xyz", KindSlackWebhook, "https://hooks.slack.com/services/T0/B0/xyz", "slack-webhook:hooks.slack.com/…", ""},
		{"discord-webhook:https://discord.com/api/webhooks/1/abc", KindDiscordWebhook, "https://discord.com/api/webhooks/1/abc", "discord-webhook:discord.com/…", ""},
		{"slack-webhook:http://127.0.0.1:8999/hook", KindSlackWebhook, "http://127.0.0.1:8999/hook", "slack-webhook:127.0.0.1:8999/…", ""},
		{"stdout", KindStdout, "", "stdout", ""},
		{"", "", "", "", "empty destination"},
		{"slack:", "", "", "", "missing channel"},
		{"slack:#", "", "", "", "missing channel"},
		{"slack:#two words", "", "", "", "not a channel"},
		{"discord:", "", "", "", "missing channel ID"},
		{"discord:#general", "", "", "", "is a number"},
		{"discord:123456789012345678901", "", "", "", "is a number"},
		{"slack-webhook:", "", "", "", "https:// URL"},
		{"slack-webhook:hooks.slack.com/services/x", "", "", "", "https:// URL"},
		{"discord-webhook:ftp://discord.com/x", "", "", "", "https:// URL"},
		{"https://hooks.slack.com/services/T0/B0/xyz", "", "", "", "bare URL"},
		{"teams:general", "", "", "", `unknown kind "teams"`},
		{"news", "", "", "", "not a destination"},
		{"Slack:#news", "", "", "", `unknown kind "Slack"`},
	}
	for _, tt := range tests {
		d, err := ParseDestination(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDestination(%q) error = %v; want one saying %q", tt.in, err, tt.wantErr)
			}
			if err != nil && strings.Contains(tt.in, "xyz") && strings.Contains(err.Error(), "xyz") {
				t.Errorf("ParseDestination(%q) error %q shows the webhook", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDestination(%q) = %v", tt.in, err)
			continue
		}
		if d.Kind != tt.kind || d.Target != tt.target || d.Name() != tt.name || d.Raw != strings.TrimSpace(tt.in) {
			t.Errorf("ParseDestination(%q) = %q %q %q (raw %q); want %q %q %q", tt.in, d.Kind, d.Target, d.Name(), d.Raw, tt.kind, tt.target, tt.name)
		}
		if d.Token != "" {
			t.Errorf("ParseDestination(%q).Token = %q; want it left to the caller", tt.in, d.Token)
		}
	}
}

func TestDestinationShowsNoSecret(t *testing.T) {
	hook := "https://hooks.slack.com/services/T0/B0/TOPSECRET"
	d, err := ParseDestination("slack-webhook:" + hook)
	if err != nil {
		t.Fatal(err)
	}
	d.Token = "TOPSECRET-token"
	for _, s := range []string{d.Name(), d.String(), d.Key(), fmt.Sprint(d), fmt.Sprintf("%v %+v %#v %s", d, d, d, d), fmt.Sprint([]Destination{d})} {
		if strings.Contains(s, "TOPSECRET") {
			t.Errorf("%q shows the webhook", s)
		}
	}
	other, _ := ParseDestination("slack-webhook:https://hooks.slack.com/services/T0/B0/OTHER")
	if d.Key() == other.Key() || d.Name() != other.Name() {
		t.Errorf("Key %q and %q: want two webhooks of one host told apart; Names %q and %q alike", d.Key(), other.Key(), d.Name(), other.Name())
	}
	again, _ := ParseDestination("slack-webhook:" + hook)
	again.Label = "team"
	if again.Key() != d.Key() {
		t.Errorf("Key changed with the label: %q, %q", again.Key(), d.Key())
	}
}

func TestTokenEnv(t *testing.T) {
	for in, want := range map[string]string{
		"slack:#news":                       "SLACK_BOT_TOKEN",
		"discord:1":                         "DISCORD_BOT_TOKEN",
		"stdout":                            "",
		"slack-webhook:https://h.example/x": "",
	} {
		d, err := ParseDestination(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.TokenEnv(); got != want {
			t.Errorf("ParseDestination(%q).TokenEnv() = %q; want %q", in, got, want)
		}
	}
}

func TestSecretPrinting(t *testing.T) {
	s := Secret("hunter2")
	b, err := json.Marshal(struct{ S Secret }{s})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q", s, s, s, s, s), string(b)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("%q shows the secret", out)
		}
	}
	if Secret("").String() != "" || string(s) != "hunter2" {
		t.Error("an empty Secret must print empty, and string(s) be the value")
	}
	st := Store("postgres://digest:hunter2@db.example/digest")
	if out := fmt.Sprintf("%v %+v %#v %s", st, st, st, st); strings.Contains(out, "hunter2") {
		t.Errorf("%q shows the database password", out)
	}
	if !isPostgres(string(st)) || isPostgres("digestbot.db") || Store("digestbot.db").String() != "digestbot.db" {
		t.Error("isPostgres or Store.String is wrong")
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"A": "alpha", "B": "", "C_1": "gamma"}
	tests := []struct {
		in, want string
		missing  []string
		err      bool
	}{
		{"plain", "plain", nil, false},
		{"${A}", "alpha", nil, false},
		{"x-${A}-${C_1}-y", "x-alpha-gamma-y", nil, false},
		{"$A and $ and $$", "$A and $ and $$", nil, false},
		{"${B}", "", []string{"B"}, false},
		{"${MISSING}${MISSING}${B}", "", []string{"MISSING", "B"}, false},
		{"${B:-fallback}", "fallback", nil, false},
		{"${A:-fallback}", "alpha", nil, false},
		{"${B:-}", "", nil, false},
		{"$${A}", "${A}", nil, false},
		{"${A", "", nil, true},
		{"${}", "", nil, true},
		{"${1A}", "", nil, true},
		{"${A B}", "", nil, true},
	}
	for _, tt := range tests {
		got, missing, err := expand(tt.in, env(vars))
		if (err != nil) != tt.err {
			t.Errorf("expand(%q) error = %v; want error %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if got != tt.want || !slices.Equal(missing, tt.missing) {
			t.Errorf("expand(%q) = %q, missing %q; want %q, missing %q", tt.in, got, missing, tt.want, tt.missing)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"slack-webhook:https://hooks.slack.com/services/T0/B0/xyz", "slack-webhook:https://hooks.slack.com/…"},
		{"discord-webhook:https://discord.com/api/webhooks/1/abc", "discord-webhook:https://discord.com/…"},
		{"xoxb-1234567890-abcdefghij", "xoxb-…"},
		{"xapp-1-A0000-abcdefghij", "xapp-…"},
		{"MTA0NTY3ODkwMTIzNDU2Nzg5MA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789", "…"},
		{"postgres://digest:hunter2@db/x", "postgres://digest:…@db/x"},
		{"https://example.com/world.rss", "https://example.com/world.rss"},
		{"${SLACK_WEBHOOK_URL}", "${SLACK_WEBHOOK_URL}"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "digestbot.yaml", Line: 12, Field: "briefs[0].schedule", Message: "bad cron line"}, "digestbot.yaml:12: briefs[0].schedule: bad cron line"},
		{Problem{File: "d.yaml", Line: 3, Field: "store", Message: "a password", Warning: true}, "d.yaml:3: store: warning: a password"},
		{Problem{File: "d.yaml", Line: 1, Message: "a second YAML document"}, "d.yaml:1: a second YAML document"},
		{Problem{File: "d.yaml", Message: "odd"}, "d.yaml: odd"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
	}
	if HasErrors(nil) || HasErrors([]Problem{{Warning: true}}) || !HasErrors([]Problem{{Warning: true}, {}}) {
		t.Error("HasErrors is wrong")
	}
}
