// Package modelbin defines model.bin, the compact form of prose's
// averaged-perceptron POS model that package postag embeds, and reads it
// without decoding it: a parsed Model is a handful of substrings of the file,
// and lookups go through open-addressing hash tables stored in the file.
//
// Layout, all integers little-endian:
//
//	header   magic "DBPOSTAG", version uint32, SHA-256 of the three source
//	         assets (classes.gob, tags.gob, weights.gob, in that order),
//	         then nClasses, tagBits, nTags, featBits, nFeats, classesLen,
//	         tagDataLen, featDataLen (uint32 each)
//	classes  nClasses × (len uint8, bytes), in prose's classes.gob order
//	tagSlots 1<<tagBits × uint32: 0 = empty, else 1 + offset into tagData
//	tagData  per word of prose's tagMap, sorted: len uint8, word, class uint8
//	featSlots 1<<featBits × uint32, as tagSlots, into featData
//	featData per feature, sorted: len uint8, feature, count uint8,
//	         count × (class uint8, weight as a zigzag varint in thousandths)
//
// Every weight of prose v2.0.0's model is a multiple of 0.001 (prose rounds
// averaged weights to three places), and Encode checks that float64(w)/1000
// reproduces each of prose's float64 weights bit for bit, so the thousandths
// are lossless and scores can be summed exactly in integers.
//
// Slots are found by FNV-1a (64-bit) of the key, folded to 32 bits and
// masked, with linear probing.
package modelbin

import (
	"errors"
	"fmt"
)

// Magic starts every model.bin.
const Magic = "DBPOSTAG"

// Version is the layout version written by Encode and read by Parse.
const Version = 1

const headerLen = len(Magic) + 4 + 32 + 8*4

// Model is a parsed model.bin. Its strings share the file's memory.
type Model struct {
	// Classes are the tags prose's perceptron can predict, in prose's order;
	// a class index in the file is an index into Classes.
	Classes []string
	// SourceSum is the SHA-256 of prose's three source assets.
	SourceSum [32]byte

	tags  table
	feats table
	nTags int
	nFeat int
}

// table is one open-addressing hash table: slots of 4 bytes pointing into data.
type table struct {
	slots string
	mask  uint32
	data  string
}

// Parse reads the layout of a model.bin held in s. It checks the header and
// the section sizes; records are trusted (TestModel in postag walks them all).
func Parse(s string) (*Model, error) {
	if len(s) < headerLen || s[:len(Magic)] != Magic {
		return nil, errors.New("modelbin: not a model.bin (bad magic)")
	}
	p := len(Magic)
	if v := le32(s, p); v != Version {
		return nil, fmt.Errorf("modelbin: version %d, want %d", v, Version)
	}
	p += 4
	m := &Model{}
	copy(m.SourceSum[:], s[p:p+32])
	p += 32
	var h [8]uint32
	for i := range h {
		h[i] = le32(s, p)
		p += 4
	}
	nClasses, tagBits, nTags, featBits, nFeats := h[0], h[1], h[2], h[3], h[4]
	classesLen, tagDataLen, featDataLen := uint64(h[5]), uint64(h[6]), uint64(h[7])
	if tagBits > 30 || featBits > 30 || nClasses > 256 {
		return nil, errors.New("modelbin: corrupt header")
	}
	tagSlots, featSlots := uint64(4)<<tagBits, uint64(4)<<featBits
	want := uint64(headerLen) + classesLen + tagSlots + tagDataLen + featSlots + featDataLen
	if uint64(len(s)) != want {
		return nil, fmt.Errorf("modelbin: size %d, header says %d", len(s), want)
	}
	next := func(n uint64) string {
		r := s[p : uint64(p)+n]
		p += int(n)
		return r
	}
	classes := next(classesLen)
	m.tags = table{slots: next(tagSlots), mask: 1<<tagBits - 1, data: next(tagDataLen)}
	m.feats = table{slots: next(featSlots), mask: 1<<featBits - 1, data: next(featDataLen)}
	m.nTags, m.nFeat = int(nTags), int(nFeats)

	m.Classes = make([]string, 0, nClasses)
	for len(classes) > 0 {
		n := int(classes[0])
		if 1+n > len(classes) {
			return nil, errors.New("modelbin: corrupt class list")
		}
		m.Classes = append(m.Classes, classes[1:1+n])
		classes = classes[1+n:]
	}
	if len(m.Classes) != int(nClasses) {
		return nil, fmt.Errorf("modelbin: %d classes, header says %d", len(m.Classes), nClasses)
	}
	return m, nil
}

// NumTags returns the number of words in prose's tagMap.
func (m *Model) NumTags() int { return m.nTags }

// NumFeatures returns the number of features with weights.
func (m *Model) NumFeatures() int { return m.nFeat }

// TagOf returns the class index prose's tagMap gives word, if any.
func (m *Model) TagOf(word string) (class int, ok bool) {
	rest, ok := lookup(&m.tags, word)
	if !ok {
		return 0, false
	}
	return int(rest[0]), true
}

// Weights returns the weights of a feature (a key as prose's featurize builds
// it, such as "i-1 tag NNP"), and whether the model has the feature.
func (m *Model) Weights(feature []byte) (Weights, bool) {
	rest, ok := lookup(&m.feats, feature)
	if !ok {
		return Weights{}, false
	}
	return Weights{n: int(rest[0]), s: rest[1:]}, true
}

// Weights iterates over one feature's (class, weight) pairs.
type Weights struct {
	n int
	s string
}

// Next returns the next class index and its weight in thousandths, or
// ok == false after the last pair.
func (w *Weights) Next() (class int, milli int64, ok bool) {
	if w.n == 0 {
		return 0, 0, false
	}
	w.n--
	class = int(w.s[0])
	var u uint64
	var shift uint
	i := 1
	for {
		b := w.s[i]
		i++
		u |= uint64(b&0x7f) << shift
		if b < 0x80 {
			break
		}
		shift += 7
	}
	w.s = w.s[i:]
	return class, int64(u>>1) ^ -int64(u&1), true
}

func lookup[K string | []byte](t *table, key K) (rest string, ok bool) {
	i := slot(key) & t.mask
	for {
		off := le32(t.slots, int(i)*4)
		if off == 0 {
			return "", false
		}
		rec := t.data[off-1:]
		if n := int(rec[0]); n == len(key) && rec[1:1+n] == string(key) {
			return rec[1+n:], true
		}
		i = (i + 1) & t.mask
	}
}

// slot hashes a key with FNV-1a and folds the hash to 32 bits.
func slot[K string | []byte](key K) uint32 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return uint32(h ^ h>>32)
}

func le32(s string, p int) uint32 {
	_ = s[p+3]
	return uint32(s[p]) | uint32(s[p+1])<<8 | uint32(s[p+2])<<16 | uint32(s[p+3])<<24
}
