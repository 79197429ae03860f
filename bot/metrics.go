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
			Name: "digestbot_deliveries_total", Help: "Deliveries, by kind of destination and outcome (sent, retry, failed; resent: a send taken up again after its sender stopped mid-send, which may show twice).",
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

// SlashMetrics count slash commands by platform and outcome, with the time
// from each command's arrival to its answer. A nil *SlashMetrics counts
// nothing.
type SlashMetrics struct {
	commands *prometheus.CounterVec
	seconds  *prometheus.HistogramVec
}

// NewSlashMetrics registers digestbot_slash_commands_total and
// digestbot_slash_command_seconds, both by platform and outcome, with reg.
func NewSlashMetrics(reg prometheus.Registerer) *SlashMetrics {
	m := &SlashMetrics{
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "digestbot_slash_commands_total",
			Help: "Slash commands, by platform (slack, discord) and outcome (ok, failed, timeout, usage, busy, refused, undelivered, cancelled).",
		}, []string{"platform", "outcome"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "digestbot_slash_command_seconds",
			Help:    "Time from a slash command's arrival to its answer (the digest delivered, or the reply), by platform and outcome.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 13), // 5 ms to 5 minutes
		}, []string{"platform", "outcome"}),
	}
	reg.MustRegister(m.commands, m.seconds)
	return m
}

// Observe counts one command of platform with outcome, answered after d.
// The chat adapters call it through their Observe hooks.
func (m *SlashMetrics) Observe(platform, outcome string, d time.Duration) {
	if m != nil {
		m.commands.WithLabelValues(platform, outcome).Inc()
		m.seconds.WithLabelValues(platform, outcome).Observe(d.Seconds())
	}
}
