package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestEvidence checks evidence:, the file's and a named destination's:
// what each brief's destination posts, and the problems.
func TestEvidence(t *testing.T) {
	const head = `feeds:
  world: [https://example.com/world.rss]
`
	tests := []struct {
		name     string
		yaml     string
		evidence string            // the file's
		to       map[string]string // a brief's destinations by name → their evidence
		problems []string
	}{
		{
			name: "default: in the thread",
			yaml: head + `briefs:
  - {name: a, feeds: [world], schedule: "@daily", to: [slack:#news, discord:123456789012345678, "slack-webhook:${SLACK_WEBHOOK_URL}", stdout]}
`,
			evidence: EvidenceThread,
			to:       map[string]string{"slack:#news": "thread", "discord:123456789012345678": "thread", "slack-webhook:hooks.slack.com/…": "", "stdout": ""},
		},
		{
			name: "off for the file, on for one named destination",
			yaml: head + `evidence: "off"
destinations:
  loud: {to: "slack:#loud", evidence: thread}
  quiet: {to: "discord:123456789012345678"}
briefs:
  - {name: a, feeds: [world], schedule: "@daily", to: [loud, quiet, slack:#news]}
`,
			evidence: EvidenceOff,
			to:       map[string]string{"slack:#loud": "thread", "discord:123456789012345678": "off", "slack:#news": "off"},
		},
		{
			name: "the same channel named twice alike, off bare or quoted",
			yaml: head + `destinations:
  quiet: {to: "slack:#news", evidence: "off"}
  hush: {to: "slack:#news", evidence: off}
briefs:
  - {name: a, feeds: [world], schedule: "@daily", to: [quiet]}
  - {name: b, feeds: [world], schedule: "@daily", to: [hush]}
`,
			evidence: EvidenceThread,
			to:       map[string]string{"slack:#news": "off"},
		},
		{
			name: "problems",
			yaml: head + `evidence: threads
destinations:
  hook: {to: "slack-webhook:${SLACK_WEBHOOK_URL}", evidence: "off"}
  quiet: {to: "slack:#news", evidence: "off"}
  odd: {to: "discord:123456789012345678", evidence: [thread]}
  loud: {to: "slack:#news", evidence: thread}
briefs:
  - {name: a, feeds: [world], schedule: "@daily", to: [quiet]}
  - {name: b, feeds: [world], schedule: "@daily", to: [slack:#news]}
  - {name: c, feeds: [world], schedule: "@daily", to: [loud]}
`,
			evidence: EvidenceThread,
			to:       map[string]string{"slack:#news": "off"},
			problems: []string{
				`digestbot.yaml:3: evidence: "threads" is not thread or off`,
				`digestbot.yaml:5: destinations.hook.evidence: only slack: and discord: destinations take evidence: (a webhook cannot reply in a thread, and posts none)`,
				`digestbot.yaml:7: destinations.odd.evidence: want a string, not a list`,
				`digestbot.yaml:11: briefs[1].to[0]: slack:#news has evidence: thread here but off at destinations.quiet: one channel takes one setting`,
				`digestbot.yaml:12: briefs[2].to[0]: slack:#news has evidence: thread here (destinations.loud) but off at destinations.quiet: one channel takes one setting`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, problems, err := Parse("digestbot.yaml", []byte(tt.yaml), env(credentials))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
			if c.Evidence != tt.evidence {
				t.Errorf("Evidence = %q; want %q", c.Evidence, tt.evidence)
			}
			to := map[string]string{}
			for _, b := range c.Briefs {
				for _, d := range b.To {
					to[d.Name()] = d.Evidence
				}
			}
			if !reflect.DeepEqual(to, tt.to) {
				t.Errorf("destinations' evidence = %v; want %v", to, tt.to)
			}
		})
	}
}
