package sources

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// article is an invented plain-text article.
const article = `Harbor Bridge Reopens After Eleven-Week Closure

PORT ALDER (Coastwire) — The Harbor Bridge reopened to traffic early Tuesday, ending an eleven-week closure that sent commuters onto ferries.

State officials lifted the barriers at 5 a.m., two weeks ahead of schedule, and the first vehicles across were two school buses.

Advertisement

“The bridge is safe, and it is ready for another fifty years,” said Lena Okoro, the regional transportation director.

© 2025 Coastwire
`

func TestParseArticle(t *testing.T) {
	a, err := Parse("news/coastwire-bridge.txt", []byte(article))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []struct{ field, got, want string }{
		{"ID", a.ID, "news/coastwire-bridge.txt"},
		{"URL", a.URL, "news/coastwire-bridge.txt"},
		{"Title", a.Title, "Harbor Bridge Reopens After Eleven-Week Closure"},
		{"Outlet", a.Outlet, "Coastwire"},
		{"Text", a.Text, "The Harbor Bridge reopened to traffic early Tuesday, ending an eleven-week closure that sent commuters onto ferries.\n" +
			"State officials lifted the barriers at 5 a.m., two weeks ahead of schedule, and the first vehicles across were two school buses.\n" +
			"“The bridge is safe, and it is ready for another fifty years,” said Lena Okoro, the regional transportation director."},
	}
	for _, w := range want {
		if w.got != w.want {
			t.Errorf("Parse(article).%s = %q; want %q", w.field, w.got, w.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"x.txt", nil, ErrEmpty, "read x.txt: empty file"},
		{"x.txt", []byte(" \n\t\r\n"), ErrEmpty, "read x.txt: empty file"},
		{"x.txt", []byte("\xEF\xBB\xBF\n"), ErrEmpty, "read x.txt: empty file"},
		{"x.bin", []byte("abc\x00def text that goes on"), ErrBinary, "read x.bin: binary file"},
		{"x.pdf", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj"), ErrBinary, "read x.pdf: binary file"},
		{"x.png", []byte("\x89PNG\r\n\x1a\n rest of the image"), ErrBinary, "read x.png: binary file"},
		{"x.gz", []byte("\x1f\x8b\x08\x00 compressed"), ErrBinary, "read x.gz: binary file"},
		{"x.bin", []byte(strings.Repeat("\x80\xfe\xc3\x28\x90", 40)), ErrBinary, "read x.bin: binary file"},
		{"x.bin", []byte(strings.Repeat("a\x01b\x02c\x03 ", 30)), ErrBinary, "read x.bin: binary file"},
		{"x.txt", []byte("Menu\nAdvertisement\nRead more\nCopyright 2024 Example News"), ErrNoText, "read x.txt: no article text"},
		{"-", []byte("<html><body><nav>Home</nav></body></html>"), ErrNoText, "read -: no article text"},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			_, err := Parse(tt.name, tt.data)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q, %.20q) error = %v; want %v", tt.name, tt.data, err, tt.want)
			}
			if err != nil && err.Error() != tt.msg {
				t.Errorf("Parse(%q, %.20q) error = %q; want %q", tt.name, tt.data, err, tt.msg)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	_, err := Parse("big.txt", data)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "read big.txt: file exceeds 20 MB" {
		t.Errorf("Parse(big.txt) error = %v; want %q", err, "read big.txt: file exceeds 20 MB")
	}
}

func TestParseEncodings(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "The café on Main Street reopened on Monday after a two-year renovation, its owner said." {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"latin-1", []byte("Le caf\xe9 de la place a rouvert lundi apr\xe8s deux ans de travaux, selon son propri\xe9taire."),
			"Le café de la place a rouvert lundi après deux ans de travaux, selon son propriétaire."},
		{"windows-1252 quotes", []byte("\x93We are back,\x94 the owner said on Monday \x96 two years after the fire destroyed the caf\xe9."),
			"“We are back,” the owner said on Monday – two years after the fire destroyed the café."},
		{"utf-16 with BOM", utf16, "The café on Main Street reopened on Monday after a two-year renovation, its owner said."},
		{"utf-8 BOM", []byte("\xEF\xBB\xBFThe café on Main Street reopened on Monday after a two-year renovation, its owner said."),
			"The café on Main Street reopened on Monday after a two-year renovation, its owner said."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.txt", tt.data)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.name, err)
			}
			if a.Text != tt.want {
				t.Errorf("Parse(%q).Text = %q; want %q", tt.name, a.Text, tt.want)
			}
		})
	}
}

