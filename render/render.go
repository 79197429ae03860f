package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/digestbot/digestbot/news"
)

// Format names an output format. The zero value writes text.
type Format string

// The formats Write and WriteBrief know.
const (
	// Text is plain text for a terminal; it is the default.
	Text Format = "text"
	// Markdown is CommonMark, for files and chat.
	Markdown Format = "markdown"
	// JSON is the stable machine-readable form described in the package doc.
	JSON Format = "json"
)

// Formats lists the valid formats in the order they are documented.
var Formats = []Format{Text, Markdown, JSON}

// ParseFormat returns the Format named s, ignoring case and surrounding
// space; "md" is accepted for Markdown and the empty string means Text. The
// error for any other name lists the valid ones.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "text":
		return Text, nil
	case "markdown", "md":
		return Markdown, nil
	case "json":
		return JSON, nil
	}
	return "", fmt.Errorf("render: unknown format %q (valid: %s)", s, formatNames())
}

func formatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Write writes d to w in format f. The output is written in one call to w.
func Write(w io.Writer, d news.Digest, f Format) error {
	var buf bytes.Buffer
	switch f {
	case "", Text:
		writeText(&buf, d)
	case Markdown:
		writeMarkdown(&buf, d)
	case JSON:
		if err := writeJSON(&buf, jsonDigestOf(d)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("render: unknown format %q (valid: %s)", f, formatNames())
	}
	return flush(w, &buf)
}

// WriteBrief writes several digests to w in format f: in text and Markdown
// one after another, separated by a blank line; in JSON as one object
// {"stories": [<digest>, …]}. The output is written in one call to w.
func WriteBrief(w io.Writer, ds []news.Digest, f Format) error {
	var buf bytes.Buffer
	switch f {
	case "", Text:
		writeEach(&buf, ds, "(no stories)\n", writeText)
	case Markdown:
		fn := new(footnotes)
		writeEach(&buf, ds, "*No stories.*\n", func(buf *bytes.Buffer, d news.Digest) { writeMarkdownNoted(buf, d, fn) })
	case JSON:
		b := jsonBrief{Stories: make([]jsonDigest, 0, len(ds))}
		for _, d := range ds {
			b.Stories = append(b.Stories, jsonDigestOf(d))
		}
		if err := writeJSON(&buf, b); err != nil {
			return err
		}
	default:
		return fmt.Errorf("render: unknown format %q (valid: %s)", f, formatNames())
	}
	return flush(w, &buf)
}

// writeEach writes ds one after another with write, a blank line
// between two, or none when there are no digests.
func writeEach(buf *bytes.Buffer, ds []news.Digest, none string, write func(*bytes.Buffer, news.Digest)) {
	if len(ds) == 0 {
		buf.WriteString(none)
	}
	for i, d := range ds {
		if i > 0 {
			buf.WriteByte('\n')
		}
		write(buf, d)
	}
}

func flush(w io.Writer, buf *bytes.Buffer) error {
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render: write: %w", err)
	}
	return nil
}
