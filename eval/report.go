package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/digestbot/digestbot/rouge"
)

// Report writes results as an aligned plain-text table: a header, one row
// per story in the order given, then mean rows. When story names fall into
// several groups by their prefix before the first '-' (paris-summit,
// multinews-001…), each group of two or more stories gets a mean row labelled
// with the prefix and its size ("multinews (40)"); the last row, "mean (N)",
// is the arithmetic mean over all N stories.
//
// The columns are ROUGE-1, ROUGE-2 and ROUGE-L recall and F1 (R1-R, R1-F, …),
// the number of bullets, the mean words per bullet, and the share of bullets
// of at most ShortBullet words; a mean row averages each column over its
// stories. When any result has a Lead score, the lead baseline's six ROUGE
// columns follow (lead-R1-R, …; "-" for a story without one, and mean rows
// average the stories that have one), and a second table counts, per mean
// row, the stories whose recall beats the lead's. Figures have 3 decimals.
// With no results Report writes the header alone.
func Report(w io.Writer, results []Result) error {
	lead := false
	for _, r := range results {
		lead = lead || r.Lead != nil
	}
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	head := []string{"story", "R1-R", "R1-F", "R2-R", "R2-F", "RL-R", "RL-F", "bullets", "words/bullet", fmt.Sprintf("short(<=%d)", ShortBullet)}
	if lead {
		head = append(head, "lead-R1-R", "lead-R1-F", "lead-R2-R", "lead-R2-F", "lead-RL-R", "lead-RL-F")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	rows := tableRows(results)
	for _, r := range rows {
		cells := []string{r.label}
		cells = append(cells, scoreCells(&r.scores)...)
		if r.n == 0 {
			cells = append(cells, fmt.Sprint(int(r.bullets)))
		} else {
			cells = append(cells, f3(r.bullets))
		}
		cells = append(cells, f3(r.words), f3(r.short))
		if lead {
			cells = append(cells, scoreCells(r.lead)...)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if lead && len(results) > 0 {
		fmt.Fprintln(ew)
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "beat lead on recall\tR1\tR2\tRL\tof")
		for _, r := range rows {
			if r.n > 0 {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", r.label, r.beats[0], r.beats[1], r.beats[2], r.leads)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return ew.err
}

// row is one line of the report: a story (n == 0) or a mean over n stories.
type row struct {
	label                 string
	n                     int
	scores                rouge.Scores
	lead                  *rouge.Scores // nil: no story of the row has a lead score
	bullets, words, short float64
	leads                 int    // stories of the row with a lead score
	beats                 [3]int // of those, how many beat the lead's R1, R2 and RL recall
}

// tableRows returns the rows of the report: one per result, then a mean row
// per group of two or more stories when there are several groups, then the
// mean over all.
func tableRows(results []Result) []row {
	if len(results) == 0 {
		return nil
	}
	var rows []row
	var groups []string
	members := map[string][]Result{}
	for _, r := range results {
		rows = append(rows, row{
			label:   r.Story,
			scores:  r.Scores,
			lead:    r.Lead,
			bullets: float64(r.Bullets),
			words:   r.MeanBulletWords,
			short:   r.ShortShare,
		})
		g := group(r.Story)
		if _, ok := members[g]; !ok {
			groups = append(groups, g)
		}
		members[g] = append(members[g], r)
	}
	if len(groups) > 1 {
		for _, g := range groups {
			if rs := members[g]; len(rs) > 1 {
				rows = append(rows, mean(fmt.Sprintf("%s (%d)", g, len(rs)), rs))
			}
		}
	}
	return append(rows, mean(fmt.Sprintf("mean (%d)", len(results)), results))
}

// group returns the prefix of a story name before its first '-', or the
// whole name.
func group(story string) string {
	if i := strings.IndexByte(story, '-'); i > 0 {
		return story[:i]
	}
	return story
}

// mean returns the row of arithmetic means over rs, which is not empty.
func mean(label string, rs []Result) row {
	m := row{label: label, n: len(rs)}
	var lead rouge.Scores
	for _, r := range rs {
		addScores(&m.scores, r.Scores)
		m.bullets += float64(r.Bullets)
		m.words += r.MeanBulletWords
		m.short += r.ShortShare
		if r.Lead != nil {
			addScores(&lead, *r.Lead)
			m.leads++
			for i, beat := range []bool{
				r.Scores.R1.Recall > r.Lead.R1.Recall,
				r.Scores.R2.Recall > r.Lead.R2.Recall,
				r.Scores.RL.Recall > r.Lead.RL.Recall,
			} {
				if beat {
					m.beats[i]++
				}
			}
		}
	}
	n := float64(len(rs))
	scaleScores(&m.scores, 1/n)
	m.bullets /= n
	m.words /= n
	m.short /= n
	if m.leads > 0 {
		scaleScores(&lead, 1/float64(m.leads))
		m.lead = &lead
	}
	return m
}

func addScores(dst *rouge.Scores, s rouge.Scores) {
	for i, p := range parts(dst) {
		q := parts(&s)[i]
		p.Recall += q.Recall
		p.Precision += q.Precision
		p.F1 += q.F1
	}
}

func scaleScores(dst *rouge.Scores, k float64) {
	for _, p := range parts(dst) {
		p.Recall *= k
		p.Precision *= k
		p.F1 *= k
	}
}

func parts(s *rouge.Scores) [3]*rouge.Score { return [3]*rouge.Score{&s.R1, &s.R2, &s.RL} }

// scoreCells returns the recall and F1 cells of s, or dashes when s is nil.
func scoreCells(s *rouge.Scores) []string {
	if s == nil {
		return []string{"-", "-", "-", "-", "-", "-"}
	}
	return []string{
		f3(s.R1.Recall), f3(s.R1.F1),
		f3(s.R2.Recall), f3(s.R2.F1),
		f3(s.RL.Recall), f3(s.RL.F1),
	}
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

// errWriter keeps the first error of its writer and writes nothing after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// Pass is the results of one pass over the stories at one budget.
type Pass struct {
	// Budget names the budget: "100" or "ref".
	Budget string
	// Results are the pass's per-story results.
	Results []Result
}

// Summary writes the closing table of an evaluation: for each pass and
// each group of stories by name prefix (a story alone in its group under
// its own name), and all stories, the mean ROUGE-1 and ROUGE-2
// recall of the digests and of the lead, and on how many stories the
// digest's ROUGE-2 recall beats the lead's.
func Summary(w io.Writer, passes []Pass) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "budget\tstories\tR1-R\tR2-R\tlead-R1-R\tlead-R2-R\tR2 beats lead")
	for _, p := range passes {
		var rows []row
		var groups []string
		members := map[string][]Result{}
		for _, r := range p.Results {
			g := group(r.Story)
			if _, ok := members[g]; !ok {
				groups = append(groups, g)
			}
			members[g] = append(members[g], r)
		}
		for _, g := range groups {
			label := fmt.Sprintf("%s (%d)", g, len(members[g]))
			if len(members[g]) == 1 {
				label = members[g][0].Story
			}
			rows = append(rows, mean(label, members[g]))
		}
		if len(p.Results) > 0 {
			rows = append(rows, mean(fmt.Sprintf("mean (%d)", len(p.Results)), p.Results))
		}
		for _, r := range rows {
			leadR1, leadR2, beats := "-", "-", "-"
			if r.lead != nil {
				leadR1, leadR2 = f3(r.lead.R1.Recall), f3(r.lead.R2.Recall)
				beats = fmt.Sprintf("%d of %d", r.beats[1], r.leads)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Budget, r.label, f3(r.scores.R1.Recall), f3(r.scores.R2.Recall), leadR1, leadR2, beats)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return ew.err
}
