package bot

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// StoreStats is what the store tells the metrics when they are scraped.
type StoreStats interface {
	// Outbox returns the deliveries not yet done and when the oldest was
	// enqueued (zero when none is).
	Outbox(ctx context.Context) (pending int, oldest time.Time, err error)
	// LastRuns returns when each brief's latest run was made.
	LastRuns(ctx context.Context) (map[string]time.Time, error)
}

var (
	outboxPendingDesc = prometheus.NewDesc("digestbot_outbox_pending",
		"Deliveries waiting in the outbox: not yet sent nor given up, leased or not.", nil, nil)
	outboxAgeDesc = prometheus.NewDesc("digestbot_outbox_oldest_pending_age_seconds",
		"How long the oldest delivery waiting in the outbox has waited since it was enqueued; 0 when none waits.", nil, nil)
	lastRunDesc = prometheus.NewDesc("digestbot_brief_last_success_timestamp_seconds",
		"When each brief's latest run was made, its digests enqueued (Unix time), by whichever replica; absent for a brief that never ran.", []string{"brief"}, nil)
	storeUpDesc = prometheus.NewDesc("digestbot_store_up",
		"1 when the store answered this scrape's questions, else 0 (and the figures read from it are absent).", nil, nil)
)

// storeCollector reads the outbox and the briefs' last runs from the
// store at each scrape, so that every replica shows the same figures and
// they survive restarts.
type storeCollector struct {
	stats   StoreStats
	briefs  []string
	timeout time.Duration
	now     func() time.Time
}

// NewStoreCollector returns a Prometheus collector of the outbox's depth,
// the age of its oldest pending delivery, and the time of the last run of
// each of briefs (those of the configuration: briefs removed from it are
// not reported), read from s at scrape time within timeout (zero: 2
// seconds). A store that does not answer makes digestbot_store_up 0
// rather than failing the scrape.
func NewStoreCollector(s StoreStats, briefs []string, timeout time.Duration) prometheus.Collector {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	return &storeCollector{stats: s, briefs: briefs, timeout: timeout, now: time.Now}
}

// Describe sends the descriptions of the collector's metrics.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxPendingDesc, outboxAgeDesc, lastRunDesc, storeUpDesc} {
		ch <- d
	}
}

// Collect reads the store and sends the metrics.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	up := 1.0
	if pending, oldest, err := c.stats.Outbox(ctx); err != nil {
		up = 0
	} else {
		age := 0.0
		if !oldest.IsZero() {
			age = max(c.now().Sub(oldest).Seconds(), 0)
		}
		ch <- prometheus.MustNewConstMetric(outboxPendingDesc, prometheus.GaugeValue, float64(pending))
		ch <- prometheus.MustNewConstMetric(outboxAgeDesc, prometheus.GaugeValue, age)
	}
	if runs, err := c.stats.LastRuns(ctx); err != nil {
		up = 0
	} else {
		for _, b := range c.briefs {
			if t, ok := runs[b]; ok {
				ch <- prometheus.MustNewConstMetric(lastRunDesc, prometheus.GaugeValue, float64(t.UnixNano())/1e9, b)
			}
		}
	}
	ch <- prometheus.MustNewConstMetric(storeUpDesc, prometheus.GaugeValue, up)
}
