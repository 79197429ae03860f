package page

import (
	"strings"
	"testing"

	"github.com/digestbot/digestbot/sources/clean"
)

// TestWordsAndSentenceEnds checks the counts and sentence ends the
// cleaning rules rely on in scripts without spaces or with their own full
// stops: a Chinese or Urdu paragraph is running text, not a heading.
func TestWordsAndSentenceEnds(t *testing.T) {
	words := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"The pier reopens on Monday.", 5},
		{"  two  spaces ", 2},
		{"大桥即将通车", 3},
		{"大桥即将通车。", 3},
		{"增长GDP", 2},
		{"市议会将新自行车道的表决推迟到春天", 9},
		{"嵐で沿岸の数千世帯が停電", 6},
		{"GDP增长", 2},
		{"طوفان کے باعث ساحل", 4},
		{"Zürich à côté", 3},
	}
	for _, tc := range words {
		if got := clean.WordCount(tc.s); got != tc.want {
			t.Errorf("wordCount(%q) = %d; want %d", tc.s, got, tc.want)
		}
	}
	ends := []struct {
		s    string
		want bool
	}{
		{"The pier reopens.", true},
		{"The pier reopens", false},
		{"水库水位已降至十二年来的最低点。", true},
		{"他说：“大桥将重新通车！”", true},
		{"大桥何时通车？", true},
		{"بجلی بند ہو گئی۔", true},
		{"هل يفتح الجسر؟", true},
		{"पुल खुल गया।", true},
		{"بجلی بند", false},
	}
	for _, tc := range ends {
		if got := clean.EndsSentence(tc.s); got != tc.want {
			t.Errorf("endsSentence(%q) = %v; want %v", tc.s, got, tc.want)
		}
	}
}

// TestReadsTextWithoutSpaces checks that an article in Chinese, Japanese
// or Urdu is read as running text, not taken for headings, and that a
// page of it has prose: "no article text" was all a Chinese article gave.
func TestReadsTextWithoutSpaces(t *testing.T) {
	tests := []struct{ name, text string }{
		{"zh", "地区水务局周二表示，经历了一个干燥的夏天后，水库水位已降至十二年来的最低点。\n志愿者在河边种下了四百多棵树，市长承诺明年再为一千棵树提供资金。"},
		{"ja", "地域の水道局は火曜日、乾燥した夏の後で貯水池の水位が十二年ぶりの低さになったと発表した。\nボランティアが川沿いに四百本以上の木を植え、市長は来年さらに千本分の資金を出すと約束した。"},
		{"ur", "علاقائی آبی بورڈ نے منگل کو بتایا کہ خشک گرمیوں کے بعد ذخیرے میں پانی کی سطح بارہ سال کی کم ترین سطح پر پہنچ گئی ہے۔\nرضاکاروں نے دریا کے کنارے چار سو سے زیادہ درخت لگائے۔"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(tc.name+".txt", []byte(tc.text))
			if err != nil {
				t.Fatalf("Parse(%s.txt): %v", tc.name, err)
			}
			if a.Text != tc.text {
				t.Errorf("Parse(%s.txt).Text = %q; want all of %q", tc.name, a.Text, tc.text)
			}
			page := "<html><head><title>x</title></head><body><article><p>" + strings.ReplaceAll(tc.text, "\n", "</p><p>") + "</p></article></body></html>"
			a, err = Parse(tc.name+".html", []byte(page))
			if err != nil {
				t.Fatalf("Parse(%s.html): %v", tc.name, err)
			}
			if a.Text != tc.text {
				t.Errorf("Parse(%s.html).Text = %q; want all of %q", tc.name, a.Text, tc.text)
			}
			if !hasProse(a.Text) {
				t.Errorf("hasProse(%q) = false: a fetched page would give no article text", a.Text)
			}
		})
	}
}
