package slack

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// fakeSocket stands for a Socket Mode connection: the test sends events
// and reads acknowledgements.
type fakeSocket struct {
	events  chan socketmode.Event
	acks    chan ackRecord
	stopped chan struct{} // closed when RunContext returns
}

type ackRecord struct {
	envelope string
	payload  []any
}

func newFakeSocket() *fakeSocket {
	return &fakeSocket{events: make(chan socketmode.Event), acks: make(chan ackRecord, 8), stopped: make(chan struct{})}
}

func (f *fakeSocket) RunContext(ctx context.Context) error {
	defer close(f.stopped)
	<-ctx.Done()
	return ctx.Err()
}

func (f *fakeSocket) Ack(req socketmode.Request, payload ...any) error {
	f.acks <- ackRecord{envelope: req.EnvelopeID, payload: payload}
	return nil
}

func (f *fakeSocket) Events() <-chan socketmode.Event { return f.events }

func (f *fakeSocket) nextAck(t *testing.T) ackRecord {
	t.Helper()
	select {
	case a := <-f.acks:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no acknowledgement")
		return ackRecord{}
	}
}

func TestSocketModeSlashCommand(t *testing.T) {
	rs := newResponseServer(t)
	rec := &recorder{}
	c := testCommands(rec.digest)
	c.SigningSecret = "" // not needed over a socket
	defer c.Close()
	sock := newFakeSocket()
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- runSocket(ctx, sock, c) }()

	sock.events <- socketmode.Event{Type: socketmode.EventTypeConnected}
	sock.events <- socketmode.Event{
		Type: socketmode.EventTypeSlashCommand,
		Data: slackapi.SlashCommand{
			Command: "/digest", Text: "public paris <https://example.com/a>", ResponseURL: rs.url(),
			TeamID: "T0001", ChannelID: "C2147483705", UserID: "U2147483697",
		},
		Request: &socketmode.Request{Type: socketmode.RequestTypeSlashCommands, EnvelopeID: "env-1"},
	}
	a := sock.nextAck(t)
	if a.envelope != "env-1" || len(a.payload) != 1 {
		t.Fatalf("ack = %+v; want env-1 with a payload", a)
	}
	if r, ok := a.payload[0].(reply); !ok || r.ResponseType != "ephemeral" || !strings.Contains(r.Text, "Working on") {
		t.Errorf("ack payload = %#v; want ephemeral working on it", a.payload[0])
	}
	got := rs.next(t)
	if got.ResponseType != "in_channel" || headerText(got.Message) != headerText(Messages(fullDigest(), RenderOptions{})[0]) {
		t.Errorf("posted %s %q; want the digest in_channel", got.ResponseType, headerText(got.Message))
	}
	qs := rec.Queries()
	if len(qs) != 1 || !qs[0].Public || len(qs[0].URLs) != 1 || qs[0].URLs[0] != "https://example.com/a" ||
		len(qs[0].Words) != 1 || qs[0].ChannelID != "C2147483705" {
		t.Errorf("Digest got %+v; want public, one URL, one word, the channel", qs)
	}

	// Other requests are acknowledged without a payload, so Slack does not
	// send them again.
	sock.events <- socketmode.Event{Type: socketmode.EventTypeEventsAPI, Request: &socketmode.Request{EnvelopeID: "env-2"}}
	if a := sock.nextAck(t); a.envelope != "env-2" || len(a.payload) != 0 {
		t.Errorf("ack = %+v; want env-2 without payload", a)
	}
	// A forged response_url is not posted to.
	sock.events <- socketmode.Event{
		Type:    socketmode.EventTypeSlashCommand,
		Data:    slackapi.SlashCommand{Command: "/digest", Text: "paris", ResponseURL: "https://attacker.example/x"},
		Request: &socketmode.Request{EnvelopeID: "env-3"},
	}
	if a := sock.nextAck(t); a.envelope != "env-3" || !strings.Contains(a.payload[0].(reply).Text, "cannot answer") {
		t.Errorf("ack = %+v; want a refusal", a)
	}

	cancel()
	if err := <-result; !errors.Is(err, context.Canceled) {
		t.Errorf("runSocket = %v; want context.Canceled", err)
	}
	select {
	case <-sock.stopped:
	default:
		t.Error("runSocket returned before the connection stopped")
	}
	if n := len(rec.Queries()); n != 1 {
		t.Errorf("Digest called %d times; want 1", n)
	}
}

func TestSocketModeInvalidAuth(t *testing.T) {
	c := testCommands((&recorder{}).digest)
	defer c.Close()
	sock := newFakeSocket()
	result := make(chan error, 1)
	go func() { result <- runSocket(context.Background(), sock, c) }()
	sock.events <- socketmode.Event{Type: socketmode.EventTypeInvalidAuth, Data: &slackapi.InvalidAuthEvent{}}
	err := <-result
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("runSocket = %v; want invalid_auth", err)
	}
	select {
	case <-sock.stopped:
	default:
		t.Error("runSocket returned before the connection stopped")
	}
}

func TestRunSocketModeNeedsAppToken(t *testing.T) {
	c := testCommands((&recorder{}).digest)
	err := RunSocketMode(context.Background(), "xoxb-not-an-app-token", "xoxb-bot", c)
	if err == nil || !strings.Contains(err.Error(), "app-level token") {
		t.Errorf("RunSocketMode(bot token) = %v; want an app-level token error", err)
	}
}
