package summarize_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/summarize"
)

// The articles below were written for these tests: each language's are
// two or three short reports of one invented event, in the register of a
// news wire, with the abbreviations, quotation marks and punctuation that
// trip an English sentence splitter.
var invented = []struct {
	lang     string
	articles []news.Article
}{
	{"zh", []news.Article{
		{Title: "青川市跨江缆车正式开通运营", Outlet: "青川日报", Text: "青川市首条跨江缆车于周六上午正式开通运营。缆车全长一点八公里，连接江北新区和老城区。\n" +
			"单程票价定为十元，市民持交通卡可享受八折优惠。工程总投资约三亿元，历时两年建成。\n" +
			"“缆车让我们过江只要六分钟。”一位市民说。市交通局表示，缆车每小时最多可运送三千名乘客。"},
		{Title: "跨江缆车开通 青川市民六分钟过江", Outlet: "江城晚报", Text: "青川市跨江缆车周六开通，成为当地第一条城市缆车线路。这条缆车线路全长一点八公里，共设三座站点。\n" +
			"开通首日，约有八千名乘客搭乘缆车往返两岸！运营方称，缆车每天早上七点至晚上十点运行。\n" +
			"专家认为，缆车将缓解跨江大桥的交通压力。缆车会不会成为新的旅游景点？"},
	}},
	{"ur", []news.Article{
		{Title: "نور آباد میں پہلی سرکاری لائبریری کا افتتاح", Outlet: "روزنامہ صدا", Text: "نور آباد میں پہلی سرکاری لائبریری کا افتتاح پیر کے روز کیا گیا۔ لائبریری میں بیس ہزار سے زائد کتابیں رکھی گئی ہیں۔\n" +
			"عمارت کی تعمیر پر تقریباً پانچ کروڑ روپے خرچ ہوئے۔ لائبریری ہفتے میں چھ دن صبح نو بجے سے شام سات بجے تک کھلی رہے گی۔\n" +
			"ضلعی انتظامیہ کے مطابق طلبہ کے لیے رکنیت مفت ہوگی۔"},
		{Title: "نور آباد کی نئی لائبریری عوام کے لیے کھل گئی", Outlet: "خبر نامہ", Text: "نور آباد کی نئی سرکاری لائبریری پیر سے عوام کے لیے کھول دی گئی ہے۔ لائبریری میں بچوں کے لیے ایک الگ حصہ اور کمپیوٹر کا کمرہ بھی موجود ہے۔\n" +
			"افتتاحی تقریب میں سینکڑوں طلبہ اور اساتذہ نے شرکت کی۔ کیا دوسرے قصبوں میں بھی ایسی لائبریریاں بنیں گی؟\n" +
			"حکام کا کہنا ہے کہ اگلے سال دو مزید لائبریریاں تعمیر کی جائیں گی۔"},
	}},
	{"fr", []news.Article{
		{Title: "Le pont de Valmont rouvre après deux ans de travaux", Outlet: "L'Écho du Val", Text: "VALMONT — Le pont suspendu de Valmont-sur-Loire a rouvert à la circulation samedi après deux ans de travaux. La restauration a coûté 4,2 millions d'euros, financés en partie par la région.\n" +
			"M. Bertrand Lefaure, maire de la commune, a coupé le ruban devant quelque 300 habitants. « Nous retrouvons enfin notre pont », a déclaré Mme Claire Aubin, présidente du comité de quartier.\n" +
			"Les ouvriers ont découvert une pièce romaine datée de 40 av. J.-C. sous une pile du pont. Les poids lourds de plus de 12 tonnes resteront interdits sur l'ouvrage ; une déviation est prévue par la route départementale."},
		{Title: "Valmont-sur-Loire : le pont suspendu de nouveau ouvert", Outlet: "Loire Matin", Text: "Le pont suspendu de Valmont-sur-Loire est de nouveau ouvert aux voitures et aux piétons depuis samedi.\n" +
			"Fermé en 2022 pour des raisons de sécurité, l'ouvrage a été entièrement repeint et ses câbles remplacés. Le chantier a mobilisé une quarantaine d'ouvriers pendant deux ans.\n" +
			"Une pièce de monnaie romaine datée de 40 av. J.-C. a été retrouvée pendant les fouilles préalables. Le maire, M. Lefaure, espère que le pont attirera de nouveau les touristes cet été."},
	}},
	{"de", []news.Article{
		{Title: "Straßenbahnlinie 7 fährt bis zum neuen Hafenviertel", Outlet: "Nordheimer Rundschau", Text: "Die Straßenbahnlinie Nr. 7 in Nordheim fährt seit Montag bis zum neuen Hafenviertel. Die Verlängerung ist 3,4 Kilometer lang und hat fünf neue Haltestellen.\n" +
			"Der Bau kostete rund 48 Mio. Euro, u. a. wegen gestiegener Stahlpreise. „Das ist ein großer Tag für den Nahverkehr“, sagte Oberbürgermeisterin Petra Lindner.\n" +
			"Die Bahnen fahren tagsüber alle zehn Minuten bzw. abends alle zwanzig Minuten. Die Stadtwerke erwarten z. B. an Werktagen rund 12.000 zusätzliche Fahrgäste."},
		{Title: "Nordheim eröffnet Verlängerung der Linie 7", Outlet: "Hafenkurier", Text: "Nordheim hat am 3. März die Verlängerung der Straßenbahnlinie 7 eröffnet. Die neue Strecke verbindet den Hauptbahnhof mit dem Hafenviertel und der Universität.\n" +
			"Für die Bauarbeiten war die Hafenstraße fast zwei Jahre lang gesperrt. Die Stadtwerke setzen auf der Linie sieben neue Niederflurwagen ein und kaufen im Herbst weitere Fahrzeuge.\n" +
			"Anwohner hatten sich über Lärm beschwert; die Stadt ließ deshalb Schallschutzwände bauen."},
	}},
	{"es", []news.Article{
		{Title: "Puerto Alcor inaugura su primera planta desaladora", Outlet: "Diario del Alcor", Text: "Puerto Alcor inauguró el martes su primera planta desaladora, que abastecerá a 60.000 vecinos. La planta producirá 25 millones de litros de agua potable al día.\n" +
			"El proyecto costó 38 millones de euros y fue financiado por el Gobierno regional. El alcalde, Sr. Tomás Ribera, dijo que la obra pone fin a los cortes de agua de cada verano.\n" +
			"¿Cuánto pagarán los vecinos por el agua? El ayuntamiento no ha fijado aún las nuevas tarifas."},
		{Title: "La desaladora de Puerto Alcor ya funciona", Outlet: "Costa Norte Hoy", Text: "La nueva planta desaladora de Puerto Alcor comenzó a funcionar esta semana tras tres años de obras. Según la empresa constructora, la instalación es la más grande de la costa norte.\n" +
			"Los ecologistas piden controlar el vertido de salmuera al mar; la empresa asegura que cumple la normativa. ¡Por fin tenemos agua todo el año!\n" +
			"La planta empleará a 45 trabajadores de la comarca."},
	}},
	{"ru", []news.Article{
		{Title: "Выручка «Северного порта» выросла на треть", Outlet: "Белозерские вести", Text: "Выручка компании «Северный порт» за 2024 г. составила 524,6 млн. рублей, сообщила пресс-служба. Это на 33% больше, чем годом ранее.\n" +
			"Рост связан с открытием нового зернового терминала в порту Белозерска. Терминал может принимать до 40 тыс. тонн зерна в месяц.\n" +
			"«Мы рассчитываем удвоить объём перевалки», — заявил генеральный директор Олег Савин."},
		{Title: "«Северный порт» отчитался о росте выручки", Outlet: "Деловой Север", Text: "Компания «Северный порт» увеличила выручку до 524,6 млн. руб. по итогам прошлого года. Чистая прибыль компании выросла до 61 млн. руб. Основной вклад в рост внесла перевалка зерна через новый терминал.\n" +
			"В 2025 г. компания планирует построить второй причал; инвестиции оценены в 1,2 млрд. руб.\n" +
			"Акции компании после публикации отчёта подорожали на 4%."},
	}},
}

