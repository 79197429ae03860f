package clean

import (
	"testing"

	"github.com/digestbot/digestbot/sources/internal/cleantest"
)

// The seed corpus is in testdata/fuzz/FuzzClean (invented inputs: news
// text with boilerplate, mojibake and Windows-1252 bytes). Run with
//
//	go test ./sources/clean -run '^$' -fuzz FuzzClean -fuzztime 1m

func FuzzClean(f *testing.F) {
	f.Add("PARIS — Leaders met on Tuesday.\nBy Jane Doe\nAdvertisement\n• One item\n• Two items\n• Three items", "")
	f.Add("The mayor speaks in Oslo, Norway, Friday, Jan. 9, 2026. (AP Photo/Jane Doe)\nThe councilâ€™s vote was delayed.", "")
	f.Add("Title Line Here Now\nTitle Line Here Now\nA paragraph of text that is long enough to count as text.", "Title Line Here Now")
	f.Fuzz(func(t *testing.T, text, title string) {
		out := Clean(text, title)
		cleantest.Check(t, text, title, out, Clean)
	})
}
