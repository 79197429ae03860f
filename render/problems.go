package render

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/digestbot/digestbot/news"
)

// isNetworkError reports whether err is the network's doing: a name that
// does not resolve, a connection refused, reset or timed out.
func isNetworkError(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	var te interface{ Timeout() bool }
	return errors.As(err, &dns) || errors.As(err, &op) || errors.As(err, &te) && te.Timeout() ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

// NoFeedRead is the one-line reason of a brief none of whose feeds could
// be read: "no feed could be read (5 of 5): check the network" when the
// network failed every one, else with the first failure.
func NoFeedRead(failed []error, feeds int) string {
	network := true
	for _, err := range failed {
		network = network && isNetworkError(err)
	}
	why := "check the network"
	if !network && len(failed) > 0 {
		why = failed[0].Error()
		if len(failed) > 1 {
			why += fmt.Sprintf(" (and %d more)", len(failed)-1)
		}
	}
	return fmt.Sprintf("no feed could be read (%d of %d): %s", len(failed), feeds, why)
}

// ItemsLeftOut says, for a feed whose report left items out, how many and
// why: "read FEED: 718 of 730 items left out: 718 older than 48h (the
// newest from 2019-10-08)". "" when it left none out.
func ItemsLeftOut(r news.FeedReport) string {
	if r.Skipped() == 0 {
		return ""
	}
	var why []string
	if r.Old > 0 {
		s := fmt.Sprintf("%d older than %s", r.Old, Hours(r.Window.MaxAge))
		if r.Old == r.Items && !r.Newest.IsZero() {
			s += fmt.Sprintf(" (the newest from %s)", r.Newest.UTC().Format("2006-01-02 15:04 MST"))
		}
		why = append(why, s)
	}
	if r.Over > 0 {
		why = append(why, fmt.Sprintf("%d beyond the newest %d", r.Over, r.Window.MaxItems))
	}
	if r.TitleOnly > 0 {
		why = append(why, fmt.Sprintf("%d with only a title (no text in the feed or on their page)", r.TitleOnly))
	}
	return fmt.Sprintf("read %s: %d of %d items left out: %s", r.Feed, r.Skipped(), r.Items, strings.Join(why, ", "))
}

// Hours writes a window's age as the flags and the file do: 48h, 336h,
// 90m.
func Hours(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// NothingToBrief is the one-line reason of a brief that found nothing to
// digest in feeds that were read: what their windows and items left.
func NothingToBrief(reports []news.FeedReport, unusable int) string {
	var items, old, over, titleOnly int
	var newest time.Time
	var window news.FeedWindow
	for _, r := range reports {
		items += r.Items
		old += r.Old
		over += r.Over
		titleOnly += r.TitleOnly
		if r.Newest.After(newest) {
			newest = r.Newest
		}
		window = r.Window
	}
	if items == 0 && unusable == 0 {
		return "nothing to make a brief of: the feeds hold no item"
	}
	var why []string
	if old > 0 {
		s := fmt.Sprintf("%d older than %s (--max-age, max_age)", old, Hours(window.MaxAge))
		if !newest.IsZero() {
			s += fmt.Sprintf("; the newest is from %s", newest.UTC().Format("2006-01-02 15:04 MST"))
		}
		why = append(why, s)
	}
	if over > 0 {
		why = append(why, fmt.Sprintf("%d beyond each feed's newest %d (--max-items, max_items)", over, window.MaxItems))
	}
	if titleOnly > 0 {
		why = append(why, fmt.Sprintf("%d with only a title", titleOnly))
	}
	if unusable > 0 {
		why = append(why, fmt.Sprintf("%d without a sentence to digest", unusable))
	}
	return fmt.Sprintf("nothing to make a brief of: of the %d items the feeds hold, %s", items, strings.Join(why, ", "))
}

// Plural writes a count of things: "1 warning", "3 warnings".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
