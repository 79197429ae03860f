package config

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

func noEnv(string) string { return "" }

// TestExample checks that the README's first command runs with nothing
// set: examples/brief.yaml must load without a single problem in an empty
// environment, and print to the terminal.
// brief returns the brief of c named name.
func brief(c *Config, name string) (Brief, bool) {
	for _, b := range c.Briefs {
		if b.Name == name {
			return b, true
		}
	}
	return Brief{}, false
}

func TestExample(t *testing.T) {
	c, problems, err := Load("../examples/brief.yaml", noEnv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, p := range problems {
		t.Errorf("problem: %s", p)
	}
	if len(c.Briefs) != 1 {
		t.Fatalf("%d briefs; want 1", len(c.Briefs))
	}
	b := c.Briefs[0]
	if b.Name != "morning" || b.Location.String() != "Europe/Paris" || b.Stories != 5 {
		t.Errorf("brief = %s in %s with %d stories; want morning in Europe/Paris with 5", b.Name, b.Location, b.Stories)
	}
	if len(b.To) != 1 || b.To[0].Kind != KindStdout {
		t.Errorf("To = %v; want [stdout]", b.To)
	}
	if urls := c.FeedURLs(b); len(urls) < 5 {
		t.Errorf("FeedURLs = %q; want the five world feeds", urls)
	}
	if want := filepath.Join("..", "examples", "digestbot.db"); string(c.Store) != want {
		t.Errorf("Store = %q; want %q (beside the file)", c.Store, want)
	}
}

func TestDefaults(t *testing.T) {
	src := `
feeds:
  world: https://example.com/world.rss
briefs:
  - name: morning
    feeds: world
    schedule: "0 7 * * *"
`
	c, problems, err := Parse(filepath.Join("conf", "digestbot.yaml"), []byte(src), nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse: %v %v", problems, err)
	}
	if want := filepath.Join("conf", DefaultStore); string(c.Store) != want || isPostgres(string(c.Store)) {
		t.Errorf("Store = %q; want %q (sqlite), beside the file", c.Store, want)
	}
	if c.Listen != DefaultListen || c.Grace != time.Hour || c.Log != (LogConfig{Level: slog.LevelInfo, Format: "auto"}) {
		t.Errorf("Listen, Grace, Log = %q, %v, %+v; want the defaults", c.Listen, c.Grace, c.Log)
	}
	if c.Retention != 720*time.Hour {
		t.Errorf("Retention = %v; want 720h, 30 days", c.Retention)
	}
	b := c.Briefs[0]
	if b.Stories != 5 || b.Digest != DefaultDigest || b.FirstRun != FirstRunLatest {
		t.Errorf("brief = %d stories, %+v, %s; want 5, DefaultDigest, latest", b.Stories, b.Digest, b.FirstRun)
	}
	if b.Location != time.Local || b.Location.String() != "Local" {
		t.Errorf("Location = %v; want Local", b.Location)
	}
	if len(b.To) != 1 || b.To[0].Kind != KindStdout || b.To[0].Name() != "stdout" {
		t.Errorf("To = %v; want stdout", b.To)
	}
	if c.Path != filepath.Join("conf", "digestbot.yaml") || c.Destinations != nil || len(c.AllowedRanges) != 0 {
		t.Errorf("Path, Destinations, AllowedRanges = %q, %v, %v", c.Path, c.Destinations, c.AllowedRanges)
	}
}

// TestLanguages checks the languages a brief and the slash commands ask
// for: every story when none are named.
func TestLanguages(t *testing.T) {
	src := `
feeds:
  world: https://example.com/world.rss
briefs:
  - name: paris
    feeds: world
    schedule: "0 7 * * *"
    languages: [fr, EN]
  - name: karachi
    feeds: world
    schedule: "0 7 * * *"
    languages: ur
  - name: all
    feeds: world
    schedule: "0 7 * * *"
slash:
  languages: [de]
`
	c, problems, err := Parse("digestbot.yaml", []byte(src), nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse: %v %v", problems, err)
	}
	for i, want := range [][]string{{"fr", "en"}, {"ur"}, nil} {
		if got := c.Briefs[i].Languages; !slices.Equal(got, want) {
			t.Errorf("briefs[%d].Languages = %q; want %q", i, got, want)
		}
	}
	if got := c.Slash.Languages; !slices.Equal(got, []string{"de"}) {
		t.Errorf("Slash.Languages = %q; want [de]", got)
	}
}

// TestFilters checks the filters briefs set: the words as written (trimmed,
// ${NAME} expanded), none for a brief that sets none.
func TestFilters(t *testing.T) {
	src := `
feeds:
  world: https://example.com/world.rss
briefs:
  - name: climate
    feeds: world
    schedule: "0 7 * * *"
    include: [climate, " carbon tax ", "${TOPIC}"]
    exclude: football
    min_outlets: 3
  - name: all
    feeds: world
    schedule: "0 7 * * *"
`
	c, problems, err := Parse("digestbot.yaml", []byte(src), env(map[string]string{"TOPIC": "São Paulo"}))
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse: %v %v", problems, err)
	}
	want := news.Filter{Include: []string{"climate", "carbon tax", "São Paulo"}, Exclude: []string{"football"}, MinOutlets: 3}
	if got := c.Briefs[0].Filter; !reflect.DeepEqual(got, want) {
		t.Errorf("briefs[0].Filter = %+v; want %+v", got, want)
	}
	if got := c.Briefs[1].Filter; !got.IsZero() {
		t.Errorf("briefs[1].Filter = %+v; want none", got)
	}
}

