package eval

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/golden"
	"github.com/digestbot/digestbot/rouge"
)

var update = flag.Bool("update", false, "rewrite golden files")

// avg returns the mean of three Scores.
func avg(ss ...rouge.Scores) rouge.Scores {
	var m rouge.Scores
	for _, s := range ss {
		addScores(&m, s)
	}
	scaleScores(&m, 1/float64(len(ss)))
	return m
}

func TestTableRows(t *testing.T) {
	o := opts()
	o.Lead = true
	results, err := Run(context.Background(), "testdata/stories", o)
	if err != nil {
		t.Fatal(err)
	}
	river, all := avg(bridge, ferry), avg(bakery, bridge, ferry)
	riverLead, allLead := avg(bridgeLead, ferryLead), avg(bakeryLead, bridgeLead, ferryLead)
	// Bullets 2, 2, 3; words per bullet 13, 6.5, 20/3; short 0.5, 1, 1.
	// Beating the lead's recall: bakery ties it on all three (7/9, 4/8,
	// 7/9); river-bridge (10/11 > 6/11, 7/10 > 5/10, 9/11 > 6/11) and
	// river-ferry (9/9 > 4/9, 7/8 > 3/8, 9/9 > 4/9) beat it on all three.
	want := []row{
		{label: "bakery", scores: bakery, lead: &bakeryLead, bullets: 2, words: 13, short: 0.5},
		{label: "river-bridge", scores: bridge, lead: &bridgeLead, bullets: 2, words: 6.5, short: 1},
		{label: "river-ferry", scores: ferry, lead: &ferryLead, bullets: 3, words: 20.0 / 3, short: 1},
		{label: "river (2)", n: 2, scores: river, lead: &riverLead, bullets: 2.5, words: (6.5 + 20.0/3) / 2, short: 1,
			leads: 2, beats: [3]int{2, 2, 2}},
		{label: "mean (3)", n: 3, scores: all, lead: &allLead, bullets: 7.0 / 3, words: (13 + 6.5 + 20.0/3) / 3, short: 2.5 / 3,
			leads: 3, beats: [3]int{2, 2, 2}},
	}
	got := tableRows(results)
	if len(got) != len(want) {
		t.Fatalf("tableRows = %d rows; want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.label != w.label || g.n != w.n || g.leads != w.leads || g.beats != w.beats ||
			!near(g.bullets, w.bullets) || !near(g.words, w.words) || !near(g.short, w.short) {
			t.Errorf("row %d = {%q n=%d leads=%d beats=%v bullets=%v words=%v short=%v}; want {%q n=%d leads=%d beats=%v bullets=%v words=%v short=%v}",
				i, g.label, g.n, g.leads, g.beats, g.bullets, g.words, g.short,
				w.label, w.n, w.leads, w.beats, w.bullets, w.words, w.short)
		}
		if !nearScores(g.scores, w.scores) {
			t.Errorf("row %q scores =\n%+v; want\n%+v", g.label, g.scores, w.scores)
		}
		if g.lead == nil || !nearScores(*g.lead, *w.lead) {
			t.Errorf("row %q lead = %+v; want %+v", g.label, g.lead, *w.lead)
		}
	}
}

func TestTableRowsGroups(t *testing.T) {
	tests := []struct {
		stories []string
		want    []string // labels of the mean rows
	}{
		{[]string{"multinews-001", "multinews-002", "paris-summit"}, []string{"multinews (2)", "mean (3)"}},
		{[]string{"multinews-001", "multinews-002"}, []string{"mean (2)"}},
		{[]string{"paris-summit"}, []string{"mean (1)"}},
		{[]string{"a-1", "a-2", "b-1", "b-2", "c"}, []string{"a (2)", "b (2)", "mean (5)"}},
		{[]string{"-x", "-y", "z"}, []string{"mean (3)"}}, // a leading '-' is no prefix
		{nil, nil},
	}
	for _, tt := range tests {
		var results []Result
		for _, s := range tt.stories {
			results = append(results, Result{Story: s})
		}
		var got []string
		for _, r := range tableRows(results) {
			if r.n > 0 {
				got = append(got, r.label)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("mean rows of %q = %q; want %q", tt.stories, got, tt.want)
		}
	}
}

func TestReportGolden(t *testing.T) {
	tests := []struct {
		golden string
		dir    string
		lead   bool
	}{
		{"report.golden", "testdata/stories", false},
		{"report-lead.golden", "testdata/stories", true},
		{"report-one.golden", "testdata/stories/river-bridge", false},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			o := opts()
			o.Lead = tt.lead
			results, err := Run(context.Background(), tt.dir, o)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Report(&buf, results); err != nil {
				t.Fatalf("Report: %v", err)
			}
			golden.Bytes(t, filepath.Join("testdata", tt.golden), buf.Bytes(), *update)
			for _, line := range strings.Split(buf.String(), "\n") {
				if strings.TrimRight(line, " ") != line {
					t.Errorf("Report line %q has trailing spaces", line)
				}
			}
		})
	}
}

func TestReportEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Report(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "story") {
		t.Errorf("Report(nil) = %q; want the header line alone", got)
	}
}

type failWriter struct{}

var errFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errFull }

func TestReportWriteError(t *testing.T) {
	for _, lead := range []bool{false, true} {
		o := opts()
		o.Lead = lead
		results, err := Run(context.Background(), "testdata/stories", o)
		if err != nil {
			t.Fatal(err)
		}
		if err := Report(failWriter{}, results); !errors.Is(err, errFull) {
			t.Errorf("Report(failing writer, lead=%v) = %v; want %v", lead, err, errFull)
		}
	}
}
