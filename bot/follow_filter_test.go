package bot

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// TestParseFollow checks how the text after /digest follow splits into
// the words followed and the subscription's filter, and the problems
// named.
func TestParseFollow(t *testing.T) {
	tests := []struct {
		text     string
		words    string
		filter   news.Filter
		problems string // each problem on a line of its own
	}{
		{"flood barrier", "flood barrier", news.Filter{}, ""},
		{`Paris climate summit -coal -"fossil fuel" +"green fund" outlets:2`, "paris climate summit",
			news.Filter{Include: []string{"green fund"}, Exclude: []string{"coal", "fossil fuel"}, MinOutlets: 2}, ""},
		// Curly quotes, as phones type them; the filter anywhere among the
		// words; a list with commas; outlets with a space or in capitals.
		{`-“fossil   fuel” paris +„green fund“ summit -coal, -oil OUTLETS: 3`, "paris summit",
			news.Filter{Include: []string{"green fund"}, Exclude: []string{"fossil fuel", "coal", "oil"}, MinOutlets: 3}, ""},
		{`"paris summit" talks, covid-19 e-mail`, "paris summit talks covid-19 e-mail", news.Filter{}, ""},
		{"paris outlets:1", "paris", news.Filter{MinOutlets: 1}, ""},
		{`paris -"fossil fuel`, "paris", news.Filter{}, "“-\"fossil fuel”: the quote is not closed"},
		{"paris summit - coal", "paris summit coal", news.Filter{}, "\"-\" needs a word or a phrase in quotes right after it, with no space: -coal, -\"fossil fuel\""},
		{"paris outlets:two", "paris", news.Filter{}, "“outlets:two”: not a number of outlets; outlets:2 posts only stories told by 2 outlets or more"},
		{"paris outlets:", "paris", news.Filter{}, "“outlets:”: not a number of outlets; outlets:2 posts only stories told by 2 outlets or more"},
		{"paris outlets:0", "paris", news.Filter{}, "“outlets:0”: a story is told by 1 outlet at least"},
		{"paris outlets:99999999999", "paris", news.Filter{}, "“outlets:99999999999”: at most outlets:100"},
		{"paris outlets:2 outlets:3", "paris", news.Filter{MinOutlets: 2}, "“outlets:2” and “outlets:3”: give the number of outlets once"},
		{`paris +coal -Coal +"Green Fund" +green-fund -?`, "paris",
			news.Filter{Include: []string{"coal", "Green Fund", "green-fund"}, Exclude: []string{"Coal", "?"}},
			"+\"green-fund\": given twice\n-\"?\": no letter or digit to match\n-\"Coal\": also included"},
		{"paris summit -Summit", "paris summit", news.Filter{Exclude: []string{"Summit"}},
			"-Summit: the words followed hold it, so it would leave out the stories they follow"},
		{"paris -a -b -c -d -e -f -g -h -i -j -k -l -m -n -o +p +q +r +s +t +u", "paris",
			news.Filter{Include: strings.Fields("p q r s t u"), Exclude: strings.Fields("a b c d e f g h i j k l m n o")},
			"21 words or phrases with + or -: at most 20"},
	}
	for _, tc := range tests {
		words, filter, problems := parseFollow(tc.text)
		if len(problems) > 0 && tc.problems != "" && strings.Contains(tc.problems, "given twice") {
			// Check's order: by list, then as found.
			problems = sortedCopy(problems)
			tc.problems = strings.Join(sortedCopy(strings.Split(tc.problems, "\n")), "\n")
		}
		if words != tc.words || !reflect.DeepEqual(filter, tc.filter) || strings.Join(problems, "\n") != tc.problems {
			t.Errorf("parseFollow(%q) = %q, %+v, %q;\nwant %q, %+v, %q", tc.text, words, filter, problems, tc.words, tc.filter, tc.problems)
		}
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// TestFilterSyntax checks a filter written back as it is typed, and in
// words, and that what filterSyntax writes parses back to the filter.
func TestFilterSyntax(t *testing.T) {
	tests := []struct {
		f            news.Filter
		syntax, desc string
	}{
		{news.Filter{}, "", ""},
		{news.Filter{MinOutlets: 1}, "", ""},
		{news.Filter{Include: []string{"green fund"}, Exclude: []string{"coal", "fossil fuel"}, MinOutlets: 2},
			`+"green fund" -coal -"fossil fuel" outlets:2`, "stories about “green fund”, not about “coal” or “fossil fuel”, told by at least 2 outlets"},
		{news.Filter{Exclude: []string{"a", "b", "c"}}, "-a -b -c", "stories not about “a”, “b” or “c”"},
		{news.Filter{MinOutlets: 3}, "outlets:3", "stories told by at least 3 outlets"},
	}
	for _, tc := range tests {
		if got := filterSyntax(tc.f); got != tc.syntax {
			t.Errorf("filterSyntax(%+v) = %q; want %q", tc.f, got, tc.syntax)
		}
		if got := describeFilter(tc.f); got != tc.desc {
			t.Errorf("describeFilter(%+v) = %q; want %q", tc.f, got, tc.desc)
		}
		if tc.syntax == "" {
			continue
		}
		if _, back, problems := parseFollow("paris " + tc.syntax); !reflect.DeepEqual(back, tc.f) || problems != nil {
			t.Errorf("parseFollow(filterSyntax(%+v)) = %+v, %q; want it back", tc.f, back, problems)
		}
	}
}

// TestFollowedFilter checks that a subscription's filter leaves stories
// out of what it follows, and that a story left out takes no place among
// the three a check posts.
func TestFollowedFilter(t *testing.T) {
	made := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	after := made.Add(time.Hour)
	st := func(id, title, lead string, outlets ...string) news.Story {
		s := news.Story{ID: id, Title: title}
		for _, o := range outlets {
			s.Articles = append(s.Articles, news.Article{Title: title, Text: lead + "\nMore.", Published: after, Outlet: o})
		}
		return s
	}
	stories := []news.Story{
		st("followed", "Council vote on the barrier", "A levy pays for it.", "A"),
		st("levy", "Flood barrier levy", "Councillors argue.", "A", "B"),
		st("two", "Flood barrier opens", "Crowds watch.", "A", "B"),
		st("one", "Flood barrier tested", "Engineers test it.", "C"),
		st("three", "Flood barrier praised", "Mayor speaks.", "A", "B", "C"),
		st("four", "Flood barrier closes", "For the storm.", "B", "C"),
	}
	tests := []struct {
		filter news.Filter
		want   string
	}{
		// The story followed first, then by TopicScore: here, the more
		// articles the better (4, then 1, 2, 5, then 3).
		{news.Filter{}, "[0 4 1]"},
		{news.Filter{Exclude: []string{"levy"}}, "[4 2 5]"},
		{news.Filter{MinOutlets: 2}, "[4 1 2]"},
		{news.Filter{Exclude: []string{"levy"}, MinOutlets: 3}, "[4]"},
		{news.Filter{Include: []string{"storm", "engineers"}}, "[5 3]"},
	}
	for _, tc := range tests {
		sub := news.Subscription{Words: "flood barrier", StoryID: "followed", Created: made, Filter: tc.filter}
		if got := fmt.Sprint(followed(sub, stories)); got != tc.want {
			t.Errorf("filter %+v: followed = %s; want %s", tc.filter, got, tc.want)
		}
	}
}

// TestFollowFilterAnswers checks the replies to follows with filters:
// what is followed, the list, a filter changed and removed by following
// the same words again, and the problems, with nothing followed.
func TestFollowFilterAnswers(t *testing.T) {
	ctx := context.Background()
	w := newFollowWorld(t)
	_, _, f := w.replica("one")
	now := w.clk.Now()
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier and a levy on Tuesday night.", now.Add(-2*time.Hour)))
	text := func(action, text string) FollowRequest {
		return FollowRequest{Action: action, Text: text, Platform: "slack", Team: "T1", Channel: "C1", User: "U1"}
	}
	steps := []struct {
		q    FollowRequest
		want string
	}{
		{text("follow", `flood barrier -"fossil fuel`), "Nothing was followed or changed: “-\"fossil fuel”: the quote is not closed.\nAfter the words, “+word”"},
		{text("follow", `flood barrier outlets:0 -flood`), "Nothing was followed or changed: “outlets:0”: a story is told by 1 outlet at least; -flood: the words followed hold it"},
		{text("follow", `-coal outlets:2`), "Say what to follow"},
		{text("following", ""), "This channel follows no story."},
		{text("follow", `Flood barrier -levy`), "Following “flood barrier” in this channel. No recent story matches the words and the filter yet; stories that do will be posted here as they appear (checked every 15 minutes). Only stories not about “levy” are posted."},
		{text("follow", `harwick -"fossil fuel" +"green fund" outlets:2`), "Following “harwick” in this channel. No recent story matches the words and the filter yet"},
		{text("follow", `barrier outlets:1`), "Following “barrier” in this channel: “" + barrier + "”. Its digest is posted here at the next check (every 15 minutes), then only its new facts, and later stories that match the words too."},
		{text("following", ""), "This channel follows 3 stories (at most 20):\n1. “flood barrier” -levy, since 4 May 2026\n2. “harwick” +\"green fund\" -\"fossil fuel\" outlets:2, since 4 May 2026\n3. “barrier” (“" + barrier + "”), since 4 May 2026\n"},
		{text("follow", `barrier -council`), "This channel follows “barrier” already (“" + barrier + "”); its filter is changed: only stories not about “council” are posted now."},
		{text("follow", `barrier -council`), "This channel follows “barrier” already (“" + barrier + "”), with the filter -council. “/digest following”"},
		{text("follow", `barrier`), "This channel follows “barrier” already (“" + barrier + "”); its filter is removed: every story that matches the words is posted now."},
		{text("unfollow", `Flood barrier -levy`), "Stopped following “flood barrier” in this channel."},
		{text("unfollow", `2`), "Stopped following “barrier” in this channel."},
		{text("following", ""), "This channel follows 1 story (at most 20):\n1. “harwick” +\"green fund\" -\"fossil fuel\" outlets:2, since"},
	}
	for _, s := range steps {
		got, err := f.Answer(ctx, s.q)
		if err != nil || !strings.HasPrefix(got, s.want) {
			t.Errorf("%s %q = %q, %v;\nwant it to begin %q", s.q.Action, s.q.Text, got, err, s.want)
		}
	}
}

// TestFollowFilterChecks runs follow checks over a real SQLite store: a
// subscription whose filter excludes a word in the story's lead gets
// nothing while one without a filter gets the digest, and a subscription
// with outlets:2 gets nothing while one outlet tells the story and the
// digest once a second outlet reports it. Each filtered channel would get
// the story without its filter: C1's subscription holds it, and C3's
// matches it once it gains an article after the follow.
func TestFollowFilterChecks(t *testing.T) {
	ctx := context.Background()
	w := newFollowWorld(t)
	r, b, f := w.replica("one")
	now := w.clk.Now()
	first := story(barrier, "a1", "The council approved the flood barrier and a levy to pay for it.", now.Add(-2*time.Hour))
	w.feeds.set(first)
	in := func(channel, text string) FollowRequest {
		return FollowRequest{Action: "follow", Text: text, Platform: "slack", Team: "T1", Channel: channel, User: "U1"}
	}
	// C1 follows the story, then excludes "levy" by following its words
	// again: the subscription keeps the story, with the filter. C2 follows
	// without a filter, C3 asks for two outlets.
	for _, q := range []FollowRequest{in("C1", "flood barrier"), in("C1", "flood barrier -levy"), in("C2", "flood barrier"), in("C3", "flood barrier outlets:2")} {
		if reply, err := f.Answer(ctx, q); err != nil || !strings.Contains(reply, "“flood barrier”") {
			t.Fatalf("%s %q = %q, %v", q.Channel, q.Text, reply, err)
		}
	}
	tick := now.Truncate(15 * time.Minute).Add(15 * time.Minute)
	if n := check(t, r, b, tick); n != 1 {
		t.Errorf("first check enqueued %d deliveries; want 1, for the channel without a filter", n)
	}
	if posts := w.platform.posts("slack:T1/C2"); len(posts) != 1 || posts[0].Title != barrier {
		t.Errorf("the channel without a filter got %+v; want the digest", posts)
	}
	for _, c := range []string{"slack:T1/C1", "slack:T1/C3"} {
		if posts := w.platform.posts(c); len(posts) != 0 {
			t.Errorf("%s got %+v at the first check; want nothing", c, posts)
		}
	}

	// The same outlet reports again, after the follow: a story that
	// matches the words and is new, of one outlet still.
	w.clk.mu.Lock()
	w.clk.now = w.clk.now.Add(40 * time.Minute)
	w.clk.mu.Unlock()
	again := story(barrier, "a2", "Building the barrier will cost 86 million dollars.", now.Add(30*time.Minute))
	again.Outlet = first.Outlet
	w.feeds.set(first, again)
	if n := check(t, r, b, tick.Add(30*time.Minute)); n != 1 {
		t.Errorf("the check after the same outlet again enqueued %d deliveries; want 1 (C2's update)", n)
	}
	if posts := w.platform.posts("slack:T1/C3"); len(posts) != 0 {
		t.Errorf("the outlets:2 channel got %+v for a story of one outlet; want nothing", posts)
	}

	w.feeds.set(first, again, story(barrier, "a3", "Work on the barrier starts in June next year.", now.Add(35*time.Minute)))
	if n := check(t, r, b, tick.Add(45*time.Minute)); n != 2 {
		t.Errorf("the check after a second outlet enqueued %d deliveries; want 2 (C2's update, C3's digest)", n)
	}
	posts := w.platform.posts("slack:T1/C3")
	if len(posts) != 1 || posts[0].Title != barrier || len(posts[0].Bullets) != 3 {
		t.Errorf("the outlets:2 channel got %+v once a second outlet reported the story; want its digest, of the three articles", posts)
	}
	if posts := w.platform.posts("slack:T1/C1"); len(posts) != 0 {
		t.Errorf("the channel that excludes “levy” got %+v; want nothing", posts)
	}
}
