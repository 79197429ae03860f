// Package sparse holds the sparse vectors that story and summarize weigh
// text with: weighted terms, sorted by term id, each term once. Term ids
// are the caller's (each package numbers its own vocabulary); sparse only
// walks two sorted vectors side by side.
package sparse

// Entry is one weighted term of a sparse vector.
type Entry struct {
	Term int32
	W    float64
}

// Dot returns the dot product of two sorted vectors: their cosine when
// both have unit length.
func Dot(a, b []Entry) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Term < b[j].Term:
			i++
		case a[i].Term > b[j].Term:
			j++
		default:
			s += a[i].W * b[j].W
			i++
			j++
		}
	}
	return s
}

// DotTop returns the dot product of two sorted vectors and the greatest
// part of it that one term contributes.
func DotTop(a, b []Entry) (dot, top float64) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Term < b[j].Term:
			i++
		case a[i].Term > b[j].Term:
			j++
		default:
			x := a[i].W * b[j].W
			dot += x
			top = max(top, x)
			i++
			j++
		}
	}
	return dot, top
}

// Sum returns a + b for sorted vectors, as a new vector.
func Sum(a, b []Entry) []Entry {
	out := make([]Entry, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Term < b[j].Term:
			out = append(out, a[i])
			i++
		case a[i].Term > b[j].Term:
			out = append(out, b[j])
			j++
		default:
			out = append(out, Entry{Term: a[i].Term, W: a[i].W + b[j].W})
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
