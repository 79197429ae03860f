package tokenize

import (
	"slices"
	"strings"
	"testing"
)

// TestSentencesPerLanguage splits invented sentences in each language at
// its own punctuation and not after its abbreviations.
func TestSentencesPerLanguage(t *testing.T) {
	tests := []struct {
		name, lang, block string
		want              []string
	}{
		{"Russian million with a period", "ru",
			"Выручка компании составила 524,6 млн. рублей за первый квартал. Аналитики ждали меньшего.",
			[]string{"Выручка компании составила 524,6 млн. рублей за первый квартал.", "Аналитики ждали меньшего."}},
		{"Russian thousand and year", "ru",
			"В 2023 г. завод выпустил 12 тыс. тракторов. Это рекорд.",
			[]string{"В 2023 г. завод выпустил 12 тыс. тракторов.", "Это рекорд."}},
		{"Russian roubles ending a sentence", "ru",
			"Чистая прибыль выросла до 61 млн. руб. Основной вклад внес новый терминал.",
			[]string{"Чистая прибыль выросла до 61 млн. руб.", "Основной вклад внес новый терминал."}},
		{"Russian dollars of the USA", "ru",
			"Сделка оценена в 5 млн. долл. США и закрыта в мае.",
			[]string{"Сделка оценена в 5 млн. долл. США и закрыта в мае."}},
		{"German million euros", "de",
			"Der Bau kostete rund 48 Mio. Euro und dauerte zwei Jahre.",
			[]string{"Der Bau kostete rund 48 Mio. Euro und dauerte zwei Jahre."}},
		{"Russian guillemets", "ru",
			"«Мы откроем мост летом», — сказал мэр. Работы начнутся в мае.",
			[]string{"«Мы откроем мост летом», — сказал мэр.", "Работы начнутся в мае."}},
		{"German z. B. and u. a.", "de",
			"Die Stadt baut z. B. neue Radwege. Geplant sind u. a. drei Brücken.",
			[]string{"Die Stadt baut z. B. neue Radwege.", "Geplant sind u. a. drei Brücken."}},
		{"German Nr. and bzw.", "de",
			"Die Linie Nr. 7 fährt ab Montag bzw. Dienstag wieder. Der Verkehrsverbund bestätigte das.",
			[]string{"Die Linie Nr. 7 fährt ab Montag bzw. Dienstag wieder.", "Der Verkehrsverbund bestätigte das."}},
		{"German ordinal date", "de",
			"Das Fest beginnt am 3. Oktober in der Altstadt. Der Eintritt ist frei.",
			[]string{"Das Fest beginnt am 3. Oktober in der Altstadt.", "Der Eintritt ist frei."}},
		{"German quotation marks", "de",
			"„Wir sind bereit. Es kann losgehen“, sagte die Bürgermeisterin. Die Bauarbeiten dauern zwei Jahre.",
			[]string{"„Wir sind bereit. Es kann losgehen“, sagte die Bürgermeisterin.", "Die Bauarbeiten dauern zwei Jahre."}},
		{"French M. and av. J.-C.", "fr",
			"M. Dupont a présenté une pièce datée de 50 av. J.-C. devant la presse. Le musée l'exposera en mai.",
			[]string{"M. Dupont a présenté une pièce datée de 50 av. J.-C. devant la presse.", "Le musée l'exposera en mai."}},
		{"French guillemets with no-break spaces", "fr",
			"Le maire a déclaré : « Le pont rouvrira en juin. » Les travaux ont coûté 3 millions d'euros.",
			[]string{"Le maire a déclaré : « Le pont rouvrira en juin. »", "Les travaux ont coûté 3 millions d'euros."}},
		{"Spanish inverted marks", "es",
			"¿Cuándo abrirá la estación? Nadie lo sabe todavía. ¡Qué sorpresa! El Sr. Gómez no respondió.",
			[]string{"¿Cuándo abrirá la estación?", "Nadie lo sabe todavía.", "¡Qué sorpresa!", "El Sr. Gómez no respondió."}},
		{"Chinese stops", "zh",
			"市政府周一宣布新建三座公园。工程将于明年春天开工！居民会满意吗？",
			[]string{"市政府周一宣布新建三座公园。", "工程将于明年春天开工！", "居民会满意吗？"}},
		{"Chinese quotation", "zh",
			"市长说：“公园明年开放。”工程预算为两亿元。",
			[]string{"市长说：“公园明年开放。”", "工程预算为两亿元。"}},
		{"Urdu stops", "ur",
			"شہر میں نیا پل کھول دیا گیا۔ کیا ٹریفک کم ہوگی؟ حکام پرامید ہیں۔",
			[]string{"شہر میں نیا پل کھول دیا گیا۔", "کیا ٹریفک کم ہوگی؟", "حکام پرامید ہیں۔"}},
		{"Czech abbreviations", "cs",
			"Most stál cca 40 mil. korun, tzv. nouzová oprava trvala týden. Doprava jede od 1. května.",
			[]string{"Most stál cca 40 mil. korun, tzv. nouzová oprava trvala týden.", "Doprava jede od 1. května."}},
		{"Portuguese Sra.", "pt",
			"A Sra. Almeida inaugurou a ponte ontem. O tráfego foi liberado à noite.",
			[]string{"A Sra. Almeida inaugurou a ponte ontem.", "O tráfego foi liberado à noite."}},
		{"unknown language with Chinese stops", "",
			"新桥今天通车。司机很高兴。",
			[]string{"新桥今天通车。", "司机很高兴。"}},
		{"stray quotation mark", "fr",
			"Le maire a parlé du « projet. Les travaux commencent lundi.",
			[]string{"Le maire a parlé du « projet.", "Les travaux commencent lundi."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := For(tt.lang).Sentences(tt.block)
			if !slices.Equal(got, tt.want) {
				t.Errorf("For(%q).Sentences(%q)\n got %q\nwant %q", tt.lang, tt.block, got, tt.want)
			}
		})
	}
}

