package tokenize

import (
	"slices"
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
