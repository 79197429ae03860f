package modelbin

import (
	"encoding/binary"
	"strings"
	"testing"
)

func small() *Source {
	return &Source{
		Classes: []string{"NN", "VB", "DT"},
		Tags:    map[string]string{"the": "DT", "a": "DT"},
		Weights: map[string]map[string]float64{
			"bias":       {"NN": 0.5, "VB": -1.25},
			"i word run": {"VB": 34.39, "NN": -0.001, "DT": 0},
			"unused":     {},
		},
		Sum: [32]byte{1, 2, 3},
	}
}

func TestRoundTrip(t *testing.T) {
	src := small()
	b, err := Encode(src)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(m, src); err != nil {
		t.Error(err)
	}
	if c, ok := m.TagOf("the"); !ok || m.Classes[c] != "DT" {
		t.Errorf("TagOf(%q) = %d, %v; want DT", "the", c, ok)
	}
	if _, ok := m.TagOf("run"); ok {
		t.Errorf("TagOf(%q) found a tag; want none", "run")
	}
	if _, ok := m.Weights([]byte("unused")); ok {
		t.Errorf("Weights(%q) found; features without weights are not stored", "unused")
	}
	if _, ok := m.Weights([]byte("i word walk")); ok {
		t.Errorf("Weights(%q) found; want missing", "i word walk")
	}
	ws, ok := m.Weights([]byte("i word run"))
	if !ok {
		t.Fatalf("Weights(%q) missing", "i word run")
	}
	got := map[string]int64{}
	for c, milli, ok := ws.Next(); ok; c, milli, ok = ws.Next() {
		got[m.Classes[c]] = milli
	}
	want := map[string]int64{"NN": -1, "VB": 34390, "DT": 0}
	if len(got) != len(want) {
		t.Errorf("Weights(%q) = %v; want %v", "i word run", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Weights(%q)[%s] = %d; want %d", "i word run", k, got[k], v)
		}
	}
	again, _ := Encode(small())
	if string(again) != string(b) {
		t.Error("Encode is not deterministic")
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Source)
		want   string
	}{
		{"weight finer than thousandths", func(s *Source) { s.Weights["bias"]["NN"] = 0.0005 }, "thousandths"},
		{"tag that is no class", func(s *Source) { s.Tags["x"] = "JJ" }, "not a class"},
		{"weight for no class", func(s *Source) { s.Weights["bias"]["JJ"] = 1 }, "not a class"},
		{"duplicate class", func(s *Source) { s.Classes = append(s.Classes, "NN") }, "twice"},
		{"long key", func(s *Source) { s.Weights[strings.Repeat("k", 256)] = map[string]float64{"NN": 1} }, "longer than 255"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := small()
			tc.change(src)
			_, err := Encode(src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Encode: error %v; want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	b, err := Encode(small())
	if err != nil {
		t.Fatal(err)
	}
	badVersion := []byte(string(b))
	binary.LittleEndian.PutUint32(badVersion[len(Magic):], Version+1)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "bad magic"},
		{"other file", strings.Repeat("x", 200), "bad magic"},
		{"truncated", string(b[:len(b)-1]), "size"},
		{"longer", string(b) + "x", "size"},
		{"version", string(badVersion), "version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse: error %v; want one mentioning %q", err, tc.want)
			}
		})
	}
}
