package modelbin

import (
	"fmt"
	"slices"
)

// Verify checks that m holds exactly src: the same classes in the same order,
// the same tagMap, and, for every feature with weights, the same classes with
// weights that convert back to prose's float64 values bit for bit.
func Verify(m *Model, src *Source) error {
	if !slices.Equal(m.Classes, src.Classes) {
		return fmt.Errorf("modelbin: classes %q, want %q", m.Classes, src.Classes)
	}
	if m.SourceSum != src.Sum {
		return fmt.Errorf("modelbin: source sum %x, want %x", m.SourceSum, src.Sum)
	}
	if m.NumTags() != len(src.Tags) {
		return fmt.Errorf("modelbin: %d tagMap words, want %d", m.NumTags(), len(src.Tags))
	}
	for w, tag := range src.Tags {
		c, ok := m.TagOf(w)
		if !ok || m.Classes[c] != tag {
			return fmt.Errorf("modelbin: tagMap[%q] missing or wrong, want %q", w, tag)
		}
	}
	n := 0
	for f, want := range src.Weights {
		ws, ok := m.Weights([]byte(f))
		if len(want) == 0 {
			if ok {
				return fmt.Errorf("modelbin: feature %q without weights is stored", f)
			}
			continue
		}
		n++
		if !ok {
			return fmt.Errorf("modelbin: feature %q missing", f)
		}
		got := 0
		for c, milli, ok := ws.Next(); ok; c, milli, ok = ws.Next() {
			if c >= len(m.Classes) {
				return fmt.Errorf("modelbin: feature %q: class index %d out of range", f, c)
			}
			w, found := want[m.Classes[c]]
			if !found || float64(milli)/1000 != w {
				return fmt.Errorf("modelbin: feature %q class %s: %d thousandths, want %v", f, m.Classes[c], milli, w)
			}
			got++
		}
		if got != len(want) {
			return fmt.Errorf("modelbin: feature %q: %d weights, want %d", f, got, len(want))
		}
	}
	if m.NumFeatures() != n {
		return fmt.Errorf("modelbin: %d features, want %d", m.NumFeatures(), n)
	}
	return nil
}
