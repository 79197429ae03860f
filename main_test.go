package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/cli"
)

// runCLI runs the program as main would, with the given stdin, and returns
// its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	code = cli.ExitCode(err, &errb)
	return code, out.String(), errb.String()
}

func TestDigestExample(t *testing.T) {
	code, out, errs := runCLI(t, "", "digest", "examples/story")
	if code != 0 {
		t.Fatalf("digest examples/story: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "flood barrier") || !strings.Contains(out, "  • ") || !strings.Contains(out, "Sources:") {
		t.Errorf("digest examples/story printed %q; want a titled digest with bullets and sources", out)
	}
}

func TestDigestJSON(t *testing.T) {
	code, out, errs := runCLI(t, "", "digest", "--format", "json", "--bullets", "3", "examples/story")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var got struct {
		Title   string `json:"title"`
		Bullets []struct {
			Text    string   `json:"text"`
			Score   float64  `json:"score"`
			Sources []string `json:"sources"`
		} `json:"bullets"`
		Articles []struct {
			Outlet, Title, URL string
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Title == "" || len(got.Bullets) == 0 || len(got.Bullets) > 3 || len(got.Articles) != 3 {
		t.Errorf("got title %q, %d bullets, %d articles; want a title, 1–3 bullets, 3 articles", got.Title, len(got.Bullets), len(got.Articles))
	}
	for _, b := range got.Bullets {
		if len(b.Sources) == 0 {
			t.Errorf("bullet %q names no source", b.Text)
		}
	}
}

// TestDigestUnnamedFileOutlet checks that a file whose text names no
// outlet credits no bullet, in any format, and that text, Slack and
// Discord name it once, by its file name without folders.
func TestDigestUnnamedFileOutlet(t *testing.T) {
	dir := t.TempDir()
	wire := "HARWICK (Northline) — The county will close the Quarry Road bridge for three weeks in June while crews replace the worn road surface.\n\n" +
		"Drivers will be sent along Mill Lane, which adds about six minutes to the trip to the ferry landing, the roads department said.\n"
	unnamed := "The county will close the Quarry Road bridge for three weeks in June while crews replace the worn road surface.\n\n" +
		"The repairs will cost about $2.1 million, most of it paid from a state maintenance grant awarded last autumn.\n"
	for name, text := range map[string]string{"wire.txt": wire, "0042_c0ffee.txt": unnamed} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	digest := func(format string) string {
		t.Helper()
		code, out, errs := runCLI(t, "", "digest", "--quiet", "--format", format, dir)
		if code != 0 {
			t.Fatalf("digest --format %s: exit %d, stderr %q", format, code, errs)
		}
		return out
	}
	for _, format := range []string{"text", "slack", "discord"} {
		out := digest(format)
		if n := strings.Count(out, "0042"); n != 1 || !strings.Contains(strings.ReplaceAll(out, `\\_`, "_"), "0042_c0ffee.txt") {
			t.Errorf("%s digest names the file %d times; want once, as 0042_c0ffee.txt:\n%s", format, n, out)
		}
		if !strings.Contains(out, "Northline") {
			t.Errorf("%s digest does not credit Northline:\n%s", format, out)
		}
	}
	bullets, _, _ := strings.Cut(digest("markdown"), "\nSources:")
	if strings.Contains(bullets, "0042") {
		t.Errorf("markdown bullets credit the file:\n%s", bullets)
	}
	var got struct {
		Bullets []struct {
			Sources []string `json:"sources"`
		} `json:"bullets"`
	}
	if err := json.Unmarshal([]byte(digest("json")), &got); err != nil {
		t.Fatal(err)
	}
	for i, b := range got.Bullets {
		for _, s := range b.Sources {
			if s != "Northline" {
				t.Errorf("json bullet %d credits %q; want only Northline", i, s)
			}
		}
	}
}

func TestDigestStdinAndFlagsAfterPaths(t *testing.T) {
	story, err := os.ReadFile("examples/story/northline-wire.txt")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, string(story), "digest", "-", "--format", "markdown", "--order", "source")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.HasPrefix(out, "## ") || !strings.Contains(out, "\n- ") {
		t.Errorf("markdown digest of stdin = %q; want a heading and a list", out)
	}
}

// TestBadInput checks that each kind of bad input is named on its own line,
// that the good inputs are still digested, and that the exit code says
// something failed.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.txt", nil)
	binary := write("image.bin", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	headlines := write("headlines.txt", []byte("Top Stories\nWeather\nSports\n"))
	missing := filepath.Join(dir, "missing.txt")

	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   []string
		digested bool
	}{
		{"missing file", []string{"digest", missing, "examples/story"}, 1,
			[]string{"digestbot: read " + missing + ": no such file or directory"}, true},
		{"empty and binary", []string{"digest", empty, binary, "examples/story"}, 1,
			[]string{"read " + empty + ": empty file", "read " + binary + ": binary file"}, true},
		{"no sentences", []string{"digest", headlines, "examples/story"}, 1,
			[]string{"read " + headlines + ": "}, true},
		{"nothing usable", []string{"digest", empty, missing}, 1,
			[]string{"empty file", "no such file or directory", "digestbot: no usable input"}, false},
		{"no path", []string{"digest"}, 2, []string{"no INPUT given"}, false},
		{"bad format", []string{"digest", "--format", "pdf", "examples/story"}, 2, []string{"pdf"}, false},
		{"bad order", []string{"digest", "--order", "random", "examples/story"}, 2, []string{"--order"}, false},
		{"every bad flag named", []string{"digest", "--words", "3", "--max-bullet-words", "2", "examples/story"}, 2,
			[]string{"digestbot digest: --words: 3 is too small", "digestbot digest: --max-bullet-words: 2 is too small"}, false},
		{"unknown flag", []string{"digest", "--colour", "examples/story"}, 2, []string{"colour"}, false},
		{"unknown command", []string{"summarise"}, 2, []string{"unknown command"}, false},
		{"no command", nil, 2, []string{"Usage"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d; want %d (stderr %q)", code, tt.code, errs)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr %q; want it to contain %q", errs, s)
				}
			}
			if got := strings.Contains(out, "  • "); got != tt.digested {
				t.Errorf("digest printed: %v; want %v (stdout %q)", got, tt.digested, out)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"digest", "--help"}, {"eval", "-h"}} {
		code, out, _ := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "Usage") {
			t.Errorf("%q: exit %d, stdout %q; want 0 and usage", args, code, out)
		}
	}
	_, out, _ := runCLI(t, "", "digest", "--help")
	for _, flag := range []string{"-format", "-bullets", "-words", "-max-bullet-words", "-order"} {
		if !strings.Contains(out, flag) {
			t.Errorf("digest --help does not document %s:\n%s", flag, out)
		}
	}
}

