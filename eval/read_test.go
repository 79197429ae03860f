package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

func TestLocate(t *testing.T) {
	arts := []news.Article{
		{URL: "/s/articles/1.txt", Text: "The council met on Monday. It approved the flood barrier, which will cost 86 million dollars, after a long debate."},
		{URL: "/s/articles/2.txt", Text: "Work starts in spring.\nThe barrier, councillors said, will cost 86 million dollars."},
	}
	for _, tc := range []struct {
		bullet  string
		sources []int
		file    string
		sent    int
		kept    string
	}{
		{"It approved the flood barrier", []int{0}, "1.txt", 1, "0-4"},
		{"It approved the flood barrier after a long debate", []int{0}, "1.txt", 1, "0-4,11-14"},
		{"Work starts in spring", []int{1}, "2.txt", 0, "0-3"},
		{"The barrier will cost 86 million dollars", []int{1}, "2.txt", 1, "0-1,4-8"},
		{"The barrier will cost 86 million dollars", nil, "2.txt", 1, "0-1,4-8"}, // the fewest runs, outside its sources
		{"The flood barrier", []int{1}, "1.txt", 1, "2-4"},                       // one run beats the sources' two
	} {
		o, ok := Locate(arts, news.Bullet{Text: tc.bullet, Sources: tc.sources})
		if !ok || o.File != tc.file || o.Sentence != tc.sent || o.Kept != tc.kept {
			t.Errorf("Locate(%q) = %s sentence %d kept %s, %v; want %s sentence %d kept %s", tc.bullet, o.File, o.Sentence, o.Kept, ok, tc.file, tc.sent, tc.kept)
		}
	}
	if o, ok := Locate(arts, news.Bullet{Text: "The barrier was rejected"}); ok {
		t.Errorf("Locate(a bullet no sentence holds) = %+v; want not found", o)
	}
}

// TestLocateLanguages finds bullets in the sentences of the article's own
// language, split as the summarizer splits them, and counts a word written
// without spaces character by character.
func TestLocateLanguages(t *testing.T) {
	for _, tc := range []struct {
		lang, text, bullet string
		sent               int
		kept               string
	}{
		{"zh", "南屿市地铁3号线于28日正式开通。线路全长三十二公里，共设二十二座车站。", "线路全长三十二公里，共设二十二座车站", 1, "0-17"},
		{"zh", "南屿市地铁3号线于28日正式开通。线路全长三十二公里，共设二十二座车站。", "南屿市地铁3号线于28日正式开通", 0, "0-15"},
		{"ur", "لائبریری پیر کو کھلی۔ اس میں بیس ہزار کتابیں ہیں۔", "اس میں بیس ہزار کتابیں ہیں", 1, "0-5"},
		{"de", "Der Bau kostete rund 48 Mio. Euro, u. a. wegen höherer Stahlpreise. Die Bahnen fahren alle zehn Minuten.", "Der Bau kostete rund 48 Mio. Euro, u. a. wegen höherer Stahlpreise", 0, "0-11"},
		{"ru", "Выручка составила 524,6 млн. рублей. Это на 33% больше, чем годом ранее.", "Это на 33% больше, чем годом ранее", 1, "0-6"},
	} {
		arts := []news.Article{{URL: "/s/articles/1.txt", Language: tc.lang, Text: tc.text}}
		o, ok := Locate(arts, news.Bullet{Text: tc.bullet, Sources: []int{0}})
		if !ok || o.File != "1.txt" || o.Sentence != tc.sent || o.Kept != tc.kept {
			t.Errorf("%s: Locate(%q) = %s sentence %d kept %s, %v; want 1.txt sentence %d kept %s", tc.lang, tc.bullet, o.File, o.Sentence, o.Kept, ok, tc.sent, tc.kept)
		}
	}
	arts := []news.Article{{URL: "/s/articles/1.txt", Language: "zh", Text: "线路全长三十二公里。"}}
	if o, ok := Locate(arts, news.Bullet{Text: "线路全长四十公里"}); ok {
		t.Errorf("Locate(a bullet no sentence holds) = %+v; want not found", o)
	}
}

func TestLabelsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.tsv")
	l := Label{Kind: "bullet", Story: "s", File: "1.txt", Sentence: 1, Hash: Hash("It approved the barrier."), Kept: "0-3", Verdict: Meaning, Note: "drops the condition"}
	h := Label{Kind: "headline", Story: "s", File: "-", Sentence: -1, Hash: Hash("Barrier approved"), Kept: "-", Verdict: Proper}
	data := "# a comment\n" + l.Line() + "\n\n" + h.Line() + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ls, err := ReadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := ls.Find(Label{Kind: "bullet", Story: "s", File: "1.txt", Hash: l.Hash, Kept: "0-3"}); !ok || got != l {
		t.Errorf("Find(bullet) = %+v, %v; want %+v", got, ok, l)
	}
	if got, ok := ls.Find(Label{Kind: "headline", Story: "s", File: "-", Hash: h.Hash, Kept: "-"}); !ok || got.Verdict != Proper {
		t.Errorf("Find(headline) = %+v, %v", got, ok)
	}
	for _, bad := range []string{
		"bullet\ts\t1.txt\t1\tabc\t0-3\tGOOD\n", // unknown verdict
		"bullet\ts\t1.txt\tone\tabc\t0-3\tOK\n", // sentence not a number
		"bullet\ts\t1.txt\t1\tabc\tOK\n",        // too few fields
		"headline\ts\t-\t-\tabc\t-\tOK\n",       // a bullet verdict on a headline
	} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadLabels(path); err == nil || !strings.Contains(err.Error(), path+":1") {
			t.Errorf("ReadLabels(%q) = %v; want an error naming %s:1", bad, err, path)
		}
	}
}
