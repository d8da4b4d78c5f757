package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"mssmbot/bot/discord/discordtest"
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

// TestSecretsNeverLogged runs serve at debug level with every platform mode
// and makes deliveries fail (a response_url that refuses connections, a
// Discord channel that refuses messages, bad signatures): no token, signing
// secret, signature or response_url appears anywhere in the log.
func TestSecretsNeverLogged(t *testing.T) {
	ds := discordtest.NewServer(t)
	fs := fakeslack.NewServer(t)
	signer := newDiscordSigner(t)
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\nlog: {level: debug}\n"), []string{
		"DISCORD_TOKEN=" + ds.Token, "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(signer.pub),
		"SLACK_APP_TOKEN=" + fakeslack.AppToken, "SLACK_BOT_TOKEN=" + fakeslack.BotToken,
		"SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
		"MSSMBOT_FEEDBACK_KEY=feedback-secret-key",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{discordHTTPClient: ds.HTTPClient()})
	eventually(t, "/readyz ready", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })

	// A slash command whose response_url refuses connections.
	deadURL := "http://127.0.0.1:1/commands/TFAKE/1234567890/SeCrEtWeBhOoKtOkEn0123456789"
	form := fs.Form(fakeslack.Command{Command: "/ask", Text: kenyaQuestion, UserID: "U1", ChannelID: "C1", TeamID: fakeslack.TeamID, ResponseURL: deadURL})
	body := []byte(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, s.url+"/slack/commands", bytes.NewReader(body))
	req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sig := req.Header.Get("X-Slack-Signature")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	eventually(t, "the failed delivery logged", func() bool { return strings.Contains(s.logs.String(), "reply not delivered") })

	// The same over Socket Mode.
	id := fs.PushSlashCommand(t, fakeslack.Command{Command: "/ask", Text: kenyaQuestion, UserID: "U2", ChannelID: "C2", TeamID: fakeslack.TeamID,
		ResponseURL: deadURL + "2"})
	fs.WaitAcked(t, id)
	// A badly signed Slack request, and a Discord reply that fails.
	bad := fakeslack.Sign("wrong-secret", time.Now(), body)
	bad.Set("Content-Type", "application/x-www-form-urlencoded")
	req, _ = http.NewRequest(http.MethodPost, s.url+"/slack/commands", bytes.NewReader(body))
	req.Header = bad
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	ds.FailMessages(http.StatusForbidden)
	ds.MessageCreate(t, ds.DM(kenyaQuestion))
	eventually(t, "the Discord failure logged", func() bool { return strings.Contains(s.logs.String(), "discord: platform error") })
	eventually(t, "both failed deliveries logged", func() bool { return strings.Count(s.logs.String(), "reply not delivered") >= 2 })

	logs := s.logs.String()
	for name, secret := range map[string]string{
		"response_url": "SeCrEtWeBhOoKtOkEn", "Slack bot token": fakeslack.BotToken, "Slack app token": fakeslack.AppToken,
		"signing secret": fakeslack.SigningSecret, "request signature": strings.TrimPrefix(sig, "v0="), "Discord token": ds.Token,
		"feedback key": "feedback-secret-key",
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the %s is in the log:\n%s", name, logs)
		}
	}
	if !strings.Contains(logs, "[redacted]") && !strings.Contains(logs, "[response_url]") {
		t.Errorf("no redaction seen; is the failure logged at all?\n%s", logs)
	}
}

// TestDrainTimeoutExitsNonZero: a question still in flight when the drain
// gives up makes serve return an error (exit status 1), not nil.
func TestDrainTimeoutExitsNonZero(t *testing.T) {
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\n"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	stuck := newBlocker("stuck")
	defer stuck.open()
	s := startServe(t, cfg, serveOptions{wrap: stuck.wrap, shutdownTimeout: 300 * time.Millisecond})
	eventually(t, "/readyz ready", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })
	go func() {
		body := strings.NewReader(`{"question": "How many Kenyan officers are deployed?"}`)
		req, _ := http.NewRequest(http.MethodPost, s.url+"/v1/ask", body)
		req.Header.Set("X-Forwarded-For", "stuck")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-stuck.entered
	s.stop()
	err = s.wait(t)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 1 {
		t.Errorf("serve after a timed-out drain returned %v, want exit status 1", err)
	}
}
