package lang

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sample is one line of testdata/invented.tsv: text written for these
// tests, never copied, in a known language.
type sample struct{ lang, kind, text string }

func invented(t testing.TB) []sample {
	t.Helper()
	f, err := os.Open("testdata/invented.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.SplitN(l, "\t", 3)
		if len(p) != 3 {
			t.Fatalf("testdata/invented.tsv: %q: want language, kind and text", l)
		}
		out = append(out, sample{p[0], p[1], p[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// wrongHint is a declared language other than lang, of the same script
// where there is one: the hardest wrong hint for the text to overrule.
var wrongHint = map[string]string{
	"en": "fr", "ru": "uk", "ur": "fa", "ar": "fa", "zh": "ja", "ja": "zh",
}

// TestDetectInvented detects the language of teasers (a headline or a
// short feed summary) and sentences in fourteen languages, without a
// declared language and against a wrong one; a headline of two or three
// words is detected with the right declared language.
func TestDetectInvented(t *testing.T) {
	samples := invented(t)
	langs := map[string]bool{}
	for _, s := range samples {
		langs[s.lang] = true
		if s.kind == "tiny" {
			if got := Detect(s.text, s.lang); got != s.lang {
				t.Errorf("Detect(%q, %q) = %q; want %q", s.text, s.lang, got, s.lang)
			}
			continue
		}
		if got := Detect(s.text, ""); got != s.lang {
			t.Errorf("Detect(%q, \"\") = %q; want %q", s.text, got, s.lang)
		}
		wrong := wrongHint[s.lang]
		if wrong == "" {
			wrong = "en"
		}
		if got := Detect(s.text, wrong); got != s.lang {
			t.Errorf("Detect(%q, %q) = %q; want %q: the text overrules what the page declares", s.text, wrong, got, s.lang)
		}
	}
	for _, l := range strings.Fields("en fr de es pt cs ru zh ur it nl pl ja ar") {
		if !langs[l] {
			t.Errorf("testdata/invented.tsv has no %s text", l)
		}
		if !Supported(l) {
			t.Errorf("Supported(%q) = false", l)
		}
	}
}

// TestDetectDeclared checks when a declared language decides: only when
// the text cannot.
func TestDetectDeclared(t *testing.T) {
	tests := []struct {
		name, text, declared, want string
	}{
		{"no text", "", "", ""},
		{"no letters, nothing declared", "2024 — 12:30 · 4/5", "", ""},
		{"no letters, declared", "2024 — 12:30 · 4/5", "fr-FR", "fr"},
		{"too short to tell, declared", "Il ponte riapre", "it-IT", "it"},
		{"too short to tell, declared as a locale", "Il ponte riapre", "it_IT", "it"},
		{"short, declared in another script", "Brücke bald offen", "ru", "de"},
		{"clear text, wrong declaration", "Der Wasserverband teilte am Dienstag mit, dass der Stausee den niedrigsten Stand seit zwölf Jahren erreicht hat.", "en-US", "de"},
		{"clear text, declaration not a language", "Le syndicat des eaux a annoncé mardi que le niveau du réservoir était le plus bas depuis douze ans.", "und", "fr"},
		{"unsure, declared a language not detected", "Il ponte riapre", "sw", "sw"},
		{"sure, declared a language not detected", "Volunteers planted more than four hundred trees along the river path.", "sw", "en"},
		{"Urdu teaser, declared Arabic", "طوفان کے باعث ساحل کے قریب ہزاروں گھروں کی بجلی بند", "ar", "ur"},
		{"Chinese, declared English", "大桥即将通车", "en", "zh"},
		{"Japanese kana, declared Chinese", "嵐で沿岸の数千世帯が停電", "zh-CN", "ja"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.text, tc.declared); got != tc.want {
				t.Errorf("Detect(%q, %q) = %q; want %q", tc.text, tc.declared, got, tc.want)
			}
		})
	}
}

// TestDetectReadsTheHead checks that only the first SampleBytes count:
// a long article costs what its opening costs.
func TestDetectReadsTheHead(t *testing.T) {
	fr := "Des bénévoles ont planté plus de quatre cents arbres le long de la rivière, et la maire a promis des crédits pour mille autres l'an prochain. "
	en := strings.Repeat("Volunteers planted more than four hundred trees along the river path. ", 50)
	if got := Detect(fr+fr+en, ""); got != "fr" {
		t.Errorf("Detect(French opening, English rest) = %q; want fr", got)
	}
	if got := head("héllo wörld", 8); got != "héllo" {
		t.Errorf("head(%q, 8) = %q; want %q", "héllo wörld", got, "héllo")
	}
	if got := head("大桥即将通车", 7); got != "大桥" {
		t.Errorf("head(%q, 7) = %q; want %q", "大桥即将通车", got, "大桥")
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"en", "en"},
		{"EN", "en"},
		{"fr-CA", "fr"},
		{"pt_BR", "pt"},
		{"zh-Hans-CN", "zh"},
		{" de-DE, en;q=0.8", "de"},
		{"deu", "de"},
		{"iw", "he"},
		{"und", ""},
		{"mul", ""},
		{"x-klingon", ""},
		{"not a language", ""},
		{"English", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestCodes(t *testing.T) {
	codes := Codes()
	if len(codes) != len(detectable) {
		t.Fatalf("Codes() has %d codes; want %d", len(codes), len(detectable))
	}
	for i, c := range codes {
		if len(c) != 2 || strings.ToLower(c) != c {
			t.Errorf("Codes()[%d] = %q; want a lower-case ISO 639-1 code", i, c)
		}
		if i > 0 && codes[i-1] >= c {
			t.Errorf("Codes() not sorted or not unique at %d: %q, %q", i, codes[i-1], c)
		}
	}
	if Supported("xx") || Supported("EN") || Supported("") {
		t.Error("Supported accepts what Detect never returns")
	}
}

// BenchmarkDetect detects the language of a headline, a sentence and an
// article's opening (SampleBytes), the models loaded.
func BenchmarkDetect(b *testing.B) {
	headline := "Council delays vote on new cycle lanes until spring"
	sentence := "Les ingénieurs pensent que le pont réparé rouvrira à la circulation d'ici la fin du mois, mais les bus resteront déviés jusque-là."
	article := strings.Repeat("Der Wasserverband teilte am Dienstag mit, dass der Stausee nach einem trockenen Sommer den niedrigsten Stand seit zwölf Jahren erreicht hat. ", 10)
	get()
	for _, bc := range []struct{ name, text string }{{"headline", headline}, {"sentence", sentence}, {"article", article}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Detect(bc.text, "")
			}
		})
	}
}

func TestParseCode(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"fr", "fr", ""},
		{" DE ", "de", ""},
		{"zh", "zh", ""},
		{"", "", "empty: write an ISO 639-1 code such as en or fr"},
		{"fr-CA", "", `"fr-CA" is not a language code: write fr`},
		{"pt_BR", "", `"pt_BR" is not a language code: write pt`},
		{"deu", "", `"deu" is not a language code: write de`},
		{"sw", "", `"sw" is not a language that digestbot detects: write one of ar, bg, `},
		{"French", "", `"French" is not a language that digestbot detects: write one of `},
	}
	for _, tc := range tests {
		got, err := ParseCode(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.HasPrefix(err.Error(), tc.err) {
			t.Errorf("ParseCode(%q) = %q, %v; want %q, an error starting %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// englishParagraphs are invented English news openings, of the length
// Detect reads.
var englishParagraphs = []string{
	"The regional water board said on Tuesday that the reservoir had reached its lowest level in twelve years after a dry summer, and it asked households to cut their use by a fifth until the autumn rains return.",
	"Volunteers planted more than four hundred trees along the river path on Saturday, and the mayor promised funding for another thousand next year from the parks budget that the council approved in March.",
	"Engineers expect the repaired bridge to reopen to traffic by the end of the month, although buses will be diverted through the old town until then, the transport department said in a statement.",
	"Crews of the Marlowe Ferry Company walked off the job in Kessington on Thursday, halting every sailing on the Brannock crossing. The union said 1,240 workers joined the strike after talks on pay broke down.",
}

// TestPlainEnglishAgrees checks the shortcut that spares the detector's
// models: it takes English openings for English, never a text in another
// language, and the detector agrees with it wherever it decides — on the
// invented text here and, when ../shared is present, on every shared
// article.
func TestPlainEnglishAgrees(t *testing.T) {
	for _, p := range englishParagraphs {
		sample := head(p, SampleBytes)
		if !plainEnglish(sample) {
			t.Errorf("plainEnglish(%q) = false; want true", sample)
		}
		if got := detect(sample, letters(sample), ""); got != "en" {
			t.Errorf("the detector takes %q for %q", sample, got)
		}
	}
	for _, s := range invented(t) {
		if s.lang != "en" && plainEnglish(s.text) {
			t.Errorf("plainEnglish(%q) = true for %s text", s.text, s.lang)
		}
	}
	// Other languages in plain ASCII letters, and English that mixes
	// them in.
	for _, s := range []string{
		"Het regionale waterschap maakte dinsdag bekend dat het stuwmeer na een droge zomer het laagste peil in twaalf jaar heeft bereikt, en de burgemeester was daar niet blij mee.",
		"Para sa mga residente ng bayan, ang tulay ay muling bubuksan sa katapusan ng buwan at ang mga bus ay dadaan sa lumang bayan hanggang noon, ayon sa kagawaran.",
		"Dewan kota menunda pemungutan suara tentang jalur sepeda baru sampai musim semi karena warga meminta waktu untuk membaca rencana yang diajukan oleh wali kota.",
	} {
		if plainEnglish(head(s, SampleBytes)) {
			t.Errorf("plainEnglish(%q) = true", s)
		}
	}

	dirs, _ := filepath.Glob("../../shared/stories/*/articles")
	if len(dirs) == 0 {
		t.Log("../shared/stories is absent: the shared articles are not checked")
		return
	}
	decided, all := 0, 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all++
			sample := head(string(data), SampleBytes)
			if !plainEnglish(sample) {
				continue
			}
			decided++
			if got := detect(sample, letters(sample), ""); got != "en" {
				t.Errorf("%s: plainly English, but the detector says %q", f, got)
			}
		}
	}
	t.Logf("plainEnglish decided %d of %d shared articles", decided, all)
}
