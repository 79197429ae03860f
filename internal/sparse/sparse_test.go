package sparse

import (
	"slices"
	"testing"
)

func TestVectors(t *testing.T) {
	a := []Entry{{Term: 1, W: 0.5}, {Term: 3, W: 2}, {Term: 7, W: 1}}
	b := []Entry{{Term: 2, W: 4}, {Term: 3, W: 0.25}, {Term: 7, W: 3}, {Term: 9, W: 1}}
	tests := []struct {
		name     string
		a, b     []Entry
		dot, top float64
		sum      []Entry
	}{
		{"overlap", a, b, 3.5, 3, []Entry{{1, 0.5}, {2, 4}, {3, 2.25}, {7, 4}, {9, 1}}},
		{"empty", a, nil, 0, 0, a},
		{"disjoint", a[:1], b[:1], 0, 0, []Entry{{1, 0.5}, {2, 4}}},
	}
	for _, tt := range tests {
		if got := Dot(tt.a, tt.b); got != tt.dot {
			t.Errorf("%s: Dot = %v; want %v", tt.name, got, tt.dot)
		}
		if dot, top := DotTop(tt.a, tt.b); dot != tt.dot || top != tt.top {
			t.Errorf("%s: DotTop = %v, %v; want %v, %v", tt.name, dot, top, tt.dot, tt.top)
		}
		if got := Sum(tt.a, tt.b); !slices.Equal(got, tt.sum) {
			t.Errorf("%s: Sum = %v; want %v", tt.name, got, tt.sum)
		}
	}
}
