package sources

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
)

// Invented text for the language tests, written for them.
const (
	esText = `La junta regional del agua informó el martes de que el embalse había alcanzado su nivel más bajo en doce años tras un verano seco.
Los ingenieros esperan que el puente reparado vuelva a abrirse al tráfico a finales de mes, aunque los autobuses seguirán desviados hasta entonces.`
	csText = `Vodárenská společnost v úterý oznámila, že hladina v nádrži klesla po suchém létě na nejnižší úroveň za dvanáct let.
Dobrovolníci vysadili podél řeky více než čtyři sta stromů a starostka slíbila peníze na další tisícovku v příštím roce.`
	zhText = `地区水务局周二表示，经历了一个干燥的夏天后，水库水位已降至十二年来的最低点。
志愿者在河边种下了四百多棵树，市长承诺明年再为一千棵树提供资金。`
	ruText    = `Региональная водная служба сообщила во вторник, что уровень водохранилища после сухого лета опустился до самого низкого значения за двенадцать лет.`
	urTeaser1 = `طوفان کے باعث ساحل کے قریب ہزاروں گھروں کی بجلی بند ہو گئی۔`
	urTeaser2 = `بلدیہ نے نئی سائیکل لینوں پر ووٹنگ بہار تک ملتوی کر دی۔`
	urPage    = `علاقائی آبی بورڈ نے منگل کو بتایا کہ خشک گرمیوں کے بعد ذخیرے میں پانی کی سطح بارہ سال کی کم ترین سطح پر پہنچ گئی ہے۔ رضاکاروں نے دریا کے کنارے چار سو سے زیادہ درخت لگائے اور میئر نے اگلے سال مزید ایک ہزار درختوں کے لیے فنڈ دینے کا وعدہ کیا۔`
	frText    = `Des bénévoles ont planté plus de quatre cents arbres le long de la rivière, et la maire a promis des crédits pour mille autres l'an prochain.`
	deText    = `Die Ingenieure erwarten, dass die reparierte Brücke bis Ende des Monats wieder für den Verkehr freigegeben wird; bis dahin fahren die Busse eine Umleitung.`
	// itShort is too short for the detector, which takes it for
	// Portuguese: what the page or feed declares decides.
	itShort = `Il ponte riapre.`
)

// page is an HTML page around paragraphs, with head markup.
func pageHTML(head, body string) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n" + head + "<head><title>Notizie</title></head><body><article>")
	for _, p := range strings.Split(body, "\n") {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString("</article></body></html>\n")
	return b.String()
}

