package commonregex

import (
	"regexp"
	"slices"
	"testing"
)

// TestLazyMatchesCompiled checks every expression against its pattern
// compiled by regexp.MustCompile, on upstream's own examples.
func TestLazyMatchesCompiled(t *testing.T) {
	tests := []struct {
		name  string
		re    *Regexp
		texts []string
	}{
		{"Date", DateRegex, []string{"3-23-17", "March 23th, 2017", "23 Mar 2017", "no date"}},
		{"Time", TimeRegex, []string{"09:45", "9:45pm", "5 p.m."}},
		{"Link", LinkRegex, []string{"www.google.com", "http://www.google.com", "google.com/?q=wow", "U.S.", "3.5bn"}},
		{"Email", EmailRegex, []string{"john.smith@gmail.com", "john_smith@gmail.com", "@handle", "a@b"}},
		{"IP", IPRegex, []string{"127.0.0.1", "2001:db8::1"}},
		{"Price", PriceRegex, []string{"$1.23", "$1,000"}},
		{"Street", StreetAddressRegex, []string{"101 main st."}},
	}
	for _, tc := range tests {
		want := regexp.MustCompile(tc.re.String())
		for _, text := range tc.texts {
			if got, w := tc.re.MatchString(text), want.MatchString(text); got != w {
				t.Errorf("%sRegex.MatchString(%q) = %v; want %v", tc.name, text, got, w)
			}
			if got, w := tc.re.FindAllString(text, -1), want.FindAllString(text, -1); !slices.Equal(got, w) {
				t.Errorf("%sRegex.FindAllString(%q) = %q; want %q", tc.name, text, got, w)
			}
		}
	}
	if got := Links("see www.google.com and john@example.org"); !slices.Equal(got, []string{"www.google.com", "example.org"}) {
		t.Errorf("Links = %q", got)
	}
	if got := Emails("see www.google.com and john@example.org"); !slices.Equal(got, []string{"john@example.org"}) {
		t.Errorf("Emails = %q", got)
	}
}

// TestPatternsCompile compiles every expression, so that none can panic on
// its first use.
func TestPatternsCompile(t *testing.T) {
	for _, re := range []*Regexp{DateRegex, TimeRegex, PhoneRegex, PhonesWithExtsRegex, LinkRegex, EmailRegex,
		IPv4Regex, IPv6Regex, IPRegex, NotKnownPortRegex, PriceRegex, HexColorRegex, CreditCardRegex,
		BtcAddressRegex, StreetAddressRegex, ZipCodeRegex, PoBoxRegex, SSNRegex, MD5HexRegex, SHA1HexRegex,
		SHA256HexRegex, GUIDRegex, ISBN13Regex, ISBN10Regex, VISACreditCardRegex, MCCreditCardRegex,
		MACAddressRegex, IBANRegex, GitRepoRegex} {
		if _, err := regexp.Compile(re.String()); err != nil {
			t.Error(err)
		}
		re.Compiled()
	}
}
