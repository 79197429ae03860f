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
		j.Bullets = append(j.Bullets, jsonBullet{Text: b.Text, Score: roundScore(b.Score), Sources: sources})
	}
	for _, a := range d.Articles {
		j.Articles = append(j.Articles, jsonArticle{Outlet: a.Outlet, Title: a.Title, URL: a.URL, Language: a.Language})
	}
	return j
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
