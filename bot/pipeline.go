package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// Defaults of Pipeline.
const (
	// DefaultTimeout bounds one digest of the pipeline, fetching included.
	DefaultTimeout = 2 * time.Minute
	// DefaultMaxPages is the most pages one chat command fetches, feeds
	// and the pages of their items included.
	DefaultMaxPages = 30
)

// Scope says what one fetch may do (news.Scope): whether its inputs are
// a chat user's, and how many pages it may fetch.
type Scope = news.Scope

// Fetcher reads inputs — paths, URLs, feeds — into articles within a
// scope. It returns what it could read and one error per input that
// failed; duplicates are merged. The sources package provides it, wired
// by the command.
type Fetcher interface {
	Fetch(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error)
}

// FetchFunc is a Fetcher made of a function.
type FetchFunc func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error)

// Fetch calls f.
func (f FetchFunc) Fetch(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
	return f(ctx, inputs, scope)
}

// Grouper groups articles into stories, most covered first. Known
// stories, when given (those of a brief's previous run), keep their IDs
// as articles join and leave them.
type Grouper interface {
	Group(articles []news.Article, known []news.Story) []news.Story
}

// GroupFunc is a Grouper made of a function.
type GroupFunc func(articles []news.Article, known []news.Story) []news.Story

// Group calls f.
func (f GroupFunc) Group(articles []news.Article, known []news.Story) []news.Story {
	return f(articles, known)
}

// Summarizer digests one story. Check says why an article has no sentence
// to digest (nil when it has one): such articles are set aside before
// they are grouped, on every path — commands, chat and schedules.
type Summarizer interface {
	Check(a news.Article) error
	// Summarize digests the story's articles; its only error is ctx's.
	Summarize(ctx context.Context, s news.Story) (news.Digest, error)
}

// SummarizeFunc is a Summarizer made of a function; it takes every
// article as one to digest.
type SummarizeFunc func(ctx context.Context, s news.Story) (news.Digest, error)

// Check accepts every article.
func (f SummarizeFunc) Check(news.Article) error { return nil }

// Summarize calls f.
func (f SummarizeFunc) Summarize(ctx context.Context, s news.Story) (news.Digest, error) {
	return f(ctx, s)
}

// Pipeline runs sources → stories → digests for commands and chat through
// the Fetcher, Grouper and Summarizer the command wires in, so that bot
// knows none of those packages; the Runner runs scheduled briefs through
// the same steps (usable, digestStory). Fetcher, Grouper and Summarizer
// are required, except Grouper for DigestURLs.
type Pipeline struct {
	// Fetcher reads the given inputs within a scope.
	Fetcher Fetcher
	// Topics, when set, reads the feeds of DigestTopic instead of Fetcher:
	// the daemon's searches what its briefs stored (Runner.Recent).
	Topics Fetcher
	// Grouper groups articles into stories; Pipeline gives it no known
	// stories.
	Grouper Grouper
	// Summarizer digests one story, and says which articles it cannot.
	Summarizer Summarizer
	// Timeout bounds each DigestURLs, DigestTopic and Brief, fetching
	// included (a shorter deadline of the caller's wins); zero means
	// DefaultTimeout.
	Timeout time.Duration
	// MaxPages is the most pages one DigestURLs or DigestTopic fetches,
	// feeds and the pages of their items included; a topic query may
	// always fetch each of its feeds. Zero means DefaultMaxPages.
	MaxPages int
	// Languages, when set, are the languages (ISO 639-1) of the stories
	// that Brief and DigestTopic choose from; stories in others, or in a
	// language not known, are left out first (see KeepLanguages). Empty:
	// every story.
	Languages []string
}

// ReadInput reads one input as Read does, with no scope, and returns the
// articles with a sentence to digest and what failed (the articles left
// out aside): the shape eval's feed grouping reads a feed file in.
func (p Pipeline) ReadInput(ctx context.Context, input string) ([]news.Article, error) {
	arts, errs, _ := p.Read(ctx, []string{input}, Scope{})
	return arts, errors.Join(errs...)
}