// TestRetention checks the retention a file sets.
func TestRetention(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want time.Duration
	}{
		{"", 720 * time.Hour},
		{"retention: 2160h\n", 90 * 24 * time.Hour},
		{"retention: ${RETENTION:-168h}\n", 7 * 24 * time.Hour},
		{"retention: \" 200h \"\n", 200 * time.Hour},
	} {
		c, problems, err := Parse("digestbot.yaml", []byte(tt.yaml+"briefs: []\n"), nil)
		if err != nil || HasErrors(problems) || c.Retention != tt.want {
			t.Errorf("Parse(%q): retention %v, %v, %v; want %v", tt.yaml, c.Retention, problems, err, tt.want)
		}
	}
}

// TestParseValues checks what a good file loads into.
func TestParseValues(t *testing.T) {
	src := `
store: postgres://digest@db.example:5432/digest?sslmode=disable
listen: ":9090"
grace: 30m
log: {level: debug, format: json}
allowed_ranges: [10.0.0.0/8, "fd00::/8", 192.168.1.7]
feeds:
  world: &world
    - https://example.com/world.rss
    - https://example.com/atom.xml
  europe: [https://example.com/europe.rss, https://example.com/world.rss]
  local: [testdata/feed.xml]
destinations:
  news: slack:#news
  ops:
    to: discord:123456789012345678
    token: ${OPS_DISCORD_TOKEN}
  hook: "discord-webhook:${DISCORD_WEBHOOK_URL}"
defaults: &defaults
briefs:
  - &morning
    name: morning
    feeds: [world, europe]
    schedule: "CRON_TZ=America/New_York 30 6 * * 1-5"
    stories: 3
    words: 80
    bullets: 6
    max_bullet_words: 15
    order: source
    first_run: all
    to: [news, ops, hook, "slack:#news", stdout]
  - <<: *morning
    name: evening
    schedule: "0 19 * * *"
    timezone: Asia/Tokyo
    to: [hook]
slash:
  feeds: [europe]
  slack: {signing_secret: "${SLACK_SIGNING_SECRET}"}
  discord: {application_id: "123456789", gateway: true}
`
	// "defaults:" above is not a key: drop it before parsing.
	src = strings.Replace(src, "defaults: &defaults\n", "", 1)
	e := map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1",
		"DISCORD_BOT_TOKEN":    "discord-bot",
		"OPS_DISCORD_TOKEN":    "ops-token",
		"DISCORD_WEBHOOK_URL":  "https://discord.com/api/webhooks/1/abc",
		"SLACK_SIGNING_SECRET": "signing",
		"DISCORD_PUBLIC_KEY":   strings.Repeat("ab", 32),
	}
	c, problems, err := Parse("digestbot.yaml", []byte(src), env(e))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	// slack:#news by name and written out is one destination, posted once.
	if want := []string{"digestbot.yaml:30: briefs[0].to[3]: warning: slack:#news is listed twice"}; !slices.Equal(got, want) {
		t.Errorf("problems = %q; want %q", got, want)
	}
	if !isPostgres(string(c.Store)) || c.Listen != ":9090" || c.Grace != 30*time.Minute || c.Log.Level != slog.LevelDebug || c.Log.Format != "json" {
		t.Errorf("store %s, listen %s, grace %v, log %+v", c.Store, c.Listen, c.Grace, c.Log)
	}
	wantRanges := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("192.168.1.7/32")}
	if !slices.Equal(c.AllowedRanges, wantRanges) {
		t.Errorf("AllowedRanges = %v; want %v", c.AllowedRanges, wantRanges)
	}
	var groups []string
	for _, g := range c.Feeds {
		groups = append(groups, g.Name)
	}
	if !slices.Equal(groups, []string{"world", "europe", "local"}) {
		t.Errorf("feed groups = %q; want world, europe, local in the file's order", groups)
	}
	if g, _ := c.group("local"); len(g.URLs) != 1 || g.URLs[0] != filepath.Join("testdata", "feed.xml") {
		t.Errorf("local = %q; want the file", g.URLs)
	}
	if len(c.Briefs) != 2 {
		t.Fatalf("%d briefs; want 2", len(c.Briefs))
	}
	m, ok := brief(c, "morning")
	if !ok {
		t.Fatal(`Brief("morning") not found`)
	}
	wantURLs := []string{"https://example.com/world.rss", "https://example.com/atom.xml", "https://example.com/europe.rss"}
	if got := c.FeedURLs(m); !slices.Equal(got, wantURLs) {
		t.Errorf("FeedURLs(morning) = %q; want %q", got, wantURLs)
	}
	if got := c.SlashFeedURLs(); !slices.Equal(got, []string{"https://example.com/europe.rss", "https://example.com/world.rss"}) {
		t.Errorf("SlashFeedURLs = %q", got)
	}
	if got := c.allFeedURLs(); len(got) != 4 {
		t.Errorf("allFeedURLs = %q; want 4 distinct feeds", got)
	}
	if m.Location.String() != "America/New_York" || m.Stories != 3 || m.FirstRun != FirstRunAll {
		t.Errorf("morning: zone %s, %d stories, first run %s", m.Location, m.Stories, m.FirstRun)
	}
	if want := (Digest{Words: 80, Bullets: 6, MaxBulletWords: 15, Order: "source"}); m.Digest != want {
		t.Errorf("morning digest = %+v; want %+v", m.Digest, want)
	}
	// 06:30 New York time on a weekday, whatever the machine's zone.
	from := time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC) // a Friday
	next := m.Cron.Next(from)
	if want := time.Date(2026, 3, 9, 6, 30, 0, 0, m.Location); !next.Equal(want) {
		t.Errorf("morning next after %v = %v; want %v", from, next, want)
	}
	var names []string
	for _, d := range m.To {
		names = append(names, d.Name())
	}
	if want := []string{"slack:#news", "discord:123456789012345678", "discord-webhook:discord.com/…", "stdout"}; !slices.Equal(names, want) {
		t.Errorf("morning to = %q; want %q", names, want)
	}
	if m.To[0].Label != "news" || m.To[0].Token != "xoxb-1" || m.To[1].Token != "ops-token" || m.To[2].Target != e["DISCORD_WEBHOOK_URL"] {
		t.Errorf("morning destinations = %#v", m.To)
	}
	if m.To[0].Raw != "slack:#news" || m.To[2].Raw != "discord-webhook:${DISCORD_WEBHOOK_URL}" {
		t.Errorf("Raw = %q, %q; want the destinations as written", m.To[0].Raw, m.To[2].Raw)
	}
	ev, _ := brief(c, "evening")
	if ev.Stories != 3 || ev.Location.String() != "Asia/Tokyo" || len(ev.To) != 1 || !slices.Equal(ev.Feeds, []string{"world", "europe"}) {
		t.Errorf("evening (merged from morning) = %+v", ev)
	}
	// The posters the bot needs: one per destination, whichever briefs
	// name it.
	keys := map[string]bool{}
	for _, b := range c.Briefs {
		for _, d := range b.To {
			keys[d.Key()] = true
		}
	}
	if len(keys) != 4 {
		t.Errorf("destinations in use = %v; want 4", keys)
	}
	s := c.Slash
	if string(s.Slack.SigningSecret) != "signing" || s.Slack.SocketMode || s.Discord.PublicKey != e["DISCORD_PUBLIC_KEY"] ||
		s.Discord.ApplicationID != "123456789" || !s.Discord.Gateway || string(s.Discord.BotToken) != "discord-bot" {
		t.Errorf("Slash = %+v", s)
	}
}

