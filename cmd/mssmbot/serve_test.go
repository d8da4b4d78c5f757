package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/discord/discordtest"
	"mssmbot/bot/guard"
	"mssmbot/bot/slack/fakeslack"
	"mssmbot/config"
)

const kenyaQuestion = "How many Kenyan officers are deployed?"

// kenyaDoc is a one-document corpus saying how many officers Kenya deployed.
func kenyaDoc(n int) string {
	return fmt.Sprintf("---\ntitle: Kenya's deployment to Haiti\ndate: 2024-08-28\n---\n"+
		"Kenya has deployed %d police officers to Haiti.\n", n)
}

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a running serve.
type served struct {
	url    string
	logs   *syncBuffer
	hup    chan os.Signal
	stop   context.CancelFunc
	done   chan error
	result error
}

// startServe runs serve with cfg until the test ends (or wait is called).
func startServe(t *testing.T, cfg config.Config, opt serveOptions) *served {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test configuration: %v", err)
	}
	s := &served{logs: &syncBuffer{}, hup: make(chan os.Signal, 1), done: make(chan error, 1)}
	opt.hup = s.hup
	if opt.grace == 0 {
		opt.grace = -1 // no grace period unless the test asks for one
	}
	addrs := make(chan net.Addr, 1)
	opt.listening = func(a net.Addr) { addrs <- a }
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	log := slog.New(slog.NewTextHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() { s.done <- serve(ctx, cfg, log, opt) }()
	t.Cleanup(func() {
		cancel()
		s.wait(t)
		if t.Failed() {
			t.Logf("serve logs:\n%s", s.logs.String())
		}
	})
	select {
	case a := <-addrs:
		s.url = "http://" + a.String()
	case err := <-s.done:
		t.Fatalf("serve: %v\n%s", err, s.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start listening")
	}
	return s
}

// wait waits for serve to return and returns its error.
// waitReady waits until /readyz answers 200.
func (s *served) waitReady(t *testing.T) {
	t.Helper()
	eventually(t, "/readyz ready", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })
}

func (s *served) wait(t *testing.T) error {
	t.Helper()
	if s.done != nil {
		select {
		case s.result = <-s.done:
		case <-time.After(30 * time.Second):
			t.Fatalf("serve did not return after shutdown\n%s", s.logs.String())
		}
		s.done = nil
	}
	return s.result
}

// eventually polls cond until it holds, failing the test after a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func ask(t *testing.T, base, question string) bot.Answer {
	t.Helper()
	return askIn(t, base, question, "")
}

func postJSON(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// metric returns the sum of the samples of name whose labels contain every
// one of labels (like `platform="slack"`).
func metric(t *testing.T, base, name string, labels ...string) float64 {
	t.Helper()
	_, body := get(t, base+"/metrics")
	sum := 0.0
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `(\{[^}]*\})? (\S+)$`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(m[1], l)
		}
		if ok {
			v, _ := strconv.ParseFloat(m[2], 64)
			sum += v
		}
	}
	return sum
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// discordSigner signs interaction requests as Discord does.
type discordSigner struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newDiscordSigner(t testing.TB) discordSigner {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return discordSigner{pub, priv}
}

func (s discordSigner) request(t testing.TB, url string, body []byte) *http.Request {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.priv, append([]byte(ts), body...))))
	return r
}

// interactionContent posts a signed interaction and returns the content of
// the type-4 response.
func interactionContent(t *testing.T, c *http.Client, s discordSigner, url string, i *discordgo.Interaction) string {
	t.Helper()
	body, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(s.request(t, url, body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, raw)
	}
	var ir interactionReply
	if err := json.Unmarshal(raw, &ir); err != nil || ir.Type != discordgo.InteractionResponseChannelMessageWithSource || ir.Data == nil {
		t.Fatalf("POST %s: want a type 4 response, got %s (%v)", url, raw, err)
	}
	return ir.Data.Content
}

// interactionReply is an interaction response as the tests read it
// (discordgo's own type cannot decode message components).
type interactionReply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *struct {
		Content    string          `json:"content"`
		Flags      int             `json:"flags"`
		Components json.RawMessage `json:"components"`
		Choices    []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

func postSlackEvent(t *testing.T, url string, body []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, b)
	}
}

// slackPostWith waits for a Slack post whose text contains want in channel.
func slackPostWith(t *testing.T, fs *fakeslack.Server, channel, want string) fakeslack.Post {
	t.Helper()
	var found fakeslack.Post
	eventually(t, fmt.Sprintf("a Slack post in %s containing %q", channel, want), func() bool {
		for _, p := range fs.Posts() {
			if p.Channel == channel && strings.Contains(p.AllText(), want) {
				found = p
				return true
			}
		}
		return false
	})
	return found
}