// TestWordsCJK gives Chinese text as overlapping character pairs, in
// place among the words of other scripts.
func TestWordsCJK(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"北京发布", []string{"北京", "京发", "发布"}},
		{"苹果发布iPhone 16。新", []string{"苹果", "果发", "发布", "iphone", "16", "新"}},
		{"Ukraine’s U.S.-backed", []string{"ukraine", "s", "u", "s", "backed"}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestStemsPerLanguage stems with Snowball where it has the language and
// keeps the surface form elsewhere; English is Porter2 as before.
func TestStemsPerLanguage(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"en", "bridges", "bridg"},
		{"", "bridges", "bridg"},
		{"fr", "ouvriers", "ouvri"},
		{"es", "trabajadores", "trabaj"},
		{"ru", "компании", "компан"},
		{"de", "straßenbahnen", "straßenbahnen"},
		{"zh", "缆车", "缆车"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).Stem(tt.word); got != tt.want {
			t.Errorf("For(%q).Stem(%q) = %q; want %q", tt.lang, tt.word, got, tt.want)
		}
	}
	for _, tt := range []struct {
		lang, word string
		want       bool
	}{
		{"fr", "les", true}, {"fr", "pont", false}, {"de", "und", true}, {"de", "brücke", false},
		{"ru", "и", true}, {"zh", "的话", true}, {"zh", "缆车", false}, {"ur", "کے", true}, {"cs", "most", false},
	} {
		if got := For(tt.lang).IsStopword(tt.word); got != tt.want {
			t.Errorf("For(%q).IsStopword(%q) = %v; want %v", tt.lang, tt.word, got, tt.want)
		}
	}
}

// BenchmarkSentencesRules splits a German paragraph by the rules, and
// BenchmarkSentencesPunkt an English one of about the same length with
// the Punkt model, for comparison.
func BenchmarkSentencesRules(b *testing.B) {
	block := strings.Repeat("Die Linie Nr. 7 fährt ab Montag bzw. Dienstag wieder, z. B. bis zum Hafen. „Wir sind bereit“, sagte sie. ", 20)
	de := For("de")
	b.SetBytes(int64(len(block)))
	for b.Loop() {
		de.Sentences(block)
	}
}

func BenchmarkSentencesPunkt(b *testing.B) {
	block := strings.Repeat("Line No. 7 runs again from Monday or Tuesday, e.g. to the harbour. “We are ready,” she said. ", 20)
	b.SetBytes(int64(len(block)))
	for b.Loop() {
		Sentences(block)
	}
}
