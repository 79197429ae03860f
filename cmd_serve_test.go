package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/internal/loopback"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads the metrics at u, decoded.
func scrape(t *testing.T, u string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return fams
}

// sample returns the value of a counter, or the count of a histogram, of
// the family name with exactly the given labels; -1 when there is none.
func sample(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if !maps.Equal(got, labels) {
			continue
		}
		if h := m.GetHistogram(); h != nil {
			return float64(h.GetSampleCount())
		}
		return m.GetCounter().GetValue()
	}
	return -1
}

// startCLI runs the command line that args returns for a free loopback
// address in the background until the test ends, and returns the address
// once GET /healthz answers there.
func startCLI(t *testing.T, env map[string]string, args func(addr string) []string) string {
	t.Helper()
	addr := loopback.FreeAddr(t)
	argv := args(addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb syncBuffer
	go func() {
		done <- run(ctx, argv, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &errb)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%v = %v\n%s", argv, err, errb.String())
		}
	})
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return addr
		}
		if i > 500 {
			t.Fatalf("%v never answered /healthz: %v\n%s", argv, err, errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSlashMetrics sends slash commands to serve and to the daemon, as
// Slack and Discord sign them, and reads /metrics: each command is counted
// by platform and outcome, with its latency.
func TestSlashMetrics(t *testing.T) {
	const secret = "test-signing-secret"
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_SIGNING_SECRET": secret, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)}
	send := func(req *http.Request) int {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	slackCommand := func(addr, text, key string) int {
		form := slacktest.Command(text, "https://hooks.slack.com/commands/T1/1/x")
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(form))
		slacktest.Sign(req, key, time.Now(), form)
		return send(req)
	}
	discordCommand := func(addr, topic string) int {
		body := fmt.Sprintf(`{"id": "700000000000000001", "application_id": "112233445566778899", "type": 2, "token": "tok",
			"version": 1, "channel_id": "9", "user": {"id": "6"}, "data": {"id": "5", "name": "digest", "type": 1,
			"options": [{"name": "topic", "type": 3, "value": %q}]}}`, topic)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/discord/interactions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))))
		return send(req)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args func(addr string) []string
	}{
		{"serve", func(addr string) []string { return []string{"serve", "--listen", addr} }},
		{"run", func(addr string) []string {
			cfg := filepath.Join(dir, "digestbot.yaml")
			os.WriteFile(cfg, []byte(fmt.Sprintf("store: %s\nlisten: %s\n", filepath.Join(dir, "digestbot.db"), addr)), 0o644)
			return []string{"run", "--config", cfg}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := startCLI(t, env, tc.args)
			for k, got := range []int{
				slackCommand(addr, "help", secret),
				slackCommand(addr, "", secret),
				slackCommand(addr, "help", "another-secret"),
				discordCommand(addr, "help"),
			} {
				if want := []int{200, 200, 401, 200}[k]; got != want {
					t.Errorf("command %d: status %d; want %d", k+1, got, want)
				}
			}
			fams := scrape(t, "http://"+addr+"/metrics")
			for _, w := range []struct {
				name              string
				platform, outcome string
				want              float64
			}{
				{"digestbot_slash_commands_total", "slack", "usage", 2},
				{"digestbot_slash_commands_total", "slack", "refused", 1},
				{"digestbot_slash_commands_total", "discord", "usage", 1},
				{"digestbot_slash_command_seconds", "slack", "usage", 2},
				{"digestbot_slash_command_seconds", "slack", "refused", 1},
				{"digestbot_slash_command_seconds", "discord", "usage", 1},
			} {
				if got := sample(fams, w.name, map[string]string{"platform": w.platform, "outcome": w.outcome}); got != w.want {
					t.Errorf("%s{platform=%q,outcome=%q} = %v; want %v", w.name, w.platform, w.outcome, got, w.want)
				}
			}
		})
	}
}