// TestEvalSharedStory scores the seed story through the command line.
func TestEvalSharedStory(t *testing.T) {
	dir := filepath.Join("..", "shared", "stories", "paris-summit")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", dir)
	}
	code, out, errs := runCLI(t, "", "eval", "--lead", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "paris-summit") || !strings.Contains(out, "mean") {
		t.Errorf("eval printed %q; want a row for paris-summit and a mean", out)
	}
}

// TestImportRules keeps data flowing one way: the domain package imports
// nothing of ours, summarize does no I/O and knows no adapter, the
// adapters do not know each other, and the tools and test harnesses stay
// outside the product. Every package of the module has a rule, so that a
// new one cannot slip past.
func TestImportRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("skipping: go command not on PATH")
	}
	const mod = "github.com/digestbot/digestbot/"
	// An entry ending in "/..." stands for a package and its subpackages;
	// mod alone for every package of ours.
	pipeline := []string{mod + "summarize", mod + "render", mod + "eval", mod + "bot/...", mod + "config"}
	// product are the packages of digestbot itself, for the harnesses that
	// test it from outside; notPostag all of them but the tagger.
	product := []string{mod + "news", mod + "tokenize", mod + "lang", mod + "postag", mod + "summarize", mod + "story",
		mod + "store", mod + "sources/...", mod + "bot/...", mod + "config", mod + "render", mod + "eval", mod + "rouge", mod + "progress"}
	notPostag := append(product[:3:3], product[4:]...)
	forbidden := map[string][]string{
		// main wires everything.
		".":        nil,
		"news":     {mod},
		"tokenize": {mod},
		"lang":     {mod},
		// The sparse vectors that story and summarize share know nothing
		// of either.
		"internal/sparse": {mod},
		// The tagger knows only its model.
		"postag":                     notPostag,
		"postag/internal/modelbin":   {mod},
		"postag/internal/gen":        notPostag,
		"tokenize/internal/punktgen": {mod},
		"summarize":                  {mod + "sources/...", mod + "render", mod + "eval", mod + "bot/...", mod + "config", mod + "store", mod + "story", "net/http", "os/exec", "database/sql"},
		"story":                      {mod + "summarize", mod + "sources/...", mod + "render", mod + "eval", mod + "bot/...", mod + "config", mod + "store"},
		"store":                      {mod + "summarize", mod + "story", mod + "sources/...", mod + "render", mod + "eval", mod + "bot/...", mod + "config", mod + "tokenize", mod + "lang", mod + "postag/..."},
		"sources":                    pipeline,
		"sources/internal/lazyre":    {mod},
		// The fuzz tests' check of cleaned text is given Clean, not importing it.
		"sources/internal/cleantest": {mod},
		"progress":                   pipeline,
		"render":                     {mod + "summarize", mod + "sources/...", mod + "eval", mod + "bot/...", mod + "config"},
		"eval":                       {mod + "summarize", mod + "sources/...", mod + "bot/...", mod + "config"},
		"bot":                        {mod + "summarize", mod + "sources/...", mod + "eval", mod + "config", mod + "story", mod + "store"},
		"config":                     {mod + "summarize", mod + "sources/...", mod + "eval", mod + "bot/...", mod + "render"},
		"rouge":                      {mod + "summarize", mod + "sources/...", mod + "eval"},
		// The command line's help, flags and exit codes know no stage.
		"cli": {mod + "summarize", mod + "sources/...", mod + "eval", mod + "bot/...", mod + "config", mod + "store", mod + "render", mod + "story"},
		// The chat adapters never import each other, nor the bot that
		// uses them; what they share is in bot/chat, which imports
		// nothing of ours.
		"bot/slack":         {mod + "bot/discord/...", mod + "bot", mod + "config", mod + "summarize", mod + "sources/..."},
		"bot/discord":       {mod + "bot/slack/...", mod + "bot", mod + "config", mod + "summarize", mod + "sources/..."},
		"bot/chat":          {mod},
		"bot/chat/chattest": {mod + "bot", mod + "bot/slack/...", mod + "bot/discord/...", mod + "news", mod + "summarize", mod + "sources/...", mod + "config"},
		// The packages of sources know nothing of the pipeline after them,
		// and depend on each other in one direction: fetch and clean know
		// no other, page builds on clean, feed on page (and none can import
		// sources, which imports them all).
		"sources/fetch":  append(pipeline, mod+"sources", mod+"sources/clean", mod+"sources/page", mod+"sources/feed", mod+"sources/dedupe"),
		"sources/clean":  append(pipeline, mod+"sources", mod+"sources/fetch", mod+"sources/page", mod+"sources/feed", mod+"sources/dedupe"),
		"sources/page":   append(pipeline, mod+"sources", mod+"sources/feed", mod+"sources/dedupe"),
		"sources/feed":   append(pipeline, mod+"sources", mod+"sources/dedupe"),
		"sources/dedupe": append(pipeline, mod+"sources", mod+"sources/page", mod+"sources/feed"),
		// The load generator speaks to digestbot over HTTP only.
		"cmd/loadgen": {mod},
		// The fault, replica and scale harnesses and the scripts test the
		// product from outside, or drive one stage of it: none is a
		// dependency of the product, and none reaches the daemon's
		// configuration.
		"internal/netfault":       {mod},
		"internal/golden":         {mod},
		"internal/loopback":       {mod},
		"bot/slack/slacktest":     {mod},
		"bot/discord/discordtest": {mod},
		"internal/pgtest":         {mod},
		"internal/faults":         product,
		"internal/replicas":       {mod + "summarize", mod + "sources/...", mod + "config", mod + "eval", mod + "story"},
		"internal/scale":          {mod + "bot/...", mod + "config", mod + "store", mod + "eval"},
		"scripts/benchinput":      {mod + "bot/...", mod + "config", mod + "store", mod + "eval"},
		"scripts/rougeots":        {mod + "bot/...", mod + "config", mod + "store"},
	}
	// Every package has a rule, and no product package imports a harness.
	list, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for _, p := range strings.Fields(string(list)) {
		rel := strings.TrimPrefix(p, mod)
		if p == strings.TrimSuffix(mod, "/") {
			rel = "."
		}
		if _, ok := forbidden[rel]; !ok {
			t.Errorf("package %s has no import rule: add one to TestImportRules", rel)
		}
	}
	harness := []string{mod + "internal/faults", mod + "internal/netfault", mod + "internal/pgtest", mod + "internal/replicas",
		mod + "internal/scale", mod + "internal/golden", mod + "internal/loopback", mod + "cmd/...", mod + "scripts/...",
		mod + "bot/chat/chattest", mod + "bot/slack/slacktest", mod + "bot/discord/discordtest"}
	for pkg := range forbidden {
		if !strings.HasPrefix(pkg, "internal/") && !strings.HasPrefix(pkg, "cmd/") && !strings.HasPrefix(pkg, "scripts/") && !strings.HasSuffix(pkg, "test") {
			forbidden[pkg] = append(forbidden[pkg], harness...)
		}
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", "./"+strings.TrimPrefix(pkg, ".")).Output()
		if err != nil {
			t.Fatalf("go list -deps ./%s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == mod+pkg {
				continue
			}
			for _, b := range bad {
				tree, ok := strings.CutSuffix(b, "/...")
				if dep == b || b == mod && strings.HasPrefix(dep, mod) || ok && (dep == tree || strings.HasPrefix(dep, tree+"/")) {
					t.Errorf("%s imports %s", pkg, dep)
				}
			}
		}
	}
}

// TestVersionCommand: --version and the version command print one line
// naming the program, and exit 0.
func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "digestbot ") || strings.Count(out, "\n") != 1 {
			t.Errorf("digestbot %s: exit %d, stdout %q, stderr %q; want 0 and one line starting \"digestbot \"", args[0], code, out, errs)
		}
	}
}