// discordPostWith waits for a Discord post containing want that match accepts.
func discordPostWith(t *testing.T, ds *discordtest.Server, want string, match func(discordtest.Post) bool) discordtest.Post {
	t.Helper()
	var found discordtest.Post
	ds.WaitFor(t, fmt.Sprintf("a Discord post containing %q", want), func() bool {
		for _, p := range ds.Posts() {
			if match(p) && strings.Contains(p.Content, want) {
				found = p
				return true
			}
		}
		return false
	})
	return found
}

// blocker holds the questions of one user until released, to keep them in
// flight across a shutdown. It panics on the question "boom".
type blocker struct {
	user     string
	entered  chan string
	release  chan struct{}
	released sync.Once
}

func newBlocker(user string) *blocker {
	return &blocker{user: user, entered: make(chan string, 8), release: make(chan struct{})}
}

func (b *blocker) wrap(next guard.Asker) guard.Asker { return blockingAsker{b, next} }
func (b *blocker) open()                             { b.released.Do(func() { close(b.release) }) }

type blockingAsker struct {
	b    *blocker
	next guard.Asker
}

func (a blockingAsker) Answer(ctx context.Context, q bot.Question) bot.Answer {
	if q.Text == "boom" {
		panic("boom")
	}
	if q.User == a.b.user {
		a.b.entered <- q.Platform
		<-a.b.release
	}
	return a.next.Answer(ctx, q)
}

