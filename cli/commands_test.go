package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// testParser is a Parser with the configuration's defaults and the
// formats of the render package.
func testParser(stdout, stderr *bytes.Buffer) Parser {
	return Parser{Stdout: stdout, Stderr: stderr,
		DefaultDigest: Digest{Words: 100, MaxBulletWords: 20, Order: "rank"},
		DefaultWindow: news.FeedWindow{MaxAge: 48 * time.Hour, MaxItems: 100},
		CheckFormat: func(f string) error {
			if f != "text" && f != "json" {
				return errors.New("unknown format " + f)
			}
			return nil
		}}
}

func TestParserCommands(t *testing.T) {
	defaults := DigestFlags{Digest: Digest{Words: 100, MaxBulletWords: 20, Order: "rank"},
		Window: news.FeedWindow{MaxAge: 48 * time.Hour, MaxItems: 100}, Timeout: 5 * time.Minute}
	tests := []struct {
		name   string
		parse  func(Parser) (any, error)
		want   any
		err    error
		stderr string // the first line printed
	}{
		{"digest", func(p Parser) (any, error) {
			return p.Digest([]string{"a.txt", "--words", "60", "--max-items", "0", "--quiet", "b.txt"})
		}, DigestArgs{DigestFlags{Digest{60, 0, 20, "rank"}, news.FeedWindow{MaxAge: 48 * time.Hour}, true, 5 * time.Minute}, "text", []string{"a.txt", "b.txt"}}, nil, ""},
		{"digest without input", func(p Parser) (any, error) { a, err := p.Digest(nil); return a.Inputs, err },
			[]string(nil), ErrUsage, "digestbot digest: no INPUT given"},
		{"digest format", func(p Parser) (any, error) {
			a, err := p.Digest([]string{"--format", "xml", "x"})
			return a.Format, err
		},
			"xml", ErrUsage, "digestbot digest: unknown format xml"},
		{"brief", func(p Parser) (any, error) {
			return p.Brief([]string{"--feeds", "a,b", "--languages", "fr,en,fr", "--stories", "2", "c"})
		}, BriefArgs{defaults, []string{"a", "b", "c"}, 2, []string{"fr", "en"}, "text"}, nil, ""},
		{"brief without feeds", func(p Parser) (any, error) { _, err := p.Brief(nil); return nil, err },
			nil, ErrUsage, "digestbot brief: no --feeds given"},
		{"brief stories", func(p Parser) (any, error) { _, err := p.Brief([]string{"--stories", "0", "f"}); return nil, err },
			nil, ErrUsage, "digestbot brief: --stories must be at least 1"},
		{"post", func(p Parser) (any, error) { return p.Post([]string{"--to", "a,b", "x", "--to", "stdout"}) },
			PostArgs{defaults, []string{"a,b", "stdout"}, []string{"x"}, false}, nil, ""},
		{"post dry run", func(p Parser) (any, error) { return p.Post([]string{"--dry-run", "--to", "stdout", "x"}) },
			PostArgs{defaults, []string{"stdout"}, []string{"x"}, true}, nil, ""},
		{"post without --to", func(p Parser) (any, error) { _, err := p.Post([]string{"x"}); return nil, err },
			nil, ErrUsage, "digestbot post: want at least one --to and one INPUT"},
		{"serve", func(p Parser) (any, error) {
			return p.Serve([]string{"--listen", ":9", "--feeds", "a", "--max-queued", "3"})
		},
			ServeArgs{DigestFlags{Digest: defaults.Digest, Window: defaults.Window}, ":9", 0, 3, []string{"a"}, nil}, nil, ""},
		{"run", func(p Parser) (any, error) {
			return p.Run([]string{"--config", "c.yaml", "--once", "--clock-rate", "60", "--clock-start", "2026-01-02T07:00:00Z"})
		}, RunArgs{"c.yaml", true, 30 * time.Second, 15 * time.Second, time.Minute, Clock{Start: time.Date(2026, 1, 2, 7, 0, 0, 0, time.UTC), Rate: 60}, 0, 0}, nil, ""},
		{"run clock rate", func(p Parser) (any, error) {
			_, err := p.Run([]string{"--config", "c", "--clock-rate", "0"})
			return nil, err
		},
			nil, ErrUsage, `invalid value "0" for flag -clock-rate: want a number above 0, at most 1e6`},
		{"run without config", func(p Parser) (any, error) { _, err := p.Run(nil); return nil, err },
			nil, ErrUsage, "digestbot run: --config FILE is required"},
		{"eval", func(p Parser) (any, error) {
			return p.Eval([]string{"--ablate", "title", "--bullets", "-1", "dir", "--lead=false"})
		},
			EvalArgs{DigestFlags{Digest: Digest{100, -1, 20, "rank"}}, "dir", "", false, false, true, "title", "tfidf", "", ""}, nil, ""},
		{"eval two dirs", func(p Parser) (any, error) { _, err := p.Eval([]string{"a", "b"}); return nil, err },
			nil, ErrUsage, "digestbot eval: want exactly one DIR"},
		{"config check", func(p Parser) (any, error) { return p.ConfigCheck([]string{"check", "c.yaml"}) }, "c.yaml", nil, ""},
		{"config", func(p Parser) (any, error) { return p.ConfigCheck([]string{"c.yaml"}) }, "", ErrUsage, "usage: digestbot config check FILE"},
		{"discord register", func(p Parser) (any, error) { return p.DiscordRegister([]string{"register", "--guild", "5"}) }, "5", nil, ""},
		{"discord", func(p Parser) (any, error) { return p.DiscordRegister(nil) }, "", ErrUsage, "usage: digestbot discord register [--guild ID]"},
		{"health", func(p Parser) (any, error) { return p.Health(nil) }, "http://127.0.0.1:8080/healthz", nil, ""},
		{"help", func(p Parser) (any, error) { _, err := p.Health([]string{"-h"}); return nil, err }, nil, flag.ErrHelp, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got, err := tt.parse(testParser(&stdout, &stderr))
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v; want %v", err, tt.err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parsed %+v; want %+v", got, tt.want)
			}
			if first, _, _ := strings.Cut(stderr.String(), "\n"); first != tt.stderr {
				t.Errorf("printed %q first; want %q", first, tt.stderr)
			}
		})
	}
}

