package page

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseArticle(t *testing.T) {
	a, err := Parse("news/coastwire-bridge.txt", []byte(article(t)))
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

// article returns an invented plain-text article,
// testdata/coastwire-bridge.txt; sources' tests read it too.
func article(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "coastwire-bridge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
