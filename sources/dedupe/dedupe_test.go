package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// Invented article bodies for the deduplication tests.
const (
	wireStorm = "A slow-moving storm system is expected to drop up to four inches of rain along the coast from Wednesday night into Friday, forecasters said, raising the risk of flooding in low-lying neighborhoods and along rivers that are already running high.\n" +
		"The National Weather Office issued a flood watch for six coastal counties and warned that the heaviest rain would fall on Thursday afternoon, when high tide could keep storm drains from emptying.\n" +
		"Emergency managers in several towns opened sandbag stations on Tuesday, and at least two school districts said they would decide on Thursday morning whether to close early.\n" +
		"The storm comes after the wettest April in the region in more than 20 years, which left the ground saturated. Forecasters said winds could gust to 40 mph near the shore.\n" +
		"The system is expected to move offshore by Friday evening, with drier weather returning for the weekend."
	pierText = "The harbor pier reopened to the public on Monday after six weeks of repairs that replaced more than 2,000 rotted planks and two of the pilings that hold up its far end, the harbor authority said.\n" +
		"Harbor master Lena Okafor said the work came in under its $1.4 million budget because the crews finished the pilings before the spring storms arrived.\n" +
		"The pier had been closed since late March, when an inspection found that several beams under the bait shop had split.\n" +
		"The authority plans a second round of work in the fall to repaint the railings and add lighting along the walkway."
	marketText = "The Westbrook farmers market will move to Riverside Park this season, after the church that hosted it for 18 years sold the parking lot where the stalls stood, organizers said Saturday.\n" +
		"The market opens on May 24 and will run every Saturday from 8 a.m. to 1 p.m. through October. Market manager Joel Brandt said the park has room for 45 vendors, ten more than the old lot.\n" +
		"The city agreed to waive the park rental fee for the first season and will add portable restrooms near the pavilion."
	briefingMonday = "Council members will meet on Monday evening to discuss the harbor budget, which has grown by a fifth since last year because of repairs to the pier and the fuel dock.\n" +
		"The school board is expected to name a new principal for Westbrook High School after a search that lasted four months and drew 31 applicants from three states.\n" +
		"Forecasters expect a sunny start to the week, with highs in the upper 60s and a light breeze from the west, before clouds move in on Wednesday."
	briefingTuesday = "Ferry riders should expect delays on Tuesday morning as crews inspect the north landing, where a crack was found in one of the concrete ramps last week.\n" +
		"The library will host a free workshop on filing taxes for small businesses, led by volunteers from the chamber of commerce, in its community room at noon.\n" +
		"A youth orchestra from the valley will perform in the bandshell at Gull Point on Saturday afternoon, the first concert of the summer series."
)

