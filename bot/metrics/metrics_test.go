package metrics_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/guard"
	"mssmbot/bot/metrics"
)

func scrape(tb testing.TB, m *metrics.Metrics) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		tb.Fatalf("GET /metrics: %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics(t *testing.T) {
	m := metrics.New()
	m.Observe(guard.Observation{Question: bot.Question{Platform: "slack"}, Answer: bot.Answer{Intent: bot.IntentCount, Answered: true}, Took: 3 * time.Millisecond})
	m.Observe(guard.Observation{Question: bot.Question{Platform: "slack"}, Answer: bot.Answer{Intent: bot.IntentCount, Answered: true}, Took: time.Millisecond})
	m.Observe(guard.Observation{Question: bot.Question{Platform: "discord"}, Answer: bot.Answer{Intent: bot.IntentOther}, Took: time.Millisecond})
	m.Observe(guard.Observation{Question: bot.Question{Platform: "discord"}, Answer: bot.Answer{Intent: bot.IntentRefused}, Limited: true})
	m.Observe(guard.Observation{Question: bot.Question{Platform: "http"}, Answer: bot.Answer{Intent: bot.IntentRefused}, Panicked: true})
	m.Reload(nil)
	m.Reload(errors.New("bad file"))
	m.Reload(errors.New("bad file"))
	m.PlatformError("discord")(errors.New("429"))
	m.Reconnect("slack")()
	m.ReadyFunc("index", func() bool { return true })
	m.ReadyFunc("discord", func() bool { return false })

	out := scrape(t, m)
	for _, want := range []string{
		`mssmbot_questions_total{answered="true",intent="count",platform="slack"} 2`,
		`mssmbot_questions_total{answered="false",intent="other",platform="discord"} 1`,
		`mssmbot_answer_duration_seconds_count{platform="slack"} 2`,
		`mssmbot_rate_limited_total{platform="discord"} 1`,
		`mssmbot_answer_panics_total 1`,
		`mssmbot_corpus_reloads_total 1`,
		`mssmbot_corpus_reload_failures_total 2`,
		`mssmbot_platform_errors_total{platform="discord"} 1`,
		`mssmbot_platform_reconnects_total{platform="slack"} 1`,
		`mssmbot_ready{component="index"} 1`,
		`mssmbot_ready{component="discord"} 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestMetricsAreNotShared(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.Reload(nil)
	if out := scrape(t, b); strings.Contains(out, "mssmbot_corpus_reloads_total 1") {
		t.Error("a reload counted in one Metrics shows in another")
	}
}
