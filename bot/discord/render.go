package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// Discord's message limits, counted in characters (Unicode code points), as
// Discord counts them. Messages and BriefMessages never exceed them: they
// split a digest into more embeds and more messages instead.
const (
	// MaxContent is the length of a message's content.
	MaxContent = 2000
	// MaxEmbeds is the number of embeds in one message.
	MaxEmbeds = 10
	// MaxEmbedTotal is the combined length of every embed's title,
	// description, field names and values, footer text and author name in
	// one message.
	MaxEmbedTotal = 6000
	// MaxTitle is the length of an embed's title.
	MaxTitle = 256
	// MaxDescription is the length of an embed's description.
	MaxDescription = 4096
	// MaxFields is the number of fields in one embed.
	MaxFields = 25
	// MaxFieldValue is the length of a field's value.
	MaxFieldValue = 1024
	// MaxFooter is the length of an embed's footer text.
	MaxFooter = 2048
)

// DefaultColor is the embeds' side colour when RenderOptions.Color is zero:
// Discord's blurple.
const DefaultColor = 0x5865F2

// maxSourcesShown is how many of a story's articles its "Sources" field
// lists; the rest are counted ("…and 3 more"), so that a story of fifty
// articles does not push its bullets into another message.
const maxSourcesShown = 10

// maxSourceLine bounds one line of the "Sources" field.
const maxSourceLine = 300

// maxOutletSuffix bounds the " — *AP, Reuters*" credit after a bullet.
const maxOutletSuffix = 512

// untitled stands in for an empty headline, so every story has a title.
const untitled = "(untitled)"

// Message is one Discord message body: what a webhook execution or a
// channel message create receives as JSON, and what an interaction's
// original response is edited to.
type Message struct {
	// Content is text above the embeds, at most MaxContent characters;
	// empty for most messages.
	Content string `json:"content,omitempty"`
	// Embeds are the message's embeds, at most MaxEmbeds; never null in
	// JSON.
	Embeds []*discordgo.MessageEmbed `json:"embeds"`
	// AllowedMentions is always set to allow no mention at all, so that
	// an article's "@everyone" or "<@&role>" never pings anybody.
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
}

// RenderOptions adjust how digests are drawn. The zero value draws them
// without a timestamp, in DefaultColor, with no content text.
type RenderOptions struct {
	// Time is shown as each story's embed timestamp, which Discord prints
	// beside the footer in the reader's time zone; zero leaves it out.
	// Posters set it to the time of posting when it is zero.
	Time time.Time
	// Color is the embeds' side colour as 0xRRGGBB; zero means
	// DefaultColor.
	Color int
	// Content is text shown above the first message's embeds (say,
	// "Morning brief"), sent as written (Discord markdown allowed) and cut
	// to MaxContent characters. Mentions in it never ping.
	Content string
}

// Messages renders d as Discord messages: one embed per story, whose title
// (at most MaxTitle characters, escaped as a line) links to the article
// whose headline it is (see titleURL), whose description lists the bullets
// one per line, as
// "• text — *Outlet, Outlet*", with every character Discord would read as
// markdown escaped, followed by a "Sources" field linking the articles and
// a footer naming the outlets, with opts.Time as the timestamp. When the
// bullets do not fit in one embed's description (MaxDescription) the story
// continues in further embeds, and when the embeds do not fit in one
// message (MaxEmbeds, MaxEmbedTotal) in further messages, whose first embed
// is titled "… (continued)". A bullet too long for one description is cut
// at spaces into pieces that start with "… ". Messages never fails and
// always returns at least one message.
func Messages(d news.Digest, opts RenderOptions) []Message {
	return BriefMessages([]news.Digest{d}, opts)
}

// BriefMessages renders several digests as Discord messages (see
// Messages), filling each message as far as the limits allow. A story that
// does not fit in what is left of a message but would fit whole in a
// message of its own starts a new message rather than being split.
// opts.Content goes above the first message. With no digests it returns
// one message saying so.
func BriefMessages(ds []news.Digest, opts RenderOptions) []Message {
	p := &packer{color: opts.Color}
	if p.color == 0 {
		p.color = DefaultColor
	}
	p.reset()
	for _, d := range ds {
		p.story(newStory(d, opts))
	}
	return p.finish(opts.Content)
}

