package tokenize

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// Lang reads text in one language: it splits sentences at that
// language's punctuation and not after its abbreviations, and stems and
// sets aside function words where a Snowball stemmer exists for it. The
// zero language ("", unknown) and "en" read English, as the package-level
// functions do.
//
// Which language gets what:
//
//   - English ("en", and unknown text): the Punkt model, Porter2 stems,
//     English stop words.
//   - French, Spanish, Russian, Swedish, Norwegian, Hungarian: the
//     sentence rules below, Snowball stems and stop words.
//   - Other languages: the sentence rules, surface forms (lower-cased
//     words), and for German, Portuguese, Czech, Italian, Dutch, Polish,
//     Ukrainian, Chinese, Japanese and Urdu a short closed list of
//     function words. Chinese and Japanese words are pairs of
//     characters (see Words).
//
// The sentence rules: a sentence ends at 。！？ (at once), at Urdu ۔
// and Arabic ؟, and at . ! ? … followed by a space and a word that can
// open a sentence — not a lower-case word, which continues the sentence
// ("524,6 млн. рублей") — unless the word before the period is an
// abbreviation of the language ("Nr.", "bzw.", "млн.", "Mme."), a single
// letter ("J.", "z. B."), a word with a period inside ("J.-C.", "т.е."),
// or, where the language writes ordinals with a period (German, Czech,
// Polish …), a number of at most three digits ("am 3. Oktober"); after
// the abbreviation of an amount or a currency in Russian or Ukrainian
// ("61 млн. руб. Основной …") a capital does open a sentence. Closing
// quotes and brackets after the mark stay with their sentence, and no
// sentence ends inside an open quotation («…», „…“, “…”, 「…」). Where a
// rule is unsure it does not split: two sentences held as one are too
// long for a bullet, while one cut in two gives a fragment.
type Lang struct {
	code     string
	english  bool
	abbrevs  map[string]bool
	ordinals bool
	units    map[string]bool
	stem     func(string, bool) string
	stop     func(string) bool
	stems    sync.Map // word → stem
	cached   atomic.Int64
}

// For returns the reading of the language with the given ISO 639-1 code
// ("fr", "zh"); "" and "en", and any code it does not know, read as
// described on Lang. The same code always gives the same *Lang.
func For(code string) *Lang {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i] // "pt-BR", "zh_Hant"
	}
	if l, ok := langs.Load(code); ok {
		return l.(*Lang)
	}
	l, _ := langs.LoadOrStore(code, newLang(code))
	return l.(*Lang)
}

var langs sync.Map // code → *Lang

func newLang(code string) *Lang {
	l := &Lang{code: code}
	switch code {
	case "", "en":
		l.english = true
		return l
	case "fr":
		l.stem, l.stop = french.Stem, french.IsStopWord
	case "es":
		l.stem, l.stop = spanish.Stem, spanish.IsStopWord
	case "ru":
		l.stem, l.stop = russian.Stem, russian.IsStopWord
	case "sv":
		l.stem, l.stop = swedish.Stem, swedish.IsStopWord
	case "no", "nb", "nn":
		l.stem, l.stop = norwegian.Stem, norwegian.IsStopWord
	case "hu":
		l.stem, l.stop = hungarian.Stem, hungarian.IsStopWord
	}
	if set := functionWords[code]; set != nil {
		if snowball := l.stop; snowball != nil {
			l.stop = func(w string) bool { return set[w] || snowball(w) }
		} else {
			l.stop = func(w string) bool { return set[w] }
		}
	}
	l.abbrevs = wordSet(commonAbbrevs)
	for w := range wordSet(abbrevs[code]) {
		l.abbrevs[w] = true
	}
	l.ordinals = ordinalLangs[code]
	l.units = wordSet(unitAbbrevs[code])
	return l
}

// Code returns the language's ISO 639-1 code as For was given it,
// lower-cased; "" for unknown.
func (l *Lang) Code() string { return l.code }

// English reports whether the language is read as English: "en", or
// unknown.
func (l *Lang) English() bool { return l.english }

// Sentences splits one block of running text into sentences, as
// Sentences does for English and by the rules on Lang for other
// languages.
func (l *Lang) Sentences(block string) []string {
	if l.english {
		return Sentences(block)
	}
	return splitRules(block, l)
}

