package sources

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestLoadPageBudget: MaxPages bounds the fetches of one Load, feeds and
// the pages of their items included; items whose page is not fetched keep
// their teasers, and the feed says so once.
func TestLoadPageBudget(t *testing.T) {
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title><link>{{BASE}}</link>`)
	routes := map[string]route{}
	for i := range 100 {
		fmt.Fprintf(&feed, "<item><title>Item %d</title><link>{{BASE}}/item/%d</link><description>The council met on Tuesday about item %d.</description><guid>i%d</guid></item>", i, i, i, i)
		routes[fmt.Sprintf("/item/%d", i)] = route{ctype: "text/html", body: []byte(fmt.Sprintf(
			"<!doctype html><html><head><title>Item %d</title></head><body><article><p>The council of Harwick approved item %d of its budget on Tuesday night after a long debate.</p><p>The vote was seven to two, the city clerk said on Wednesday.</p></article></body></html>", i, i))}
	}
	feed.WriteString("</channel></rss>")
	s := newSite(t, routes)
	s.vars = strings.NewReplacer("{{BASE}}", s.URL)
	routes["/feed.rss"] = route{ctype: "application/rss+xml", body: []byte(s.vars.Replace(feed.String()))}
	for i := range 20 {
		routes[fmt.Sprintf("/page/%d", i)] = routes[fmt.Sprintf("/item/%d", i)]
	}
	hits := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		n := 0
		for _, h := range s.hits {
			n += h
		}
		return n
	}

	t.Run("a teaser feed", func(t *testing.T) {
		start := hits()
		arts, errs := Load(context.Background(), []string{s.URL + "/feed.rss"}, LoadOptions{Getter: testClient(), MaxPages: 10})
		if n := hits() - start; n != 10 {
			t.Errorf("Load made %d requests; want 10, the budget", n)
		}
		teasers := 0
		for _, a := range arts {
			if a.Teaser {
				teasers++
			}
		}
		if len(arts) != 100 || teasers != 91 {
			t.Errorf("got %d articles, %d of them teasers; want 100, 91 teasers (9 pages fetched)", len(arts), teasers)
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrPageBudget) || !strings.Contains(errs[0].Error(), s.URL+"/feed.rss") || !strings.Contains(errs[0].Error(), "91 items") {
			t.Errorf("errors %v; want one, naming the feed and the 91 items not followed", errs)
		}
	})
	t.Run("a list of pages", func(t *testing.T) {
		var urls []string
		for i := range 20 {
			urls = append(urls, fmt.Sprintf("%s/page/%d", s.URL, i))
		}
		start := hits()
		arts, errs := Load(context.Background(), urls, LoadOptions{Getter: testClient(), MaxPages: 5})
		if n := hits() - start; n != 5 {
			t.Errorf("Load made %d requests; want 5, the budget", n)
		}
		if len(arts) != 5 || len(errs) != 15 {
			t.Fatalf("got %d articles and %d errors; want 5 and 15", len(arts), len(errs))
		}
		for _, err := range errs {
			if !errors.Is(err, ErrPageBudget) {
				t.Errorf("%v; want ErrPageBudget", err)
			}
		}
	})
	t.Run("no budget", func(t *testing.T) {
		start := hits()
		Load(context.Background(), []string{s.URL + "/feed.rss"}, LoadOptions{Getter: testClient()})
		if n := hits() - start; n != 101 {
			t.Errorf("Load without a budget made %d requests; want 101", n)
		}
	})
}