// Payload returns the JSON that "digestbot digest --format discord" prints
// for d: the body of a webhook execution or a channel message create,
//
//	{"embeds": [{"title": …, "url": …, "description": …, "color": …,
//	  "fields": [{"name": "Sources", "value": …}], "footer": {"text": …}}],
//	 "allowed_mentions": {"parse": [], "replied_user": false}}
//
// ready to paste into a webhook call. When d needs several messages (see
// Messages) the JSON is an array of such bodies, to be sent in order. It is
// indented by two spaces and ends in a newline; no timestamp is set.
func Payload(d news.Digest) ([]byte, error) {
	return encodePayload(Messages(d, RenderOptions{}))
}

// BriefPayload is Payload for several digests (see BriefMessages): one
// message body as an object, several as an array.
func BriefPayload(ds []news.Digest) ([]byte, error) {
	return encodePayload(BriefMessages(ds, RenderOptions{}))
}

func encodePayload(msgs []Message) ([]byte, error) {
	var v any = msgs
	if len(msgs) == 1 {
		v = msgs[0]
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("discord: encode payload: %w", err)
	}
	return buf.Bytes(), nil
}

// noMentions allows no mention to be parsed.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// story is a digest cut into what its embeds will hold.
type story struct {
	title, url string
	// lines are the bullet lines, each at most MaxDescription characters.
	lines []string
	// closing holds the fields, footer and timestamp that end the story.
	closing discordgo.MessageEmbed
}

func newStory(d news.Digest, opts RenderOptions) story {
	s := story{title: truncate(escapeLine(d.Title), MaxTitle), url: titleURL(d)}
	if s.title == "" {
		s.title = untitled
	}
	for _, b := range d.Bullets {
		text := escapeText(b.Text)
		if text == "" {
			continue
		}
		var credit string
		if outlets := escapeAll(d.Outlets(b)); len(outlets) > 0 {
			credit = " — *" + truncate(strings.Join(outlets, ", "), maxOutletSuffix) + "*"
		}
		s.lines = append(s.lines, splitLine("• "+text, credit, MaxDescription)...)
	}
	if len(s.lines) == 0 {
		s.lines = []string{"*No bullets.*"}
	}
	s.closing.Fields = sourceFields(d)
	if footer := footerText(d); footer != "" {
		s.closing.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	if !opts.Time.IsZero() {
		s.closing.Timestamp = opts.Time.UTC().Format(time.RFC3339)
	}
	return s
}

// size is the story's length when it fits in one embed, and the number of
// embeds it needs at least.
func (s story) size() (chars, embeds int) {
	desc := 0
	for i, l := range s.lines {
		desc += runes(l)
		if i > 0 {
			desc++
		}
	}
	return runes(s.title) + desc + embedSize(&s.closing), (desc + MaxDescription - 1) / MaxDescription
}

// packer fills messages with the embeds of stories, line by line.
type packer struct {
	color int
	msgs  []Message
	cur   Message
	size  int // what cur's embeds count towards MaxEmbedTotal
}

func (p *packer) reset() {
	p.cur = Message{Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()}
	p.size = 0
}

// flush ends the current message, if it has anything.
func (p *packer) flush() {
	if len(p.cur.Embeds) > 0 {
		p.msgs = append(p.msgs, p.cur)
	}
	p.reset()
}

// fits reports whether an embed of n more characters fits in the current
// message.
func (p *packer) fits(n int) bool {
	return len(p.cur.Embeds) < MaxEmbeds && p.size+n <= MaxEmbedTotal
}

// open adds a new embed for story s to the current message, or to a new
// one when first (the characters it must hold at once) does not fit; an
// embed that starts a message after the story's first is titled
// "… (continued)".
func (p *packer) open(s story, first int, head bool) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: p.color}
	if head {
		e.Title, e.URL = s.title, s.url
	}
	if !p.fits(runes(e.Title) + first) {
		p.flush()
		if !head {
			e.Title = truncate(s.title, MaxTitle-len(" (continued)")) + " (continued)"
		}
	}
	p.cur.Embeds = append(p.cur.Embeds, e)
	p.size += runes(e.Title)
	return e
}