// TestSecretsNeverShown loads files full of secrets, written out and from
// the environment, some of them in the wrong place, and checks that no
// problem and no printing of the Config shows one.
func TestSecretsNeverShown(t *testing.T) {
	secrets := map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1111111111-2222222222222-s3cr3tSLACKTOKEN",
		"DISCORD_BOT_TOKEN":    "MTA0NTY3ODkwMTIzNDU2Nzg5MA.GhIjKl.s3cr3tDISCORDTOKENabcdefghijklmnop",
		"SLACK_WEBHOOK_URL":    "https://hooks.slack.com/services/T0000/B0000/s3cr3tSLACKHOOK",
		"DISCORD_WEBHOOK_URL":  "https://discord.com/api/webhooks/123/s3cr3tDISCORDHOOK",
		"SLACK_SIGNING_SECRET": "s3cr3tSIGNING",
		"SLACK_APP_TOKEN":      "s3cr3tAPPTOKEN", // not xapp-: a problem that must not show it
		"DISCORD_PUBLIC_KEY":   "s3cr3tPUBLICKEY",
		"DATABASE_URL":         "postgres://digest:s3cr3tDBPASSWORD@db.example/digest",
		"BAD_HOOK":             "s3cr3tBADHOOK",
	}
	src := `
store: ${DATABASE_URL}
feeds:
  world: [https://example.com/world.rss]
destinations:
  literal: slack-webhook:https://hooks.slack.com/services/T0000/B0000/s3cr3tLITERALHOOK
  bad: slack-webhook:${BAD_HOOK}
  badtoken:
    to: slack-webhook:${SLACK_WEBHOOK_URL}
    token: ${SLACK_BOT_TOKEN}
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
    to:
      - slack:#news
      - literal
      - "slack-webhook:${SLACK_WEBHOOK_URL}"
      - "discord-webhook:${DISCORD_WEBHOOK_URL}"
      - discord-webhook:https://discord.com/api/webhooks/123/s3cr3tLITERALDISCORD
      - xoxb-1111111111-2222222222222-s3cr3tLITERALTOKEN
      - "slack-webhook:${SLACK_WEBHOOK_URL}"
  - name: evening
    feeds: [world]
    schedule: "0 19 * * *"
    to: "discord-webhook:${BAD_HOOK}"
slash:
  slack: {socket_mode: true, signing_secret: s3cr3tLITERALSIGNING}
  discord: {gateway: true}
`
	// A good file, whose Config holds every secret.
	good := `
store: ${DATABASE_URL}
feeds:
  world: [https://example.com/world.rss]
destinations:
  literal: slack-webhook:https://hooks.slack.com/services/T0000/B0000/s3cr3tLITERALHOOK
briefs:
  - name: morning
    feeds: [world]
    schedule: "0 7 * * *"
    to:
      - slack:#news
      - discord:123
      - literal
      - "slack-webhook:${SLACK_WEBHOOK_URL}"
      - "discord-webhook:${DISCORD_WEBHOOK_URL}"
slash:
  slack: {signing_secret: "${SLACK_SIGNING_SECRET}"}
`
	goodSecrets := maps.Clone(secrets)
	goodSecrets["SLACK_APP_TOKEN"] = "xapp-s3cr3t"
	goodSecrets["DISCORD_PUBLIC_KEY"] = strings.Repeat("ab", 32)
	for _, run := range []struct {
		src     string
		withEnv bool
	}{{src, true}, {src, false}, {good, true}} {
		getenv := noEnv
		switch {
		case run.withEnv && run.src == good:
			getenv = env(goodSecrets)
		case run.withEnv:
			getenv = env(secrets)
		}
		withEnv := run.withEnv
		c, problems, err := Parse("digestbot.yaml", []byte(run.src), getenv)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) == 0 {
			t.Fatal("no problems; want some")
		}
		if run.src == good && (HasErrors(problems) || len(c.Briefs) != 1 || len(c.Briefs[0].To) != 5) {
			t.Fatalf("good file: %v, %d briefs; want only warnings, and one brief with 5 destinations", problems, len(c.Briefs))
		}
		var out strings.Builder
		for _, p := range problems {
			fmt.Fprintln(&out, p)
		}
		fmt.Fprintf(&out, "%v\n%+v\n%#v\n", c, c, c)
		for _, b := range c.Briefs {
			for _, d := range b.To {
				fmt.Fprintln(&out, d, d.Name(), d.Key())
			}
		}
		if i := strings.Index(out.String(), "s3cr3t"); i >= 0 {
			t.Errorf("with environment %v, a secret shows: …%s…\n%s", withEnv, out.String()[max(0, i-60):i+20], out.String())
		}
	}
}