// Read fetches inputs within scope and keeps the articles with a sentence
// to digest. errs are the inputs that failed; leftOut names each article
// read that had nothing to digest ("read URL: why").
func (p Pipeline) Read(ctx context.Context, inputs []string, scope Scope) (arts []news.Article, errs, leftOut []error) {
	arts, errs = p.Fetcher.Fetch(ctx, inputs, scope)
	arts, leftOut = usable(p.Summarizer, arts)
	return arts, errs, leftOut
}

// usable keeps the articles of arts that s can digest, in place, and names
// the others.
func usable(s Summarizer, arts []news.Article) ([]news.Article, []error) {
	var errs []error
	kept := arts[:0]
	for _, a := range arts {
		if err := s.Check(a); err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", a.URL, err))
			continue
		}
		kept = append(kept, a)
	}
	return kept, errs
}

// digestStory digests story st with s, titled with the story's headline
// when the digest has none of its own, and checks that the digest tells
// its story alone (news.CheckDigest). err is the summarizer's (ctx's);
// bad, the check's: a bug, never a digest to post, for its headline and
// bullets could tell two events.
func digestStory(ctx context.Context, s Summarizer, st news.Story) (d news.Digest, bad, err error) {
	d, err = s.Summarize(ctx, st)
	if err != nil {
		return news.Digest{}, nil, err
	}
	if d.Title == "" {
		d.Title = st.Title // the digest's own headline, when it has one, is the one checked for the story
	}
	if err := news.CheckDigest(st, d); err != nil {
		return news.Digest{}, err, nil
	}
	return d, nil, nil
}

// LeftOutError is an article that Brief read and set aside, for it had no
// sentence to digest: a warning, not a feed that failed.
type LeftOutError struct {
	// Err names the article and why.
	Err error
}

// Error says which article was left out, and why.
func (e *LeftOutError) Error() string { return e.Err.Error() + ": left out" }

// Unwrap returns why.
func (e *LeftOutError) Unwrap() error { return e.Err }

// KeepLanguages returns the stories whose language (news.Story.Language)
// is one of langs, in their order: all of them when langs is empty, and
// never a story whose language is not known otherwise. A brief filters its
// stories, not their articles, before it chooses its top stories: a story
// is told in one language, and a digest of part of it would leave out
// what its other outlets report.
func KeepLanguages(stories []news.Story, langs []string) []news.Story {
	if len(langs) == 0 {
		return stories
	}
	var out []news.Story
	for _, s := range stories {
		if l := s.Language(); l != "" && slices.Contains(langs, l) {
			out = append(out, s)
		}
	}
	return out
}

// start returns ctx bounded by the pipeline's timeout.
func (p Pipeline) start(ctx context.Context) (context.Context, context.CancelFunc) {
	t := p.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	return context.WithTimeout(ctx, t)
}

// maxPages returns the page budget of a command that reads feeds.
func (p Pipeline) maxPages(feeds int) int {
	n := p.MaxPages
	if n <= 0 {
		n = DefaultMaxPages
	}
	return max(n, feeds)
}

// ErrNothingToDigest is returned when the inputs held no article, or no
// story matched a topic; its message is written for the person who asked.
var ErrNothingToDigest = errors.New("nothing to digest")

// DigestURLs digests the pages a chat user supplied, as one story,
// fetching at most MaxPages pages. When none can be read, its error wraps
// ErrNothingToDigest and the error of each page.
func (p Pipeline) DigestURLs(ctx context.Context, urls []string) (news.Digest, error) {
	ctx, cancel := p.start(ctx)
	defer cancel()
	arts, errs, _ := p.Read(ctx, urls, Scope{Untrusted: true, MaxPages: p.maxPages(0)})
	if len(arts) == 0 {
		if len(errs) > 0 {
			return news.Digest{}, fmt.Errorf("%w: %w", ErrNothingToDigest, errors.Join(errs...))
		}
		return news.Digest{}, fmt.Errorf("%w: those pages hold no article text", ErrNothingToDigest)
	}
	return p.Summarizer.Summarize(ctx, news.Story{Articles: arts})
}

