package dedupe

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/fetch"
)

// Deduplication parameters.
const (
	// shingleWords is the length of the word shingles whose sets are
	// compared to find copies of one text.
	shingleWords = 5
	// minShingles is the fewest shingles a text needs to be compared by
	// its body: shorter texts (teasers) share too little to tell.
	minShingles = 25
	// nearDuplicate is the Jaccard similarity of shingle sets from which
	// two bodies are copies of one text (wire copy with a different
	// first line, credits or trailing links).
	nearDuplicate = 0.8
	// sigBands × sigRows is the size of a MinHash signature. With 20
	// bands of 6 rows two texts of similarity 0.8 share a band with
	// probability 0.998, two of similarity 0.3 with probability 0.015.
	sigBands, sigRows = 20, 6
	sigSize           = sigBands * sigRows
	// bandWindow is how many earlier members of an LSH bucket each member
	// is verified against: enough for every real group, and it bounds
	// the work when thousands of articles share one text.
	bandWindow = 8
	// titleWindow is how far apart the dates of two articles with the
	// same outlet and title may be for them to count as one article
	// re-published.
	titleWindow = 7 * 24 * time.Hour
	// minTitleWords is the shortest title that identifies an article
	// within its outlet; shorter ones ("Live updates") recur.
	minTitleWords = 3
	// titleMinOverlap is the share of the shorter text's content words
	// (four letters or more) that two full texts under one outlet and
	// title must have in common to be one article edited: a column or
	// briefing that recurs under one title shares far less.
	titleMinOverlap = 0.5
	// titleBucketWindow bounds the comparisons within one outlet and
	// title, as bandWindow does for bodies.
	titleBucketWindow = 16
)

// Dedupe returns arts with every article counted once, however it arrived:
//   - the same URL: articles whose URLs, or IDs, have the same
//     fetch.CanonicalURL (tracking parameters, AMP and mobile variants, "www."
//     differ); an ID that is not a URL (a feed item's GUID) identifies
//     an article within its feed;
//   - the same item re-published or re-dated by its feed, or carried by
//     several feeds of one publisher: the same outlet (ignoring case and
//     a leading "The") and the same title (ignoring case and
//     punctuation), of at least three words, dated within a week of each
//     other (or undated), and, unless one is a teaser, sharing at least
//     half the content words of the shorter text — so a column that
//     recurs under one title stays apart;
//   - syndicated copy on several sites: bodies whose sets of 5-word
//     shingles have a Jaccard similarity of 0.8 or more. Candidates are
//     found with MinHash signatures (one-permutation hashing, 120
//     values) and LSH banding (20 bands of 6), and confirmed on the exact
//     shingle sets, so the cost grows with the number of articles, not
//     of pairs. Texts under 25 shingles (teasers) are not compared.
//
// Matches are transitive: a teaser that shares a URL with a page that
// shares its text with a wire copy makes one group. Of each group the
// most complete copy is kept — a full text before a teaser, then the
// longest text, then the first in input order — with its empty Title,
// Outlet, Published and Feed filled from the others. Groups keep the
// input order of their first article. arts is not modified.
func Dedupe(arts []news.Article) []news.Article {
	n := len(arts)
	if n < 2 {
		return slices.Clone(arts)
	}
	g := newGroups(n)
	dedupeByKeys(arts, g)
	dedupeByTitle(arts, g)
	dedupeByBody(arts, g)

	best := make(map[int]int, n) // root → index of the kept copy
	for i := range arts {
		r := g.find(i)
		if b, ok := best[r]; !ok || moreComplete(arts[i], arts[b]) {
			best[r] = i
		}
	}
	out := make([]news.Article, 0, len(best))
	placed := make(map[int]bool, len(best))
	for i := range arts {
		r := g.find(i)
		if placed[r] {
			continue
		}
		placed[r] = true
		a := arts[best[r]]
		for j := i; j < n; j++ {
			if g.find(j) != r {
				continue
			}
			o := arts[j]
			if a.Title == "" {
				a.Title = o.Title
			}
			if a.Outlet == "" {
				a.Outlet = o.Outlet
			}
			if a.Published.IsZero() {
				a.Published = o.Published
			}
			if a.Feed == "" {
				a.Feed = o.Feed
			}
			if a.Language == "" {
				a.Language = o.Language
			}
		}
		out = append(out, a)
	}
	return out
}

