package modelbin

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/jdkato/prose/v2"
)

// Source is prose's averaged-perceptron model as its gob assets hold it.
type Source struct {
	Weights map[string]map[string]float64 // feature → class → weight
	Tags    map[string]string             // tagMap: word → tag, bypassing the perceptron
	Classes []string
	Sum     [32]byte // SHA-256 of the three assets
}

// assetDir is where prose's bindata keeps the tagger's model.
const assetDir = "model/AveragedPerceptron/"

// SourceSum returns the SHA-256 of prose's classes.gob, tags.gob and
// weights.gob, which a model.bin records to show what it was made from.
func SourceSum() ([32]byte, error) {
	h := sha256.New()
	for _, name := range []string{"classes.gob", "tags.gob", "weights.gob"} {
		b, err := prose.Asset(assetDir + name)
		if err != nil {
			return [32]byte{}, fmt.Errorf("modelbin: read prose asset %s: %w", name, err)
		}
		h.Write(b)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

// FromProse decodes the model compiled into prose, as prose's own
// newPerceptronTagger does (tag.go), through prose's exported Asset.
func FromProse() (*Source, error) {
	src := &Source{}
	for _, a := range []struct {
		name string
		v    any
	}{
		{"classes.gob", &src.Classes},
		{"tags.gob", &src.Tags},
		{"weights.gob", &src.Weights},
	} {
		b, err := prose.Asset(assetDir + a.name)
		if err != nil {
			return nil, fmt.Errorf("modelbin: read prose asset %s: %w", a.name, err)
		}
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(a.v); err != nil {
			return nil, fmt.Errorf("modelbin: decode prose asset %s: %w", a.name, err)
		}
	}
	sum, err := SourceSum()
	if err != nil {
		return nil, err
	}
	src.Sum = sum
	return src, nil
}

// Encode writes src as a model.bin. The output depends only on src, so
// regenerating from the same prose version gives the same bytes.
func Encode(src *Source) ([]byte, error) {
	if len(src.Classes) > 256 {
		return nil, fmt.Errorf("modelbin: %d classes, at most 256 fit a byte", len(src.Classes))
	}
	classIndex := make(map[string]int, len(src.Classes))
	var classes []byte
	for i, c := range src.Classes {
		if len(c) > 255 {
			return nil, fmt.Errorf("modelbin: class %q longer than 255 bytes", c)
		}
		if _, dup := classIndex[c]; dup {
			return nil, fmt.Errorf("modelbin: class %q listed twice", c)
		}
		classIndex[c] = i
		classes = append(classes, byte(len(c)))
		classes = append(classes, c...)
	}

	words := sortedKeys(src.Tags)
	tagRecs := make([][]byte, len(words))
	for i, w := range words {
		c, ok := classIndex[src.Tags[w]]
		if !ok {
			return nil, fmt.Errorf("modelbin: tagMap gives %q the tag %q, not a class", w, src.Tags[w])
		}
		tagRecs[i] = append(key(w), byte(c))
	}

	// Features without weights (prose's model has 11) add nothing to any
	// score in prose's predict, so they are left out.
	var feats []string
	for _, f := range sortedKeys(src.Weights) {
		if len(src.Weights[f]) > 0 {
			feats = append(feats, f)
		}
	}
	featRecs := make([][]byte, len(feats))
	for i, f := range feats {
		ws := src.Weights[f]
		labels := sortedKeys(ws)
		slices.SortFunc(labels, func(a, b string) int { return classIndex[a] - classIndex[b] })
		if len(labels) > 255 {
			return nil, fmt.Errorf("modelbin: feature %q has %d weights", f, len(labels))
		}
		rec := append(key(f), byte(len(labels)))
		for _, l := range labels {
			c, ok := classIndex[l]
			if !ok {
				return nil, fmt.Errorf("modelbin: feature %q weighs %q, not a class", f, l)
			}
			w := ws[l]
			milli := math.Round(w * 1000)
			if math.Abs(milli) > 1<<52 || float64(int64(milli))/1000 != w {
				return nil, fmt.Errorf("modelbin: weight %v of %q/%q is not a whole number of thousandths", w, f, l)
			}
			rec = append(rec, byte(c))
			rec = binary.AppendVarint(rec, int64(milli))
		}
		featRecs[i] = rec
	}
	for _, k := range append(slices.Clone(words), feats...) {
		if len(k) > 255 {
			return nil, fmt.Errorf("modelbin: key %q longer than 255 bytes", k)
		}
	}

	tagBits, tagSlots, tagData, err := buildTable(tagRecs)
	if err != nil {
		return nil, err
	}
	featBits, featSlots, featData, err := buildTable(featRecs)
	if err != nil {
		return nil, err
	}

	out := []byte(Magic)
	out = binary.LittleEndian.AppendUint32(out, Version)
	out = append(out, src.Sum[:]...)
	for _, v := range []int{len(src.Classes), tagBits, len(tagRecs), featBits, len(featRecs),
		len(classes), len(tagData), len(featData)} {
		out = binary.LittleEndian.AppendUint32(out, uint32(v))
	}
	out = append(out, classes...)
	out = append(out, tagSlots...)
	out = append(out, tagData...)
	out = append(out, featSlots...)
	out = append(out, featData...)
	return out, nil
}

// key starts a record: the key's length byte and the key.
func key(k string) []byte { return append([]byte{byte(len(k))}, k...) }

// buildTable lays records (each starting with its key) one after another and
// indexes them in a table of at least 5/3 as many slots as records.
func buildTable(recs [][]byte) (bits int, slots, data []byte, err error) {
	for (1 << bits) < len(recs)*5/3+1 {
		bits++
	}
	if bits > 30 {
		return 0, nil, nil, errors.New("modelbin: too many records")
	}
	mask := uint32(1)<<bits - 1
	table := make([]uint32, 1<<bits)
	for _, r := range recs {
		if len(data)+1 > math.MaxUint32 {
			return 0, nil, nil, errors.New("modelbin: table data over 4 GiB")
		}
		k := r[1 : 1+int(r[0])]
		i := slot(k) & mask
		for table[i] != 0 {
			i = (i + 1) & mask
		}
		table[i] = uint32(len(data) + 1)
		data = append(data, r...)
	}
	slots = make([]byte, 0, 4*len(table))
	for _, v := range table {
		slots = binary.LittleEndian.AppendUint32(slots, v)
	}
	return bits, slots, data, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
