package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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
	s.waitReady(t)
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
	s.waitReady(t)

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
	s.waitReady(t)
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

// TestOverloadWithStalledSlack: with Slack's Web API hanging, 2,000 events
// are all acknowledged, the goroutines stay within the fixed pool (plus the
// client connections), the answers that do not fit the queue are shed and
// counted, and the queued ones are delivered once Slack answers again.
func TestOverloadWithStalledSlack(t *testing.T) {
	fs := fakeslack.NewServer(t)
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\nlog: {level: info}\n"), []string{
		"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	s.waitReady(t)
	release := fs.Stall("chat.postMessage")
	defer release()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	baseline := runtime.NumGoroutine()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 8, MaxIdleConnsPerHost: 8}}
	const n, clients = 2000, 8
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				if g := int64(runtime.NumGoroutine()); g > peak.Load() {
					peak.Store(g)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for c := range clients {
		wg.Go(func() {
			for i := c; i < n; i += clients {
				body := fakeslack.Event{Type: "message", ChannelType: "im", Channel: fmt.Sprintf("DL%d", i), User: fmt.Sprintf("UL%d", i),
					TS: fmt.Sprintf("70.%06d", i), Text: kenyaQuestion}.Callback(fmt.Sprintf("EvLoad%d", i))
				req, _ := http.NewRequest(http.MethodPost, s.url+"/slack/events", bytes.NewReader(body))
				req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				if resp != nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	if failed.Load() > 0 {
		t.Errorf("%d of %d events not acknowledged with 200", failed.Load(), n)
	}
	// The pool's 16 workers, the fake's 16 stalled handlers and the 8 client
	// connections' goroutines on both sides; never one per event.
	if extra := peak.Load() - int64(baseline); extra > 150 {
		t.Errorf("goroutines rose by %d while Slack stalled, want a bounded pool (< 150)", extra)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d MB while Slack stalled", grown>>20)
	}
	shed := metric(t, s.url, "mssmbot_shed_total", `platform="slack"`)
	if shed < n-600 {
		t.Errorf("mssmbot_shed_total{platform=\"slack\"} = %v, want at least %d (the queue holds 512, the workers 16)", shed, n-600)
	}
	if c := strings.Count(s.logs.String(), "overloaded: shedding work"); c < 1 || c > 10 {
		t.Errorf("the shedding was logged %d times, want at least once and at most once a second", c)
	}
	release()
	delivered := float64(n) - shed
	eventually(t, "the queued answers delivered", func() bool { return float64(len(fs.Posts())) >= delivered })
}

// TestAskShedsWhenFull: with every /v1/ask slot taken, a question gets 503
// with Retry-After at once, counted as shed.
func TestAskShedsWhenFull(t *testing.T) {
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\n"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	stuck := newBlocker("stuck")
	s := startServe(t, cfg, serveOptions{wrap: stuck.wrap, askSlots: 1})
	defer stuck.open()
	s.waitReady(t)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/v1/ask", strings.NewReader(`{"question": "How many Kenyan officers are deployed?"}`))
		req.Header.Set("X-Forwarded-For", "stuck")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-stuck.entered
	resp, err := http.Post(s.url+"/v1/ask", "application/json", strings.NewReader(`{"question": "Who leads the mission?"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("with the only slot taken: %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if got := metric(t, s.url, "mssmbot_shed_total", `platform="http"`); got != 1 {
		t.Errorf("mssmbot_shed_total{platform=\"http\"} = %v, want 1", got)
	}
	stuck.open()
}

// TestHealthzAnswersWhileClientsHoldConnections: a client holding more idle
// keep-alive connections than the cap (MSSMBOT_MAX_CONNS) does not keep
// /healthz from answering within seconds.
func TestHealthzAnswersWhileClientsHoldConnections(t *testing.T) {
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\n"), []string{"MSSMBOT_MAX_CONNS=40"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	s.waitReady(t)
	addr := strings.TrimPrefix(s.url, "http://")
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range 100 {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// One request each, then idle with the connection kept alive.
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	}
	start := time.Now()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(s.url + "/healthz")
	if err != nil {
		t.Fatalf("/healthz with 100 connections held open: %v", err)
	}
	resp.Body.Close()
	if took := time.Since(start); resp.StatusCode != http.StatusOK || took > 5*time.Second {
		t.Errorf("/healthz with 100 connections held open: %d after %v, want 200 within 5 s", resp.StatusCode, took)
	}
	// The server holds no more than its cap, whatever the client holds.
	if open := metric(t, s.url, "mssmbot_http_connections"); open > 40 {
		t.Errorf("%v connections open on the server, cap 40", open)
	}
}
