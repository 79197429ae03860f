package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// ErrNoUsableInput is Command.Digest's error when no input held an
// article with a sentence to digest.
var ErrNoUsableInput = errors.New("no usable input")

// Command makes digests and briefs for the command line (digest, post,
// brief) through Pipeline, within its Timeout, posts them, asks a running
// bot's health and registers the Discord command; it prints each problem
// on its own line to Stderr.
type Command struct {
	// Pipeline makes the digests; its Timeout bounds each command (the
	// --timeout flag).
	Pipeline Pipeline
	// Reports gathers what the Fetcher made of each feed read (the
	// Fetcher's report hook adds to it); nil: none.
	Reports *FeedTally
	// Fetched, when set, is called once the inputs are fetched, before a
	// problem is printed (it ends a progress line); it may be called again.
	Fetched func()
	// Warning says whether an error of the fetch is a problem with an item
	// of a feed that was read (sources.IsItemError) rather than an input
	// that could not be read at all.
	Warning func(error) bool
	// Stderr receives the problems, each on a line of its own.
	Stderr io.Writer
	// Stdout receives what post --dry-run would send (see Post).
	Stdout io.Writer
}

// fetched calls Fetched, when set.
func (c Command) fetched() {
	if c.Fetched != nil {
		c.Fetched()
	}
}

// reports returns what the fetches made of their feeds.
func (c Command) reports() []news.FeedReport {
	if c.Reports == nil {
		return nil
	}
	return c.Reports.Take()
}

// timedOut words an error of a command that ran out of time.
func (c Command) timedOut(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v (--timeout): %w", c.Pipeline.Timeout, err)
	}
	return err
}

// Digest reads the inputs as one story and digests it. It prints a line
// for each input that could not be read or held nothing to digest, and
// one for each feed whose window or items left every item out; failed
// says whether there was such an input. When no input is usable the
// error is ErrNoUsableInput.
func (c Command) Digest(ctx context.Context, inputs []string) (d news.Digest, failed bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.Pipeline.Timeout)
	defer cancel()
	usable, errs, unusable := c.Pipeline.Read(ctx, inputs, Scope{})
	c.fetched()
	errs = append(errs, unusable...)
	for _, err := range errs {
		fmt.Fprintf(c.Stderr, "digestbot: %v\n", err)
	}
	for _, r := range c.reports() {
		if r.Items > 0 && r.Skipped() == r.Items {
			fmt.Fprintf(c.Stderr, "digestbot: %s\n", render.ItemsLeftOut(r))
		}
	}
	if len(usable) == 0 {
		return news.Digest{}, len(errs) > 0, ErrNoUsableInput
	}
	d, err = c.Pipeline.Summarizer.Summarize(ctx, news.Story{Articles: usable})
	if err != nil {
		return news.Digest{}, len(errs) > 0, c.timedOut(err)
	}
	return d, len(errs) > 0, nil
}

// Brief makes a brief of the top n stories of the feeds (Pipeline.Brief)
// and writes it to w in format (WriteDigests). It prints its problems and
// says whether the brief failed: a feed could not be read at all,
// nothing could be made, or the time ran out while digesting; each with a
// one-line reason. Warnings — pages that kept their teasers, items left
// out — are printed and counted, and do not fail it. err is the write's.
func (c Command) Brief(ctx context.Context, feeds []string, n int, w io.Writer, format string) (failed bool, err error) {
	fetchedErrs := 0 // the errors of reading the feeds come first
	p := c.Pipeline
	p.Fetcher = FetchFunc(func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
		arts, errs := c.Pipeline.Fetcher.Fetch(ctx, inputs, scope)
		c.fetched()
		fetchedErrs = len(errs)
		return arts, errs
	})
	_, digests, errs := p.Brief(ctx, feeds, n)
	c.fetched()
	unusable := 0 // read, but nothing in it to digest: a warning, counted
	for _, err := range errs[fetchedErrs:] {
		if _, ok := err.(*LeftOutError); ok {
			unusable++
		}
	}
	loaded := fetchedErrs + unusable
	return c.briefResult(digests, errs[:loaded], errs[loaded:], c.reports(), unusable, w, format)
}

