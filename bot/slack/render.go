package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// Slack's Block Kit limits and the budget Messages keeps to, in characters
// (runes).
const (
	// HeaderLimit is the most characters a header block's text may hold.
	HeaderLimit = 150
	// SectionLimit is the most characters a section's or a context
	// element's text may hold.
	SectionLimit = 3000
	// BlockLimit is the most blocks one message may hold.
	BlockLimit = 50
	// MessageBudget is the most characters Messages puts in one message, as
	// counted by Message.Chars. Slack refuses messages of about 13,000
	// characters of blocks with msg_blocks_too_long, although each block is
	// within its own limit; this budget stays well under 12,000.
	MessageBudget = 10000
	// BlockOverhead is what Message.Chars counts for each block besides its
	// text, for the block's structure.
	BlockOverhead = 50
)

// Internal caps that guarantee one bullet, its outlets, a header and a
// footer always fit in one message: 150 + 3,000 + 1,000 + 2,000 + 300 +
// 4 × BlockOverhead < MessageBudget.
const (
	outletsLimit  = 1000 // a bullet's context block
	footerLimit   = 2000 // the digest's sources in the footer
	fallbackLimit = 300  // a message's plain-text fallback
	nameLimit     = 100  // one outlet's name
)

const (
	untitled = "(untitled)"
	ellipsis = "…"
	bullet   = "• "
)

// RenderOptions adjusts how digests are rendered. The zero value renders
// without a time.
type RenderOptions struct {
	// Time, when not zero, is shown in the footer of the digest (of the last
	// story of a brief), in each reader's own time zone.
	Time time.Time
}

// Message is one Slack message: the body of a chat.postMessage, webhook or
// response_url call.
type Message struct {
	// Text is the plain-text fallback that notifications show; it is
	// escaped for Slack.
	Text string `json:"text"`
	// Blocks are the message's Block Kit blocks.
	Blocks []slackapi.Block `json:"blocks"`
}

// UnmarshalJSON decodes a message as Payload encodes it, with slack-go's
// block types.
func (m *Message) UnmarshalJSON(b []byte) error {
	var v struct {
		Text   string          `json:"text"`
		Blocks slackapi.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m.Text, m.Blocks = v.Text, v.Blocks.BlockSet
	return nil
}

// Chars returns the characters m counts against MessageBudget: the runes of
// its fallback text and of every text object in its blocks (see
// textChars), plus
// BlockOverhead for each block.
func (m Message) Chars() int {
	n := utf8.RuneCountInString(m.Text)
	for _, b := range m.Blocks {
		n += BlockOverhead
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			n += textChars(b.Text)
		case *slackapi.SectionBlock:
			n += textChars(b.Text)
			for _, f := range b.Fields {
				n += textChars(f)
			}
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slackapi.TextBlockObject); ok {
					n += textChars(t)
				}
			}
		case *slackapi.DividerBlock:
		default:
			// A block Messages does not make: count all of its JSON.
			j, _ := json.Marshal(b)
			n += utf8.RuneCount(j)
		}
	}
	return n
}

// textChars counts t's text as mrkdwn would hold it: a plain text's &, <
// and > as the entities that escape them, so that plain and mrkdwn texts
// weigh alike against MessageBudget.
func textChars(t *slackapi.TextBlockObject) int {
	switch {
	case t == nil:
		return 0
	case t.Type == slackapi.PlainTextType:
		return utf8.RuneCountInString(Escape(t.Text))
	}
	return utf8.RuneCountInString(t.Text)
}

// unit is a run of blocks that stays in one message: a bullet's section and
// its outlets, or the footer.
type unit struct {
	blocks []slackapi.Block
	chars  int
}

func newUnit(blocks ...slackapi.Block) unit {
	return unit{blocks: blocks, chars: Message{Blocks: blocks}.Chars()}
}