// Stem returns the stem of a lower-cased word: its Snowball stem where
// the language has a stemmer, else the word itself.
func (l *Lang) Stem(word string) string {
	if l.english {
		return Stem(word)
	}
	if l.stem == nil || len(word) <= 2 {
		return word
	}
	if s, ok := l.stems.Load(word); ok {
		return s.(string)
	}
	s := l.stem(word, true)
	if l.cached.Load() < maxCached/4 {
		if _, loaded := l.stems.LoadOrStore(strings.Clone(word), s); !loaded {
			l.cached.Add(1)
		}
	}
	return s
}

// IsStopword reports whether the lower-cased word w is a function word
// of the language; a language without a list has none.
func (l *Lang) IsStopword(w string) bool {
	if IsCJK(firstRune(w)) {
		// A character pair: a function word when either character is one.
		for _, r := range w {
			if cjkFunction[r] {
				return true
			}
		}
		return false
	}
	if l.english {
		return IsStopword(w)
	}
	return l.stop != nil && l.stop(w)
}

// ContentStems returns the distinct stems of s's content words, sorted,
// as ContentStems does for English.
func (l *Lang) ContentStems(s string) []string {
	if l.english {
		return ContentStems(s)
	}
	var out []string
	for _, w := range Words(s) {
		if (len(w) > 1 || IsCJK(firstRune(w))) && !l.IsStopword(w) {
			out = append(out, l.Stem(w))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// unitAbbrevs are, per language, abbreviations of amounts and currencies
// that end the phrase of a number ("61 млн. руб."): a capital after one
// opens a new sentence, the period doing double duty. Only languages that
// write their nouns in lower case and rarely follow such a unit with a
// name have them ("48 Mio. Euro" is one German phrase, "5 млн. долл.
// США" one Russian phrase).
var unitAbbrevs = map[string]string{
	"ru": "руб коп млн млрд трлн тыс",
	"uk": "грн коп млн млрд трлн тис",
}

// ordinalLangs write an ordinal number with a period ("am 3. Oktober").
var ordinalLangs = map[string]bool{
	"de": true, "cs": true, "sk": true, "pl": true, "hu": true, "da": true, "no": true, "nb": true, "nn": true,
	"fi": true, "et": true, "lv": true, "lt": true, "sl": true, "hr": true, "sr": true, "bs": true, "tr": true, "is": true,
}

// commonAbbrevs end with a period in many languages.
const commonAbbrevs = "dr prof st nr etc vs ca mr mrs ms jr sr co inc ltd corp"

// abbrevs are, per language, the abbreviations after which a period does
// not end a sentence, lower-cased and without their final period. Single
// letters and words with a period inside ("z.b", "т.е") need no entry.
var abbrevs = map[string]string{
	"de": "bzw usw vgl evtl ggf inkl zzgl exkl abs art bd bspw hr hrn fr frl geb gest gem max min mind mio mrd tsd rd sog " +
		"jh jhd tel kap ing dipl chr ebd lt sek std jan feb febr mär apr jun jul aug sep sept okt nov dez " +
		"ggü insb bzgl abg gen kath ev röm str nr mdb mdl stv allg ang anh bes betr bzgl dt engl franz ital russ amerik " +
		"eigtl einschl entspr erw ff hg hrsg jr korr lfd nachf od orig pkt reg sen urspr verh verw vllt zb zt zit",
	"fr": "m mm mme mmes mlle mlles pr me mgr ste av apr env cf p pp vol art éd coll ch chap fig min max hab tél bd boul " +
		"ex sq ss ibid op cit sté cie janv févr avr juill sept oct nov déc lun mar mer jeu ven sam dim md mds mrd qqn qqch " +
		"resp dép gal gén cdt lt cne adj arr",
	"es": "sr sra srta sres sras dr dra lic ing arq prof d dña ud uds vd vds etc pág págs núm art aprox av avda cía ej fig " +
		"cap vol tel ene feb abr jun jul ago sept oct nov dic gral gob dpto depto mín máx mill mills sto sta pdte " +
		"excmo excma ilmo ilma admón atte cta dcha izq izda",
	"pt": "sr sra srs sras dr dra drs profa eng av etc pág págs p pp art núm n nº cf ex jan fev abr mai jun jul ago set " +
		"out nov dez lda ltda cia dept gov máx mín dep min pres sto sta exmo exma ilmo ilma",
	"it": "sig sigg dott ing avv arch geom on sen ecc pag art nn es cfr vol gen gg mln mld tel ca",
	"nl": "dhr mevr mw drs ir mr ing nr blz bijv bv enz ca jl jr resp evt incl excl mln mld",
	"cs": "např tzv tj atd apod resp mj aj popř cca čp sv str ul nám tř mil mld tis hod min max odd doc ing mgr mudr judr " +
		"phdr rndr bc pí sl gen plk čs tzn vč zejm př kupř nar zn obr tab roč sb",
	"sk": "napr tzv tj atď resp mil mld tis hod min max ing mgr doc ul nám čís str",
	"pl": "tys mln mld np tzw tj ok ul al pl woj pow gm dr inż mgr hab ks św godz min nr prof red tzn wg ww ds dot im",
	"ru": "г гг млн млрд трлн тыс руб коп долл т.е т.д т.п т.к т.н др пр проф акад ул пер просп д им св ст стр рис см " +
		"напр обл респ тов гр чел вв н.э кв сек ч гос зам ген г-н г-жа тт изд доц канд зав пос дер р-н ок искл мин макс",
	"uk": "р рр млн млрд тис грн коп ім вул просп пров буд проф акад др т.д т.ін т.п див напр обл ст стор чол св",
}

// functionWords are short closed lists of the commonest function words
// of languages without a Snowball stemmer here, and of the words that
// Snowball's lists lack (French "les") or that every news sentence shares
// (the reporting verbs), as for English.
var functionWords = map[string]map[string]bool{
	"fr": wordSet("les a cette cet ces selon dit déclaré indiqué précisé aussi plus"),
	"es": wordSet("según dijo afirmó aseguró explicó también"),
	"ru": wordSet("заявил заявила сообщил сообщила сказал сказала также"),
	"de": wordSet("der die das den dem des ein eine einer einem einen eines und oder aber auch als an auf aus bei bis durch für " +
		"gegen hat haben hatte hatten ist sind war waren wird werden wurde wurden sein seine seiner seinem seinen ihr ihre ihrem " +
		"ihren ihrer im in mit nach nicht noch nur ob ohne sich sie er es so um unter vom von vor wie zu zum zur über dass " +
		"da dann denn doch man mehr schon sehr sowie soll sollen kann können muss müssen will wollen dies diese dieser dieses " +
		"jetzt einen beim am laut sagte sagt wo wer was welche welcher welches"),
	"pt": wordSet("a o as os um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para com sem sob e ou " +
		"mas que se não é são foi foram ser ter tem têm tinha já mais muito como quando onde seu sua seus suas ele ela eles " +
		"elas isso isto este esta estes estas esse essa esses essas ao aos à às disse afirmou segundo também ainda entre sobre"),
	"cs": wordSet("a i o u v ve k ke s se z ze na do od po pro při za ze jako že to ten ta ty tu tom tím je jsou byl byla bylo " +
		"byli být má mají mělo měl měla bude budou by aby ale nebo než jen už ještě také který která které kterého kterou " +
		"jeho její jejich jak kde když co což podle řekl uvedl"),
	"it": wordSet("il lo la i gli le un uno una di del dello della dei degli delle a al allo alla ai agli alle da dal dalla dai in " +
		"nel nella nei con su sul sulla per tra fra e ed o ma che non è sono era stato stata ha hanno anche come più se suo sua " +
		"suoi sue questo questa quello quella ha detto"),
	"nl": wordSet("de het een en of maar in op aan van voor met door naar bij uit over om tot als dat die dit deze is zijn was " +
		"waren wordt worden werd werden heeft hebben had niet ook nog wel er zich hij zij ze het hun haar zijn"),
	"pl": wordSet("i w z na do od o po za przez dla że to jest są był była było być ma mają nie się jak jego jej ich który " +
		"która które oraz ale lub a ten ta te tego tej także już jeszcze"),
	"uk": wordSet("і й та в у на з із до від по за про для що це як не є був була було були його її їх який яка які також " +
		"але або ще вже при між"),
	"ur": wordSet("کا کی کے کو سے میں نے پر اور یا بھی ہے ہیں تھا تھی تھے ہو گا گی گے کہ جو یہ وہ اس ان ایک لیے کر کیا " +
		"کی گئی گیا رہا رہی رہے تک بعد"),
}

// cjkFunction are Chinese and Japanese characters that mostly serve
// grammar: a character pair that holds one carries little content.
var cjkFunction = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "的了是在和与及也有就不都而着或这那之其为于以等被把对将从并但还又向由让给所" +
		"の に は を た が で て と し れ さ あ る い も な か ら す こ そ ま" {
		if r != ' ' {
			m[r] = true
		}
	}
	return m
}()
