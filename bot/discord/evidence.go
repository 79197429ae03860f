package discord

import (
	"time"

	"github.com/digestbot/digestbot/news"
)

// Caps of one evidence line, so that a bullet's line and its articles'
// lines stay short of MaxDescription.
const (
	maxEvidenceSentence = 1500 // one article's sentence, escaped
	maxEvidenceName     = 100  // an outlet's name
)

// EvidenceMessages renders the evidence of d's bullets (news.Bullet.Evidence)
// as Discord messages, to follow the digest's own (as follow-ups of a
// /digest, or replies to a posted digest): one embed titled "Sources:
// Title", linked as the digest's is, whose description lists each bullet,
// "• text", and under it, a line each, every article that carries it —
// "↳ [Outlet](url): “sentence”", the outlet (else the file name) linked
// to the article when it has a web address. Text from articles is
// escaped as the digest's is, so it shows as written; no mention is
// allowed. A digest whose bullets have no evidence has no such messages
// (nil). It keeps within Discord's limits as Messages does, continuing in
// further embeds and messages, with opts.Color and opts.Time.
func EvidenceMessages(d news.Digest, opts RenderOptions) []Message {
	s := story{title: "Sources: " + escapeLine(d.Title), url: titleURL(d)}
	if s.title == "Sources: " {
		s.title += untitled
	}
	s.title = truncate(s.title, MaxTitle)
	for _, b := range d.Bullets {
		text := escapeMarkdown(b.Text)
		if text == "" {
			continue
		}
		var lines []string
		for _, e := range b.Evidence {
			if e.Source < 0 || e.Source >= len(d.Articles) {
				continue
			}
			line := "↳ " + evidenceName(d.Articles[e.Source]) + ": “" + truncate(escapeMarkdown(e.Sentence), maxEvidenceSentence) + "”"
			lines = append(lines, splitLine(line, "", MaxDescription)...)
		}
		if len(lines) > 0 {
			s.lines = append(s.lines, splitLine("• "+text, "", MaxDescription)...)
			s.lines = append(s.lines, lines...)
		}
	}
	if len(s.lines) == 0 {
		return nil
	}
	if !opts.Time.IsZero() {
		s.closing.Timestamp = opts.Time.UTC().Format(time.RFC3339)
	}
	p := &packer{color: opts.Color}
	if p.color == 0 {
		p.color = DefaultColor
	}
	p.reset()
	p.story(s)
	return p.finish("")
}

// evidenceName names an article in its evidence line: its outlet, else
// its file name, as a masked link to its web address when it has one.
func evidenceName(a news.Source) string {
	name := clean(a.Outlet)
	if name == "" {
		name = a.FileName()
	}
	if name == "" {
		name = "(unknown)"
	}
	if u := clean(a.URL); webURL(u) {
		// Discord shows escapes in a masked link's text as written: the
		// text is stripped of markup instead (see sourceLine).
		if text := linkText(name); text != "" {
			return "[" + truncate(text, maxEvidenceName) + "](" + linkDestination(u) + ")"
		}
	}
	return escapeMarkdown(truncate(name, maxEvidenceName))
}
