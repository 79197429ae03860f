package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/store"
)

// pruneTimeout bounds one prune.
const pruneTimeout = 5 * time.Minute

// prune forgets what the store holds beyond the retention, as of now, and
// logs what it removed.
func prune(ctx context.Context, st *store.Store, retention time.Duration, now time.Time, log *slog.Logger) {
	pctx, cancel := context.WithTimeout(ctx, pruneTimeout)
	defer cancel()
	before := now.Add(-retention)
	p, err := st.Prune(pctx, before, bot.DefaultWindow)
	switch {
	case err != nil && ctx.Err() != nil:
		// Stopping: the prune was rolled back, the next start makes it.
	case err != nil:
		log.Error("prune", "err", err)
	case p.Skipped:
		log.Debug("prune: another replica is pruning")
	default:
		level := slog.LevelInfo
		if p.Total() == 0 {
			level = slog.LevelDebug
		}
		log.Log(ctx, level, "pruned", "before", before.UTC().Format(time.RFC3339), "rows", p.Total(),
			"articles", p.Articles, "posted", p.Posted, "deliveries", p.Outbox, "runs", p.Runs, "feed_claims", p.FeedClaims, "seen", p.Seen)
	}
}
