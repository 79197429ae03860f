package config

import (
	"os"
	"testing"

	"github.com/robfig/cron/v3"
)

// FuzzParse feeds Parse arbitrary bytes: it must never panic, and what it
// returns must hold together. Seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("../examples/brief.yaml"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, problems, err := Parse("fuzz.yaml", data, env(credentials))
		if err != nil {
			if c != nil || problems != nil {
				t.Fatalf("Parse returned a Config or problems with error %v", err)
			}
			return
		}
		if c == nil {
			t.Fatal("Parse returned neither a Config nor an error")
		}
		for _, p := range problems {
			if p.Line < 1 || p.File != "fuzz.yaml" || p.Message == "" {
				t.Errorf("problem without a place or message: %#v", p)
			}
		}
		for _, b := range c.Briefs {
			if b.Name == "" || len(b.Feeds) == 0 || b.Cron == nil || b.Location == nil || len(b.To) == 0 || b.Stories < 1 || b.Digest.Validate() != nil {
				t.Errorf("incomplete brief loaded: %+v", b)
			}
			// bot.NewSchedule takes the two kinds of the standard parser,
			// a cron line's in the brief's zone.
			switch s := b.Cron.(type) {
			case *cron.SpecSchedule:
				if s.Location != b.Location {
					t.Errorf("brief %q: cron in %v, brief in %v", b.Name, s.Location, b.Location)
				}
			case cron.ConstantDelaySchedule:
			default:
				t.Errorf("brief %q: cron schedule of kind %T", b.Name, b.Cron)
			}
			for _, g := range b.Feeds {
				if _, ok := c.group(g); !ok {
					t.Errorf("brief %q reads unknown group %q", b.Name, g)
				}
			}
		}
	})
}
