package bot

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return l
}

// mustSchedule returns the Schedule of a cron line in loc, parsed as
// config parses it.
func mustSchedule(t *testing.T, line string, loc *time.Location) Schedule {
	t.Helper()
	c, err := cron.ParseStandard(line)
	if err != nil {
		t.Fatalf("cron.ParseStandard(%q): %v", line, err)
	}
	s, err := NewSchedule(line, c, loc)
	if err != nil {
		t.Fatalf("NewSchedule(%q): %v", line, err)
	}
	return s
}

// runs returns every run of s in [from, to).
func runs(s Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for t := s.Next(from.Add(-time.Nanosecond)); !t.IsZero() && t.Before(to); t = s.Next(t) {
		out = append(out, t)
	}
	return out
}

// TestScheduleDaylightSaving checks both clock changes of two zones: a run
// inside the spring-forward gap happens once, when the clocks land; a run
// in the repeated fall-back hour happens once; ordinary runs keep their
// wall-clock time.
func TestScheduleDaylightSaving(t *testing.T) {
	paris, ny := mustLoc(t, "Europe/Paris"), mustLoc(t, "America/New_York")
	tests := []struct {
		name, line string
		loc        *time.Location
		from, to   time.Time
		want       []string // local wall-clock times with zone abbreviation
	}{
		{"paris spring gap", "30 2 * * *", paris,
			time.Date(2026, 3, 28, 0, 0, 0, 0, paris), time.Date(2026, 3, 31, 0, 0, 0, 0, paris),
			[]string{"2026-03-28 02:30 CET", "2026-03-29 03:00 CEST", "2026-03-30 02:30 CEST"}},
		{"paris spring morning", "0 7 * * *", paris,
			time.Date(2026, 3, 28, 0, 0, 0, 0, paris), time.Date(2026, 3, 31, 0, 0, 0, 0, paris),
			[]string{"2026-03-28 07:00 CET", "2026-03-29 07:00 CEST", "2026-03-30 07:00 CEST"}},
		{"paris fall repeat", "30 2 * * *", paris,
			time.Date(2026, 10, 24, 0, 0, 0, 0, paris), time.Date(2026, 10, 27, 0, 0, 0, 0, paris),
			[]string{"2026-10-24 02:30 CEST", "2026-10-25 02:30 CEST", "2026-10-26 02:30 CET"}},
		{"new york spring gap", "30 2 * * *", ny,
			time.Date(2026, 3, 7, 0, 0, 0, 0, ny), time.Date(2026, 3, 10, 0, 0, 0, 0, ny),
			[]string{"2026-03-07 02:30 EST", "2026-03-08 03:00 EDT", "2026-03-09 02:30 EDT"}},
		{"new york fall repeat", "30 1 * * *", ny,
			time.Date(2026, 10, 31, 0, 0, 0, 0, ny), time.Date(2026, 11, 3, 0, 0, 0, 0, ny),
			[]string{"2026-10-31 01:30 EDT", "2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}},
		{"every 15 minutes across the paris gap", "*/15 2-3 * * *", paris,
			time.Date(2026, 3, 29, 1, 50, 0, 0, paris), time.Date(2026, 3, 29, 3, 20, 0, 0, paris),
			// 02:00–02:45 do not exist: they run once, at 03:00, with the 03:00 run itself.
			[]string{"2026-03-29 03:00 CEST", "2026-03-29 03:15 CEST"}},
		{"weekdays only", "0 7 * * 1-5", paris,
			time.Date(2026, 11, 20, 0, 0, 0, 0, paris), time.Date(2026, 11, 24, 0, 0, 0, 0, paris),
			[]string{"2026-11-20 07:00 CET", "2026-11-23 07:00 CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.line, tt.loc)
			var got []string
			for _, r := range runs(s, tt.from, tt.to) {
				got = append(got, r.In(tt.loc).Format("2006-01-02 15:04 MST"))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("runs of %q in %s = %q; want %q", tt.line, tt.loc, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("run %d of %q = %s; want %s", i, tt.line, got[i], tt.want[i])
				}
			}
		})
	}
}

// unsupported is a kind of cron.Schedule that cron.ParseStandard never
// returns.
type unsupported struct{}

func (unsupported) Next(t time.Time) time.Time { return t }

func TestNewSchedule(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	tests := []struct {
		line string
		loc  *time.Location
		zone string // "" for an error
	}{
		{"0 7 * * 1-5", paris, "Europe/Paris"},
		{"CRON_TZ=America/New_York 0 7 * * *", mustLoc(t, "America/New_York"), "America/New_York"},
		{"@every 1h", nil, "UTC"},
		{"@daily", paris, "Europe/Paris"},
		{"0 7 * * *", nil, "UTC"},
	}
	for _, tt := range tests {
		c, err := cron.ParseStandard(tt.line)
		if err != nil {
			t.Fatalf("cron.ParseStandard(%q): %v", tt.line, err)
		}
		s, err := NewSchedule(tt.line, c, tt.loc)
		if err != nil || s.loc.String() != tt.zone {
			t.Errorf("NewSchedule(%q, %v) = %+v in %s, %v; want it in %s", tt.line, tt.loc, s, s.loc, err, tt.zone)
		}
	}
	if s, err := NewSchedule("odd", unsupported{}, nil); err == nil {
		t.Errorf("NewSchedule of an unsupported kind = %v; want an error", s)
	}
}

func TestMissed(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	s := mustSchedule(t, "0 7 * * *", paris)
	tests := []struct {
		name string
		now  time.Time
		want string // "" for none
	}{
		{"started 30 minutes late", time.Date(2026, 11, 23, 7, 30, 0, 0, paris), "2026-11-23 07:00"},
		{"started two hours late", time.Date(2026, 11, 23, 9, 0, 0, 0, paris), ""},
		{"started exactly on time", time.Date(2026, 11, 23, 7, 0, 0, 0, paris), "2026-11-23 07:00"},
		{"started before the run", time.Date(2026, 11, 23, 6, 59, 0, 0, paris), ""},
	}
	for _, tt := range tests {
		got, ok := s.Missed(tt.now, time.Hour)
		gotS := ""
		if ok {
			gotS = got.In(paris).Format("2006-01-02 15:04")
		}
		if gotS != tt.want {
			t.Errorf("%s: Missed(%v, 1h) = %q; want %q", tt.name, tt.now, gotS, tt.want)
		}
	}
}

func TestScheduleDescriptors(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	every := mustSchedule(t, "@every 2h", nil)
	from := time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC)
	if got, want := every.Next(from), time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("@every 2h after %v = %v; want %v (multiples of 2h)", from, got, want)
	}
	daily := mustSchedule(t, "@daily", paris)
	if got := daily.Next(time.Date(2026, 11, 23, 7, 0, 0, 0, paris)).In(paris).Format("2006-01-02 15:04"); got != "2026-11-24 00:00" {
		t.Errorf("@daily next = %s; want 2026-11-24 00:00 Paris time", got)
	}
}
