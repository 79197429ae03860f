package page

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/digestbot/digestbot/lang"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
)

// MaxFileSize is the largest input read, in bytes. Larger files are
// refused without being read into memory.
const MaxFileSize = 20 << 20

// The classes of input that yield no article. Errors returned by this
// package wrap one of them (or an fs error such as fs.ErrNotExist) and
// name the input: "read x.txt: empty file".
var (
	// ErrEmpty is returned for an input with nothing but white space.
	ErrEmpty = errors.New("empty file")
	// ErrBinary is returned for an input that is not text: it has NUL
	// bytes, control characters or mostly invalid UTF-8, or starts like a
	// known binary format (PDF, images, archives, executables).
	ErrBinary = errors.New("binary file")
	// ErrNoText is returned when nothing is left of an input once Clean
	// has removed what is not article text.
	ErrNoText = errors.New("no article text")
	// ErrNoArticles is returned for a directory without a regular,
	// non-hidden file.
	ErrNoArticles = errors.New("no articles")
	// ErrTooLarge is returned for an input larger than MaxFileSize.
	ErrTooLarge = fmt.Errorf("file exceeds %d MB", MaxFileSize>>20)
)

// Parse turns one input's bytes into an Article. name is the file path
// (or "-" / "stdin") used for errors and the Article's URL and ID, never
// its outlet: a file that does not name its publisher has no Outlet. HTML
// is recognised by its content, not by the name, and reduced to its main
// text; plain text is decoded (UTF-8, UTF-16 with a byte-order mark, or
// Windows-1252/Latin-1) and cleaned. Its Language is detected from its
// text, with the language a page declares as a hint (see lang.Detect). The
// error wraps ErrTooLarge, ErrEmpty, ErrBinary or ErrNoText.
func Parse(name string, data []byte) (news.Article, error) {
	return ParseDeclared(name, data, "")
}

// ParseDeclared is Parse with the language that the input's server
// declared (Content-Language), "" when none: a hint after what a page
// declares itself.
func ParseDeclared(name string, data []byte, declared string) (news.Article, error) {
	if len(data) > MaxFileSize {
		return news.Article{}, fmt.Errorf("read %s: %w", name, ErrTooLarge)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))) == 0 {
		return news.Article{}, fmt.Errorf("read %s: %w", name, ErrEmpty)
	}
	data, err := decodeUTF16(data)
	if err != nil || isBinary(data) {
		return news.Article{}, fmt.Errorf("read %s: %w", name, ErrBinary)
	}
	var a news.Article
	if LooksLikeHTML(data) {
		if a, err = parseHTML(name, decodeHTML(data), declared); err != nil {
			return news.Article{}, fmt.Errorf("read %s: %w", name, err)
		}
	} else {
		a = parsePlain(name, decodeText(data), declared)
	}
	if a.Text == "" {
		return news.Article{}, fmt.Errorf("read %s: %w", name, ErrNoText)
	}
	return a, nil
}

// parsePlain builds the Article of a plain-text input; declared is the
// language its server declared, "" when none.
func parsePlain(name, text, declared string) news.Article {
	lines := clean.SplitLines(text)
	outlet := DetectOutlet(lines)
	title := detectTitle(lines)
	if outlet == "" {
		// A masthead sits above a headline: a line named like the file
		// that is the only headline is the headline.
		if m := masthead(name, lines); m != "" && (!sameOutlet(title, m) || detectTitle(without(lines, m)) != "") {
			outlet = m
		}
	}
	if outlet != "" && sameOutlet(title, outlet) {
		title = detectTitle(without(lines, outlet))
	}
	title = CleanTitle(title, outlet)
	a := news.Article{
		ID:        name,
		URL:       name,
		Title:     title,
		Outlet:    outlet,
		Published: detectPublished(lines),
		Text:      clean.Lines(lines, title),
	}
	DetectLanguage(&a, declared)
	return a
}

// DetectLanguage sets a's Language from its headline and text, with the
// language its page or feed declares as a hint (see lang.Detect).
func DetectLanguage(a *news.Article, declared string) {
	a.Language = lang.Detect(a.Title+"\n"+a.Text, declared)
}

// DeclaredLanguage returns the first of the languages a page or feed
// declares, most specific first, that names a language; "" when none does.
func DeclaredLanguage(declared ...string) string {
	for _, d := range declared {
		if lang.Normalize(d) != "" {
			return d
		}
	}
	return ""
}

// without returns lines with those that name outlet blanked.
func without(lines []string, outlet string) []string {
	rest := slices.Clone(lines)
	for i, l := range rest {
		if sameOutlet(l, outlet) {
			rest[i] = ""
		}
	}
	return rest
}

// decodeUTF16 converts UTF-16 text with a byte-order mark to UTF-8 and
// returns other input unchanged.
func decodeUTF16(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data, nil
	}
	dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	return dec.Bytes(data)
}

// decodeText returns plain text as UTF-8: as it is when it is valid UTF-8,
// else read as Windows-1252 (see clean.DecodeWindows1252).
func decodeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data)
	}
	return clean.DecodeWindows1252(data)
}

// binaryMagic are the first bytes of common binary formats.
var binaryMagic = [][]byte{
	[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF87a"), []byte("GIF89a"), []byte("\xFF\xD8\xFF"),
	[]byte("PK\x03\x04"), []byte("\x1F\x8B"), []byte("\x7FELF"), []byte("BZh9"), []byte("\xFD7zXZ"),
	[]byte("7z\xBC\xAF"), []byte("Rar!"), []byte("OggS"), []byte("ID3"), []byte("RIFF"), []byte("wOFF"),
	[]byte("wOF2"), []byte("\x1A\x45\xDF\xA3"), []byte("SQLite format 3"), []byte("\xD0\xCF\x11\xE0"),
	[]byte("\xCA\xFE\xBA\xBE"), []byte("\xCF\xFA\xED\xFE"), []byte("MZ\x90\x00"), []byte("II*\x00"), []byte("MM\x00*"),
}

// isBinary reports whether data is not text: it starts like a known
// binary format, or its first 64 KB hold a NUL byte, more than 1% control
// characters, or more than 30% bytes that are not valid UTF-8 (text in
// Latin-1 or Windows-1252 has a few percent).
func isBinary(data []byte) bool {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	if len(data) >= 12 && bytes.Equal(data[4:8], []byte("ftyp")) {
		return true // MP4, MOV, HEIC
	}
	sample := data[:min(len(data), 64<<10)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	controls, invalid := 0, 0
	for i := 0; i < len(sample); {
		c := sample[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B {
				controls++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(sample[i:])
		if r == utf8.RuneError && size <= 1 {
			if len(sample)-i >= utf8.UTFMax || utf8.FullRune(sample[i:]) {
				invalid++
			}
			i++
			continue
		}
		i += size
	}
	return controls*100 > len(sample) || invalid*10 > len(sample)*3
}