// Messages renders d as one or more Slack messages, in posting order. It
// never fails: text is cut to Slack's limits and a digest too long for one
// message is split across several, each headed "Title (k/n)".
func Messages(d news.Digest, opts RenderOptions) []Message {
	units := bulletUnits(d)
	if len(units) == 0 {
		units = []unit{newUnit(mrkdwnSection("_No bullets._"))}
	}
	footer, hasFooter := footerUnit(d, opts.Time)
	var last []slackapi.Block
	if hasFooter {
		last = footer.blocks
	}
	return headed(titleOf(d), pack(units, footer, hasFooter), last, fitLine)
}

// titleOf is d's title as the header shows it, "(untitled)" for none.
func titleOf(d news.Digest) string {
	if title := clean(d.Title); title != "" {
		return title
	}
	return untitled
}

// headed makes a message of each part, in order: its blocks under a
// header of title, with " (k/n)" after it when there are several, and
// the blocks last at the end of the last part. A message's fallback text
// is fallback(title, limit), fitted with the suffix to the fallback's
// limit.
func headed(title string, parts [][]unit, last []slackapi.Block, fallback func(s string, limit int) string) []Message {
	msgs := make([]Message, 0, len(parts))
	for k, part := range parts {
		suffix := ""
		if len(parts) > 1 {
			suffix = fmt.Sprintf(" (%d/%d)", k+1, len(parts))
		}
		n := utf8.RuneCountInString(suffix)
		blocks := []slackapi.Block{&slackapi.HeaderBlock{
			Type: slackapi.MBTHeader,
			Text: &slackapi.TextBlockObject{Type: slackapi.PlainTextType, Text: fitPlain(title, HeaderLimit-n) + suffix},
		}}
		for _, u := range part {
			blocks = append(blocks, u.blocks...)
		}
		if k == len(parts)-1 {
			blocks = append(blocks, last...)
		}
		msgs = append(msgs, Message{Text: fallback(title, fallbackLimit-n) + suffix, Blocks: blocks})
	}
	return msgs
}

// pack groups units into messages that keep within BlockLimit and
// MessageBudget once a header, a fallback text and, in the last, the footer
// are added. Each message gets at least one unit, and one unit with a
// footer always fits (see the caps above), so packing always ends.
func pack(units []unit, footer unit, hasFooter bool) [][]unit {
	const (
		charBudget  = MessageBudget - (HeaderLimit + BlockOverhead) - fallbackLimit
		blockBudget = BlockLimit - 1 // the header
	)
	var parts [][]unit
	var cur []unit
	chars, blocks := 0, 0
	for _, u := range units {
		if len(cur) > 0 && (chars+u.chars > charBudget || blocks+len(u.blocks) > blockBudget) {
			parts = append(parts, cur)
			cur, chars, blocks = nil, 0, 0
		}
		cur = append(cur, u)
		chars += u.chars
		blocks += len(u.blocks)
	}
	if hasFooter && len(cur) > 1 &&
		(chars+footer.chars > charBudget || blocks+len(footer.blocks) > blockBudget) {
		// Move the last bullet next to the footer.
		parts = append(parts, cur[:len(cur)-1])
		cur = cur[len(cur)-1:]
	}
	return append(parts, cur)
}

// bulletUnits returns a section and an outlets context for each bullet with
// text.
func bulletUnits(d news.Digest) []unit {
	var units []unit
	for _, b := range d.Bullets {
		text := clean(b.Text)
		if text == "" {
			continue
		}
		blocks := []slackapi.Block{plainSection(bullet + fitPlain(text, SectionLimit-utf8.RuneCountInString(bullet)))}
		if refs := bulletOutlets(d, b); len(refs) > 0 {
			blocks = append(blocks, contextBlock(outletList(refs, outletsLimit)))
		}
		units = append(units, newUnit(blocks...))
	}
	return units
}

// outletRef is an outlet and the addresses of its articles that can be
// linked, each once, in order.
type outletRef struct {
	name string
	urls []string
}

// bulletOutlets returns the distinct outlets of b's sources, in order, each
// with the web addresses of its articles among them.
func bulletOutlets(d news.Digest, b news.Bullet) []outletRef {
	var refs []outletRef
	at := map[string]int{}
	for _, i := range b.Sources {
		if i < 0 || i >= len(d.Articles) {
			continue
		}
		refs = addOutlet(refs, at, d.Articles[i])
	}
	return refs
}