func TestDedupe(t *testing.T) {
	day := time.Date(2025, 5, 12, 8, 0, 0, 0, time.UTC)
	art := func(id, title, outlet, url, text string, teaser bool, pub time.Time, feed string) news.Article {
		return news.Article{ID: id, Title: title, Outlet: outlet, URL: url, Text: text, Teaser: teaser, Published: pub, Feed: feed}
	}
	pier := "https://bayport.example/news/harbor-pier"
	tests := []struct {
		name string
		in   []news.Article
		want []int // indexes of the articles kept, in output order
	}{
		{"nothing alike", []news.Article{
			art(pier, "Harbor pier reopens", "Bayport Courier", pier, pierText, false, day, ""),
			art("m", "Farmers market moves to riverside park", "The Valley Times", "https://valley.example/market", marketText, false, day, ""),
		}, []int{0, 1}},
		{"tracking parameters and AMP variant", []news.Article{
			art("a", "Harbor pier reopens", "Bayport Courier", pier+"?utm_source=newsletter", pierText[:200], false, day, ""),
			art("b", "Harbor pier reopens after repairs", "Bayport Courier", "https://amp.bayport.example/news/harbor-pier/amp", pierText, false, day, ""),
			art("c", "Harbor pier reopens", "Bayport Courier", "https://www.bayport.example/news/harbor-pier/?fbclid=x#top", pierText[:300], false, day, ""),
		}, []int{1}},
		{"same ID from two feeds", []news.Article{
			art(pier, "Harbor pier reopens after six weeks of repairs", "Bayport Courier", "https://feeds.example/~r/pier", pierText, false, day, "https://bayport.example/top.rss"),
			art(pier, "Harbor pier reopens after six weeks", "Bayport", "https://bayport.example/news/harbor-pier?ocid=rss", pierText[:100], true, day, "https://bayport.example/local.json"),
		}, []int{0}},
		{"same GUID re-published with a new date and edited text", []news.Article{
			art("bayport-0513-bike", "Council approves bike lanes", "Bayport Courier", "https://bayport.example/top.rss", "The council voted 6-1 to add bike lanes.", true, day, "https://bayport.example/top.rss"),
			art("bayport-0513-bike", "City council approves bike lanes on Shore Road", "Bayport Courier", "https://bayport.example/top.rss", "The Bayport City Council voted 6-1 on Tuesday to add protected bike lanes along Shore Road.", true, day.Add(20*time.Hour), "https://bayport.example/top.rss"),
		}, []int{1}},
		{"same GUID in two publishers' feeds stays apart", []news.Article{
			art("12345", "Council approves bike lanes", "Bayport Courier", "https://bayport.example/top.rss", "The council voted 6-1 to add bike lanes.", true, day, "https://bayport.example/top.rss"),
			art("12345", "School board delays start-time change", "The Valley Times", "https://valley.example/feed", "The school board voted Monday.", true, day, "https://valley.example/feed"),
		}, []int{0, 1}},
		{"same outlet and title, re-dated, teaser and full", []news.Article{
			art("https://bayport.example/a/1", "City Council Approves New Bike Lanes!", "The Bayport Courier", "https://bayport.example/a/1", "The council voted 6-1 to add bike lanes.", true, day, ""),
			art("https://bayport.example/news/bike-lanes", "City council approves new bike lanes", "Bayport Courier", "https://bayport.example/news/bike-lanes", pierText, false, day.Add(24*time.Hour), ""),
		}, []int{1}},
		{"same outlet and title a month apart stays apart", []news.Article{
			art("1", "City council approves new bike lanes", "Bayport Courier", "https://bayport.example/1", "The council voted.", true, day, ""),
			art("2", "City council approves new bike lanes", "Bayport Courier", "https://bayport.example/2", "The council voted again.", true, day.Add(30*24*time.Hour), ""),
		}, []int{0, 1}},
		{"recurring title with different stories stays apart", []news.Article{
			art("https://bayport.example/briefing/0512", "Your morning briefing for Bayport", "Bayport Courier", "https://bayport.example/briefing/0512", strings.Repeat(briefingMonday+"\n", 1), false, day, ""),
			art("https://bayport.example/briefing/0513", "Your morning briefing for Bayport", "Bayport Courier", "https://bayport.example/briefing/0513", strings.Repeat(briefingTuesday+"\n", 1), false, day.Add(24*time.Hour), ""),
		}, []int{0, 1}},
		{"short titles do not identify", []news.Article{
			art("1", "Live updates", "Bayport Courier", "https://bayport.example/live/1", "The pier reopened.", true, day, ""),
			art("2", "Live updates", "Bayport Courier", "https://bayport.example/live/2", "The council voted.", true, day, ""),
		}, []int{0, 1}},
		{"same title from two outlets stays apart", []news.Article{
			art("1", "Storm system to bring heavy rain to the coast", "Bayport Courier", "https://bayport.example/storm", "Heavy rain is coming.", true, day, ""),
			art("2", "Storm system to bring heavy rain to the coast", "The Valley Times", "https://valley.example/storm", "Rain will fall.", true, day, ""),
		}, []int{0, 1}},
		{"wire copy on two sites", []news.Article{
			art("https://bayport.example/wire/storm", "Storm system to bring heavy rain to the coast", "Bayport Courier", "https://bayport.example/wire/storm", wireStorm, false, day, ""),
			art("https://valley.example/wire/storm", "Heavy rain expected along the coast", "The Valley Times", "https://valley.example/wire/storm",
				"Valley Times staff contributed.\n"+wireStorm+"\nCopyright 2025 The Continental Press.", false, day, ""),
			art("https://metro.example/storm", "Storm to soak coast", "Metro Wire", "https://metro.example/storm",
				strings.Replace(wireStorm, "four inches", "4 inches", 1), false, day, ""),
		}, []int{1}},
		{"rewritten story on the same event stays apart", []news.Article{
			art("https://bayport.example/wire/storm", "Storm system to bring heavy rain to the coast", "Bayport Courier", "https://bayport.example/wire/storm", wireStorm, false, day, ""),
			art("https://valley.example/storm-prep", "Towns hand out sandbags ahead of storm", "The Valley Times", "https://valley.example/storm-prep",
				"Westbrook and two neighboring towns handed out sandbags on Tuesday as forecasters warned that a slow storm could drop up to four inches of rain on the coast.\n"+
					"Emergency managers said residents near creeks should be ready to leave if they are told to, and two school districts said they might close early on Thursday.\n"+
					"The region had its wettest April in more than 20 years, and the saturated ground could bring down trees if winds gust to 40 mph.", false, day, ""),
		}, []int{0, 1}},
		{"teaser loses to the full text, whatever the order", []news.Article{
			art(pier, "Harbor pier reopens after six weeks of repairs", "Bayport Courier", pier, pierText+"\n"+pierText, true, day, "https://bayport.example/top.rss"),
			art(pier, "Harbor pier reopens after six weeks of repairs", "Bayport Courier", pier, pierText, false, time.Time{}, ""),
		}, []int{1}},
		{"transitive: URL, then body", []news.Article{
			art("https://bayport.example/wire/storm", "Storm", "Bayport Courier", "https://bayport.example/wire/storm?utm_source=x", "A storm is coming.", true, day, ""),
			art("https://bayport.example/wire/storm", "Storm system to bring heavy rain to the coast", "Bayport Courier", "https://bayport.example/wire/storm", wireStorm, false, day, ""),
			art("https://valley.example/wire/storm", "Storm system to bring heavy rain", "The Valley Times", "https://valley.example/wire/storm", wireStorm, false, day, ""),
		}, []int{1}},
		{"group placed at its first article", []news.Article{
			art("1", "Farmers market moves to riverside park", "The Valley Times", "https://valley.example/market?ref=feed", marketText[:120], true, day, ""),
			art("2", "Harbor pier reopens", "Bayport Courier", pier, pierText, false, day, ""),
			art("3", "Farmers market moves to riverside park", "The Valley Times", "https://valley.example/market", marketText, false, day, ""),
		}, []int{2, 1}},
		{"files compare by path", []news.Article{
			art("notes/a.txt", "", "a", "notes/a.txt", "Short note.", false, time.Time{}, ""),
			art("notes/a.txt", "", "a", "notes/a.txt", "Short note.", false, time.Time{}, ""),
			art("notes/b.txt", "", "b", "notes/b.txt", "Short note.", false, time.Time{}, ""),
		}, []int{0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := Dedupe(in)
			var want []news.Article
			for _, i := range tt.want {
				want = append(want, tt.in[i])
			}
			if len(got) != len(want) {
				t.Fatalf("Dedupe kept %q; want %q", titles(got), titles(want))
			}
			for i := range got {
				if got[i].ID != want[i].ID || got[i].Text != want[i].Text || got[i].URL != want[i].URL {
					t.Errorf("Dedupe()[%d] = %q (%s); want %q (%s)", i, got[i].Title, got[i].URL, want[i].Title, want[i].URL)
				}
			}
			if !slices.EqualFunc(in, tt.in, func(a, b news.Article) bool { return a == b }) {
				t.Error("Dedupe modified its input")
			}
		})
	}
}

