package bot

import (
	"io"
	"strings"
	"testing"
)

func TestNewPoster(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-env"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		d       Destination
		wantErr string // "" for a poster
	}{
		{Destination{Kind: "stdout", Name: "stdout"}, ""},
		{Destination{Kind: "slack", Target: "#news", TokenEnv: "SLACK_BOT_TOKEN", Name: "slack:#news"}, ""},
		{Destination{Kind: "slack", Target: "#news", Token: "xoxb-own", Name: "slack:#news"}, ""},
		{Destination{Kind: "slack-webhook", Target: "https://hooks.slack.com/x", Name: "slack-webhook:hooks.slack.com/…"}, ""},
		{Destination{Kind: "discord", Target: "1234", TokenEnv: "DISCORD_BOT_TOKEN", Name: "discord:1234"}, "discord:1234: no bot token: set DISCORD_BOT_TOKEN"},
		{Destination{Kind: "discord-webhook", Target: "https://discord.com/api/webhooks/1/x", Name: "discord-webhook:discord.com/…"}, ""},
		{Destination{Kind: "fax", Name: "fax:1"}, "fax:1: unknown kind of destination"},
	}
	for _, tt := range tests {
		p, err := NewPoster(tt.d, getenv, io.Discard, nil)
		switch {
		case tt.wantErr == "" && (err != nil || p == nil):
			t.Errorf("NewPoster(%s) = %v, %v; want a poster", tt.d.Name, p, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("NewPoster(%s) error = %v; want %q", tt.d.Name, err, tt.wantErr)
		}
	}
}

func TestPostersAdd(t *testing.T) {
	ps := Posters{Getenv: func(string) string { return "xoxb-env" }, Stdout: io.Discard}
	dests := []Destination{
		{Kind: "slack", Target: "#news", TokenEnv: "SLACK_BOT_TOKEN", Name: "slack:#news", Key: "slack:#news"},
		{Kind: "stdout", Name: "stdout", Key: "stdout"},
		{Kind: "slack", Target: "#news", TokenEnv: "SLACK_BOT_TOKEN", Name: "slack:#news", Key: "slack:#news"},
	}
	var keys []string
	for _, d := range dests {
		key, err := ps.Add(d)
		if err != nil {
			t.Fatalf("Add(%s): %v", d.Name, err)
		}
		keys = append(keys, key)
	}
	if got, want := strings.Join(keys, " "), "slack:#news "+Direct+" slack:#news"; got != want {
		t.Errorf("keys = %q; want %q", got, want)
	}
	if len(ps.ByKey) != 2 {
		t.Errorf("len(ByKey) = %d; want 2: one poster per key", len(ps.ByKey))
	}
	if _, err := ps.Add(Destination{Kind: "discord", Target: "1", Name: "discord:1", Key: "discord:1"}); err == nil {
		t.Error("Add(discord without a token) = nil error; want one")
	}
}