// story adds s to the messages.
func (p *packer) story(s story) {
	if chars, embeds := s.size(); len(p.cur.Embeds) > 0 && chars <= MaxEmbedTotal && embeds <= MaxEmbeds &&
		(p.size+chars > MaxEmbedTotal || len(p.cur.Embeds)+embeds > MaxEmbeds) {
		p.flush()
	}
	e := p.open(s, runes(s.lines[0]), true)
	n := 0 // characters in e.Description
	for _, l := range s.lines {
		add := runes(l)
		if n > 0 {
			add++
		}
		if n+add > MaxDescription || p.size+add > MaxEmbedTotal {
			e, n, add = p.open(s, runes(l), false), 0, runes(l)
		}
		if n > 0 {
			e.Description += "\n"
		}
		e.Description += l
		n += add
		p.size += add
	}
	closing := embedSize(&s.closing)
	if closing == 0 && s.closing.Timestamp == "" {
		return
	}
	if closing > 0 && p.size+closing > MaxEmbedTotal {
		e = p.open(s, closing, false)
	}
	e.Fields, e.Footer, e.Timestamp = s.closing.Fields, s.closing.Footer, s.closing.Timestamp
	p.size += closing
}

// finish returns the messages, with content on the first.
func (p *packer) finish(content string) []Message {
	p.flush()
	if len(p.msgs) == 0 {
		if content == "" {
			content = "No stories."
		}
		p.msgs = append(p.msgs, p.cur)
	}
	p.msgs[0].Content = truncate(strings.TrimSpace(content), MaxContent)
	return p.msgs
}