func TestReadFileTestdata(t *testing.T) {
	for _, name := range []string{"latin1.txt", "cp1252.txt"} {
		a, err := ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatalf("ReadFile(%s): %v", name, err)
		}
		if a.Title != "Le marché couvert de Montclair rouvre après deux ans de travaux" {
			t.Errorf("ReadFile(%s).Title = %q", name, a.Title)
		}
		if !strings.Contains(a.Text, "déclaré le maire, François Lebrun") {
			t.Errorf("ReadFile(%s).Text = %q; want correct UTF-8", name, a.Text)
		}
		if a.Outlet != "" {
			t.Errorf("ReadFile(%s).Outlet = %q; want none: the text names no outlet, and a file name is none", name, a.Outlet)
		}
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "x.txt")
	_, err := ReadFile(missing)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "read "+missing+": no such file or directory" {
		t.Errorf("ReadFile(missing) error = %v; want %q", err, "read "+missing+": no such file or directory")
	}
	_, err = ReadFile(dir)
	if !errors.Is(err, ErrIsDir) {
		t.Errorf("ReadFile(dir) error = %v; want %v", err, ErrIsDir)
	}
	// A sparse file over the cap is refused without being read.
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(big)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "read "+big+": file exceeds 20 MB" {
		t.Errorf("ReadFile(big) error = %v", err)
	}
}

// endless is a reader that never ends and counts what was read from it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := strings.Replace(article, "Harbor Bridge Reopens", "Ferry Service Resumes", 1)
	write("stories/b.txt", good)
	write("stories/a.html", "<!doctype html><html><head><title>Pier repairs finish early | Coastwire</title></head><body><article>"+
		"<p>Repairs to the eastern pier finished a week early, the harbor authority said on Friday, and ferries will dock there again from Monday.</p>"+
		"<p>Engineers replaced two concrete supports that the January storm had cracked, at a cost of about four million dollars.</p></article></body></html>")
	write("stories/.hidden.txt", good)
	write("stories/sub/c.txt", good)
	write("stories/empty.txt", "")
	if err := os.Mkdir(filepath.Join(dir, "none"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("none/.DS_Store", "x")
	single := write("single.txt", article)

	paths := []string{single, filepath.Join(dir, "stories"), "-", filepath.Join(dir, "missing.txt"), filepath.Join(dir, "none")}
	arts, errs := ReadPaths(context.Background(), paths, strings.NewReader(good))

	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{single, filepath.Join(dir, "stories", "a.html"), filepath.Join(dir, "stories", "b.txt"), "stdin"}
	if strings.Join(ids, "|") != strings.Join(wantIDs, "|") {
		t.Errorf("ReadPaths IDs = %q; want %q", ids, wantIDs)
	}
	wantErrs := []string{
		"read " + filepath.Join(dir, "stories", "empty.txt") + ": empty file",
		"read " + filepath.Join(dir, "missing.txt") + ": no such file or directory",
		"read " + filepath.Join(dir, "none") + "/: no articles",
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if strings.Join(got, "|") != strings.Join(wantErrs, "|") {
		t.Errorf("ReadPaths errors = %q; want %q", got, wantErrs)
	}
	if len(arts) > 1 && arts[1].Title != "Pier repairs finish early" {
		t.Errorf("ReadPaths HTML title = %q; want %q", arts[1].Title, "Pier repairs finish early")
	}
	if len(errs) == 3 && !errors.Is(errs[2], ErrNoArticles) {
		t.Errorf("ReadPaths(empty dir) error = %v; want %v", errs[2], ErrNoArticles)
	}
}

func TestReadPathsStdinCapped(t *testing.T) {
	r := &endless{}
	_, errs := ReadPaths(context.Background(), []string{"-"}, r)
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) || errs[0].Error() != "read stdin: file exceeds 20 MB" {
		t.Fatalf("ReadPaths(endless stdin) errors = %v; want one %q", errs, "read stdin: file exceeds 20 MB")
	}
	if r.n > MaxFileSize+64<<10 {
		t.Errorf("read %d bytes from stdin; want at most about %d", r.n, MaxFileSize+1)
	}
}

func TestReadPathsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	arts, errs := ReadPaths(ctx, []string{"a.txt", "-"}, strings.NewReader(article))
	if len(arts) != 0 || len(errs) != 2 {
		t.Fatalf("ReadPaths(canceled) = %d articles, %d errors; want 0, 2", len(arts), len(errs))
	}
	for _, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ReadPaths(canceled) error = %v; want %v", err, context.Canceled)
		}
	}
	if errs[1].Error() != "read stdin: context canceled" {
		t.Errorf("ReadPaths(canceled) error = %q; want %q", errs[1], "read stdin: context canceled")
	}
}

func TestReadPathsNilStdin(t *testing.T) {
	_, errs := ReadPaths(context.Background(), []string{"-"}, nil)
	if len(errs) != 1 {
		t.Fatalf("ReadPaths(-, nil) errors = %v; want one", errs)
	}
}

var _ io.Reader = (*endless)(nil)