func TestParseSyntaxError(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{
			// The sketch: ${…} ends a [ ] list unless quoted.
			"braces in a flow list",
			"briefs:\n  - name: morning\n    to: [slack:#news, discord-webhook:${DISCORD_WEBHOOK_URL}]\n",
			`digestbot.yaml:3: YAML syntax: did not find expected ',' or ']'; in [ ] and { }, quote values that hold ${…}, as in ["discord-webhook:${DISCORD_WEBHOOK_URL}"]`,
		},
		{"tab indentation", "feeds:\n\tworld: []\n", "digestbot.yaml:2: YAML syntax: found character that cannot start any token"},
		{"mapping in a scalar", "store: a: b\n", "digestbot.yaml:1: YAML syntax: mapping values are not allowed in this context"},
		{"mapping in a scalar, later", "log:\n  level: a: b\n", "digestbot.yaml:2: YAML syntax: mapping values are not allowed in this context"},
		{"unknown anchor", "store: *nowhere\n", "digestbot.yaml: YAML syntax: unknown anchor 'nowhere' referenced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems, err := Parse("digestbot.yaml", []byte(tt.yaml), noEnv)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse = %v, %v; want a *SyntaxError", problems, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	if _, _, err := Load(filepath.Join("testdata", "missing.yaml"), noEnv); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v; want a not-exist error", err)
	}
	if _, _, err := Load("testdata", noEnv); err == nil {
		t.Error("Load(a folder) succeeded; want an error")
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", maxFileSize)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(big, noEnv); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load(2 MiB) = %v; want too large", err)
	}
}