// TestInventedStories digests each language's invented story: at least
// three bullets, a proper headline, the digest's language, and every
// bullet a word-for-word span of its source that begins a sentence and
// ends one or a clause (see honest).
func TestInventedStories(t *testing.T) {
	for _, tt := range invented {
		t.Run(tt.lang, func(t *testing.T) {
			arts := append([]news.Article(nil), tt.articles...)
			for i := range arts {
				arts[i].Language = tt.lang
			}
			d, err := summarize.Summarize(context.Background(), arts, summarize.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Bullets) < 3 {
				t.Errorf("%d bullets; want at least 3: %q", len(d.Bullets), bulletTexts(d))
			}
			if d.Language != tt.lang {
				t.Errorf("digest language %q; want %q", d.Language, tt.lang)
			}
			if _, ok := news.Headline(d.Title); !ok {
				t.Errorf("headline %q is not a proper headline", d.Title)
			}
			for _, b := range d.Bullets {
				if msg := honest(arts, b.Text); msg != "" {
					t.Errorf("bullet %q: %s", b.Text, msg)
				}
			}
			t.Logf("%s\n%s", d.Title, strings.Join(bulletTexts(d), "\n"))
		})
	}
}

func bulletTexts(d news.Digest) []string {
	var out []string
	for _, b := range d.Bullets {
		out = append(out, "- "+b.Text)
	}
	return out
}