// DigestTopic reads the feeds, groups their articles into stories and
// digests the story, in one of Languages when they are set, that best
// matches the topic words. When no story mentions the topic, it says so
// rather than digest something else.
func (p Pipeline) DigestTopic(ctx context.Context, feeds []string, words []string) (news.Digest, error) {
	if len(feeds) == 0 {
		return news.Digest{}, fmt.Errorf("%w: no feeds are configured for topics; give page URLs instead", ErrNothingToDigest)
	}
	query := tokenize.ContentStems(strings.Join(words, " "))
	if len(query) == 0 {
		return news.Digest{}, fmt.Errorf("%w: give a topic (words) or page URLs", ErrNothingToDigest)
	}
	ctx, cancel := p.start(ctx)
	defer cancel()
	topics := p
	if p.Topics != nil {
		topics.Fetcher = p.Topics
	}
	arts, _, _ := topics.Read(ctx, feeds, Scope{MaxPages: p.maxPages(len(feeds))})
	stories := KeepLanguages(p.Grouper.Group(arts, nil), p.Languages)
	best, bestScore := -1, 0.0
	for i, s := range stories {
		if sc := TopicScore(query, s); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		in := ""
		if len(p.Languages) > 0 {
			in = " in " + strings.Join(p.Languages, ", ")
		}
		return news.Digest{}, fmt.Errorf("%w: no recent story%s in the feeds matches %q", ErrNothingToDigest, in, strings.Join(words, " "))
	}
	d, bad, err := digestStory(ctx, p.Summarizer, stories[best])
	if err != nil {
		return news.Digest{}, err
	}
	return d, bad
}

// TopicScore says how well a story matches the stems of a topic: the share
// of the topic's words found in the story's headlines (counted twice) and
// bodies, or 0 when a topic word is missing from all of them — a topic
// names what the reader wants, so every word must be there.
func TopicScore(query []string, s news.Story) float64 {
	var titles, bodies []string
	for _, a := range s.Articles {
		titles = append(titles, a.Title)
		bodies = append(bodies, a.Text)
	}
	inTitle := set(tokenize.ContentStems(strings.Join(titles, " ")))
	inBody := set(tokenize.ContentStems(strings.Join(bodies, " ")))
	score := 0.0
	for _, w := range query {
		switch {
		case inTitle[w]:
			score += 2
		case inBody[w]:
			score++
		default:
			return 0
		}
	}
	// Among matching stories, prefer the one more outlets report.
	return score / float64(len(query)) * (1 + 0.1*float64(s.Outlets()))
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// Brief reads the feeds, groups their articles into stories and digests
// the top n — of those in Languages, when they are set — each titled with
// its story's headline. Errors are per feed: a brief is made from
// whatever could be read; after them come a *LeftOutError for each article
// read that had nothing to digest. Every digest is checked against its
// story (news.CheckDigest) before it is returned: one that does not tell
// its story alone is left out with an error. When the time runs out, it
// returns the stories digested so far and the error. The stories
// returned are those of the digests, in their order.
func (p Pipeline) Brief(ctx context.Context, feeds []string, n int) ([]news.Story, []news.Digest, []error) {
	ctx, cancel := p.start(ctx)
	defer cancel()
	arts, errs, leftOut := p.Read(ctx, feeds, Scope{})
	for _, err := range leftOut {
		errs = append(errs, &LeftOutError{Err: err})
	}
	stories := KeepLanguages(p.Grouper.Group(arts, nil), p.Languages) // ranked already: most outlets, then most recent
	if n > 0 && len(stories) > n {
		stories = stories[:n]
	}
	kept := make([]news.Story, 0, len(stories))
	digests := make([]news.Digest, 0, len(stories))
	for _, s := range stories {
		d, bad, err := digestStory(ctx, p.Summarizer, s)
		if err != nil {
			return kept, digests, append(errs, fmt.Errorf("story %q: %w", s.Title, err))
		}
		if bad != nil {
			errs = append(errs, fmt.Errorf("story %q: %w", s.Title, bad))
			continue
		}
		kept = append(kept, s)
		digests = append(digests, d)
	}
	return kept, digests, errs
}
