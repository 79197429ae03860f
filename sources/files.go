package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/page"
)

// StdinName names standard input in errors and in the articles read from
// it.
const StdinName = "stdin"

// ReadFile reads and parses one file. It refuses a file larger than
// page.MaxFileSize without reading it, and a directory with ErrIsDir.
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
	if fi.Mode().IsRegular() && fi.Size() > page.MaxFileSize {
		return news.Article{}, fmt.Errorf("read %s: %w", path, page.ErrTooLarge)
	}
	return readFrom(path, f)
}

// readFrom reads at most page.MaxFileSize bytes from r and parses them.
func readFrom(name string, r io.Reader) (news.Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, page.MaxFileSize+1))
	if err != nil {
		return news.Article{}, readError(name, err)
	}
	if len(data) > page.MaxFileSize {
		return news.Article{}, fmt.Errorf("read %s: %w", name, page.ErrTooLarge)
	}
	return page.Parse(name, data)
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

// ReadStory reads a folder of articles (or one file) as ReadPaths does,
// its problems joined: the shape in which eval loads a story.
func ReadStory(ctx context.Context, dir string) ([]news.Article, error) {
	arts, errs := ReadPaths(ctx, []string{dir}, nil)
	return arts, errors.Join(errs...)
}

// ReadPaths reads every path: a file, a directory (its regular files,
// non-recursive, sorted by name, hidden files skipped), or "-" meaning
// stdin (read from the given reader; its articles and errors are named
// StdinName). It returns every article it could read, in the order of
// paths, and one error per input that failed; one bad input never stops
// the others. A directory without a file to read is one error wrapping
// page.ErrNoArticles. Once ctx is done, every input not yet read fails with
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
			add(news.Article{}, fmt.Errorf("read %s: %w", displayName(p+"/"), page.ErrNoArticles))
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

// ErrIsDir is returned by ReadFile for a directory.
var ErrIsDir = errors.New("is a directory")