// TestServe runs serve with every platform mode at once against the fake
// Discord and the fake Slack: each path answers, /readyz turns ready,
// /metrics counts the questions, a changed corpus file changes the answer, a
// bad one leaves it, and shutdown finishes the questions in flight.
func TestServe(t *testing.T) {
	ds := discordtest.NewServer(t)
	fs := fakeslack.NewServer(t)
	signer := newDiscordSigner(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	cfg, err := config.Load(strings.NewReader("rate_limit: 100/1s\nlisten: 127.0.0.1:0\n"), []string{
		"DISCORD_TOKEN=" + ds.Token, "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(signer.pub),
		"SLACK_APP_TOKEN=" + fakeslack.AppToken, "SLACK_BOT_TOKEN=" + fakeslack.BotToken,
		"SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
		"MSSMBOT_CORPUS=" + dir,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	slow := newBlocker("slowpoke")
	defer slow.open()
	s := startServe(t, cfg, serveOptions{
		discordHTTPClient: ds.HTTPClient(),
		debounce:          50 * time.Millisecond,
		wrap:              slow.wrap,
	})

	if code, body := get(t, s.url+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	s.waitReady(t)
	_, body := get(t, s.url+"/readyz")
	for _, want := range []string{"index: ready", "discord gateway: ready", "slack socket mode: ready"} {
		if !strings.Contains(body, want) {
			t.Errorf("/readyz lacks %q:\n%s", want, body)
		}
	}
	if got := metric(t, s.url, "mssmbot_ready"); got != 3 {
		t.Errorf("mssmbot_ready sums to %v, want 3 components ready", got)
	}

	t.Run("discord gateway /ask", func(t *testing.T) {
		i := ds.Ask(kenyaQuestion, false)
		ds.InteractionCreate(t, i)
		discordPostWith(t, ds, "400", func(p discordtest.Post) bool { return p.InteractionID == i.ID })
	})
	t.Run("discord gateway DM", func(t *testing.T) {
		m := ds.DM(kenyaQuestion)
		ds.MessageCreate(t, m)
		discordPostWith(t, ds, "400", func(p discordtest.Post) bool { return p.ChannelID == m.ChannelID })
	})
	t.Run("discord HTTP interactions /ask", func(t *testing.T) {
		if got := interactionContent(t, http.DefaultClient, signer, s.url+"/discord/interactions", ds.Ask(kenyaQuestion, false)); !strings.Contains(got, "400") {
			t.Errorf("interaction response %q lacks 400", got)
		}
	})
	t.Run("slack socket mode mention", func(t *testing.T) {
		id := fs.PushEvent(t, fakeslack.Event{Type: "app_mention", Channel: "CSOCK", User: "U1", TS: "1.000001",
			Text: "<@" + fakeslack.BotUserID + "> " + kenyaQuestion}.Callback("EvSock1"))
		fs.WaitAcked(t, id)
		if p := slackPostWith(t, fs, "CSOCK", "400"); p.ThreadTS != "1.000001" {
			t.Errorf("reply not in the mention's thread: %+v", p)
		}
	})
	t.Run("slack events API mention", func(t *testing.T) {
		postSlackEvent(t, s.url+"/slack/events", fakeslack.Event{Type: "app_mention", Channel: "CHTTP", User: "U2", TS: "2.000001",
			Text: "<@" + fakeslack.BotUserID + "> " + kenyaQuestion}.Callback("EvHTTP1"))
		slackPostWith(t, fs, "CHTTP", "400")
	})
	t.Run("HTTP API", func(t *testing.T) {
		if a := ask(t, s.url, kenyaQuestion); !strings.Contains(a.Text, "400") || len(a.Sources) == 0 {
			t.Errorf("/v1/ask: got %+v, want 400 with its source", a)
		}
	})
	t.Run("metrics count the questions", func(t *testing.T) {
		for platform, want := range map[string]float64{"discord": 3, "slack": 2, "http": 1} {
			if got := metric(t, s.url, "mssmbot_questions_total", `platform="`+platform+`"`); got != want {
				t.Errorf("mssmbot_questions_total{platform=%q} = %v, want %v", platform, got, want)
			}
			if got := metric(t, s.url, "mssmbot_answer_duration_seconds_count", `platform="`+platform+`"`); got != want {
				t.Errorf("mssmbot_answer_duration_seconds_count{platform=%q} = %v, want %v", platform, got, want)
			}
		}
	})

	t.Run("dropped connections reconnect and are counted", func(t *testing.T) {
		ds.DropConnection(t)
		ds.WaitResumes(t, 1)
		fs.Disconnect(t)
		fs.WaitConnections(t, 2)
		eventually(t, "both reconnects counted", func() bool {
			return metric(t, s.url, "mssmbot_platform_reconnects_total", `platform="discord"`) >= 1 &&
				metric(t, s.url, "mssmbot_platform_reconnects_total", `platform="slack"`) >= 1
		})
		eventually(t, "/readyz ready again", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })
		m := ds.DM(kenyaQuestion)
		ds.MessageCreate(t, m)
		discordPostWith(t, ds, "400", func(p discordtest.Post) bool { return p.ChannelID == m.ChannelID })
		id := fs.PushEvent(t, fakeslack.Event{Type: "app_mention", Channel: "CSOCK2", User: "U1", TS: "4.000001",
			Text: "<@" + fakeslack.BotUserID + "> " + kenyaQuestion}.Callback("EvSock2"))
		fs.WaitAcked(t, id)
		slackPostWith(t, fs, "CSOCK2", "400")
	})
	t.Run("changed corpus file changes the answer", func(t *testing.T) {
		eventually(t, "the corpus watch to start", func() bool { return strings.Contains(s.logs.String(), "watching the corpus folders") })
		writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(600))
		eventually(t, "the answer to change to 600", func() bool { return strings.Contains(ask(t, s.url, kenyaQuestion).Text, "600") })
		eventually(t, "the reload to be counted", func() bool { return metric(t, s.url, "mssmbot_corpus_reloads_total") >= 1 })
		// Every path answers from the new corpus.
		m := ds.DM(kenyaQuestion)
		ds.MessageCreate(t, m)
		discordPostWith(t, ds, "600", func(p discordtest.Post) bool { return p.ChannelID == m.ChannelID })
	})
	t.Run("bad corpus file keeps the old answers", func(t *testing.T) {
		writeFile(t, filepath.Join(dir, "broken.md"), "---\ntitle: never closed\n\nKenya has deployed 900 police officers to Haiti.\n")
		eventually(t, "a failed reload", func() bool { return metric(t, s.url, "mssmbot_corpus_reload_failures_total") >= 1 })
		if a := ask(t, s.url, kenyaQuestion); !strings.Contains(a.Text, "600") {
			t.Errorf("after a bad file: got %q, want the previous answer (600)", a.Text)
		}
		if logs := s.logs.String(); !strings.Contains(logs, "broken.md") || !strings.Contains(logs, "corpus reload failed") {
			t.Errorf("the failed reload's log does not name the file:\n%s", logs)
		}
	})

	t.Run("a panic while answering is recovered", func(t *testing.T) {
		if a := ask(t, s.url, "boom"); a.Text != guard.ErrorText {
			t.Errorf("panicking question: got %q, want the apology", a.Text)
		}
		if a := ask(t, s.url, kenyaQuestion); !strings.Contains(a.Text, "600") {
			t.Errorf("after a panic: got %q, want the bot still answering", a.Text)
		}
		if got := metric(t, s.url, "mssmbot_answer_panics_total"); got != 1 {
			t.Errorf("mssmbot_answer_panics_total = %v, want 1", got)
		}
		if !strings.Contains(s.logs.String(), "panic while answering") {
			t.Error("the panic was not logged")
		}
	})

	t.Run("shutdown finishes the questions in flight", func(t *testing.T) {
		id := fs.PushEvent(t, fakeslack.Event{Type: "app_mention", Channel: "CSLOW", User: "slowpoke", TS: "3.000001",
			Text: "<@" + fakeslack.BotUserID + "> " + kenyaQuestion}.Callback("EvSlow1"))
		fs.WaitAcked(t, id)
		m := ds.DM(kenyaQuestion)
		m.Author = &discordgo.User{ID: "slowpoke", Username: "slowpoke"}
		m.ChannelID = "dm-slowpoke"
		ds.MessageCreate(t, m)
		for range 2 {
			select {
			case <-slow.entered:
			case <-time.After(20 * time.Second):
				t.Fatal("the slow questions did not start")
			}
		}
		s.stop() // SIGTERM
		// New questions are refused once the listener is closed.
		eventually(t, "the HTTP listener to close", func() bool {
			_, err := http.Get(s.url + "/healthz")
			return err != nil
		})
		slow.open()
		if err := s.wait(t); err != nil {
			t.Fatalf("serve returned %v, want nil (exit status 0)", err)
		}
		slackPostWith(t, fs, "CSLOW", "600")
		discordPostWith(t, ds, "600", func(p discordtest.Post) bool { return p.ChannelID == "dm-slowpoke" })
		if !strings.Contains(s.logs.String(), "msg=stopped") {
			t.Errorf("no clean stop logged:\n%s", s.logs.String())
		}
	})

	// The whole run was logged at debug level: no secret in it.
	for _, secret := range []string{ds.Token, fakeslack.BotToken, fakeslack.AppToken, fakeslack.SigningSecret} {
		if strings.Contains(s.logs.String(), secret) {
			t.Errorf("the logs hold the secret %q", secret)
		}
	}
}

// TestServeHTTPOnly runs serve with no chat platform: it says what to set,
// answers over HTTP, rate-limits, and reloads on SIGHUP.
func TestServeHTTPOnly(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	cfg, err := config.Load(nil, []string{"MSSMBOT_LISTEN=127.0.0.1:0", "MSSMBOT_CORPUS=" + dir, "MSSMBOT_RATE_LIMIT=4/1h"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A debounce longer than the test: only SIGHUP reloads.
	s := startServe(t, cfg, serveOptions{debounce: time.Hour})
	s.waitReady(t)
	if logs := s.logs.String(); !strings.Contains(logs, "no chat platform configured") || !strings.Contains(logs, "DISCORD_TOKEN") ||
		!strings.Contains(logs, "SLACK_APP_TOKEN") || !strings.Contains(logs, "/v1/ask") {
		t.Errorf("serve does not say what to set:\n%s", logs)
	}

	tests := []struct {
		name, method, body string
		wantCode           int
		wantBody           string
	}{
		{"ask", "POST", `{"question": "` + kenyaQuestion + `"}`, 200, `"answer":`},
		{"empty question", "POST", `{}`, 200, `"intent":"empty"`},
		{"malformed JSON", "POST", `{"question": `, 400, `"error"`},
		{"body too large", "POST", `{"question": "` + strings.Repeat("a", 70<<10) + `"}`, 413, `too large`},
		{"GET", "GET", ``, 405, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, s.url+"/v1/ask", strings.NewReader(tt.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantCode || !strings.Contains(string(b), tt.wantBody) {
				t.Errorf("%s /v1/ask: %d %s, want %d with %q", tt.method, resp.StatusCode, b, tt.wantCode, tt.wantBody)
			}
		})
	}

	t.Run("SIGHUP reloads", func(t *testing.T) {
		writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(700))
		before := metric(t, s.url, "mssmbot_corpus_reloads_total")
		s.hup <- os.Interrupt // any value: serve's caller sends SIGHUP
		eventually(t, "the reload", func() bool { return metric(t, s.url, "mssmbot_corpus_reloads_total") > before })
		if a := ask(t, s.url, kenyaQuestion); !strings.Contains(a.Text, "700") {
			t.Errorf("after SIGHUP: got %q, want the new figure 700", a.Text)
		}
		if !strings.Contains(s.logs.String(), "why=SIGHUP") {
			t.Errorf("reload not logged as SIGHUP's:\n%s", s.logs.String())
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		// Three questions were asked above; the fourth is the last allowed.
		if a := ask(t, s.url, kenyaQuestion); a.Text == guard.SlowDownText {
			t.Fatalf("4th question: got the slow-down reply")
		}
		for i := 5; i <= 6; i++ {
			code, body := postJSON(t, s.url+"/v1/ask", fmt.Sprintf(`{"question": %q}`, kenyaQuestion))
			if code != http.StatusTooManyRequests || !strings.Contains(body, "slow down") {
				t.Fatalf("question %d: got %d %s, want 429 with the slow-down reply", i, code, body)
			}
		}
		if got := metric(t, s.url, "mssmbot_rate_limited_total", `platform="http"`); got != 2 {
			t.Errorf("mssmbot_rate_limited_total = %v, want 2", got)
		}
	})

	s.stop()
	if err := s.wait(t); err != nil {
		t.Fatalf("serve: %v", err)
	}
}
