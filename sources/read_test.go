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

	"github.com/digestbot/digestbot/sources/page"
)

// article returns an invented plain-text article, one of page's
// fixtures.
func article(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("page", "testdata", "coastwire-bridge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestReadFileTestdata(t *testing.T) {
	for _, name := range []string{"latin1.txt", "cp1252.txt"} {
		a, err := ReadFile(filepath.Join("page", "testdata", name))
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
	if err := f.Truncate(page.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(big)
	if !errors.Is(err, page.ErrTooLarge) || err.Error() != "read "+big+": file exceeds 20 MB" {
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
	good := strings.Replace(article(t), "Harbor Bridge Reopens", "Ferry Service Resumes", 1)
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
	single := write("single.txt", article(t))

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
	if len(errs) == 3 && !errors.Is(errs[2], page.ErrNoArticles) {
		t.Errorf("ReadPaths(empty dir) error = %v; want %v", errs[2], page.ErrNoArticles)
	}
}

func TestReadPathsStdinCapped(t *testing.T) {
	r := &endless{}
	_, errs := ReadPaths(context.Background(), []string{"-"}, r)
	if len(errs) != 1 || !errors.Is(errs[0], page.ErrTooLarge) || errs[0].Error() != "read stdin: file exceeds 20 MB" {
		t.Fatalf("ReadPaths(endless stdin) errors = %v; want one %q", errs, "read stdin: file exceeds 20 MB")
	}
	if r.n > page.MaxFileSize+64<<10 {
		t.Errorf("read %d bytes from stdin; want at most about %d", r.n, page.MaxFileSize+1)
	}
}

func TestReadPathsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	arts, errs := ReadPaths(ctx, []string{"a.txt", "-"}, strings.NewReader(article(t)))
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
