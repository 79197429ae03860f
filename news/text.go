package news

import (
	"strings"
	"unicode/utf8"
)

// Head returns the longest start of an article's text of at most n bytes
// that ends at a line's end, where the text is cut for being too long:
// without a line break in it, at a space; without one, at a character's
// end. Cutting a head again at n changes nothing.
func Head(text string, n int) string {
	if len(text) <= n {
		return text
	}
	head := text[:n]
	if i := strings.LastIndexByte(head, '\n'); i >= 0 {
		return head[:i]
	}
	if i := strings.LastIndexByte(head, ' '); i >= 0 {
		return head[:i]
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}
