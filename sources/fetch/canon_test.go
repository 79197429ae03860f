package fetch

import (
	"errors"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://example.com/news/story", "https://example.com/news/story"},
		{"scheme and host case", "HTTPS://News.Example.COM/News/Story", "https://news.example.com/News/Story"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"trailing slash", "https://example.com/news/story/", "https://example.com/news/story"},
		{"root keeps its slash", "https://example.com", "https://example.com/"},
		{"root slash", "https://example.com/", "https://example.com/"},
		{"dot segments and doubled slashes", "https://example.com/a/./b/../c//d", "https://example.com/a/c/d"},
		{"credentials", "https://user:pass@example.com/a", "https://example.com/a"},
		{"trailing dot in host", "https://example.com./a", "https://example.com/a"},
		{"utm parameters", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "https://example.com/a"},
		{"click identifiers", "https://example.com/a?fbclid=IwAR0&gclid=Cj0&msclkid=9", "https://example.com/a"},
		{"mailing list", "https://example.com/a?mc_cid=abc&mc_eid=def", "https://example.com/a"},
		{"outlet campaign parameters", "https://example.com/a?ocid=msn&cmpid=rss&ref=home&smid=tw-share", "https://example.com/a"},
		{"others kept and sorted", "https://example.com/a?page=2&id=7&utm_source=x&amp", "https://example.com/a?id=7&page=2"},
		{"repeated parameter keeps its order", "https://example.com/a?tag=b&tag=a", "https://example.com/a?tag=b&tag=a"},
		{"empty query", "https://example.com/a?", "https://example.com/a"},
		{"only tracking", "https://example.com/a?utm_source=x", "https://example.com/a"},
		{"www", "https://www.example.com/a", "https://example.com/a"},
		{"mobile host", "https://m.example.com/a", "https://example.com/a"},
		{"mobile. host", "https://mobile.example.co.uk/a", "https://example.co.uk/a"},
		{"amp host", "https://amp.example.com/a", "https://example.com/a"},
		{"www and mobile", "https://www.m.example.com/a", "https://example.com/a"},
		{"prefix that is the name", "https://m.com/a", "https://m.com/a"},
		{"www that is the name", "https://www.com/a", "https://www.com/a"},
		{"other subdomain kept", "https://edition.example.com/a", "https://edition.example.com/a"},
		{"amp segment", "https://example.com/amp/news/story", "https://example.com/news/story"},
		{"amp suffix", "https://example.com/news/story/amp", "https://example.com/news/story"},
		{"amp suffix with slash", "https://example.com/news/story/amp/", "https://example.com/news/story"},
		{"amp extension", "https://example.com/news/story.amp", "https://example.com/news/story"},
		{"amp html extension", "https://example.com/2025/05/12/story/index.amp.html", "https://example.com/2025/05/12/story/index.html"},
		{"amp query flag", "https://example.com/news/story?amp", "https://example.com/news/story"},
		{"amp query value", "https://example.com/news/story?amp=1", "https://example.com/news/story"},
		{"outputType=amp", "https://example.com/news/story?outputType=amp", "https://example.com/news/story"},
		{"outputType other kept", "https://example.com/news/story?outputType=print", "https://example.com/news/story?outputType=print"},
		{"word containing amp kept", "https://example.com/news/camp-fire-amplifies", "https://example.com/news/camp-fire-amplifies"},
		{"AMP cache", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story/amp", "https://example.com/news/story"},
		{"AMP cache over http", "https://example-com.cdn.ampproject.org/v/example.com/news/story?amp_js_v=0.1", "http://example.com/news/story"},
		{"Google AMP viewer", "https://www.google.com/amp/s/m.example.com/news/story.amp", "https://example.com/news/story"},
		{"escapes normalized", "https://example.com/caf%C3%A9/%7Euser", "https://example.com/caf%C3%A9/~user"},
		{"IPv6 host", "http://[::1]:8080/a/", "http://[::1]:8080/a"},
		{"spaces around", "  https://example.com/a  ", "https://example.com/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if again, err := CanonicalURL(got); err != nil || again != got {
				t.Errorf("CanonicalURL(%q) = %q, %v; want it unchanged", got, again, err)
			}
		})
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	for _, in := range []string{"", "example.com/a", "/news/story", "ftp://example.com/a", "mailto:desk@example.com",
		"https://", "http://%zz/", "javascript:alert(1)", "file:///etc/passwd"} {
		if got, err := CanonicalURL(in); !errors.Is(err, ErrNotHTTP) {
			t.Errorf("CanonicalURL(%q) = %q, %v; want ErrNotHTTP", in, got, err)
		}
	}
}

func TestCleanLink(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.example.com/news/story/?utm_source=rss#top", "https://www.example.com/news/story/"},
		{"HTTPS://M.Example.com:443/news/story/amp?id=3&fbclid=x", "https://m.example.com/news/story/amp?id=3"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"notes/story.txt", "notes/story.txt"},
	}
	for _, tt := range tests {
		if got := CleanLink(tt.in); got != tt.want {
			t.Errorf("CleanLink(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
