package bot

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is when a brief runs: a standard five-field cron line read in a
// time zone. Unlike robfig/cron's own schedules, it neither skips nor
// doubles a run when the clocks change: a time that does not exist on a
// spring-forward day (02:30 in Europe/Paris on the last Sunday of March)
// runs at the first instant after the gap, and a time that happens twice on
// a fall-back day runs once.
type Schedule struct {
	spec  *cron.SpecSchedule // fields matched against wall-clock time
	every time.Duration      // or a fixed interval ("@every 2h"), which no clock change affects
	loc   *time.Location
}

// NewSchedule returns the Schedule of a cron line already parsed by
// robfig/cron's standard parser (config.Brief's Cron), run in the time zone
// loc (nil for UTC); line is the cron line as written, for errors. Only
// cron.ParseStandard's two kinds of schedule are accepted: five fields or a
// descriptor, and "@every".
func NewSchedule(line string, c cron.Schedule, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	switch c := c.(type) {
	case cron.ConstantDelaySchedule:
		return Schedule{every: c.Delay, loc: loc}, nil
	case *cron.SpecSchedule:
		wall := *c
		wall.Location = time.UTC
		return Schedule{spec: &wall, loc: loc}, nil
	}
	return Schedule{}, fmt.Errorf("schedule %q: unsupported kind of schedule %T", line, c)
}

// Next returns the first run strictly after t.
func (s Schedule) Next(t time.Time) time.Time {
	if s.every > 0 {
		// "@every d": the next multiple of d since the Unix epoch, so that
		// replicas and restarts agree on the runs.
		return t.Truncate(s.every).Add(s.every)
	}
	if s.spec == nil {
		return time.Time{}
	}
	// Walk wall-clock times: t's local date and time, written as if UTC.
	lt := t.In(s.loc)
	wall := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
	for i := 0; i < 1000; i++ {
		wall = s.spec.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		at := s.instant(wall)
		if at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// instant returns the real instant of a wall-clock time in the schedule's
// zone. A wall time inside a spring-forward gap becomes the first instant
// after the gap; of a wall time that happens twice, the first is taken.
func (s Schedule) instant(wall time.Time) time.Time {
	at := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), s.loc)
	if l := at.In(s.loc); l.Hour() != wall.Hour() || l.Minute() != wall.Minute() {
		// In a gap: the clocks jumped over this time. Run when they land.
		return gapEnd(at, s.loc)
	}
	// Ambiguous (fall-back): prefer the earlier of the two instants.
	if earlier := at.Add(-time.Hour); sameWall(earlier.In(s.loc), wall) {
		return earlier
	}
	return at
}

// gapEnd returns the instant the clocks landed on after the spring-forward
// gap that contains a non-existent local time. Go normalises such a time
// to one side of the gap or the other, depending on the zone, so the
// transition is searched for on both sides of at.
func gapEnd(at time.Time, loc *time.Location) time.Time {
	lo, hi := at.Add(-3*time.Hour), at.Add(3*time.Hour)
	_, offLo := lo.In(loc).Zone()
	if _, offHi := hi.In(loc).Zone(); offHi == offLo {
		return at // no transition near: cannot happen for a real gap
	}
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if _, off := mid.In(loc).Zone(); off == offLo {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi.Truncate(time.Second)
}

func sameWall(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay() && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

// Missed returns the latest run in (now-grace, now], the one a bot that was
// down should still make at start, or false when there is none.
func (s Schedule) Missed(now time.Time, grace time.Duration) (time.Time, bool) {
	var last time.Time
	for t := s.Next(now.Add(-grace)); !t.IsZero() && !t.After(now); t = s.Next(t) {
		last = t
	}
	return last, !last.IsZero()
}
