// Package metrics counts what the bot does, for Prometheus: questions by
// platform, intent and outcome, answer latency, corpus reloads, and platform
// errors and reconnects. Each Metrics has its own registry: no globals.
package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mssmbot/bot/guard"
)

// Metrics holds the bot's collectors and the registry serving them.
type Metrics struct {
	reg            *prometheus.Registry
	questions      *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	limited        *prometheus.CounterVec
	dropped        *prometheus.CounterVec
	panics         prometheus.Counter
	reloads        prometheus.Counter
	reloadFailures prometheus.Counter
	platformErrors *prometheus.CounterVec
	reconnects     *prometheus.CounterVec
	feedback       *prometheus.CounterVec
	shed           *prometheus.CounterVec
	redisErrors    prometheus.Counter
}

// New returns Metrics registered on a new registry, together with the Go
// runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_questions_total",
			Help: "Questions answered, by platform, intent and whether the sources answered them.",
		}, []string{"platform", "intent", "answered"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mssmbot_answer_duration_seconds",
			Help:    "Time to answer a question, by platform.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_rate_limited_total",
			Help: "Questions over their user's rate limit: answered with a request to slow down, or dropped (see mssmbot_rate_limit_dropped_total).",
		}, []string{"platform"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_rate_limit_dropped_total",
			Help: "Questions over their user's rate limit dropped without a reply (the user was told to slow down already in this window).",
		}, []string{"platform"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mssmbot_answer_panics_total",
			Help: "Questions whose answering panicked (recovered).",
		}),
		reloads: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mssmbot_corpus_reloads_total",
			Help: "Corpus reloads that succeeded (a new index swapped in, or the corpus found unchanged).",
		}),
		reloadFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mssmbot_corpus_reload_failures_total",
			Help: "Corpus reloads that failed; the previous index kept serving.",
		}),
		platformErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_platform_errors_total",
			Help: "Errors talking to a chat platform.",
		}, []string{"platform"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_platform_reconnects_total",
			Help: "Reconnections of a platform's websocket after a dropped connection.",
		}, []string{"platform"}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_shed_total",
			Help: "Questions and deliveries refused under overload (the work queue full): Slack events acknowledged but not answered, Discord interactions answered \"busy\", /v1/ask answered 503.",
		}, []string{"platform"}),
		redisErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mssmbot_redis_errors_total",
			Help: "Failed Redis operations (the bot then answers degraded: no dedupe, per-process rate limits and conversations).",
		}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mssmbot_feedback_total",
			Help: "Votes on answers recorded, by platform and vote (up or down); a changed vote counts under its new value.",
		}, []string{"platform", "vote"}),
	}
	m.reg.MustRegister(m.questions, m.latency, m.limited, m.dropped, m.panics, m.reloads, m.reloadFailures,
		m.platformErrors, m.reconnects, m.feedback, m.shed, m.redisErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry returns the registry, for registering more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Observe counts one question; it is a guard.Options.Observe.
func (m *Metrics) Observe(o guard.Observation) {
	p := o.Question.Platform
	if p == "" {
		p = "unknown"
	}
	m.questions.WithLabelValues(p, o.Answer.Intent, strconv.FormatBool(o.Answer.Answered)).Inc()
	m.latency.WithLabelValues(p).Observe(o.Took.Seconds())
	if o.Limited {
		m.limited.WithLabelValues(p).Inc()
	}
	if o.Dropped {
		m.dropped.WithLabelValues(p).Inc()
	}
	if o.Panicked {
		m.panics.Inc()
	}
}

// Feedback counts one recorded vote; it is a feedback.Options.OnVote.
func (m *Metrics) Feedback(platform, vote string) {
	m.feedback.WithLabelValues(platform, vote).Inc()
}

// Shed returns a function counting work shed on platform, for the
// adapters' OnShed.
func (m *Metrics) Shed(platform string) func() {
	c := m.shed.WithLabelValues(platform)
	return func() { c.Inc() }
}

// RedisError counts one failed Redis operation.
func (m *Metrics) RedisError() { m.redisErrors.Inc() }

// Reload counts one corpus reload, failed when err is not nil.
func (m *Metrics) Reload(err error) {
	if err != nil {
		m.reloadFailures.Inc()
		return
	}
	m.reloads.Inc()
}

// PlatformError returns a function counting errors of platform, for the
// adapters' OnPlatformError.
func (m *Metrics) PlatformError(platform string) func(error) {
	c := m.platformErrors.WithLabelValues(platform)
	return func(error) { c.Inc() }
}

// Reconnect returns a function counting reconnects of platform, for the
// adapters' OnReconnect.
func (m *Metrics) Reconnect(platform string) func() {
	c := m.reconnects.WithLabelValues(platform)
	return func() { c.Inc() }
}

// ConnectionsFunc exports mssmbot_http_connections, the listener's open
// connections, read at each scrape.
func (m *Metrics) ConnectionsFunc(open func() int) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "mssmbot_http_connections",
		Help: "Connections open on the HTTP listener (capped by MSSMBOT_MAX_CONNS).",
	}, func() float64 { return float64(open()) }))
}

// ReadyFunc exports mssmbot_ready{component=...} as 1 while ready reports
// true, else 0, read at each scrape.
func (m *Metrics) ReadyFunc(component string, ready func() bool) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "mssmbot_ready",
		Help:        "1 when the component (index or platform connection) is ready.",
		ConstLabels: prometheus.Labels{"component": component},
	}, func() float64 {
		if ready() {
			return 1
		}
		return 0
	}))
}