// briefResult prints a brief and its problems, and says whether it
// failed. loadErrs are the errors of reading the feeds, later those of
// digesting, reports what was made of each feed read.
func (c Command) briefResult(digests []news.Digest, loadErrs, later []error, reports []news.FeedReport, unusable int, w io.Writer, format string) (bool, error) {
	var failed, warnings []error
	for _, err := range loadErrs {
		var leftOut *LeftOutError
		if c.Warning != nil && c.Warning(err) || errors.As(err, &leftOut) {
			warnings = append(warnings, err)
		} else {
			failed = append(failed, err)
		}
	}
	for _, errs := range [][]error{failed, later} {
		for _, err := range errs {
			fmt.Fprintf(c.Stderr, "digestbot: %v\n", c.timedOut(err))
		}
	}
	for _, err := range warnings {
		fmt.Fprintf(c.Stderr, "digestbot: warning: %v\n", err)
	}
	for _, r := range reports {
		if r.TitleOnly > 0 || r.Items > 0 && r.Skipped() == r.Items {
			fmt.Fprintf(c.Stderr, "digestbot: warning: %s\n", render.ItemsLeftOut(r))
		}
	}
	feeds := len(reports) + len(failed)
	switch {
	case len(digests) == 0 && len(reports) == 0 && len(failed) > 0:
		fmt.Fprintf(c.Stderr, "digestbot: %s\n", render.NoFeedRead(failed, feeds))
		return true, nil
	case len(digests) == 0:
		fmt.Fprintf(c.Stderr, "digestbot: %s\n", render.NothingToBrief(reports, unusable))
		return true, nil
	}
	if err := WriteDigests(w, digests, format, true); err != nil {
		return false, err
	}
	if len(failed) > 0 {
		fmt.Fprintf(c.Stderr, "digestbot: %d of %d feeds could not be read; the brief was made from the other %d\n", len(failed), feeds, feeds-len(failed))
		return true, nil
	}
	if len(later) > 0 {
		return true, nil
	}
	if len(warnings) > 0 {
		fmt.Fprintf(c.Stderr, "digestbot: the brief was made, with %s (above)\n", render.Plural(len(warnings), "warning", "warnings"))
	}
	return false, nil
}

// Posters builds a poster for each destination of `post --to` (NewPoster),
// parsed by parse, the Slack channels sharing one pacer; getenv gives the
// bot tokens and API base URLs. It prints a line for each destination that
// cannot be used, naming it, and ok is false when there was one.
func (c Command) Posters(to []string, parse func(string) (Destination, error), getenv func(string) string) (ps []Poster, ok bool) {
	pacer := &slack.Pacer{}
	for _, s := range to {
		d, err := parse(s)
		if err == nil {
			var p Poster
			if p, err = NewPoster(d, getenv, c.Stdout, pacer); err == nil {
				ps = append(ps, p)
				continue
			}
		}
		fmt.Fprintf(c.Stderr, "digestbot post: --to: %v\n", err)
	}
	return ps, len(ps) == len(to)
}

// Post delivers d to every poster, as Deliver does, and then its evidence
// under it where the poster can (Evidencer), and says whether all took
// the digest: it prints a line for each destination that took it, or for
// each failure when one failed, and a warning for each destination that
// took the digest but not its evidence, which does not fail the post.
// With dryRun (post --dry-run) it sends nothing: it writes to Stdout, for
// each poster, a line "==> NAME <==" and the body of each request the
// poster would send (its Preview: JSON for Slack and Discord, one request
// a line, and the text for the terminal; then its PreviewEvidence), and
// says whether every poster could show it.
func (c Command) Post(ctx context.Context, d news.Digest, posters []Poster, dryRun bool) (ok bool) {
	if dryRun {
		return c.preview(ctx, c.Stdout, d, posters)
	}
	var errs, warnings []error
	for _, p := range posters {
		evidence, err := postWithEvidence(ctx, p, d)
		if err != nil {
			errs = append(errs, fmt.Errorf("post to %s: %w", p.Name(), err))
		} else if evidence != nil {
			warnings = append(warnings, fmt.Errorf("%s took the digest, but not its sources: %w", p.Name(), evidence))
		}
	}
	if err := errors.Join(errs...); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(c.Stderr, "digestbot: %s\n", line)
		}
	} else {
		for _, p := range posters {
			fmt.Fprintf(c.Stderr, "digestbot: posted %q to %s\n", d.Title, p.Name())
		}
	}
	for _, w := range warnings {
		fmt.Fprintf(c.Stderr, "digestbot: warning: %v\n", w)
	}
	return len(errs) == 0
}

// Health asks the health endpoint at url whether the bot is healthy
// (AskHealth), through client. It writes "ok" to w when it is; else it
// prints the status the endpoint answered and each reason it gave, and
// healthy is false. err is the request's.
func (c Command) Health(ctx context.Context, client *http.Client, url string, w io.Writer) (healthy bool, err error) {
	status, reasons, err := AskHealth(ctx, client, url)
	if err != nil {
		return false, err
	}
	if status != "" {
		fmt.Fprintf(c.Stderr, "digestbot: health: %s answered %s\n", url, status)
		for _, line := range reasons {
			fmt.Fprintf(c.Stderr, "digestbot: health: %s\n", line)
		}
		return false, nil
	}
	fmt.Fprintln(w, "ok")
	return true, nil
}

// RegisterDiscord creates the slash command on Discord (discord.Register)
// in the guild given, or globally when it is empty, and writes to w where
// it was registered.
func (c Command) RegisterDiscord(ctx context.Context, token, appID, guild, apiURL string, client *http.Client, w io.Writer) error {
	if err := discord.Register(ctx, token, appID, guild, apiURL, client); err != nil {
		return err
	}
	where := "globally"
	if guild != "" {
		where = "in guild " + guild
	}
	fmt.Fprintf(w, "registered /%s %s\n", discord.CommandName, where)
	return nil
}