// TestLoadLanguage checks that every article Load returns has its
// language, detected from its text — files, standard input, pages, plain
// text and feeds alike — with the language the page, its server or the
// feed declares as a hint that decides only a text too short to tell.
func TestLoadLanguage(t *testing.T) {
	type served struct{ body, ctype, lang string }
	data, err := os.ReadFile("testdata/web/kiosk-cp1251.html")
	if err != nil {
		t.Fatal(err)
	}
	kiosk := string(data)
	routes := map[string]served{
		"/es-page":       {pageHTML(`<html lang="en">`, esText), "text/html", ""},
		"/cs-page":       {pageHTML(`<html>`, csText), "text/html", ""},
		"/zh-page":       {pageHTML(`<html lang="en">`, zhText), "text/html; charset=utf-8", ""},
		"/it-text":       {itShort, "text/plain; charset=utf-8", "it-IT"},
		"/ur/1":          {pageHTML(`<html>`, urPage), "text/html; charset=utf-8", ""},
		"/ru.rss":        {`<?xml version="1.0"?><rss version="2.0"><channel><title>Вести</title><language>ru</language><item><title>Уровень воды упал</title><description>` + ruText + `</description></item></channel></rss>`, "application/rss+xml", ""},
		"/it.rss":        {`<?xml version="1.0"?><rss version="2.0"><channel><title>Notizie</title><language>it-it</language><item><title>Ponte</title><description>` + itShort + `</description></item></channel></rss>`, "application/rss+xml", ""},
		"/it-item.rss":   {`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Mixed</title><language>en</language><item><title>Ponte</title><dc:language>it</dc:language><description>` + itShort + `</description></item></channel></rss>`, "application/rss+xml", ""},
		"/it.atom":       {`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it"><title>Notizie</title><id>urn:x</id><updated>2026-01-02T00:00:00Z</updated><entry><title>Ponte</title><id>urn:x:1</id><updated>2026-01-02T00:00:00Z</updated><summary>` + itShort + `</summary></entry></feed>`, "application/atom+xml", ""},
		"/it.json":       {`{"version": "https://jsonfeed.org/version/1.1", "title": "Notizie", "language": "it", "items": [{"id": "1", "title": "Ponte", "content_text": "` + itShort + `"}]}`, "application/feed+json", ""},
		"/ur.rss":        {`<?xml version="1.0"?><rss version="2.0"><channel><title>Khabrein</title><language>ur</language><item><title>بجلی بند</title><link>{{base}}/ur/1</link><description>` + urTeaser1 + `</description></item><item><title>ووٹنگ ملتوی</title><link>{{base}}/ur/2</link><description>` + urTeaser2 + `</description></item></channel></rss>`, "application/rss+xml", ""},
		"/nolang.atom":   {`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Journal</title><id>urn:y</id><updated>2026-01-02T00:00:00Z</updated><entry><title>Arbres</title><id>urn:y:1</id><updated>2026-01-02T00:00:00Z</updated><content type="html">&lt;p&gt;` + frText + `&lt;/p&gt;</content></entry></feed>`, "application/atom+xml", ""},
		"/kiosk":         {kiosk, "text/html; charset=windows-1251", ""},
		"/de-page-wrong": {pageHTML(`<html lang="fr"><meta http-equiv="Content-Language" content="fr">`, deText+"\n"+deText), "text/html", "fr"},
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", rt.ctype)
		if rt.lang != "" {
			w.Header().Set("Content-Language", rt.lang)
		}
		w.Write([]byte(strings.ReplaceAll(rt.body, "{{base}}", srv.URL)))
	}))
	defer srv.Close()

	dir := t.TempDir()
	files := map[string]string{
		"fr.txt":          "Arbres au bord de la rivière\n\n" + frText + "\n",
		"it-lang.html":    pageHTML(`<html lang="it">`, itShort),
		"it-locale.html":  pageHTML(`<html><meta property="og:locale" content="it_IT">`, itShort),
		"it-content.html": pageHTML(`<html><meta http-equiv="content-language" content="it">`, itShort),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := func(name string) string { return filepath.Join(dir, name) }

	tests := []struct {
		name   string
		inputs []string
		stdin  string
		want   []string // the languages of the articles, in order
		errs   int      // failures Load reports
	}{
		{"text file", []string{file("fr.txt")}, "", []string{"fr"}, 0},
		{"standard input", []string{"-"}, deText, []string{"de"}, 0},
		{"page declared in another language", []string{srv.URL + "/es-page"}, "", []string{"es"}, 0},
		{"page and server declaring another language", []string{srv.URL + "/de-page-wrong"}, "", []string{"de"}, 0},
		{"page declaring nothing", []string{srv.URL + "/cs-page"}, "", []string{"cs"}, 0},
		{"Russian page in Windows-1251", []string{srv.URL + "/kiosk"}, "", []string{"ru"}, 0},
		{"Chinese page", []string{srv.URL + "/zh-page"}, "", []string{"zh"}, 0},
		{"short page, <html lang>", []string{file("it-lang.html")}, "", []string{"it"}, 0},
		{"short page, og:locale", []string{file("it-locale.html")}, "", []string{"it"}, 0},
		{"short page, <meta> Content-Language", []string{file("it-content.html")}, "", []string{"it"}, 0},
		{"short text, Content-Language header", []string{srv.URL + "/it-text"}, "", []string{"it"}, 0},
		{"RSS <language>", []string{srv.URL + "/ru.rss"}, "", []string{"ru"}, 0},
		{"short RSS item, <language>", []string{srv.URL + "/it.rss"}, "", []string{"it"}, 0},
		{"short RSS item, dc:language over the feed's", []string{srv.URL + "/it-item.rss"}, "", []string{"it"}, 0},
		{"short Atom entry, xml:lang", []string{srv.URL + "/it.atom"}, "", []string{"it"}, 0},
		{"short JSON Feed item, language", []string{srv.URL + "/it.json"}, "", []string{"it"}, 0},
		{"Atom declaring nothing", []string{srv.URL + "/nolang.atom"}, "", []string{"fr"}, 0},
		{"Urdu teasers: one page read, one kept", []string{srv.URL + "/ur.rss"}, "", []string{"ur", "ur"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arts, errs := Load(context.Background(), tc.inputs, LoadOptions{
				Getter: fetch.NewClient(fetch.ClientOptions{}),
				Stdin:  strings.NewReader(tc.stdin),
			})
			if len(errs) != tc.errs {
				t.Errorf("Load(%v) reported %d failures (%v); want %d", tc.inputs, len(errs), errs, tc.errs)
			}
			if got := languages(arts); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("Load(%v) gave articles in %q; want %q", tc.inputs, got, tc.want)
			}
		})
	}
}

// languages returns the articles' languages.
func languages(arts []news.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.Language
	}
	return out
}

// TestFixtureLanguages checks the languages of the page and text fixtures
// read by Parse: the outlets' English, the French of a Windows-1252 page
// and of Latin-1 text.
func TestFixtureLanguages(t *testing.T) {
	tests := []struct{ file, want string }{
		{"page/testdata/valley-times.html", "en"},
		{"page/testdata/daily-ledger.html", "en"},
		{"testdata/web/harbor-pier.html", "en"},
		{"page/testdata/outlets/wire-copy.txt", "en"},
		{"page/testdata/journal-du-val-cp1252.html", "fr"},
		{"page/testdata/latin1.txt", "fr"},
		{"testdata/web/cafe-latin1.html", "fr"},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		a, err := page.Parse(tc.file, data)
		if err != nil {
			t.Fatalf("Parse(%s): %v", tc.file, err)
		}
		if a.Language != tc.want {
			t.Errorf("Parse(%s).Language = %q; want %q", tc.file, a.Language, tc.want)
		}
	}
}
