package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/digestbot/digestbot/cli"
)

// ferryNews is one invented event, a ferry strike, as two English and two
// French outlets report it in their feeds (whole articles, so that no
// page is fetched), plus a German feed with a story of its own. The
// English and French accounts share their names and figures.
var ferryNews = map[string][][3]string{ // feed path → items: outlet, title, text
	"/en.rss": {
		{"Kessington Echo", "Brannock ferry strike halts Kessington crossings", "Crews of the Marlowe Ferry Company walked off the job in Kessington on Thursday, halting every sailing on the Brannock crossing. The Marlowe union said 1,240 workers joined the strike after talks on pay broke down late on Wednesday. Commuters queued for buses along the coast road, and the harbour car park was closed by midday. Kessington mayor Odile Varga urged Marlowe managers to return to the table before the weekend. The company said it had offered a raise of four percent and called the strike unnecessary. Freight lorries were turned back at the Brannock terminal."},
		{"Coastline Wire", "Marlowe ferry crews strike over pay in Kessington", "The Brannock crossing stood still on Thursday as Marlowe Ferry Company crews struck in Kessington over pay. Union leader Tomas Ferrand said 1,240 crew members stopped work and would stay out until the company improved its offer of four percent. Mayor Odile Varga called for talks with Marlowe and asked the regional transport board to add extra buses. Lorry drivers waiting at the Brannock terminal said they had been told to use the longer road through Haddon. The company said it would publish a revised timetable if the strike lasted into next week."},
	},
	"/fr.rss": {
		{"Journal de Kessington", "Grève des ferries Marlowe à Kessington", "Les équipages de la Marlowe Ferry Company ont cessé le travail jeudi à Kessington, paralysant toutes les traversées de Brannock. Le syndicat Marlowe affirme que 1 240 salariés ont rejoint la grève après l'échec des négociations salariales mercredi soir. Les usagers ont fait la queue pour les bus sur la route côtière, et le parking du port a fermé dès midi. La maire de Kessington, Odile Varga, appelle la direction de Marlowe à reprendre les discussions avant le week-end. La compagnie dit avoir proposé une hausse de quatre pour cent et juge la grève inutile."},
		{"Le Quotidien du Littoral", "La traversée de Brannock paralysée par la grève", "La traversée de Brannock est à l'arrêt depuis jeudi à Kessington, où les équipages de la Marlowe Ferry Company sont en grève pour leurs salaires. Selon Tomas Ferrand, responsable syndical, 1 240 membres d'équipage ont cessé le travail et ne reprendront pas tant que l'offre de quatre pour cent ne sera pas améliorée. La maire Odile Varga demande des négociations avec Marlowe et réclame des bus supplémentaires à l'autorité régionale des transports. Les chauffeurs routiers bloqués au terminal de Brannock disent devoir passer par la route de Haddon, plus longue."},
	},
	"/de.rss": {
		{"Hafenbote", "Neue Schleuse in Ostermünde eröffnet", "Nach vier Jahren Bauzeit ist die neue Schleuse in Ostermünde am Freitag für den Schiffsverkehr freigegeben worden. Die Anlage ist hundertzwanzig Meter lang und soll auch größeren Frachtschiffen die Einfahrt in den Binnenhafen ermöglichen. Die Baukosten lagen mit achtzig Millionen Euro deutlich über der ursprünglichen Planung, räumte das Wasserstraßenamt ein. Bürgermeister Jens Kahler sprach von einem wichtigen Tag für die Stadt und ihre Betriebe. Die alte Schleuse aus dem Jahr 1911 bleibt als Denkmal erhalten und wird in den kommenden Monaten für Besucher geöffnet."},
	},
}

// ferrySite serves the feeds of ferryNews.
func ferrySite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, items := range ferryNews {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			var b strings.Builder
			b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>News</title>`)
			for i, it := range items {
				fmt.Fprintf(&b, `<item><title>%s</title><link>https://%s.example%s/%d</link><source url="https://x.example/">%s</source><content:encoded>&lt;p&gt;%s&lt;/p&gt;</content:encoded><pubDate>Thu, 05 Mar 2026 0%d:00:00 GMT</pubDate></item>`,
					it[1], strings.ToLower(strings.Fields(it[0])[0]), strings.TrimSuffix(path, ".rss"), i, it[0], it[2], 6+i)
			}
			b.WriteString(`</channel></rss>`)
			w.Write([]byte(b.String()))
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// jsonStory is a story of the JSON output, with the fields these tests
// read.
type jsonStory struct {
	Title    string `json:"title"`
	Language string `json:"language"`
	Bullets  []struct {
		Text string `json:"text"`
	} `json:"bullets"`
	Articles []struct {
		Outlet   string `json:"outlet"`
		Language string `json:"language"`
	} `json:"articles"`
}