// addOutlet adds a's outlet to refs unless it is empty, or else a's web
// address to its outlet's, unless it is there already: every article
// keeps its own link.
func addOutlet(refs []outletRef, at map[string]int, a news.Source) []outletRef {
	name := clean(a.Outlet)
	if name == "" {
		return refs
	}
	j, ok := at[name]
	if !ok {
		j = len(refs)
		at[name] = j
		refs = append(refs, outletRef{name: name})
	}
	if u := webURL(a.URL); u != "" && !slices.Contains(refs[j].urls, u) {
		refs[j].urls = append(refs[j].urls, u)
	}
	return refs
}

// footerUnit returns the footer: every outlet of the digest with a link
// to each of its articles that has a web address (see outletList), and
// the time, if any. A local file that
// names no outlet is listed by its file name, without the folders: it is a
// source, though it credits no bullet.
func footerUnit(d news.Digest, t time.Time) (unit, bool) {
	var refs []outletRef
	at := map[string]int{}
	for _, a := range d.Articles {
		if clean(a.Outlet) == "" {
			a.Outlet = a.FileName()
		}
		refs = addOutlet(refs, at, a)
	}
	var elems []slackapi.MixedElement
	if len(refs) > 0 {
		const label = "Sources: "
		elems = append(elems, mrkdwn(label+outletList(refs, footerLimit-len(label))))
	}
	if !t.IsZero() {
		elems = append(elems, mrkdwn(dateToken(t)))
	}
	if len(elems) == 0 {
		return unit{}, false
	}
	return newUnit(&slackapi.ContextBlock{
		Type:            slackapi.MBTContext,
		ContextElements: slackapi.ContextElements{Elements: elems},
	}), true
}

// dateToken returns Slack's date formatting for t, which each reader sees in
// their own time zone; the fallback, for clients that cannot, is in UTC.
func dateToken(t time.Time) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} at {time}|%s>",
		t.Unix(), t.UTC().Format("Jan 2, 2006 15:04 UTC"))
}

// outletList joins refs as "<url|AP> · Reuters (<url1|1>, <url2|2>) ·
// Le Monde" within limit characters: an outlet with one linkable article
// links its name to it, one with several is followed by a numbered link to
// each, so that no article loses its link. Outlets that do not fit are
// counted in a final "+N more"; an outlet whose numbered links do not fit
// links only its first article, and one whose link does not fit is shown
// without it.
func outletList(refs []outletRef, limit int) string {
	const sep = " · "
	reserve := utf8.RuneCountInString(moreText(len(refs)))
	var b strings.Builder
	n := 0
	for i, r := range refs {
		name := fitMrkdwn(r.name, nameLimit)
		choices := []string{name}
		switch len(r.urls) {
		case 0:
		case 1:
			choices = []string{"<" + r.urls[0] + "|" + name + ">", name}
		default:
			numbered := make([]string, len(r.urls))
			for k, u := range r.urls {
				numbered[k] = "<" + u + "|" + strconv.Itoa(k+1) + ">"
			}
			choices = []string{name + " (" + strings.Join(numbered, ", ") + ")", "<" + r.urls[0] + "|" + name + ">", name}
		}
		prefix := ""
		if i > 0 {
			prefix = sep
		}
		more := 0
		if i < len(refs)-1 {
			more = reserve
		}
		written := false
		for _, c := range choices {
			if size := utf8.RuneCountInString(prefix + c); n+size+more <= limit {
				b.WriteString(prefix + c)
				n += size
				written = true
				break
			}
		}
		if !written {
			b.WriteString(moreText(len(refs) - i))
			break
		}
	}
	return b.String()
}

func moreText(n int) string { return " +" + strconv.Itoa(n) + " more" }

// mrkdwn returns a mrkdwn text object. It is verbatim: Slack still reads
// the markup Messages writes (<url|label>, <!date…>), but does not turn
// plain text into links, channel names or mentions. Verbatim does not stop
// *bold* or _italic_: text from an article goes into it only through
// mrkdwnText. A text that opens with a quote mark is made not to (see
// lineStart).
func mrkdwn(text string) *slackapi.TextBlockObject {
	return &slackapi.TextBlockObject{Type: slackapi.MarkdownType, Text: lineStart(text), Verbatim: true}
}

