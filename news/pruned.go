package news

// Pruned counts the rows a prune of the store removed, by table: the
// store makes it, the bot logs it.
type Pruned struct {
	Seen, Articles, Posted, Outbox, FeedClaims, Runs int64
	// Skipped is true when another replica was pruning at the same time
	// (PostgreSQL), so this prune removed nothing.
	Skipped bool
}

// Total is the number of rows removed.
func (p Pruned) Total() int64 {
	return p.Seen + p.Articles + p.Posted + p.Outbox + p.FeedClaims + p.Runs
}