// wordsOf returns the lower-cased words of s.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// inLanguage checks that a story's articles are all in its language and
// that every word of its bullets comes from its articles in that
// language: a digest told in its own language.
func inLanguage(t *testing.T, s jsonStory) {
	t.Helper()
	vocabulary := map[string]bool{}
	for path, items := range ferryNews {
		if strings.TrimSuffix(strings.TrimPrefix(path, "/"), ".rss") != s.Language {
			continue
		}
		for _, it := range items {
			for _, w := range wordsOf(it[1] + " " + it[2]) {
				vocabulary[w] = true
			}
		}
	}
	for _, a := range s.Articles {
		if a.Language != s.Language {
			t.Errorf("story %q in %q has an article of %s in %q", s.Title, s.Language, a.Outlet, a.Language)
		}
	}
	if len(s.Bullets) == 0 {
		t.Errorf("story %q in %q has no bullets", s.Title, s.Language)
	}
	for _, b := range s.Bullets {
		for _, w := range wordsOf(b.Text) {
			if !vocabulary[w] {
				t.Errorf("story in %q: bullet %q has %q, not a word of its articles in that language", s.Language, b.Text, w)
				break
			}
		}
	}
}

// TestBriefInSeveralLanguages runs a brief over English, French and German
// feeds: each story is digested in its own language, the English and
// French accounts of the one event stay apart, and --languages keeps the
// stories in the languages asked for.
func TestBriefInSeveralLanguages(t *testing.T) {
	site := ferrySite(t)
	feeds := site.URL + "/en.rss," + site.URL + "/fr.rss," + site.URL + "/de.rss"
	brief := func(args ...string) []jsonStory {
		t.Helper()
		// The items are dated 5 March 2026: read them whatever their age.
		code, out, errs := runCLI(t, "", append([]string{"brief", "--quiet", "--format", "json", "--max-age", "0", "--feeds", feeds}, args...)...)
		if code != 0 {
			t.Fatalf("brief %q: exit %d, stderr %q", args, code, errs)
		}
		var got struct {
			Stories []jsonStory `json:"stories"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("brief %q printed no JSON: %v\n%s", args, err, out)
		}
		return got.Stories
	}
	languages := func(stories []jsonStory) []string {
		var out []string
		for _, s := range stories {
			out = append(out, s.Language)
			inLanguage(t, s)
		}
		return out
	}

	if got := languages(brief()); !slices.Equal(got, []string{"en", "fr", "de"}) {
		t.Errorf("brief of three feeds: stories in %q; want en, fr, de (by outlets)", got)
	}
	if got := languages(brief("--languages", "fr")); !slices.Equal(got, []string{"fr"}) {
		t.Errorf("brief --languages fr: stories in %q; want the French story alone", got)
	}
	if got := languages(brief("--languages", "de,fr", "--stories", "1")); !slices.Equal(got, []string{"fr"}) {
		t.Errorf("brief --languages de,fr --stories 1: stories in %q; want the French story, the top one of those", got)
	}
	code, _, errs := runCLI(t, "", "brief", "--feeds", feeds, "--languages", "fr-CA")
	if code != 2 || !strings.Contains(errs, `"fr-CA" is not a language code: write fr`) {
		t.Errorf("brief --languages fr-CA: exit %d, stderr %q; want a usage error saying to write fr", code, errs)
	}
}

// TestRunOnceLanguages runs a scheduled brief that asks for French only.
func TestRunOnceLanguages(t *testing.T) {
	site := ferrySite(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "brief.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`store: %s
feeds:
  coast: # dated 5 March 2026: read whatever their age
    - {url: %[2]s/en.rss, max_age: 0}
    - {url: %[2]s/fr.rss, max_age: 0}
    - {url: %[2]s/de.rss, max_age: 0}
briefs:
  - name: matin
    feeds: [coast]
    schedule: "0 7 * * *"
    timezone: Europe/Paris
    languages: [fr]
`, filepath.Join(dir, "digestbot.db"), site.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"run", "--config", cfg, "--once"}, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	if code := cli.ExitCode(err, &errb); code != 0 {
		t.Fatalf("run --once: exit %d, stderr %s", code, errb.String())
	}
	got := out.String()
	if !strings.Contains(got, "Journal de Kessington") || strings.Contains(got, "Kessington Echo") || strings.Contains(got, "Hafenbote") {
		t.Errorf("a brief of languages [fr] printed:\n%s\nwant the French story only", got)
	}
}

// TestDigestJSONLanguage digests two French files: the JSON says the
// digest's language and each article's.
func TestDigestJSONLanguage(t *testing.T) {
	dir := t.TempDir()
	for i, it := range ferryNews["/fr.rss"] {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.txt", i)), []byte(it[1]+"\n\n"+it[2]+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCLI(t, "", "digest", "--quiet", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var d jsonStory
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if d.Language != "fr" || len(d.Articles) != 2 {
		t.Fatalf("digest in %q of %d articles; want fr, 2:\n%s", d.Language, len(d.Articles), out)
	}
	inLanguage(t, d)
}
