package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"mssmbot/bot/guard"
	"mssmbot/bot/slack/fakeslack"
	"mssmbot/config"
)

// TestFloodIsNotEchoed: one user sending 20 DMs at once gets 5 answers and
// one request to slow down; the other 14 are dropped silently and counted.
func TestFloodIsNotEchoed(t *testing.T) {
	fs := fakeslack.NewServer(t)
	cfg, err := config.Load(strings.NewReader("rate_limit: 5/10s\nlisten: 127.0.0.1:0\n"), []string{
		"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	eventually(t, "/readyz ready", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })
	for i := range 20 {
		postSlackEvent(t, s.url+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DFLOOD", User: "UFLOOD",
			TS: fmt.Sprintf("50.%06d", i), Text: kenyaQuestion}.Callback(fmt.Sprintf("EvFlood%d", i)))
	}
	eventually(t, "every DM handled", func() bool {
		return metric(t, s.url, "mssmbot_questions_total", `platform="slack"`) == 20
	})
	time.Sleep(100 * time.Millisecond) // let the last deliveries land
	answers, slowDowns := 0, 0
	for _, p := range fs.Posts() {
		switch {
		case p.Channel != "DFLOOD":
		case strings.Contains(p.Text, "slow down"):
			slowDowns++
		default:
			answers++
		}
	}
	if answers != 5 || slowDowns != 1 {
		t.Errorf("posted %d answers and %d slow-downs, want 5 and 1", answers, slowDowns)
	}
	if got := metric(t, s.url, "mssmbot_rate_limit_dropped_total", `platform="slack"`); got != 14 {
		t.Errorf("mssmbot_rate_limit_dropped_total = %v, want 14", got)
	}
	if !strings.Contains(guard.SlowDownText, "slow down") {
		t.Fatal("the slow-down text changed; update this test")
	}
}