func TestCheckWindow(t *testing.T) {
	tests := []struct {
		window news.FeedWindow
		want   string
	}{
		{news.FeedWindow{}, ""},
		{news.FeedWindow{MaxAge: -time.Hour}, "max-age: -1h0m0s is negative (0 reads items of any age)"},
		{news.FeedWindow{MaxAge: -time.Second, MaxItems: -2}, "max-age: -1s is negative (0 reads items of any age)\nmax-items: -2 is negative (0 reads every item)"},
	}
	for _, tt := range tests {
		err := DigestFlags{Window: tt.window}.CheckWindow()
		if got := fmtErr(err); got != tt.want {
			t.Errorf("CheckWindow(%+v) = %q; want %q", tt.window, got, tt.want)
		}
	}
}

func TestBudgets(t *testing.T) {
	tests := []struct {
		words  string
		want   []string
		stderr string
	}{
		{"", []string{"100", "ref"}, ""},
		{"REF", []string{"ref"}, ""},
		{"60", []string{"60"}, ""},
		{"5", nil, "digestbot eval: --words \"5\": want a number of at least 6, or ref\n"},
		{"abc", nil, "digestbot eval: --words \"abc\": want a number of at least 6, or ref\n"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		got, err := EvalArgs{Words: tt.words}.Budgets(&stderr)
		if !reflect.DeepEqual(got, tt.want) || stderr.String() != tt.stderr || (err != nil) != (tt.stderr != "") {
			t.Errorf("Budgets(--words %q) = %q, %v, printed %q; want %q, %q", tt.words, got, err, stderr.String(), tt.want, tt.stderr)
		}
	}
}

func TestDispatch(t *testing.T) {
	var ran []string
	cmds := map[string]func(context.Context, []string) error{
		"digest": func(_ context.Context, args []string) error {
			ran = append(ran, "digest "+strings.Join(args, " "))
			return nil
		},
		"version": func(_ context.Context, args []string) error { ran = append(ran, "version"); return nil },
	}
	tests := []struct {
		args           []string
		ran            string
		err            error
		stdout, stderr bool
	}{
		{[]string{"digest", "a", "b"}, "digest a b", nil, false, false},
		{[]string{"--version"}, "version", nil, false, false},
		{[]string{"help"}, "", nil, true, false},
		{nil, "", ErrUsage, false, true},
		{[]string{"summarise"}, "", ErrUsage, false, true},
	}
	for _, tt := range tests {
		ran = nil
		var stdout, stderr bytes.Buffer
		err := Parser{Stdout: &stdout, Stderr: &stderr}.Dispatch(context.Background(), tt.args, cmds)
		if strings.Join(ran, ";") != tt.ran || !errors.Is(err, tt.err) || (stdout.Len() > 0) != tt.stdout || (stderr.Len() > 0) != tt.stderr {
			t.Errorf("Dispatch(%q) ran %q, = %v, wrote %d bytes and printed %d; want %q, %v", tt.args, ran, err, stdout.Len(), stderr.Len(), tt.ran, tt.err)
		}
	}
}

// fmtErr returns err's message, or "" for nil.
func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