func mrkdwnSection(text string) *slackapi.SectionBlock {
	return &slackapi.SectionBlock{Type: slackapi.MBTSection, Text: mrkdwn(text)}
}

// plainSection returns a section of plain text, which Slack shows as
// written: no formatting, no links, no mentions.
func plainSection(text string) *slackapi.SectionBlock {
	return &slackapi.SectionBlock{Type: slackapi.MBTSection, Text: &slackapi.TextBlockObject{Type: slackapi.PlainTextType, Text: text}}
}

func contextBlock(text string) *slackapi.ContextBlock {
	return &slackapi.ContextBlock{
		Type:            slackapi.MBTContext,
		ContextElements: slackapi.ContextElements{Elements: []slackapi.MixedElement{mrkdwn(text)}},
	}
}

// BriefMessages renders several digests as Slack messages, in posting
// order: each story as Messages renders it (the time only in the last
// story's footer), with stories that fit together sharing a message,
// separated by a divider. An empty brief has no messages.
func BriefMessages(ds []news.Digest, opts RenderOptions) []Message {
	var out []Message
	for i, d := range ds {
		o := opts
		if i < len(ds)-1 {
			o.Time = time.Time{}
		}
		for j, m := range Messages(d, o) {
			if j == 0 && len(out) > 0 {
				if merged, ok := merge(out[len(out)-1], m); ok {
					out[len(out)-1] = merged
					continue
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// merge returns a followed by a divider and b, if that keeps within the
// limits.
func merge(a, b Message) (Message, bool) {
	if len(a.Blocks)+1+len(b.Blocks) > BlockLimit {
		return Message{}, false
	}
	blocks := make([]slackapi.Block, 0, len(a.Blocks)+1+len(b.Blocks))
	blocks = append(blocks, a.Blocks...)
	blocks = append(blocks, &slackapi.DividerBlock{Type: slackapi.MBTDivider})
	blocks = append(blocks, b.Blocks...)
	text := a.Text
	if joined := a.Text + " · " + b.Text; utf8.RuneCountInString(joined) <= fallbackLimit {
		text = joined
	}
	m := Message{Text: text, Blocks: blocks}
	if m.Chars() > MessageBudget {
		return Message{}, false
	}
	return m, true
}

// Payload returns the JSON that `digestbot digest --format slack` prints for
// d: the body of a chat.postMessage or webhook call,
// {"text": "…", "blocks": […]}, or a JSON array of such bodies when d needs
// several messages. It is indented, ends with a newline, and leaves <, >
// and & unescaped for reading.
func Payload(d news.Digest) ([]byte, error) {
	return EncodePayload(Messages(d, RenderOptions{}))
}

// BriefPayload is Payload for a brief of several digests (see
// BriefMessages); an empty brief is an empty array.
func BriefPayload(ds []news.Digest) ([]byte, error) {
	return EncodePayload(BriefMessages(ds, RenderOptions{}))
}

// EncodePayload encodes msgs as Payload does: one message as an object,
// any other number as an array.
func EncodePayload(msgs []Message) ([]byte, error) {
	var v any = msgs
	switch {
	case len(msgs) == 1:
		v = msgs[0]
	case msgs == nil:
		v = []Message{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("slack: encode payload: %w", err)
	}
	return unescapeHTML(buf.Bytes()), nil
}

// unescapeHTML undoes the \u003c, \u003e and \u0026 escapes that
// encoding/json writes for <, > and & even with SetEscapeHTML(false) when
// a value (slack-go's context elements) marshals itself. It reads escape
// sequences whole, so an escaped backslash followed by "u003c" stays.
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch string(b[i+2 : i+6]) {
			case "003c":
				out = append(out, '<')
				i += 5
				continue
			case "003e":
				out = append(out, '>')
				i += 5
				continue
			case "0026":
				out = append(out, '&')
				i += 5
				continue
			}
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}

// escaper escapes the three characters Slack's mrkdwn reads as markup
// (links, mentions, entities).
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape returns s with &, < and > escaped as Slack asks, so that text from
// an article shows as written and cannot mention or link.
func Escape(s string) string { return escaper.Replace(s) }

// lookalikes are characters of the same shape that mean nothing in mrkdwn
// for those that make text bold, italic, struck through or code (Slack
// reads their full-width forms as it reads the ASCII ones). mrkdwn has no
// escape for them, and a zero-width space beside one makes it format
// rather than not.
var lookalikes = map[rune]rune{
	'*':      '\u2217', // ∗ asterisk operator
	'_':      '\u02cd', // ˍ modifier letter low macron
	'~':      '\u223c', // ∼ tilde operator
	'`':      '\u02cb', // ˋ modifier letter grave accent
	'\uff0a': '\ufe61', // ＊ → ﹡ small asterisk
	'\uff3f': '\u02cd', // ＿ → ˍ
	'\uff40': '\u02cb', // ｀ → ˋ
}

// mrkdwnText returns s as mrkdwn that shows s and nothing else: &, < and >
// escaped (no link, mention or entity), and each formatting character
// replaced by its lookalike unless it stands between two letters or
// digits ("snake_case", "E*TRADE"), where Slack never formats.
func mrkdwnText(s string) string {
	s = Escape(s)
	if !strings.ContainsFunc(s, func(r rune) bool { _, ok := lookalikes[r]; return ok }) {
		return s
	}
	rs := []rune(s)
	word := func(i int) bool { return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i])) }
	for i, r := range rs {
		if l, ok := lookalikes[r]; ok && !(word(i-1) && word(i+1)) {
			rs[i] = l
		}
	}
	return string(rs)
}

// fitMrkdwn is fitEscaped for mrkdwnText: s made inert and cut within limit
// characters outside any entity.
func fitMrkdwn(s string, limit int) string { return fit(s, limit, mrkdwnText) }

// fitLine is fitMrkdwn for text that starts a line (see lineStart).
func fitLine(s string, limit int) string {
	if e := lineStart(fitMrkdwn(s, limit)); utf8.RuneCountInString(e) <= limit {
		return e
	}
	return lineStart(fitMrkdwn(s, limit-1))
}

// lineStart returns mrkdwn line s with a soft hyphen (U+00AD), which is not
// shown, before an opening ">" or "＞" (escaped or not), which would make
// the line a quote.
func lineStart(s string) string {
	for _, q := range []string{"&gt;", ">", "\uff1e"} {
		if strings.HasPrefix(s, q) {
			return "\u00ad" + s
		}
	}
	return s
}

// fitEscaped returns s escaped and, if that is longer than limit
// characters, cut at a character boundary outside any entity, trimmed and
// ended with "…", within limit.
func fitEscaped(s string, limit int) string { return fit(s, limit, Escape) }

// fit returns esc(s) and, if that is longer than limit characters, esc of
// the longest start of s that fits with a final "…", trimmed: never a cut
// entity.
func fit(s string, limit int, esc func(string) string) string {
	e := esc(s)
	if utf8.RuneCountInString(e) <= limit {
		return e
	}
	rs := []rune(s)
	for k := min(len(rs), limit-1); k > 0; k-- {
		if e = esc(string(rs[:k])); utf8.RuneCountInString(e) <= limit-1 {
			return strings.TrimRightFunc(e, unicode.IsSpace) + ellipsis
		}
	}
	return ellipsis
}

// fitPlain returns s cut to limit characters, ending with "…" when cut.
func fitPlain(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit-1]
	return strings.TrimRightFunc(string(runes), unicode.IsSpace) + ellipsis
}

// clean is render.Clean: one sanitizer for every output.
func clean(s string) string { return render.Clean(s) }

// webURL returns raw escaped for use inside a Slack link (<url|label>) when
// it is an absolute http or https URL, or "" when it is not (a file path, a
// "javascript:" URL). A "|" or ">" would end the link early, so they and
// spaces are percent-encoded and "&" is escaped.
func webURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return ""
	}
	return urlEscaper.Replace(raw)
}

var urlEscaper = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20")
