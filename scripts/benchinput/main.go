// Command benchinput builds the inputs of scripts/bench-peers.sh: one story
// of N times the paris-summit story's words, as a folder of article files
// for digestbot and as the same files joined into one text file for Open
// Text Summarizer, which reads a single document.
//
// Usage:
//
//	go run ./scripts/benchinput -stories ../shared/stories -scale 20 -out /tmp/x
//
// writes /tmp/x/articles/0001.txt … and /tmp/x/all.txt, and prints the
// number of articles and words. At scale 1 the articles are paris-summit's
// own, under their own names. Above it they are every shared story's articles in a seeded random
// order, as many as the scale needs. The shared stories hold about 27 times
// paris-summit's words; beyond one pass over them, each further pass deals
// every article's paragraphs, shuffled across all articles, into new
// articles of the original lengths. Repeating the articles as they are would
// measure nothing: digestbot counts a copy of an article once
// (dedupe.Dedupe), Open Text Summarizer would read it again. A mixed
// article shares no more than a paragraph with any other, so both read
// every word. A mixed article that digestbot would refuse (captions and
// footers alone, no sentence to digest) is left out.
//
// The text is licensed for research use only: the files are written to a
// temporary folder at run time and never committed.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/digestbot/digestbot/sources/page"
	"github.com/digestbot/digestbot/summarize"
)

func main() {
	stories := flag.String("stories", "../shared/stories", "the shared stories `folder`")
	scale := flag.Int("scale", 1, "size as a multiple of paris-summit's words")
	out := flag.String("out", "", "output `folder`; its articles subfolder must not exist yet")
	flag.Parse()
	if *out == "" || *scale < 1 {
		fmt.Fprintln(os.Stderr, "usage: benchinput -stories DIR -scale N -out DIR")
		os.Exit(2)
	}
	if err := run(*stories, *scale, *out); err != nil {
		fmt.Fprintf(os.Stderr, "benchinput: %v\n", err)
		os.Exit(1)
	}
}

func run(stories string, scale int, out string) error {
	seed, names, err := readArticles(filepath.Join(stories, "paris-summit", "articles", "*.txt"))
	if err != nil {
		return err
	}
	target := scale * words(seed)
	arts := seed
	if scale > 1 {
		pool, _, err := readArticles(filepath.Join(stories, "*", "articles", "*.txt"))
		if err != nil {
			return err
		}
		arts = build(pool, target)
		names = make([]string, len(arts))
		for i := range arts {
			names[i] = fmt.Sprintf("%04d.txt", i+1)
		}
	}
	dir := filepath.Join(out, "articles")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err // an existing folder may hold other articles
	}
	var all strings.Builder
	for i, a := range arts {
		if err := os.WriteFile(filepath.Join(dir, names[i]), []byte(a), 0o644); err != nil {
			return err
		}
		all.WriteString(a)
	}
	if err := os.WriteFile(filepath.Join(out, "all.txt"), []byte(all.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("%d articles, %d words\n", len(arts), words(arts))
	return nil
}

// build returns articles of at least target words: the pool's in a seeded
// order, then passes of mixed articles.
func build(pool []string, target int) []string {
	r := rand.New(rand.NewPCG(2026, 11))
	var arts []string
	n := 0
	add := func(a string) bool {
		arts = append(arts, a)
		n += len(strings.Fields(a))
		return n >= target
	}
	order := r.Perm(len(pool))
	for _, i := range order {
		if add(pool[i]) {
			return arts
		}
	}
	var paras []string
	var lens []int
	for _, a := range pool {
		ps := paragraphs(a)
		paras = append(paras, ps...)
		lens = append(lens, len(ps))
	}
	for {
		r.Shuffle(len(paras), func(i, j int) { paras[i], paras[j] = paras[j], paras[i] })
		next := 0
		for _, i := range order {
			a := strings.Join(paras[next:next+lens[i]], "\n\n") + "\n\n"
			next += lens[i]
			if !usable(a) {
				continue // captions and footers alone: digestbot would refuse it
			}
			if add(a) {
				return arts
			}
		}
	}
}

// usable reports whether digestbot reads a as an article with a sentence to
// digest, so that every article of an input counts, and the digest exits 0.
func usable(a string) bool {
	art, err := page.Parse("mixed.txt", []byte(a))
	return err == nil && summarize.Check(art) == nil
}

// readArticles returns the texts and base names of the files matching
// pattern, in path order, each text ending with a blank line so that joined
// files keep their paragraphs apart.
func readArticles(pattern string) (arts, names []string, err error) {
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no files match %s", pattern)
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		arts = append(arts, strings.TrimRight(string(data), "\n")+"\n\n")
		names = append(names, filepath.Base(f))
	}
	return arts, names, nil
}

// paragraphs returns the non-empty lines of a.
func paragraphs(a string) []string {
	var ps []string
	for _, l := range strings.Split(a, "\n") {
		if strings.TrimSpace(l) != "" {
			ps = append(ps, l)
		}
	}
	return ps
}

func words(arts []string) int {
	n := 0
	for _, a := range arts {
		n += len(strings.Fields(a))
	}
	return n
}
