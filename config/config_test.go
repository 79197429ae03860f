package config

import (
	"errors"
	"strings"
	"testing"
)

func TestDigestValidate(t *testing.T) {
	tests := []struct {
		name   string
		d      Digest
		fields []string
	}{
		{"default", DefaultDigest, nil},
		{"source order", Digest{Words: 50, Bullets: 3, MaxBulletWords: 12, Order: "source"}, nil},
		{"tiny budget", Digest{Words: 5, MaxBulletWords: 20, Order: "rank"}, []string{"words"}},
		{"everything wrong", Digest{Words: 0, Bullets: -1, MaxBulletWords: 2, Order: "random"}, []string{"words", "bullets", "max-bullet-words", "order"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Validate()
			var got []string
			for _, e := range unwrap(err) {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("Validate() returned %T %v; want *FieldError", e, e)
				}
				got = append(got, fe.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("Validate(%+v) flags %q; want %q (%v)", tt.d, got, tt.fields, err)
			}
		})
	}
}

func unwrap(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
