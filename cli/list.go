package cli

import (
	"flag"
	"slices"
	"strings"

	"github.com/digestbot/digestbot/lang"
)

// List is a repeatable flag whose values may also be separated with
// commas (--feeds a,b --feeds c).
type List []string

var _ flag.Value = (*List)(nil)

// String returns the values, separated with commas.
func (l *List) String() string { return strings.Join(*l, ",") }

// Set adds the comma-separated values of v, blanks left out.
func (l *List) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// Repeated is a repeatable flag that takes each value whole (--to).
type Repeated []string

var _ flag.Value = (*Repeated)(nil)

// String returns the values, separated with commas.
func (r *Repeated) String() string { return strings.Join(*r, ",") }

// Set adds v.
func (r *Repeated) Set(v string) error { *r = append(*r, v); return nil }

// Languages is a repeatable flag of ISO 639-1 codes that also takes
// several separated with commas; each code is kept once.
type Languages []string

var _ flag.Value = (*Languages)(nil)

// String returns the codes, separated with commas.
func (l *Languages) String() string { return strings.Join(*l, ",") }

// Set adds the codes of v, or says which one is not a language code.
func (l *Languages) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		code, err := lang.ParseCode(s)
		if err != nil {
			return err
		}
		if !slices.Contains(*l, code) {
			*l = append(*l, code)
		}
	}
	return nil
}