func TestDedupeFillsEmptyFields(t *testing.T) {
	day := time.Date(2025, 5, 12, 8, 0, 0, 0, time.UTC)
	u := "https://bayport.example/news/harbor-pier"
	got := Dedupe([]news.Article{
		{ID: u, URL: u, Title: "Harbor pier reopens after six weeks of repairs", Outlet: "Bayport Courier", Text: "The pier reopened.", Teaser: true, Published: day, Feed: "https://bayport.example/top.rss"},
		{ID: u, URL: u + "?utm_source=x", Text: pierText},
	})
	want := news.Article{ID: u, URL: u + "?utm_source=x", Title: "Harbor pier reopens after six weeks of repairs", Outlet: "Bayport Courier",
		Text: pierText, Published: day, Feed: "https://bayport.example/top.rss"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("Dedupe = %+v; want [%+v]", got, want)
	}
}

// syntheticArticles returns n invented articles of about words words
// each, from a vocabulary of 5,000 words; every tenth is a copy of an
// earlier one on another site with a different first line.
func syntheticArticles(n, words int) []news.Article {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", i*2654435761%1000003)
	}
	arts := make([]news.Article, n)
	for i := range arts {
		if i%10 == 9 {
			src := arts[r.IntN(i)]
			arts[i] = news.Article{ID: fmt.Sprintf("https://copy%d.example/%d", i%7, i), URL: fmt.Sprintf("https://copy%d.example/%d", i%7, i),
				Title: src.Title + " (copy)", Outlet: fmt.Sprintf("Copy %d", i%7), Text: "A different first line here.\n" + src.Text}
			continue
		}
		var b strings.Builder
		for w := range words {
			if w > 0 {
				b.WriteByte(' ')
				if w%20 == 0 {
					b.WriteString(".\n")
				}
			}
			b.WriteString(vocab[r.IntN(len(vocab))])
		}
		u := fmt.Sprintf("https://site%d.example/story/%d", i%13, i)
		arts[i] = news.Article{ID: u, URL: u, Title: fmt.Sprintf("Story number %d of the day", i), Outlet: fmt.Sprintf("Site %d", i%13), Text: b.String()}
	}
	return arts
}

func TestDedupeSynthetic(t *testing.T) {
	arts := syntheticArticles(2000, 300)
	got := Dedupe(arts)
	if want := 2000 - 200; len(got) != want {
		t.Errorf("Dedupe of 2000 articles with 200 copies kept %d; want %d", len(got), want)
	}
}

func BenchmarkDedupe(b *testing.B) {
	for _, n := range []int{500, 5000} {
		arts := syntheticArticles(n, 600)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Dedupe(arts)
			}
		})
	}
}

// titles lists the titles of arts, for messages.
func titles(arts []news.Article) []string {
	var ts []string
	for _, a := range arts {
		ts = append(ts, a.Title)
	}
	return ts
}
