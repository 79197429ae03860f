package slack

import (
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/news"
)

// Caps of the evidence messages, within Slack's limits, so that a bullet
// and one article's sentence always fit in one message: 3,000 + 100 +
// 1,000 + 2,000 + 3 × BlockOverhead is well under MessageBudget.
const (
	sentenceLimit = 2000 // one article's sentence, quoted
	linkLimit     = 1000 // an outlet's name with its link
)

// EvidenceMessages renders the evidence of d's bullets (news.Bullet.Evidence)
// as Slack messages, in posting order, to follow the digest's own (as a
// command's second reply, or in its thread): under the header "Sources:
// Title", each bullet as plain text, then, one context block each, every
// article that carries it — its outlet (else its file name) linked to the
// article, and its sentence in quotation marks. Text from articles is
// plain_text, emoji codes left as written, so that it shows as written
// and can neither format, mention nor link; an outlet's name, in the
// mrkdwn of its link, is escaped. A
// digest whose bullets have no evidence has no such messages (nil).
// Messages keep within BlockLimit and MessageBudget; more are headed
// "Sources: Title (k/n)", and a bullet's articles may continue in the next.
func EvidenceMessages(d news.Digest) []Message {
	var units []unit
	for _, b := range d.Bullets {
		text := clean(b.Text)
		if text == "" {
			continue
		}
		first := true
		for _, e := range b.Evidence {
			if e.Source < 0 || e.Source >= len(d.Articles) {
				continue
			}
			ctx := evidenceBlock(d.Articles[e.Source], e.Sentence)
			if first {
				section := &slackapi.SectionBlock{Type: slackapi.MBTSection, Text: plain(bullet + fitPlain(text, SectionLimit-utf8.RuneCountInString(bullet)))}
				units = append(units, newUnit(section, ctx))
				first = false
				continue
			}
			units = append(units, newUnit(ctx))
		}
	}
	if len(units) == 0 {
		return nil
	}
	return headed("Sources: "+titleOf(d), pack(units, unit{}, false), nil, fitEscaped)
}

// evidenceBlock returns the context block of one article's evidence: its
// name, linked when it has a web address, then its sentence, quoted, as
// plain text.
func evidenceBlock(a news.Source, sentence string) *slackapi.ContextBlock {
	name := clean(a.Outlet)
	if name == "" {
		name = a.FileName()
	}
	if name == "" {
		name = "(unknown)"
	}
	label := fitEscaped(name, nameLimit)
	if u := webURL(a.URL); u != "" && utf8.RuneCountInString(u)+utf8.RuneCountInString(label)+4 <= linkLimit {
		label = "<" + u + "|" + label + ">"
	}
	return &slackapi.ContextBlock{
		Type: slackapi.MBTContext,
		ContextElements: slackapi.ContextElements{Elements: []slackapi.MixedElement{
			mrkdwn(label + ":"),
			plain("“" + fitPlain(clean(sentence), sentenceLimit-2) + "”"),
		}},
	}
}

// plain returns a plain_text object of text with emoji codes (":wave:")
// shown as written. Slack reads no markup in plain text: like a header's,
// its text is not escaped.
func plain(text string) *slackapi.TextBlockObject {
	emoji := false
	return &slackapi.TextBlockObject{Type: slackapi.PlainTextType, Text: text, Emoji: &emoji}
}
