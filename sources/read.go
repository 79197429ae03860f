package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/digestbot/digestbot/lang"
	"github.com/digestbot/digestbot/news"
)

// MaxFileSize is the largest input read, in bytes. Larger files are
// refused without being read into memory.
const MaxFileSize = 20 << 20

// StdinName names standard input in errors and in the articles read from
// it.
const StdinName = "stdin"

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
	// ErrIsDir is returned by ReadFile for a directory.
	ErrIsDir = errors.New("is a directory")
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
	return parseDeclared(name, data, "")
}

// parseDeclared is Parse with the language that the input's server
// declared (Content-Language), "" when none: a hint after what a page
// declares itself.
func parseDeclared(name string, data []byte, declared string) (news.Article, error) {
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
	if looksLikeHTML(data) {
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
	lines := splitLines(text)
	outlet := detectOutlet(lines)
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
	title = cleanTitle(title, outlet)
	a := news.Article{
		ID:        name,
		URL:       name,
		Title:     title,
		Outlet:    outlet,
		Published: detectPublished(lines),
		Text:      cleanLines(lines, title),
	}
	detectLanguage(&a, declared)
	return a
}

// detectLanguage sets a's Language from its headline and text, with the
// language its page or feed declares as a hint (see lang.Detect).
func detectLanguage(a *news.Article, declared string) {
	a.Language = lang.Detect(a.Title+"\n"+a.Text, declared)
}

// declaredLanguage returns the first of the languages a page or feed
// declares, most specific first, that names a language; "" when none does.
func declaredLanguage(declared ...string) string {
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
// else read as Windows-1252 (see decodeWindows1252).
func decodeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data)
	}
	return decodeWindows1252(data)
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

// ReadFile reads and parses one file. It refuses a file larger than
// MaxFileSize without reading it, and a directory with ErrIsDir.
func ReadFile(path string) (news.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return news.Article{}, readError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return news.Article{}, readError(path, err)
	}
	if fi.IsDir() {
		return news.Article{}, fmt.Errorf("read %s: %w", path, ErrIsDir)
	}
	if fi.Mode().IsRegular() && fi.Size() > MaxFileSize {
		return news.Article{}, fmt.Errorf("read %s: %w", path, ErrTooLarge)
	}
	return readFrom(path, f)
}

// readFrom reads at most MaxFileSize bytes from r and parses them.
func readFrom(name string, r io.Reader) (news.Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return news.Article{}, readError(name, err)
	}
	if len(data) > MaxFileSize {
		return news.Article{}, fmt.Errorf("read %s: %w", name, ErrTooLarge)
	}
	return Parse(name, data)
}

// readError names the input and the problem, unwrapping *fs.PathError so
// that the path is not printed twice: "read x.txt: no such file or
// directory". errors.Is still sees fs.ErrNotExist through the errno.
func readError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// ReadPaths reads every path: a file, a directory (its regular files,
// non-recursive, sorted by name, hidden files skipped), or "-" meaning
// stdin (read from the given reader; its articles and errors are named
// StdinName). It returns every article it could read, in the order of
// paths, and one error per input that failed; one bad input never stops
// the others. A directory without a file to read is one error wrapping
// ErrNoArticles. Once ctx is done, every input not yet read fails with
// ctx's error.
func ReadPaths(ctx context.Context, paths []string, stdin io.Reader) ([]news.Article, []error) {
	var (
		arts []news.Article
		errs []error
	)
	add := func(a news.Article, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		arts = append(arts, a)
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			errs = append(errs, readError(displayName(p), err))
			continue
		}
		if p == "-" {
			if stdin == nil {
				add(news.Article{}, readError(StdinName, os.ErrInvalid))
				continue
			}
			add(readFrom(StdinName, stdin))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			add(news.Article{}, readError(p, err))
			continue
		}
		if !fi.IsDir() {
			add(ReadFile(p))
			continue
		}
		files, err := dirFiles(p)
		if err != nil {
			add(news.Article{}, readError(displayName(p+"/"), err))
			continue
		}
		if len(files) == 0 {
			add(news.Article{}, fmt.Errorf("read %s: %w", displayName(p+"/"), ErrNoArticles))
			continue
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				errs = append(errs, readError(f, err))
				continue
			}
			add(ReadFile(f))
		}
	}
	return arts, errs
}

// displayName is how an input is named in errors.
func displayName(p string) string {
	if p == "-" {
		return StdinName
	}
	if strings.HasSuffix(p, "//") {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// dirFiles lists the regular, non-hidden files of dir (following
// symbolic links), sorted by name.
func dirFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err != nil {
				continue
			}
			mode = fi.Mode()
		}
		if mode.IsRegular() {
			files = append(files, path)
		}
	}
	return files, nil
}
