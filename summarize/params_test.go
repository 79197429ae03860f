package summarize

import "testing"

func TestParseSimilarity(t *testing.T) {
	tests := []struct {
		in   string
		want Similarity
		err  string
	}{
		{"tfidf", TFIDF, ""},
		{"bm25", BM25, ""},
		{"BM25", "", `similarity "BM25": want tfidf or bm25`},
		{"", "", `similarity "": want tfidf or bm25`},
	}
	for _, tt := range tests {
		got, err := ParseSimilarity(tt.in)
		if got != tt.want {
			t.Errorf("ParseSimilarity(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if msg := errString(err); msg != tt.err {
			t.Errorf("ParseSimilarity(%q) error = %q; want %q", tt.in, msg, tt.err)
		}
	}
}

func TestAblate(t *testing.T) {
	tests := []struct {
		component string
		want      Params
		err       string
	}{
		{"", Params{}, ""},
		{"  ", Params{}, ""},
		{"position", Params{DisablePosition: true}, ""},
		{" cross-source", Params{DisableCrossSource: true}, ""},
		{"redundancy ", Params{DisableRedundancy: true}, ""},
		{"compression", Params{DisableCompression: true}, ""},
		{"title", Params{DisableTitle: true}, ""},
		{" cleaning", Params{}, `unknown component " cleaning"`},
		{"Title", Params{}, `unknown component "Title"`},
	}
	for _, tt := range tests {
		var p Params
		err := p.Ablate(tt.component)
		if p != tt.want {
			t.Errorf("Ablate(%q) = %+v; want %+v", tt.component, p, tt.want)
		}
		if msg := errString(err); msg != tt.err {
			t.Errorf("Ablate(%q) error = %q; want %q", tt.component, msg, tt.err)
		}
	}
}

// errString returns err's message, or "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
