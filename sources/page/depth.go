package page

import (
	"bytes"
	"fmt"
)

// MaxDepth is how deep the elements of a page or a feed may nest: HTML's
// parser (golang.org/x/net/html) refuses deeper pages, and XML feeds and
// subscription lists are held to the same (JSON's parser stops at 10,000
// levels, which costs little). Real documents nest a few dozen levels at
// most; a document nested deeper is built to make a parser spend memory
// (a feed parser builds a tree of every unknown element), and is refused
// before it is parsed.
const MaxDepth = 512

// ErrTooDeep is returned for a page, XML feed or subscription list whose
// elements nest deeper than MaxDepth.
var ErrTooDeep = fmt.Errorf("nested deeper than %d levels", MaxDepth)

// CheckXMLDepth returns ErrTooDeep when the elements of an XML document
// nest deeper than max. It reads the tags only — a start tag opens, an end
// tag closes, an empty-element tag does both — and skips comments, CDATA
// sections, processing instructions and declarations; whether the
// document is well formed is the parser's business, after it. It costs a
// few milliseconds for a 5 MB document and allocates nothing.
func CheckXMLDepth(data []byte, max int) error {
	depth := 0
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return nil
		}
		i += j + 1
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			i = skipPast(data, i+3, "-->")
		case bytes.HasPrefix(rest, []byte("![CDATA[")):
			i = skipPast(data, i+8, "]]>")
		case len(rest) > 0 && (rest[0] == '?' || rest[0] == '!'):
			i = skipPast(data, i, ">")
		case len(rest) > 0 && rest[0] == '/':
			depth--
			i = skipPast(data, i, ">")
		default:
			end, empty := tagEnd(data, i)
			if !empty {
				if depth++; depth > max {
					return ErrTooDeep
				}
			}
			i = end
		}
	}
	return nil
}

// skipPast returns the index just after the first sep at or after i, or
// len(data) when there is none.
func skipPast(data []byte, i int, sep string) int {
	k := bytes.Index(data[i:], []byte(sep))
	if k < 0 {
		return len(data)
	}
	return i + k + len(sep)
}

// tagEnd returns the index just after the '>' that ends the tag whose name
// starts at i, quoted attribute values skipped, and whether it is an
// empty-element tag ("/>").
func tagEnd(data []byte, i int) (end int, empty bool) {
	var quote byte
	for ; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, i > 0 && data[i-1] == '/'
		}
	}
	return len(data), false
}
