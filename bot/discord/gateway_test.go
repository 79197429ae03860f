package discord

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/news"
)

// fakeSession stands in for a discordgo session: it keeps the handler
// RunGateway registers, so that the test can deliver events to it.
type fakeSession struct {
	mu      sync.Mutex
	handler func(*discordgo.Session, *discordgo.InteractionCreate)
	opened  chan struct{}
	closed  bool
	removed bool
}

func (s *fakeSession) AddHandler(h interface{}) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = h.(func(*discordgo.Session, *discordgo.InteractionCreate))
	return func() {
		s.mu.Lock()
		s.removed = true
		s.mu.Unlock()
	}
}

func (s *fakeSession) Open() error { close(s.opened); return nil }

func (s *fakeSession) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

// TestRunGateway delivers a /digest over a fake gateway session: the
// interaction is acknowledged through the callback route (type 5), then
// the original response is edited, as over HTTP.
func TestRunGateway(t *testing.T) {
	f := newFakeDiscord(t)
	release := make(chan struct{})
	i := newInteractions(t, f, nil, func(ctx context.Context, q Query) (news.Digest, error) {
		<-release
		return storyA, nil
	})
	s := &fakeSession{opened: make(chan struct{})}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- RunGateway(ctx, "unused", i, GatewayOptions{Session: s}) }()
	<-s.opened

	var in discordgo.Interaction
	if err := json.Unmarshal([]byte(commandJSON("port strike", "")), &in); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	h := s.handler
	s.mu.Unlock()
	h(nil, &discordgo.InteractionCreate{Interaction: &in})

	cb := f.next(routeCallback)
	if want := "/api/v10/interactions/700000000000000001/interaction-token-SECRET/callback"; cb.Path != want {
		t.Errorf("callback path = %q; want %q", cb.Path, want)
	}
	if cb.Body["type"] != 5.0 {
		t.Errorf("callback = %v; want a deferred response (type 5)", cb.Body)
	}
	close(release)
	edit := f.next(routeOriginal)
	if embeds, _ := edit.Body["embeds"].([]any); len(embeds) != 1 || embeds[0].(map[string]any)["title"] != storyA.Title {
		t.Errorf("edited embeds = %v; want the digest's", edit.Body["embeds"])
	}

	// Usage errors are answered through the callback too.
	var empty discordgo.Interaction
	json.Unmarshal([]byte(interactionJSON("700000000000000003", "", "")), &empty)
	h(nil, &discordgo.InteractionCreate{Interaction: &empty})
	if cb := f.next(routeCallback); cb.Body["type"] != 4.0 {
		t.Errorf("callback for an empty /digest = %v; want an ephemeral message (type 4)", cb.Body)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunGateway = %v; want nil after ctx is done", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed || !s.removed {
		t.Errorf("session closed %v, handler removed %v; want both", s.closed, s.removed)
	}
}

// TestRewriteClient checks the seam that points a discordgo session at
// DISCORD_API_URL without touching discordgo's package-level endpoints.
func TestRewriteClient(t *testing.T) {
	f := newFakeDiscord(t)
	before := discordgo.EndpointGateway
	hc := rewriteClient(nil, f.apiURL())
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, discordgo.EndpointGateway, nil)
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/bwmarrin/discordgo, v"+discordgo.VERSION+")")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(f.requests(routeGateway)) != 1 {
		t.Fatalf("GET %s through the rewriting client: %d %s; want it served by the fake", before, resp.StatusCode, body)
	}
	if discordgo.EndpointGateway != before || discordgo.EndpointAPI != "https://discord.com/api/v9/" {
		t.Errorf("discordgo's endpoints changed: %s, %s", discordgo.EndpointGateway, discordgo.EndpointAPI)
	}
	if got := rewriteClient(http.DefaultClient, ""); got != http.DefaultClient {
		t.Errorf("rewriteClient without an API URL changed the client")
	}
}
