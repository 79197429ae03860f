package news

import (
	"regexp/syntax"
	"strings"
	"testing"
)

// TestFurnitureMaybe checks each furniture expression's filter (and the
// sentence-break filter) on a line made from every alternative of the
// expression, alone and inside other words: whenever the expression
// matches, the filter must pass.
func TestFurnitureMaybe(t *testing.T) {
	re := headlineRE()
	checked := 0
	for i, f := range re.furniture {
		if f.maybe == nil {
			continue
		}
		p, err := syntax.Parse(f.re.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range examples(p.Simplify()) {
			for _, s := range []string{ex, "a " + ex, ex + " a", "word " + ex + " word"} {
				if f.re.MatchString(s) {
					checked++
					if !f.maybe(s) {
						t.Errorf("furniture %d matches %q but its filter rejects it", i, s)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d lines; want at least 100 (is examples broken?)", checked)
	}
}

// FuzzFurnitureMaybe checks that no filter rejects a line its
// expression matches: the filters only save time.
func FuzzFurnitureMaybe(f *testing.F) {
	for _, s := range []string{
		"936 shares share tweet", "share on facebook", "email this story", "whatsapp share",
		"are you a robot?", "access is denied", "enable cookies", "404 not found", "something went wrong",
		"sign up for our newsletter", "read the full story", "all rights reserved", "© 2024 harwick",
		"photo: jane doe", "image 3 of 12", "2 of 5 pictures", "(ap photo/jane doe)", "jane doe, left, and john",
		"jane doe is a staff writer", "by the associated press writer", "It ended. Then came more",
		"Harbor Bridge Reopens After Eleven-Week Closure",
	} {
		f.Add(s)
	}
	re := headlineRE()
	f.Fuzz(func(t *testing.T, s string) {
		for _, line := range []string{s, strings.ToLower(s)} {
			for i, fu := range re.furniture {
				if fu.maybe != nil && fu.re.MatchString(line) && !fu.maybe(line) {
					t.Errorf("furniture %d matches %q but its filter rejects it", i, line)
				}
			}
			if re.sentenceBreak.MatchString(line) && !strings.ContainsAny(line, ".!?") {
				t.Errorf("sentenceBreak matches %q, which has none of .!?", line)
			}
		}
	})
}

// examples returns strings that follow re, at least one through each of
// its alternatives: for a concatenation, each part's examples with the
// other parts' first.
func examples(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			out = append(out, string(re.Rune[i]))
		}
		return out
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return []string{"x"}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			out = append(out, examples(sub)...)
		}
		return out
	case syntax.OpConcat:
		parts := make([][]string, len(re.Sub))
		for i, sub := range re.Sub {
			parts[i] = examples(sub)
			if len(parts[i]) == 0 {
				parts[i] = []string{""}
			}
		}
		var out []string
		for i := range parts {
			for _, choice := range parts[i] {
				var b strings.Builder
				for j := range parts {
					if j == i {
						b.WriteString(choice)
					} else {
						b.WriteString(parts[j][0])
					}
				}
				out = append(out, b.String())
			}
		}
		return out
	case syntax.OpCapture:
		return examples(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		return append([]string{""}, examples(re.Sub[0])...)
	case syntax.OpPlus:
		return examples(re.Sub[0])
	case syntax.OpRepeat:
		var out []string
		for _, e := range examples(re.Sub[0]) {
			out = append(out, strings.Repeat(e, max(re.Min, 1)))
		}
		return out
	}
	return nil // empty-width: ^, $, \b
}
