package eval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/rouge"
)

// DefaultWords is the word budget of a digest when Options.Words is not set:
// the length of a newsroom's "Quick Looks" box.
const DefaultWords = 100

// ShortBullet is the most words a bullet may have to count as short in
// Result.ShortShare.
const ShortBullet = 20

// Options configure Run. Load and Summarize are required; the zero value of
// every other field is useful.
type Options struct {
	// Words is the word budget of every digest; 0 or less means
	// DefaultWords.
	Words int
	// Budget, when set, gives each story's word budget from the text of its
	// reference.txt and overrides Words; ReferenceWords scores every story
	// at its reference's own length. A result of 0 or less falls back to
	// Words.
	Budget func(reference string) int
	// Load reads the articles of one story from its articles folder (the
	// path of <story>/articles is passed). Their order is kept: the first is
	// the lead baseline's article.
	Load func(ctx context.Context, dir string) ([]news.Article, error)
	// Summarize makes the digest of one story's articles within a budget of
	// words.
	Summarize func(articles []news.Article, words int) news.Digest
	// Lead, when true, also scores the lead baseline of every story: the
	// first article's first words, cut to the same budget.
	Lead bool
}

// Result is the evaluation of one story.
type Result struct {
	// Story is the story folder's name ("paris-summit").
	Story string
	// Dir is the story folder's path.
	Dir string
	// Words is the word budget the digest was made and scored with.
	Words int
	// Articles is how many articles Load returned.
	Articles int
	// Input are the articles Load returned, in its order.
	Input []news.Article
	// Digest is what Summarize returned.
	Digest news.Digest
	// Text is the text scored: the digest's bullets joined with newlines,
	// cut to Words words.
	Text string
	// Scores are Text's ROUGE figures against the reference.
	Scores rouge.Scores
	// Lead are the lead baseline's ROUGE figures; nil unless Options.Lead.
	Lead *rouge.Scores
	// Bullets is the number of bullets in Digest.
	Bullets int
	// MeanBulletWords is the mean number of words per bullet; 0 without
	// bullets.
	MeanBulletWords float64
	// ShortShare is the share of bullets of at most ShortBullet words; 0
	// without bullets.
	ShortShare float64
}

// ReferenceWords returns the number of words of a reference. As
// Options.Budget it scores each digest at its reference's own length, the
// way Multi-News results are usually reported.
func ReferenceWords(reference string) int { return news.CountWords(reference) }

// DigestText returns the text of d that is scored: its bullets joined with
// newlines, without the title.
func DigestText(d news.Digest) string {
	lines := make([]string, len(d.Bullets))
	for i, b := range d.Bullets {
		lines[i] = b.Text
	}
	return strings.Join(lines, "\n")
}

// Run scores every story under dir: dir itself when it has an articles
// folder, otherwise each of its story folders in name order.
//
// A story that cannot be scored (no reference.txt, an empty reference, no
// articles folder, no articles, a Load error) is left out of the results and
// reported in the error, which joins one error per such story, each naming
// it; the other stories are still scored. So a non-nil error may come with
// results: report them, then the error. Run stops at the first story after
// ctx is done and adds ctx's error.
func Run(ctx context.Context, dir string, opts Options) ([]Result, error) {
	if opts.Load == nil || opts.Summarize == nil {
		return nil, errors.New("eval: Options.Load and Options.Summarize are required")
	}
	dirs, err := storyDirs(dir)
	if err != nil {
		return nil, err
	}
	var (
		results []Result
		errs    []error
	)
	for _, d := range dirs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("eval: %w", err))
			break
		}
		r, err := runStory(ctx, d, opts)
		if err != nil {
			errs = append(errs, fmt.Errorf("eval: story %s: %w", r.Story, err))
			continue
		}
		results = append(results, r)
	}
	return results, errors.Join(errs...)
}

// storyDirs returns the story folders under dir: dir itself when it has an
// articles folder, otherwise its subfolders in name order.
func storyDirs(dir string) ([]string, error) {
	if isDir(filepath.Join(dir, "articles")) {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var dirs []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if p := filepath.Join(dir, name); isDir(p) { // follows symbolic links
			dirs = append(dirs, p)
		}
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("eval: %s: no articles folder and no story folders", dir)
	}
	return dirs, nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// runStory scores the story in dir. The result's Story is set even on error.
func runStory(ctx context.Context, dir string, opts Options) (Result, error) {
	r := Result{Story: storyName(dir), Dir: dir}
	data, err := os.ReadFile(filepath.Join(dir, "reference.txt"))
	if err != nil {
		return r, fmt.Errorf("no reference: %w", err)
	}
	ref := string(data)
	if news.CountWords(ref) == 0 {
		return r, fmt.Errorf("reference %s is empty", filepath.Join(dir, "reference.txt"))
	}
	artDir := filepath.Join(dir, "articles")
	if !isDir(artDir) {
		return r, fmt.Errorf("no articles folder %s", artDir)
	}
	articles, err := opts.Load(ctx, artDir)
	if err != nil {
		return r, fmt.Errorf("load articles: %w", err)
	}
	if len(articles) == 0 {
		return r, fmt.Errorf("no articles in %s", artDir)
	}

	r.Words = budget(ref, opts)
	r.Articles = len(articles)
	r.Input = articles
	r.Digest = opts.Summarize(articles, r.Words)
	r.Text = rouge.Truncate(DigestText(r.Digest), r.Words)
	r.Scores = rouge.Evaluate(r.Text, ref, 0)
	if opts.Lead {
		lead := rouge.Evaluate(articles[0].Text, ref, r.Words)
		r.Lead = &lead
	}
	r.Bullets = len(r.Digest.Bullets)
	if r.Bullets > 0 {
		words, short := 0, 0
		for _, b := range r.Digest.Bullets {
			n := news.CountWords(b.Text)
			words += n
			if n <= ShortBullet {
				short++
			}
		}
		r.MeanBulletWords = float64(words) / float64(r.Bullets)
		r.ShortShare = float64(short) / float64(r.Bullets)
	}
	return r, nil
}

// budget returns the word budget of a story with reference ref.
func budget(ref string, opts Options) int {
	if opts.Budget != nil {
		if n := opts.Budget(ref); n > 0 {
			return n
		}
	}
	if opts.Words > 0 {
		return opts.Words
	}
	return DefaultWords
}

// storyName returns the name of the story folder dir.
func storyName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(dir)
}