// largeFile is a large configuration full of problems.
func largeFile() string {
	var b strings.Builder
	b.WriteString("feeds:\n")
	for i := 0; b.Len() < maxFileSize/8; i++ {
		fmt.Fprintf(&b, "  g%d: [ftp://example.com/%d]\n", i, i)
	}
	b.WriteString("destinations:\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "  d%d: slack:#c%d\n", i, i)
	}
	b.WriteString("briefs:\n")
	for i := 0; b.Len() < maxFileSize/4; i++ {
		fmt.Fprintf(&b, "  - {name: b%d, feeds: [x%d, g%d], schedule: '0 7 * * *', to: [d%d, e%d]}\n", i%10, i, i, i, i)
	}
	return b.String()
}

// TestLargeFile checks that a large file full of problems is read to the
// end and every problem reported. How fast is measured by
// BenchmarkParseLarge, not asserted here.
func TestLargeFile(t *testing.T) {
	_, problems, err := Parse("large.yaml", []byte(largeFile()), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !HasErrors(problems) {
		t.Error("Parse of a large file full of problems found none")
	}
}

// BenchmarkParseLarge parses a quarter-megabyte configuration: nothing in
// Parse may grow with the square of the file.
func BenchmarkParseLarge(b *testing.B) {
	data := []byte(largeFile())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Parse("large.yaml", data, noEnv)
	}
}