// moreComplete reports whether a is a more complete copy than b: a full
// text beats a teaser, then the longer text wins; ties keep b.
func moreComplete(a, b news.Article) bool {
	if a.Teaser != b.Teaser {
		return !a.Teaser
	}
	return len(a.Text) > len(b.Text)
}

// groups is a union-find forest over article indexes.
type groups struct{ parent []int }

func newGroups(n int) *groups {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return &groups{parent: p}
}

// find returns the root of i's group; roots are the smallest index of
// their group.
func (g *groups) find(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

// union joins the groups of i and j.
func (g *groups) union(i, j int) {
	ri, rj := g.find(i), g.find(j)
	if ri == rj {
		return
	}
	if rj < ri {
		ri, rj = rj, ri
	}
	g.parent[rj] = ri
}

// dedupeByKeys joins the articles with the same canonical URL or ID.
func dedupeByKeys(arts []news.Article, g *groups) {
	first := make(map[string]int, 2*len(arts))
	add := func(key string, i int) {
		if j, ok := first[key]; ok {
			g.union(j, i)
		} else {
			first[key] = i
		}
	}
	for i, a := range arts {
		if c, err := fetch.CanonicalURL(a.URL); err == nil {
			add("u\x00"+c, i)
		} else if a.URL != "" {
			add("u\x00"+a.URL, i)
		}
		switch id := strings.TrimSpace(a.ID); {
		case id == "":
		case fetch.IsHTTPURL(id):
			add("u\x00"+fetch.CanonicalOr(id), i)
		default:
			add("g\x00"+a.Feed+"\x00"+id, i)
		}
	}
}

// outletKey is how outlets are compared: clean.NormKey without a leading "the".
func outletKey(o string) string {
	return strings.TrimPrefix(clean.NormKey(o), "the ")
}

// dedupeByTitle joins the articles of one outlet with the same title.
func dedupeByTitle(arts []news.Article, g *groups) {
	buckets := make(map[string][]int)
	for i, a := range arts {
		o, t := outletKey(a.Outlet), clean.NormKey(a.Title)
		if o == "" || clean.WordCount(t) < minTitleWords {
			continue
		}
		key := o + "\x00" + t
		buckets[key] = append(buckets[key], i)
	}
	words := make(map[int]map[string]bool)
	wordsOf := func(i int) map[string]bool {
		if w, ok := words[i]; ok {
			return w
		}
		w := make(map[string]bool)
		for _, f := range strings.Fields(clean.NormKey(arts[i].Text)) {
			if utf8.RuneCountInString(f) >= 4 { // content words, roughly
				w[f] = true
			}
		}
		words[i] = w
		return w
	}
	for _, b := range buckets {
		for k := 1; k < len(b); k++ {
			for m := max(0, k-titleBucketWindow); m < k; m++ {
				i, j := b[m], b[k]
				if g.find(i) == g.find(j) {
					break
				}
				if sameTitledArticle(arts[i], arts[j], wordsOf, i, j) {
					g.union(i, j)
					break
				}
			}
		}
	}
}

// sameTitledArticle reports whether two articles of one outlet and title
// are one article: dated within titleWindow (or undated) and, unless one
// is a teaser, sharing titleMinOverlap of the content words of the
// shorter text.
func sameTitledArticle(a, b news.Article, wordsOf func(int) map[string]bool, i, j int) bool {
	if !a.Published.IsZero() && !b.Published.IsZero() {
		d := a.Published.Sub(b.Published)
		if d < 0 {
			d = -d
		}
		if d > titleWindow {
			return false
		}
	}
	if a.Teaser || b.Teaser {
		return true
	}
	wa, wb := wordsOf(i), wordsOf(j)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == 0 {
		return true // nothing to compare: the title says it all
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	return float64(common) >= titleMinOverlap*float64(len(wa))
}

// dedupeByBody joins the articles whose bodies are near-duplicates.
func dedupeByBody(arts []news.Article, g *groups) {
	sigs := make([][]uint64, len(arts))
	var buf []uint64
	for i, a := range arts {
		buf = shingles(a.Text, buf[:0])
		if len(buf) >= minShingles {
			sigs[i] = signature(buf)
		}
	}
	shingleSets := make(map[int][]uint64)
	setOf := func(i int) []uint64 {
		if s, ok := shingleSets[i]; ok {
			return s
		}
		s := shingles(arts[i].Text, nil)
		slices.Sort(s)
		s = slices.Compact(s)
		shingleSets[i] = s
		return s
	}
	buckets := make(map[uint64][]int)
	for b := range sigBands {
		clear(buckets)
		for i, sig := range sigs {
			if sig == nil {
				continue
			}
			key := mix64(uint64(b) + 0x9E3779B97F4A7C15)
			for _, v := range sig[b*sigRows : (b+1)*sigRows] {
				key = mix64(key ^ v)
			}
			buckets[key] = append(buckets[key], i)
		}
		for _, members := range buckets {
			for k := 1; k < len(members); k++ {
				for m := max(0, k-bandWindow); m < k; m++ {
					i, j := members[m], members[k]
					if g.find(i) == g.find(j) {
						break
					}
					if jaccard(setOf(i), setOf(j)) >= nearDuplicate {
						g.union(i, j)
						break
					}
				}
			}
		}
	}
}

// shingles appends to dst the hashes of the 5-word shingles of text:
// words are runs of letters and digits, lower-cased, hashed with FNV-1a;
// a shingle's hash is a polynomial rolling hash of its words' hashes,
// mixed.
func shingles(text string, dst []uint64) []uint64 {
	const base = 0x100000001B3 // odd: the powers stay odd and distinct
	var (
		window [shingleWords]uint64
		n      int
		roll   uint64 // Σ window[k]·base^(age)
		word   = uint64(fnvOffset)
		inWord bool
	)
	top := uint64(1) // base^shingleWords
	for range shingleWords {
		top *= base
	}
	flush := func() {
		if !inWord {
			return
		}
		inWord = false
		slot := n % shingleWords
		roll = roll*base + word - window[slot]*top
		window[slot] = word
		n++
		word = fnvOffset
		if n >= shingleWords {
			dst = append(dst, mix64(roll))
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				flush()
				continue
			}
			word = (word ^ uint64(c)) * fnvPrime
			inWord = true
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		var buf [utf8.UTFMax]byte
		for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			word = (word ^ uint64(b)) * fnvPrime
		}
		inWord = true
	}
	flush()
	return dst
}

// FNV-1a parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix64 is the splitmix64 finalizer: a fast, well-spread 64-bit mix.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// signature returns the one-permutation MinHash signature of a set of
// shingle hashes: the hash space is cut into sigSize bins and each bin
// keeps its smallest hash; an empty bin borrows the value of the next
// full bin, mixed with the distance (rotation densification), so that
// equal sets give equal signatures and the share of equal values
// estimates the Jaccard similarity.
func signature(sh []uint64) []uint64 {
	const empty = ^uint64(0)
	sig := make([]uint64, sigSize)
	for i := range sig {
		sig[i] = empty
	}
	for _, h := range sh { // already mixed
		bin := int((h >> 32) * sigSize >> 32)
		if h < sig[bin] {
			sig[bin] = h
		}
	}
	orig := slices.Clone(sig)
	if slices.Index(orig, empty) < 0 || len(sh) == 0 {
		return sig
	}
	for i := range sig {
		if orig[i] != empty {
			continue
		}
		for d := 1; ; d++ {
			if v := orig[(i+d)%sigSize]; v != empty {
				sig[i] = mix64(v + uint64(d)*0x9E3779B97F4A7C15)
				break
			}
		}
	}
	return sig
}

// jaccard returns the Jaccard similarity of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}
