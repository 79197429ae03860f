package summarize

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMinHeapKthLargest checks that minHeap finds the value that sorting
// finds (build's edge floor), repeats and ties included.
func TestMinHeapKthLargest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 2000 {
		n, k := 1+r.IntN(200), 1+r.IntN(40)
		if k > n {
			k = n
		}
		ws := make([]float64, n)
		for i := range ws {
			if trial%2 == 0 {
				ws[i] = float64(r.IntN(10)) / 10 // many repeats
			} else {
				ws[i] = r.Float64()
			}
		}
		var h minHeap
		for _, w := range ws {
			h.keep(w, k)
		}
		sorted := slices.Clone(ws)
		slices.Sort(sorted)
		if got, want := h[0], sorted[len(sorted)-k]; got != want {
			t.Fatalf("trial %d: %d-th largest of %v = %v; sorting gives %v", trial, k, ws, got, want)
		}
	}
}
