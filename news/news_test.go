package news

import (
	"slices"
	"testing"
)

func TestStoryOutlets(t *testing.T) {
	tests := []struct {
		name    string
		outlets []string
		want    int
	}{
		{"one outlet twice", []string{"AP", "AP"}, 1},
		{"two outlets", []string{"AP", "Reuters"}, 2},
		// Files that name no outlet are not one outlet between them.
		{"two unnamed", []string{"", ""}, 2},
		{"named and unnamed", []string{"AP", "", "AP", ""}, 3},
		{"none", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Story
			for i, o := range tt.outlets {
				s.Articles = append(s.Articles, Article{ID: string(rune('a' + i)), Outlet: o})
			}
			if got := s.Outlets(); got != tt.want {
				t.Errorf("Story%q.Outlets() = %d; want %d", tt.outlets, got, tt.want)
			}
		})
	}
}

func TestSourceFileName(t *testing.T) {
	tests := []struct{ url, want string }{
		{"../shared/stories/paris-summit/articles/001_8897f0a70533273d.txt", "001_8897f0a70533273d.txt"},
		{"story.txt", "story.txt"},
		{"stdin", "stdin"},
		{"examples/my story/reuters (2).txt", "reuters (2).txt"},
		{`C:\news\courier.html`, "courier.html"},
		{"file:///home/ana/news/courier.html", "courier.html"},
		{"/var/news/", "news"},
		{"https://www.theguardian.com/world/2024/jan/01/story", ""},
		{"http://example.com/a.txt", ""},
		{"javascript:alert(1)", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := (Source{URL: tt.url}).FileName(); got != tt.want {
			t.Errorf("Source{URL: %q}.FileName() = %q; want %q", tt.url, got, tt.want)
		}
	}
}

func TestDigestOutletsSkipsUnnamed(t *testing.T) {
	d := Digest{Articles: []Source{
		{Outlet: "AP", URL: "https://ap.example/a"},
		{URL: "articles/001_8897f0a70533273d.txt"},
		{Outlet: "Reuters", URL: "reuters.txt"},
		{Outlet: "AP", URL: "https://ap.example/b"},
	}}
	tests := []struct {
		sources []int
		want    []string
	}{
		{[]int{1}, nil},
		{[]int{0, 1}, []string{"AP"}},
		{[]int{1, 2, 3}, []string{"Reuters", "AP"}},
		{[]int{0, 3, 7, -1}, []string{"AP"}},
	}
	for _, tt := range tests {
		if got := d.Outlets(Bullet{Sources: tt.sources}); !slices.Equal(got, tt.want) {
			t.Errorf("Outlets(sources %v) = %q; want %q", tt.sources, got, tt.want)
		}
	}
}

// TestCountWordsCJK counts two Chinese or Japanese characters as one
// word, their punctuation as none, and everything else as before.
func TestCountWordsCJK(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"北京市发布新规。", 4},
		{"缆车全长一点八公里，连接江北新区和老城区", 10},
		{"苹果发布iPhone 16", 4},
		{"“公园明年开放。”", 3},
		{"a — b", 3},
		{"Ukraine’s U.S.-backed plan", 3},
	}
	for _, tt := range tests {
		if got := CountWords(tt.in); got != tt.want {
			t.Errorf("CountWords(%q) = %d; want %d", tt.in, got, tt.want)
		}
	}
}

func TestStoryLanguage(t *testing.T) {
	tests := []struct {
		langs []string
		want  string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"fr"}, "fr"},
		{[]string{"", "fr", ""}, "fr"},
		{[]string{"en", "fr", "fr"}, "fr"},
		{[]string{"en", "fr"}, "en"}, // a tie: the first, the more central
		{[]string{"fr", "en", "", "en", "fr"}, "fr"},
	}
	for _, tt := range tests {
		var s Story
		for _, l := range tt.langs {
			s.Articles = append(s.Articles, Article{Language: l})
		}
		if got := s.Language(); got != tt.want {
			t.Errorf("Story in %q: Language() = %q; want %q", tt.langs, got, tt.want)
		}
		if got := MainLanguage(s.Articles); got != tt.want {
			t.Errorf("MainLanguage(%q) = %q; want %q", tt.langs, got, tt.want)
		}
	}
}