// embedSize is what e counts towards MaxEmbedTotal.
func embedSize(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

// titleURL returns the address of the article whose headline the
// digest's title is (render.TitleSource), for the embed's title to link
// to, or "" when that is no article's or the article has no web address:
// a title never links to another article than its own. Discord refuses a
// message whose embed URL is not an absolute http or https URL.
func titleURL(d news.Digest) string {
	i := render.TitleSource(d)
	if i < 0 {
		return ""
	}
	u := clean(d.Articles[i].URL)
	if !webURL(u) {
		return ""
	}
	p, _ := url.Parse(u)
	return p.String() // percent-encodes spaces, which Discord refuses
}

// webURL reports whether s is an absolute http or https URL with a host,
// short enough for Discord.
func webURL(s string) bool {
	if s == "" || len(s) > 2048 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// sourceFields lists the digest's articles, one per line, as links titled
// with their headline and followed by their outlet, in fields of at most
// MaxFieldValue characters.
func sourceFields(d news.Digest) []*discordgo.MessageEmbedField {
	var lines []string
	for i, a := range d.Articles {
		if i == maxSourcesShown {
			lines = append(lines, fmt.Sprintf("…and %d more", len(d.Articles)-maxSourcesShown))
			break
		}
		lines = append(lines, sourceLine(a))
	}
	if len(lines) == 0 {
		return nil
	}
	var fields []*discordgo.MessageEmbedField
	for i, v := range joinLines(lines, MaxFieldValue) {
		name := "Sources"
		if i > 0 {
			name = "Sources (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: v})
		if len(fields) == MaxFields {
			break
		}
	}
	return fields
}

// sourceLine is one line of the "Sources" field: "[Headline](url) — Outlet",
// or without a link when the article has no web address. A local file that
// names no outlet shows its file name, without the folders, in the
// outlet's place.
func sourceLine(a news.Source) string {
	headline, outlet, u := clean(a.Title), escapeText(a.Outlet), clean(a.URL)
	if outlet == "" {
		outlet = escapeText(a.FileName())
	}
	var s string
	switch {
	case webURL(u):
		// Discord shows backslash escapes inside a masked link's text as
		// written, so the text is stripped of markup instead of escaped.
		text := linkText(headline)
		if text == "" {
			text = linkText(u)
		}
		s = "[" + truncate(text, 200) + "](" + linkDestination(u) + ")"
	case headline != "":
		s = escapeText(truncate(headline, 200))
	}
	switch {
	case s == "" && outlet == "":
		s = "(unknown)"
	case s == "":
		s = outlet
	case outlet != "":
		s += " — " + outlet
	}
	return truncate(lineStart(s), maxSourceLine)
}

// linkText makes s safe as a masked link's text: brackets become
// parentheses and the characters of emphasis, code, spoilers and escapes
// are dropped.
func linkText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '[':
			b.WriteRune('(')
		case ']':
			b.WriteRune(')')
		case '*', '_', '~', '`', '|', '\\', '<', '>':
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// destinationEscaper percent-encodes what would end or break a markdown
// link destination.
var destinationEscaper = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")

func linkDestination(u string) string { return destinationEscaper.Replace(u) }

// footerText names the digest's outlets, each once, in article order.
func footerText(d news.Digest) string {
	var outlets []string
	seen := map[string]bool{}
	for _, a := range d.Articles {
		o := clean(a.Outlet)
		if o == "" || seen[o] {
			continue
		}
		seen[o] = true
		outlets = append(outlets, o)
	}
	if len(outlets) == 0 {
		return ""
	}
	return truncate(strings.Join(outlets, " · "), MaxFooter)
}

// joinLines joins lines with newlines into chunks of at most limit
// characters; every line must be at most limit characters long.
func joinLines(lines []string, limit int) []string {
	var chunks []string
	var cur strings.Builder
	n := 0
	for _, l := range lines {
		ln := runes(l)
		if n > 0 && n+1+ln > limit {
			chunks = append(chunks, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte('\n')
			n++
		}
		cur.WriteString(l)
		n += ln
	}
	if n > 0 {
		chunks = append(chunks, cur.String())
	}
	return chunks
}

// splitLine returns text+credit as one line when it fits in limit
// characters, or else text cut into pieces at spaces (at a character
// boundary when a word is too long) with credit on the last. Continuation
// pieces start with "… ", so that no piece starts with markdown that a line
// start would trigger ("# ", "> ", "- "), and no piece ends inside a
// backslash escape.
func splitLine(text, credit string, limit int) []string {
	if runes(text)+runes(credit) <= limit {
		return []string{text + credit}
	}
	const cont = "… "
	var pieces []string
	rs := []rune(text)
	budget := limit - runes(cont) - runes(credit)
	for len(rs) > 0 {
		if len(pieces) > 0 {
			rs = append([]rune(cont), rs...)
		}
		if len(rs) <= budget {
			pieces = append(pieces, string(rs))
			break
		}
		cut := budget
		for i := budget; i > budget/2; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		if escapes(rs[:cut]) {
			cut--
		}
		pieces = append(pieces, strings.TrimRight(string(rs[:cut]), " "))
		rs = []rune(strings.TrimLeft(string(rs[cut:]), " "))
	}
	pieces[len(pieces)-1] += credit
	return pieces
}

// escapes reports whether rs ends in a backslash that escapes the rune
// after it: an odd run of backslashes.
func escapes(rs []rune) bool {
	n := 0
	for i := len(rs) - 1; i >= 0 && rs[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// markdownSpecials are the characters escapeMarkdown escapes: those that
// start emphasis, underline, strikethrough, code, spoilers, masked links
// and mentions, channel links, timestamps and custom emoji (all of which
// start with '<'), and the backslash itself.
const markdownSpecials = "\\*_~`|[]<"

// escapeMarkdown returns s cleaned to one line (see clean) with a backslash
// before every character Discord would read as markdown, so that the text
// shows as written. Discord drops a backslash before any punctuation, so
// escaping is never visible. Line-start markup ("# ", "> ", "- ", "1. ") is
// escapeLine's: every bullet line starts with "• " or "… ".
func escapeMarkdown(s string) string { return escape(s, false) }

// escapeText is escapeMarkdown for text from an article, which must not
// link either: the colon of "://" is escaped too, so that an address in it
// is not made a link.
func escapeText(s string) string { return escape(s, true) }

// escape is escapeMarkdown, escaping the colon of "://" when noLinks.
func escape(s string, noLinks bool) string {
	s = clean(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		if strings.ContainsRune(markdownSpecials, r) || noLinks && r == ':' && strings.HasPrefix(s[i+1:], "//") {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeLine is escapeText for text that starts a line (an embed's
// title, a line of the "Sources" field): a first '#', '>', '-' or '+',
// which would make a heading, a quote or a list, is escaped too, and so is
// the dot of an opening "2025. ", which would number a list.
func escapeLine(s string) string { return lineStart(escapeText(s)) }

// lineStart escapes what would make line s, already escaped, a heading, a
// quote or a list item.
func lineStart(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("#>-+", rune(s[0])) {
		return "\\" + s
	}
	digits := 0
	for digits < len(s) && digits < 9 && '0' <= s[digits] && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') &&
		(digits+1 == len(s) || s[digits+1] == ' ') {
		return s[:digits] + "\\" + s[digits:]
	}
	return s
}

// escapeAll returns the non-empty escaped strings of ss.
func escapeAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = escapeText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clean is render.Clean: one sanitizer for every output.
func clean(s string) string { return render.Clean(s) }

// runes counts s in characters, as Discord's limits do.
func runes(s string) int { return utf8.RuneCountInString(s) }

// truncate cuts s to at most n characters, ending in "…" when cut.
func truncate(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	rs := []rune(s)[:n-1]
	if escapes(rs) {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " ") + "…"
}
