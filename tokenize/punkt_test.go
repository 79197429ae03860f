package tokenize

import (
	"maps"
	"testing"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// jsonModel decodes the sentences package's own English model, as
// english.NewSentenceTokenizer(nil) does.
func jsonModel(tb testing.TB) *sentences.Storage {
	tb.Helper()
	b, err := data.Asset("data/english.json")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sentences.LoadTraining(b)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestPunktModel checks that punkt_english.txt reads back to the model that
// the sentences package decodes from its JSON, entry by entry. When it
// fails after an upgrade of the sentences module, run go generate.
func TestPunktModel(t *testing.T) {
	got, err := englishModel()
	if err != nil {
		t.Fatalf("englishModel() error: %v", err)
	}
	want := jsonModel(t)
	for _, set := range []struct {
		name      string
		got, want sentences.SetString
	}{
		{"AbbrevTypes", got.AbbrevTypes, want.AbbrevTypes},
		{"Collocations", got.Collocations, want.Collocations},
		{"SentStarters", got.SentStarters, want.SentStarters},
		{"OrthoContext", got.OrthoContext, want.OrthoContext},
	} {
		if len(set.got) != len(set.want) {
			t.Errorf("%s: %d entries; want %d", set.name, len(set.got), len(set.want))
		}
		if !maps.Equal(set.got, set.want) {
			for k, v := range set.want {
				if g, ok := set.got[k]; !ok || g != v {
					t.Errorf("%s[%q] = %d, %v; want %d", set.name, k, g, ok, v)
				}
			}
		}
	}
}

// BenchmarkPunktLoad reads the embedded model: the cost of the first
// Sentences call of a process.
func BenchmarkPunktLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := englishModel(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPunktLoadJSON decodes the sentences package's JSON model, as
// english.NewSentenceTokenizer(nil) does: what BenchmarkPunktLoad replaces.
func BenchmarkPunktLoadJSON(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		jsonModel(b)
	}
}
