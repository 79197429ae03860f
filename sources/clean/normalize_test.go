package clean

import (
	"hash/fnv"
	"strings"
	"testing"
)

func TestDecodeWindows1252(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte("caf\xe9"), "café"},
		{[]byte("\x93quoted\x94 \x96 \x80 5"), "“quoted” – € 5"},
		{[]byte("mixed caf\xc3\xa9 and caf\xe9"), "mixed café and café"},
		{[]byte("undefined \x81\x8d\x8f\x90\x9d bytes"), "undefined  bytes"},
	}
	for _, tt := range tests {
		if got := DecodeWindows1252(tt.in); got != tt.want {
			t.Errorf("decodeWindows1252(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestRepairMojibakeLeavesText(t *testing.T) {
	// Text that merely contains the characters mojibake is made of.
	for _, s := range []string{
		"São Paulo, Zürich, Kraków, Øresund, Ærø, Ångström",
		"CAFÉ’S OWNER, JOSÉ’S SON",
		"Temperatures reached 40°C ± 2°",
		"The price was £5 or €6 — a bargain",
		"ÀÁÂÃÄÅ ÈÉÊË",
	} {
		if got := repairMojibake(s); got != s {
			t.Errorf("repairMojibake(%q) = %q; want it unchanged", s, got)
		}
	}
}

func TestNormKeyAndHashes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Mayor’s plan — revised!", "the mayor s plan revised"},
		{"  Zoë's CAFÉ, 24/7  ", "zoë s café 24 7"},
		{"...", ""},
	}
	for _, tt := range tests {
		got := NormKey(tt.in)
		if got != tt.want {
			t.Errorf("normKey(%q) = %q; want %q", tt.in, got, tt.want)
		}
		h := fnv.New64a()
		h.Write([]byte(got))
		full, _ := normHashes(tt.in, 7)
		if full != h.Sum64() {
			t.Errorf("normHashes(%q) = %x; want the FNV-1a hash of %q", tt.in, full, got)
		}
	}
	// Paragraphs that share their first seven words share the first hash.
	a := "One two three four five six seven eight nine"
	b := "ONE two, three four five six seven; different words follow here"
	_, ha := normHashes(a, 7)
	_, hb := normHashes(b, 7)
	if ha != hb {
		t.Errorf("normHashes first-words hash differs for %q and %q", a, b)
	}
	_, hc := normHashes(strings.Replace(a, "seven", "eleven", 1), 7)
	if ha == hc {
		t.Errorf("normHashes first-words hash equal for different seventh words")
	}
}