// honest returns "" when text is, word for word, a span of one of the
// articles that opens a sentence and ends a sentence or a clause — a
// sentence's final stop may be dropped, not an abbreviation's period —
// and else what is wrong with it.
func honest(arts []news.Article, text string) string {
	found := false
	for _, a := range arts {
		src := strings.Join(strings.Fields(a.Text), " ")
		for from := 0; ; {
			i := strings.Index(src[from:], text)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			if opensAt(src, i) && closesAt(src, i+len(text)) {
				return ""
			}
			found = true
		}
	}
	if found {
		return "a span that does not open and close a sentence or a clause"
	}
	return "not a word-for-word span of any article"
}

// opensAt reports whether a sentence opens at src[i:]: the text's start,
// or a sentence's end before it.
func opensAt(src string, i int) bool {
	before := strings.TrimRight(src[:i], " ")
	if before == "" {
		return true
	}
	before = strings.TrimRight(before, "\"”’'»)」』")
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".!?。！？۔؟", r)
}

// closesAt reports whether a sentence or a clause ends at src[i:]: its
// final stop, closing marks and the text's end or a space follow, or a
// semicolon; a period after an abbreviation does not end one.
func closesAt(src string, i int) bool {
	rest := src[i:]
	if strings.HasPrefix(rest, ";") || strings.HasPrefix(rest, " ;") || strings.HasPrefix(rest, "；") || strings.HasPrefix(rest, "؛") {
		return true
	}
	r, n := utf8.DecodeRuneInString(rest)
	if r == '.' && abbreviated(src[:i]) {
		return false // "…составила 524,6 млн" cut at "млн."
	}
	if strings.ContainsRune("。！？", r) {
		return true // Chinese sets no space after a sentence
	}
	if strings.ContainsRune(".۔", r) {
		rest = rest[n:]
	}
	rest = strings.TrimLeft(rest, "\"”’'»)」』")
	return rest == "" || rest[0] == ' '
}

// abbreviated reports whether text ends with an abbreviation that the
// invented articles use, or a single letter.
func abbreviated(text string) bool {
	w := text[strings.LastIndexByte(text, ' ')+1:]
	if utf8.RuneCountInString(w) == 1 && unicode.IsLetter([]rune(w)[0]) {
		return true
	}
	switch strings.ToLower(w) {
	case "млн", "млрд", "тыс", "г", "руб", "nr", "bzw", "mio", "av", "j.-c", "sr", "mme":
		return true
	}
	return false
}

// TestNoCutAtAbbreviationOrCoordination digests, under caps of 10, 12
// and 20 words, invented articles built around the two cuts the issue
// saw: a Russian sentence cut at the period of "млн." ("…составила 524,6
// млн") and a German one cut inside a coordination ("…im Mac App Store
// und setzt"). No bullet may be either.
func TestNoCutAtAbbreviationOrCoordination(t *testing.T) {
	tests := []struct {
		lang string
		text string
	}{
		{"ru", "Выручка сети «Полярный хлеб» за первое полугодие составила 524,6 млн. рублей, что на четверть больше прошлогодней.\n" +
			"Компания открыла 12 новых пекарен в Архангельской области и наняла 300 сотрудников.\n" +
			"Средний чек в пекарнях сети вырос до 410 руб. за счёт новых позиций в меню. Сеть работает с 2019 г. в трёх северных регионах."},
		{"de", "Das Dresdner Start-up Lumafeld bietet seine Foto-App ab sofort im Mac App Store und setzt auf ein Abo-Modell mit zwei Stufen.\n" +
			"Die App sortiert Urlaubsbilder automatisch nach Orten und erkennt doppelte Aufnahmen.\n" +
			"Nach Angaben des Unternehmens nutzen bereits 80.000 Menschen die Version für Smartphones. Die beiden Gründer stammen aus der Lausitz."},
	}
	for _, tt := range tests {
		arts := []news.Article{{Text: tt.text, Language: tt.lang}}
		for _, limit := range []int{10, 12, 20} {
			d, err := summarize.Summarize(context.Background(), arts, summarize.Options{MaxBulletWords: limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Bullets) == 0 {
				t.Errorf("%s, cap %d: no bullet", tt.lang, limit)
			}
			for _, b := range d.Bullets {
				if n := news.CountWords(b.Text); n > limit {
					t.Errorf("%s, cap %d: bullet of %d words: %q", tt.lang, limit, n, b.Text)
				}
				if msg := honest(arts, b.Text); msg != "" {
					t.Errorf("%s, cap %d: bullet %q: %s", tt.lang, limit, b.Text, msg)
				}
				if strings.HasSuffix(b.Text, "млн") || strings.HasSuffix(b.Text, " und setzt") {
					t.Errorf("%s, cap %d: bullet %q is cut inside its sentence", tt.lang, limit, b.Text)
				}
			}
		}
	}
}