// TestAliasBomb checks that aliases that multiply are cut off by the node
// budget, so that they cannot make Parse slow.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 {x: 1}\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "a%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i-1, i-1)
	}
	b.WriteString("slash: {<<: *a39}\n")
	_, problems, err := Parse("bomb.yaml", []byte(b.String()), noEnv)
	budget := err != nil && (strings.Contains(err.Error(), "alias") || strings.Contains(err.Error(), "too many"))
	for _, p := range problems {
		budget = budget || strings.Contains(p.Message, "too many values")
	}
	if !budget {
		t.Errorf("Parse = %v, %v; want the node budget to stop the aliases", err, problems)
	}
}

// TestFeedWindows reads feeds listed with windows of their own: a
// mapping of url:, max_age: and max_items:, the rest of the window the
// default's; a feed listed as a plain URL has the default window.
func TestFeedWindows(t *testing.T) {
	src := `
feeds:
  world:
    - https://example.com/world.rss
    - url: https://example.com/podcast.rss
      max_age: 336h
      max_items: 20
  archive:
    - {url: testdata/feed.xml, max_age: 0, max_items: 0}
    - {url: https://example.com/slow.rss, max_items: 10}
briefs:
  - name: morning
    feeds: [world, archive]
    schedule: "0 7 * * *"
`
	c, problems, err := Parse("digestbot.yaml", []byte(src), nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse: %v %v", problems, err)
	}
	tests := []struct {
		feed string
		want FeedWindow
	}{
		{"https://example.com/world.rss", DefaultFeedWindow},
		{"https://example.com/podcast.rss", FeedWindow{MaxAge: 336 * time.Hour, MaxItems: 20}},
		{"testdata/feed.xml", FeedWindow{}},
		{"https://example.com/slow.rss", FeedWindow{MaxAge: DefaultFeedWindow.MaxAge, MaxItems: 10}},
		{"https://example.com/unlisted.rss", DefaultFeedWindow},
	}
	for _, tt := range tests {
		if got := c.Window(tt.feed); got != tt.want {
			t.Errorf("Window(%s) = %+v; want %+v", tt.feed, got, tt.want)
		}
	}
	if got, want := c.FeedURLs(c.Briefs[0]), []string{"https://example.com/world.rss", "https://example.com/podcast.rss", "testdata/feed.xml", "https://example.com/slow.rss"}; !slices.Equal(got, want) {
		t.Errorf("FeedURLs = %q; want %q", got, want)
	}
	if DefaultFeedWindow != (FeedWindow{MaxAge: 48 * time.Hour, MaxItems: 100}) {
		t.Errorf("DefaultFeedWindow = %+v; want the 48 hours and 100 items docs/CONFIG.md documents", DefaultFeedWindow)
	}
}
