package page

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckXMLDepth(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		deep bool
	}{
		{"a feed", `<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title></item></channel></rss>`, false},
		{"at the limit", nest("a", MaxDepth), false},
		{"one past the limit", nest("a", MaxDepth+1), true},
		{"siblings do not nest", strings.Repeat(nest("a", 10), 1000), false},
		{"empty-element tags do not nest", "<r>" + strings.Repeat("<a/>", 2000) + strings.Repeat("<a x='1' />", 2000) + "</r>", false},
		{"a comment is not markup", "<r><!-- " + strings.Repeat("<a>", 2000) + " --></r>", false},
		{"nor is CDATA", "<r><![CDATA[" + strings.Repeat("<a>", 2000) + "]]></r>", false},
		{"nor a declaration or instruction", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><?pi <a><a>?><r/>`, false},
		{"a quoted > does not end a tag", "<r>" + strings.Repeat(`<a t="x/>y">`, MaxDepth+1) + "</r>", true},
		{"unclosed to the end", strings.Repeat("<a>", MaxDepth+1), true},
		{"truncated tag", "<r><a title=\"", false},
	}
	for _, tt := range tests {
		err := CheckXMLDepth([]byte(tt.doc), MaxDepth)
		if got := errors.Is(err, ErrTooDeep); got != tt.deep {
			t.Errorf("%s: CheckXMLDepth = %v; want too deep: %v", tt.name, err, tt.deep)
		}
	}
}

// nest returns n levels of <tag>, closed.
func nest(tag string, n int) string {
	return strings.Repeat("<"+tag+">", n) + strings.Repeat("</"+tag+">", n)
}
