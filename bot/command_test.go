package bot

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/digestbot/digestbot/news"
)

func TestCommandPost(t *testing.T) {
	d := news.Digest{Title: "Council approves barrier", Bullets: []news.Bullet{{Text: "The council voted 7-2 for the barrier", Sources: []int{0}}},
		Articles: []news.Source{{Outlet: "Courier"}}}
	tests := []struct {
		name    string
		posters []Poster
		ok      bool
		stderr  string
	}{
		{"every destination takes it", []Poster{&Writer{W: &bytes.Buffer{}, Label: "terminal"}, &Writer{W: &bytes.Buffer{}, Label: "file"}}, true,
			"digestbot: posted \"Council approves barrier\" to terminal\ndigestbot: posted \"Council approves barrier\" to file\n"},
		{"failures, one a line", []Poster{failPoster{"slack:#news"}, &Writer{W: &bytes.Buffer{}, Label: "terminal"}, failPoster{"discord:1"}}, false,
			"digestbot: post to slack:#news: connection refused\ndigestbot: post to discord:1: connection refused\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			ok := Command{Stderr: &stderr}.Post(context.Background(), d, tt.posters, false)
			if ok != tt.ok || stderr.String() != tt.stderr {
				t.Errorf("Post = %v, printed %q; want %v, %q", ok, stderr.String(), tt.ok, tt.stderr)
			}
		})
	}
}

func TestCommandHealth(t *testing.T) {
	tests := []struct {
		name           string
		status         int
		body           string
		healthy        bool
		stdout, stderr string
	}{
		{"healthy", http.StatusOK, "ok\n", true, "ok\n", ""},
		{"unhealthy with reasons", http.StatusServiceUnavailable, "store: no answer\n\nevery delivery failed\n", false, "",
			"digestbot: health: URL answered 503 Service Unavailable\ndigestbot: health: store: no answer\ndigestbot: health: every delivery failed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			var stdout, stderr bytes.Buffer
			healthy, err := Command{Stderr: &stderr}.Health(context.Background(), srv.Client(), srv.URL, &stdout)
			if err != nil {
				t.Fatal(err)
			}
			got := bytes.ReplaceAll(stderr.Bytes(), []byte(srv.URL), []byte("URL"))
			if healthy != tt.healthy || stdout.String() != tt.stdout || string(got) != tt.stderr {
				t.Errorf("Health = %v, wrote %q, printed %q; want %v, %q, %q", healthy, stdout.String(), got, tt.healthy, tt.stdout, tt.stderr)
			}
		})
	}
	var stdout bytes.Buffer
	if healthy, err := (Command{Stderr: &bytes.Buffer{}}).Health(context.Background(), http.DefaultClient, "http://127.0.0.1:0/healthz", &stdout); err == nil || healthy || stdout.Len() > 0 {
		t.Errorf("Health of no server = %v, %v, wrote %q; want an error", healthy, err, stdout.String())
	}
}

func TestCommandRegisterDiscord(t *testing.T) {
	tests := []struct {
		guild, path, want string
	}{
		{"", "/applications/123456789012345678/commands", "registered /digest globally\n"},
		{"223456789012345678", "/applications/123456789012345678/guilds/223456789012345678/commands", "registered /digest in guild 223456789012345678\n"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != tt.path {
				t.Errorf("request %s %s; want POST %s", r.Method, r.URL.Path, tt.path)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"id": "1"}`))
		}))
		var stdout bytes.Buffer
		err := Command{Stderr: &bytes.Buffer{}}.RegisterDiscord(context.Background(), "token", "123456789012345678", tt.guild, srv.URL, srv.Client(), &stdout)
		srv.Close()
		if err != nil || stdout.String() != tt.want {
			t.Errorf("RegisterDiscord(guild %q) = %v, wrote %q; want %q", tt.guild, err, stdout.String(), tt.want)
		}
	}
}
