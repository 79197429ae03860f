package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/digestbot/digestbot/news"
)

// jsonDigest is the JSON form of a digest. Its shape is a stable interface:
// fields may be added, never renamed or removed.
type jsonDigest struct {
	Title string `json:"title"`
	// Language is the digest's language (ISO 639-1), "" when unknown.
	Language string        `json:"language"`
	Bullets  []jsonBullet  `json:"bullets"`
	Articles []jsonArticle `json:"articles"`
}

// jsonBullet is the JSON form of a bullet.
type jsonBullet struct {
	Text  string  `json:"text"`
	Score float64 `json:"score"`
	// Sources are the distinct outlet names of the bullet's articles.
	Sources []string `json:"sources"`
	// Evidence is, for each article of the bullet, the sentence that
	// states its fact: the one it was cut from first.
	Evidence []jsonEvidence `json:"evidence"`
}

// jsonEvidence is the JSON form of one article's evidence for a bullet.
type jsonEvidence struct {
	// Source names the article: its outlet, else the name of the local
	// file it was read from; "" when neither is known.
	Source string `json:"source"`
	// URL is the article's web address or file path.
	URL      string `json:"url"`
	Sentence string `json:"sentence"`
}

// jsonArticle is the JSON form of a digest's source article.
type jsonArticle struct {
	Outlet string `json:"outlet"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	// Language is the article's language (ISO 639-1), "" when unknown.
	Language string `json:"language"`
}

// jsonBrief is the JSON form of several digests.
type jsonBrief struct {
	Stories []jsonDigest `json:"stories"`
}

// jsonDigestOf converts d, with empty slices (never nil) so that they encode
// as [] rather than null. Text is kept as the digest has it: JSON escapes
// what needs escaping.
func jsonDigestOf(d news.Digest) jsonDigest {
	j := jsonDigest{
		Title:    d.Title,
		Language: d.Language,
		Bullets:  make([]jsonBullet, 0, len(d.Bullets)),
		Articles: make([]jsonArticle, 0, len(d.Articles)),
	}
	for _, b := range d.Bullets {
		sources := d.Outlets(b)
		if sources == nil {
			sources = []string{}
		}
		j.Bullets = append(j.Bullets, jsonBullet{Text: b.Text, Score: roundScore(b.Score), Sources: sources, Evidence: jsonEvidenceOf(d, b)})
	}
	for _, a := range d.Articles {
		j.Articles = append(j.Articles, jsonArticle{Outlet: a.Outlet, Title: a.Title, URL: a.URL, Language: a.Language})
	}
	return j
}

// jsonEvidenceOf returns b's evidence, never nil; an entry whose article
// index is out of range is left out.
func jsonEvidenceOf(d news.Digest, b news.Bullet) []jsonEvidence {
	out := make([]jsonEvidence, 0, len(b.Evidence))
	for _, e := range b.Evidence {
		if e.Source < 0 || e.Source >= len(d.Articles) {
			continue
		}
		a := d.Articles[e.Source]
		out = append(out, jsonEvidence{Source: SourceName(a), URL: a.URL, Sentence: e.Sentence})
	}
	return out
}

// SourceName names an article where a bullet's evidence is shown: its
// outlet, else the name of the local file it was read from (see
// news.Source.FileName); "" when neither is known. It is not made safe
// for any format.
func SourceName(a news.Source) string {
	if a.Outlet != "" {
		return a.Outlet
	}
	return a.FileName()
}

// roundScore rounds s to four decimals. JSON has no NaN or infinity, so a
// score that is not finite is written as 0; so is negative zero.
func roundScore(s float64) float64 {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0
	}
	r := math.Round(s*1e4) / 1e4
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// writeJSON writes v indented by two spaces, with a trailing newline and
// without HTML escaping of <, > and &.
func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("render: encode json: %w", err)
	}
	return nil
}
