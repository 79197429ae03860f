package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/cli"
)

// previewSections splits post --dry-run's output into each destination's
// bodies, by the "==> NAME <==" line that heads them; order lists the
// names as they came.
func previewSections(t *testing.T, out string) (bodies map[string][]string, order []string) {
	t.Helper()
	bodies = map[string][]string{}
	var name string
	for _, line := range strings.SplitAfter(out, "\n") {
		if n, ok := strings.CutPrefix(line, "==> "); ok && strings.HasSuffix(n, " <==\n") {
			name = strings.TrimSuffix(n, " <==\n")
			order = append(order, name)
			continue
		}
		if name == "" {
			t.Fatalf("dry run output does not start with a destination's line: %q", out)
		}
		bodies[name] = append(bodies[name], line)
	}
	return bodies, order
}

// Times of posting, which differ between two runs: Slack's date token and
// Discord's embed timestamp; and a Discord channel message's random nonce.
var (
	slackDate   = regexp.MustCompile(`\^[0-9]+\^\{date_short_pretty\} at \{time\}\|[A-Za-z0-9 ,:]+`)
	discordTime = regexp.MustCompile(`"timestamp":"[^"]*"`)
	nonce       = regexp.MustCompile(`"nonce":"[0-9a-z]+"`)
)

func sameTime(s string) string {
	s = slackDate.ReplaceAllString(s, "^T")
	s = discordTime.ReplaceAllString(s, `"timestamp":"T"`)
	return nonce.ReplaceAllString(s, `"nonce":"N"`)
}

// TestPostDryRun runs post --dry-run to a Slack channel, a Discord
// channel, a webhook of each and the terminal, all loopback fakes: they
// receive nothing, and the bodies printed are those that the same post
// without --dry-run sends — the digest's, then at the bot-token channels
// its evidence's in reply (the time of posting, Discord's nonce and where
// the digest landed aside, drawn or learned anew by each run).
func TestPostDryRun(t *testing.T) {
	f := newPostFakes(t)
	slackRec, discordRec, hookRec, hook, env := f.slack, f.discord, f.hook, f.hookServer, f.env
	args := []string{"post", "--to", "slack:#news", "--to", "discord:42", "--to", "slack-webhook:" + hook.URL + "/services/T/B/SECRETPATH",
		"--to", "discord-webhook:https://discord.com/api/webhooks/123456789012345678/HOOK-SECRET", "--to", "stdout", "examples/story"}
	post := func(args ...string) (string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
		if code := cli.ExitCode(err, &errb); code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", args[:2], code, errb.String())
		}
		for _, secret := range []string{"xoxb-test-token", "discord-test-token", "SECRETPATH", "HOOK-SECRET"} {
			if strings.Contains(out.String()+errb.String(), secret) {
				t.Errorf("%s shows the secret %q", args[:2], secret)
			}
		}
		return out.String(), errb.String()
	}

	out, errs := post(append([]string{"post", "--dry-run"}, args[1:]...)...)
	if n := len(slackRec.all()) + len(discordRec.all()) + len(hookRec.all()); n != 0 {
		t.Fatalf("a dry run sent %d requests; want none", n)
	}
	if !strings.Contains(errs, "dry run: would post") || strings.Contains(errs, "posted ") {
		t.Errorf("dry run stderr %q; want it to say what would be posted, and nothing posted", errs)
	}
	previews, order := previewSections(t, out)
	slackHook := "slack-webhook:" + strings.TrimPrefix(hook.URL, "http://") + "/…"
	discordHook := "discord-webhook:discord.com/…/123456789012345678"
	if want := []string{"slack:#news", "discord:42", slackHook, discordHook, "terminal"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("dry run named %q; want %q", order, want)
	}

	terminal, _ := post(args...)
	if got := strings.Join(previews["terminal"], ""); got != terminal {
		t.Errorf("dry run showed the terminal\n%s\nthe post printed\n%s", got, terminal)
	}

	// The Slack channel's body goes as a form with the token; the preview
	// shows its other fields as JSON. Each bot-token destination is sent
	// the digest, then its evidence in reply.
	s := slackRec.all()
	if len(s) != 2 || len(previews["discord:42"]) != 2 {
		t.Errorf("the dry run showed Slack %d posts, Discord %d; want the digest and its evidence at each", len(s), len(previews["discord:42"]))
	}
	if len(s) != len(previews["slack:#news"]) {
		t.Fatalf("Slack received %d posts; the dry run showed %d", len(s), len(previews["slack:#news"]))
	}
	for i, r := range s {
		form, err := url.ParseQuery(string(r.body))
		if err != nil {
			t.Fatal(err)
		}
		var blocks, got any
		json.Unmarshal([]byte(sameTime(form.Get("blocks"))), &blocks)
		want := map[string]any{"channel": form.Get("channel"), "text": form.Get("text"), "blocks": blocks, "unfurl_links": false}
		if ts := form.Get("thread_ts"); ts != "" {
			// The evidence, in the digest's thread: sent to the channel's
			// ID, as Slack answered the digest; shown as written.
			want["thread_ts"], want["channel"] = ts, "#news"
		}
		shown := strings.ReplaceAll(previews["slack:#news"][i], slack.PreviewThreadTS, "1700000000.000100")
		if err := json.Unmarshal([]byte(sameTime(shown)), &got); err != nil || !reflect.DeepEqual(got, any(want)) {
			t.Errorf("Slack message %d: dry run showed\n%s\nthe post sent %v (%v)", i, previews["slack:#news"][i], want, err)
		}
	}

	// The others are sent as shown, byte for byte.
	var d, dh []string
	for _, r := range discordRec.all() {
		if strings.Contains(r.path, "/webhooks/") {
			dh = append(dh, string(r.body)+"\n")
		} else {
			d = append(d, string(r.body)+"\n")
		}
	}
	var h []string
	for _, r := range hookRec.all() {
		h = append(h, string(r.body)+"\n")
	}
	for _, c := range []struct {
		name string
		sent []string
	}{{"discord:42", d}, {slackHook, h}, {discordHook, dh}} {
		shown := previews[c.name]
		if len(c.sent) == 0 || len(c.sent) != len(shown) {
			t.Errorf("%s: the post sent %d bodies; the dry run showed %d", c.name, len(c.sent), len(shown))
			continue
		}
		for i := range shown {
			// The evidence replies to the digest, whose ID the dry run
			// cannot know.
			shown[i] = strings.ReplaceAll(shown[i], discord.PreviewReplyTo, "1")
			if sameTime(shown[i]) != sameTime(c.sent[i]) {
				t.Errorf("%s body %d: dry run showed\n%s\nthe post sent\n%s", c.name, i, shown[i], c.sent[i])
			}
		}
	}
}
