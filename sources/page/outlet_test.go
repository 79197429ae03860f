package page

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNormalizeOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bayport Courier", "Bayport Courier"},
		{"  The Valley Times | ", "The Valley Times"},
		{"The Associated Press", "AP"},
		{"BBC", "BBC"},
		{"Time", "Time"},
		{"e-flux", "e-flux"}, // a brand in lower case, not a slug
		{"n-tv", "n-tv"},
		{"https://www.theguardian.com/us", "theguardian.com"},
		// Not names.
		{"1", ""},
		{"2024", ""},
		{"(source)", ""},
		{"[Site Name]", ""},
		{"{{ site.name }}", ""},
		{"%SITE_NAME%", ""},
		{"unknown", ""},
		{"Untitled", ""},
		{"@nytimes", ""},
		{"tane-valley-radio", ""},
		{"001_8897f0a70533273d", ""},
		{"el-pais", ""},
		{"A name far too long to be the name of any outlet at all", ""},
		// Legal names become the name a reader knows, when one is left.
		{"The New York Times Company", "The New York Times"},
		{"Gannett Co., Inc.", "Gannett"},
		{"Acme News Inc.", "Acme News"},
		{"Marks & Spencer Group plc", "Marks & Spencer"},
		{"Harwick Media Group", "Harwick Media"},
		{"Tribune Publishing Company", "Tribune Publishing"},
		{"The Media Group", "The Media Group"},
		{"News Corp", "News Corp"},
		{"Johnson & Co.", "Johnson & Co"},
		{"Group", "Group"},
	}
	for _, tt := range tests {
		if got := NormalizeOutlet(tt.in); got != tt.want {
			t.Errorf("normalizeOutlet(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestPageOutlet checks the order in which a saved page's outlet is
// found: og:site_name, the JSON-LD publisher (or the publication the
// article is part of), application-name, a name the text states, the host
// of the page's own address; a page with none of them has no outlet.
func TestPageOutlet(t *testing.T) {
	tests := []struct{ file, want string }{
		{"og-over-jsonld.html", "The Harwick Ledger"},
		{"jsonld-graph.html", "Marrow Valley Post"},
		{"jsonld-ispartof.html", "The Coastal Observer"},
		{"jsonld-person.html", "Quarry Notes"},
		{"legal-name.html", "The Tarnwick Times"},
		{"placeholder.html", "Northline"},
		{"digits.html", "kessickcourier.example"},
		{"slug.html", "tanevalleyradio.example"},
		{"unnamed.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := readFixture(filepath.Join("testdata", "outlets", tt.file))
			if err != nil {
				t.Fatalf("readFixture(%s): %v", tt.file, err)
			}
			if a.Outlet != tt.want {
				t.Errorf("readFixture(%s).Outlet = %q; want %q", tt.file, a.Outlet, tt.want)
			}
			if a.Title != "Quarry road to close for resurfacing in June" {
				t.Errorf("readFixture(%s).Title = %q", tt.file, a.Title)
			}
		})
	}
}

// TestFileOutlet checks plain-text files: the outlet is what the text
// says, or a masthead the file is named after; otherwise there is none,
// and never the file's name.
func TestFileOutlet(t *testing.T) {
	tests := []struct{ file, outlet, title string }{
		{"tane-valley-radio.txt", "Tane Valley Public Radio", "Quarry road bridge to close for three weeks in June"},
		// A headline named like the file is the headline, not a masthead.
		{"quarry-road-bridge-closure.txt", "", "Quarry Road Bridge Closure"},
		{"001_5e1f0c2a9b7d4e83.txt", "", ""},
		{"wire-copy.txt", "Northline", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := readFixture(filepath.Join("testdata", "outlets", tt.file))
			if err != nil {
				t.Fatalf("readFixture(%s): %v", tt.file, err)
			}
			if a.Outlet != tt.outlet || a.Title != tt.title {
				t.Errorf("readFixture(%s) = outlet %q, title %q; want %q, %q", tt.file, a.Outlet, a.Title, tt.outlet, tt.title)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "outlets", "001_5e1f0c2a9b7d4e83.txt"))
		if err != nil {
			t.Fatal(err)
		}
		// What sources.ReadPaths does with "-".
		a, err := Parse("stdin", data)
		if err != nil {
			t.Fatalf("Parse(stdin): %v; want 1 article", err)
		}
		if a.Outlet != "" {
			t.Errorf("Parse(stdin).Outlet = %q; want none", a.Outlet)
		}
	})
}
