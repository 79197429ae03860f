package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestFollow checks follow: what it loads into, and its problems.
func TestFollow(t *testing.T) {
	const feeds = `feeds:
  world: [https://world.example/rss]
  tech: [https://tech.example/rss]
slash:
  feeds: [tech]
`
	for _, tt := range []struct {
		yaml  string
		every time.Duration
		feeds string
		want  string // the problems, one a line
	}{
		{yaml: "", every: 15 * time.Minute, feeds: "[https://tech.example/rss]"},
		{yaml: "follow:\n  every: 1h\n  feeds: [world]\n", every: time.Hour, feeds: "[https://world.example/rss]"},
		{yaml: "follow:\n  every: 0\n", feeds: "[https://tech.example/rss]"},
		{yaml: "follow:\n  every: 10s\n", every: 15 * time.Minute, feeds: "[https://tech.example/rss]",
			want: `digestbot.yaml:7: follow.every: "10s" is shorter than a minute: the feeds would be fetched too often (0 turns following off)`},
		{yaml: "follow:\n  every: -1m\n", every: 15 * time.Minute, feeds: "[https://tech.example/rss]",
			want: `digestbot.yaml:7: follow.every: "-1m" is negative: 0 turns following off`},
		{yaml: "follow:\n  every: soon\n  feeds: [world, europe]\n  limit: 3\n", every: 15 * time.Minute, feeds: "[https://world.example/rss]",
			want: `digestbot.yaml:7: follow.every: "soon" is not a duration such as 15m` + "\n" +
				`digestbot.yaml:8: follow.feeds[1]: no feed group "europe" under feeds` + "\n" +
				"digestbot.yaml:9: follow.limit: unknown key; the keys here are every, feeds"},
		{yaml: "briefs:\n  - name: (follow)\n    feeds: [world]\n    schedule: \"0 7 * * *\"\n", every: 15 * time.Minute, feeds: "[https://tech.example/rss]",
			want: `digestbot.yaml:7: briefs[0].name: "(follow)" is the name of the follow checks: name the brief otherwise`},
	} {
		c, problems, err := Parse("digestbot.yaml", []byte(feeds+tt.yaml), noEnv)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range problems {
			if !strings.Contains(p.String(), "warning: no briefs") {
				got = append(got, p.String())
			}
		}
		if c.Follow.Every != tt.every || fmt.Sprint(c.FollowFeedURLs()) != tt.feeds || strings.Join(got, "\n") != tt.want {
			t.Errorf("Parse(%q): every %v, feeds %v, problems:\n%s\nwant %v, %s, problems:\n%s", tt.yaml, c.Follow.Every, c.FollowFeedURLs(), strings.Join(got, "\n"), tt.every, tt.feeds, tt.want)
		}
	}
}
