package sources

import (
	"context"
	"log/slog"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/dedupe"
)

// BriefWorkers is how many fetches a brief makes at once, at most two to
// one site (fetch.ClientOptions.PerHost). A brief's pages are on many
// sites, and one that never answers holds its fetch for the whole fetch
// timeout: eight at once, as a chat command's, made a brief of 20 feeds
// with 25 dead pages take a minute (docs/BENCHMARKS.md).
const BriefWorkers = 32

// ForBriefs returns o as a brief reads: every input a feed, BriefWorkers
// fetches at once.
func (o LoadOptions) ForBriefs() LoadOptions {
	o.FeedsOnly, o.Workers = true, BriefWorkers
	return o
}

// Fetcher reads the pipeline's inputs (it is a bot.Fetcher): each Fetch
// is a Load with Options, the scope's Untrusted and MaxPages applied, its
// duplicates merged (dedupe.Dedupe). A scope with MaxPages (a chat
// command) fetches with DefaultWorkers, whatever Options.Workers says.
type Fetcher struct {
	// Options configure each Load.
	Options LoadOptions
	// FeedWindow, when set, gives the window of each input (each Load's
	// Options.Windows).
	FeedWindow func(feed string) Window
	// Validators, when set, gives each Load's Options.Validators; it may
	// bind them to the fetch's context.
	Validators func(ctx context.Context) ValidatorStore
	// Logger, when set, logs each feed whose window or items left items
	// out, before Options.Report hears of it.
	Logger *slog.Logger
}

// Fetch reads inputs within scope; it returns what it could read and one
// error per input that failed.
func (f Fetcher) Fetch(ctx context.Context, inputs []string, scope news.Scope) ([]news.Article, []error) {
	lo := f.Options
	lo.Untrusted, lo.MaxPages = scope.Untrusted, scope.MaxPages
	if scope.MaxPages > 0 {
		lo.Workers = 0
	}
	if f.FeedWindow != nil {
		lo.Windows = make(map[string]Window, len(inputs))
		for _, in := range inputs {
			lo.Windows[in] = f.FeedWindow(in)
		}
	}
	if f.Validators != nil {
		lo.Validators = f.Validators(ctx)
	}
	if log, report := f.Logger, f.Options.Report; log != nil {
		lo.Report = func(r FeedReport) {
			if r.Skipped() > 0 {
				log.Info("feed items left out", "feed", r.Feed, "items", r.Items, "old", r.Old, "over", r.Over, "title_only", r.TitleOnly,
					"max_age", r.Window.MaxAge.String(), "max_items", r.Window.MaxItems)
			}
			if report != nil {
				report(r)
			}
		}
	}
	arts, errs := Load(ctx, inputs, lo)
	return dedupe.Dedupe(arts), errs
}
