package bot

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus metrics. A nil *Metrics counts nothing.
type Metrics struct {
	// Health, when set, also receives each delivery's outcome.
	Health *Health

	runs       *prometheus.CounterVec
	fetchErrs  prometheus.Counter
	digestSecs prometheus.Histogram
	deliveries *prometheus.CounterVec
}

// NewMetrics registers the bot's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "digestbot_brief_runs_total", Help: "Brief runs, by brief and outcome (ok, skipped, error).",
		}, []string{"brief", "outcome"}),
		fetchErrs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "digestbot_fetch_errors_total", Help: "Feeds and pages that could not be read.",
		}),
		digestSecs: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "digestbot_digest_seconds", Help: "Time from the start of a brief run to each story's digest.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 14),
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "digestbot_deliveries_total", Help: "Deliveries, by kind of destination and outcome (sent, retry, failed).",
		}, []string{"kind", "outcome"}),
	}
	reg.MustRegister(m.runs, m.fetchErrs, m.digestSecs, m.deliveries)
	return m
}

func (m *Metrics) run(brief, outcome string) {
	if m != nil {
		m.runs.WithLabelValues(brief, outcome).Inc()
	}
}

func (m *Metrics) fetchErrors(n int) {
	if m != nil {
		m.fetchErrs.Add(float64(n))
	}
}

func (m *Metrics) digestDone(d time.Duration) {
	if m != nil {
		m.digestSecs.Observe(d.Seconds())
	}
}

// delivery counts by the kind of destination ("slack", "discord-webhook"),
// never by its address, which may be a secret.
func (m *Metrics) delivery(dest, outcome string) {
	if m != nil {
		kind, _, _ := strings.Cut(dest, ":")
		m.deliveries.WithLabelValues(kind, outcome).Inc()
		m.Health.Delivered(dest, outcome)
	}
}
