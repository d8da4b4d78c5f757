package slack_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/slack"
	"mssmbot/bot/slack/fakeslack"
)

// httpBot serves the Events API handlers of an HTTP adapter over loopback,
// with a fake Slack behind it.
type httpBot struct {
	*slack.HTTP
	fs  *fakeslack.Server
	srv *httptest.Server
}

func startHTTP(t *testing.T, a asker) *httpBot {
	t.Helper()
	fs := fakeslack.NewServer(t)
	h, err := slack.NewHTTP(context.Background(), slack.Options{
		BotToken: fakeslack.BotToken, SigningSecret: fakeslack.SigningSecret, APIURL: fs.URL(), Logger: testLogger(t),
	}, a)
	if err != nil {
		t.Fatalf("NewHTTP: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/slack/events", h.Events())
	mux.Handle("/slack/commands", h.Commands())
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); h.Wait() })
	return &httpBot{HTTP: h, fs: fs, srv: srv}
}

// do POSTs body to path with the given headers and returns the status and
// the response body.
func (hb *httpBot) do(t *testing.T, method, path string, body []byte, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, hb.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := hb.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// signed POSTs body to path signed now, as Slack does, with extra headers.
func (hb *httpBot) signed(t *testing.T, path string, body []byte, extra ...string) (int, string) {
	t.Helper()
	h := fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
	if path == "/slack/commands" {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		h.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return hb.do(t, http.MethodPost, path, body, h)
}

// event POSTs a signed event callback, waits for its answers and returns
// the messages posted meanwhile.
func (hb *httpBot) event(t *testing.T, id string, ev fakeslack.Event, extra ...string) []fakeslack.Post {
	t.Helper()
	before := len(hb.fs.Posts())
	if code, body := hb.signed(t, "/slack/events", ev.Callback(id), extra...); code != http.StatusOK {
		t.Fatalf("POST /slack/events: %d %s", code, body)
	}
	hb.Wait()
	return hb.fs.Posts()[before:]
}

func TestEvents(t *testing.T) {
	b := bottest.New(t)
	hb := startHTTP(t, b)

	t.Run("url_verification", func(t *testing.T) {
		body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
		code, got := hb.signed(t, "/slack/events", body)
		if code != http.StatusOK || got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
			t.Errorf("got %d %q, want 200 and the challenge", code, got)
		}
	})

	t.Run("mention answered once, redelivery not answered again", func(t *testing.T) {
		ev := mention("C1", "100.000001", "", kenya)
		posts := hb.event(t, "EvH1", ev)
		if len(posts) != 1 {
			t.Fatalf("posted %d messages, want 1", len(posts))
		}
		if posts[0].Channel != "C1" || posts[0].ThreadTS != "100.000001" {
			t.Errorf("posted to %q thread %q, want C1 thread 100.000001", posts[0].Channel, posts[0].ThreadTS)
		}
		if again := hb.event(t, "EvH1", ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"); len(again) != 0 {
			t.Errorf("redelivery answered again: %+v", again)
		}
		checkAnswer(t, b, posts[0], kenya)
	})

	t.Run("DM answered in the DM", func(t *testing.T) {
		posts := hb.event(t, "EvH2", dm("D1", "101.000001", "", kenya))
		if len(posts) != 1 || posts[0].Channel != "D1" || posts[0].ThreadTS != "" {
			t.Fatalf("posted %+v, want one unthreaded answer in D1", posts)
		}
		checkAnswer(t, b, posts[0], kenya)
	})

	t.Run("app_mention and message.im of one message answered once", func(t *testing.T) {
		ev := mention("D2", "102.000001", "", kenya)
		im := ev
		im.Type, im.ChannelType = "message", "im"
		posts := append(hb.event(t, "EvH3", ev), hb.event(t, "EvH4", im)...)
		if len(posts) != 1 {
			t.Errorf("posted %d messages, want 1", len(posts))
		}
	})

	t.Run("own message not answered", func(t *testing.T) {
		own := dm("D1", "103.000001", "", kenya)
		own.User, own.BotID = fakeslack.BotUserID, fakeslack.BotID
		if posts := hb.event(t, "EvH5", own); len(posts) != 0 {
			t.Errorf("answered its own message: %+v", posts)
		}
	})

	t.Run("<!channel> in a question is escaped in the reply", func(t *testing.T) {
		q := "<!channel> <!here> " + kenya
		posts := hb.event(t, "EvH6", mention("C1", "104.000001", "", q))
		if len(posts) != 1 {
			t.Fatalf("posted %d messages, want 1", len(posts))
		}
		if txt := posts[0].AllText(); strings.Contains(txt, "<!") {
			t.Errorf("reply %q carries a raw special mention", txt)
		}
		checkAnswer(t, b, posts[0], q)
	})

	t.Run("over-long question gets the core's refusal", func(t *testing.T) {
		posts := hb.event(t, "EvH7", dm("D1", "105.000001", "", long))
		if len(posts) != 1 {
			t.Fatalf("posted %d messages, want the refusal", len(posts))
		}
		checkAnswer(t, b, posts[0], long)
	})

	commands := []struct {
		name, text, responseType string
	}{
		{"/ask via /slack/commands answered privately", kenya, "ephemeral"},
		{"/ask public via /slack/commands answered in the channel", "PUBLIC " + kenya, "in_channel"},
	}
	for _, tc := range commands {
		t.Run(tc.name, func(t *testing.T) {
			before := len(hb.fs.Posts())
			form := hb.fs.Form(fakeslack.Command{Command: "/ask", Text: tc.text, UserID: "UASKER", ChannelID: "C1"})
			code, body := hb.signed(t, "/slack/commands", []byte(form.Encode()))
			if code != http.StatusOK || body != "" {
				t.Fatalf("got %d %q, want an empty 200 acknowledgement", code, body)
			}
			hb.Wait()
			posts := hb.fs.Posts()[before:]
			if len(posts) != 1 {
				t.Fatalf("posted %d messages, want 1", len(posts))
			}
			p := posts[0]
			if p.Method != fakeslack.MethodResponseURL || p.URL != form.Get("response_url") || p.ResponseType != tc.responseType {
				t.Errorf("posted via %s to %q as %q, want %s as %q", p.Method, p.URL, p.ResponseType, form.Get("response_url"), tc.responseType)
			}
			checkAnswer(t, b, p, kenya)
		})
	}

	t.Run("/ask without response_url answered in the response", func(t *testing.T) {
		form := hb.fs.Form(fakeslack.Command{Command: "/ask", Text: kenya, UserID: "UASKER", ChannelID: "C1"})
		form.Del("response_url")
		code, body := hb.signed(t, "/slack/commands", []byte(form.Encode()))
		want := slackEscape(b.Answer(context.Background(), bot.Question{Text: kenya}).Text)
		if code != http.StatusOK || !strings.Contains(body, `"response_type":"ephemeral"`) || !strings.Contains(body, want) {
			t.Errorf("got %d %s, want an ephemeral answer containing %q", code, body, want)
		}
	})

	t.Run("/ask answered once after a 429 on response_url", func(t *testing.T) {
		hb.fs.RateLimit(fakeslack.MethodResponseURL, 1)
		before := len(hb.fs.Posts())
		form := hb.fs.Form(fakeslack.Command{Command: "/ask", Text: kenya, UserID: "UASKER", ChannelID: "C1"})
		if code, _ := hb.signed(t, "/slack/commands", []byte(form.Encode())); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		hb.Wait()
		if posts := hb.fs.Posts()[before:]; len(posts) != 1 {
			t.Errorf("posted %d messages, want 1", len(posts))
		}
	})
}

func TestEventsRejected(t *testing.T) {
	hb := startHTTP(t, bottest.New(t))
	body := mention("C1", "1.000001", "", kenya).Callback("EvReject")
	now := time.Now()
	tests := []struct {
		name       string
		method     string
		body       []byte
		header     http.Header
		want       int
		eventsOnly bool // any signed form is a command
	}{
		{"no signature", http.MethodPost, body, http.Header{}, http.StatusUnauthorized, false},
		{"bad signature", http.MethodPost, body, withHeader(fakeslack.Sign(fakeslack.SigningSecret, now, body), "X-Slack-Signature", "v0=deadbeef"), http.StatusUnauthorized, false},
		{"wrong secret", http.MethodPost, body, fakeslack.Sign("another-secret", now, body), http.StatusUnauthorized, false},
		{"signature of another body", http.MethodPost, body, fakeslack.Sign(fakeslack.SigningSecret, now, []byte("{}")), http.StatusUnauthorized, false},
		{"timestamp six minutes old", http.MethodPost, body, fakeslack.Sign(fakeslack.SigningSecret, now.Add(-6*time.Minute), body), http.StatusUnauthorized, false},
		{"timestamp six minutes ahead", http.MethodPost, body, fakeslack.Sign(fakeslack.SigningSecret, now.Add(6*time.Minute), body), http.StatusUnauthorized, false},
		{"no timestamp", http.MethodPost, body, withHeader(fakeslack.Sign(fakeslack.SigningSecret, now, body), "X-Slack-Request-Timestamp", ""), http.StatusUnauthorized, false},
		{"body over 64 KiB", http.MethodPost, bigBody(), fakeslack.Sign(fakeslack.SigningSecret, now, bigBody()), http.StatusRequestEntityTooLarge, false},
		{"GET", http.MethodGet, nil, fakeslack.Sign(fakeslack.SigningSecret, now, nil), http.StatusMethodNotAllowed, false},
		{"signed garbage", http.MethodPost, []byte("not json"), fakeslack.Sign(fakeslack.SigningSecret, now, []byte("not json")), http.StatusBadRequest, true},
	}
	for _, path := range []string{"/slack/events", "/slack/commands"} {
		for _, tc := range tests {
			if tc.eventsOnly && path != "/slack/events" {
				continue
			}
			t.Run(path+" "+tc.name, func(t *testing.T) {
				if code, _ := hb.do(t, tc.method, path, tc.body, tc.header); code != tc.want {
					t.Errorf("status %d, want %d", code, tc.want)
				}
			})
		}
	}
	hb.Wait()
	if posts := hb.fs.Posts(); len(posts) != 0 {
		t.Errorf("answered a rejected request: %+v", posts)
	}
}

// withHeader returns h with key set to value (deleted if value is empty).
func withHeader(h http.Header, key, value string) http.Header {
	h = h.Clone()
	if value == "" {
		h.Del(key)
	} else {
		h.Set(key, value)
	}
	return h
}

func bigBody() []byte {
	return mention("C1", "1.000002", "", strings.Repeat("officers ", 8000)).Callback("EvBig")
}

// gated holds every answer until released, to redeliver an event while its
// first delivery is still being answered.
type gated struct {
	asker
	started chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gated) Answer(ctx context.Context, q bot.Question) bot.Answer {
	g.once.Do(func() { close(g.started) })
	<-g.release
	return g.asker.Answer(ctx, q)
}

func TestEventsRedeliveredWhileAnswering(t *testing.T) {
	g := &gated{asker: bottest.New(t), started: make(chan struct{}), release: make(chan struct{})}
	hb := startHTTP(t, g)
	ev := mention("C1", "200.000001", "", kenya)
	if code, _ := hb.signed(t, "/slack/events", ev.Callback("EvSlow")); code != http.StatusOK {
		t.Fatalf("first delivery: status %d", code)
	}
	<-g.started // the first delivery is being answered now
	for i, reason := range []string{"http_timeout", "http_timeout", "http_error"} {
		code, _ := hb.signed(t, "/slack/events", ev.Callback("EvSlow"), "X-Slack-Retry-Num", string(rune('1'+i)), "X-Slack-Retry-Reason", reason)
		if code != http.StatusOK {
			t.Fatalf("retry %d: status %d, want 200", i+1, code)
		}
	}
	close(g.release)
	hb.Wait()
	if posts := hb.fs.Posts(); len(posts) != 1 {
		t.Errorf("posted %d messages, want 1", len(posts))
	}
}

// injecting answers with text that tries to ping everyone.
type injecting struct{}

func (injecting) Answer(_ context.Context, q bot.Question) bot.Answer {
	return bot.Answer{Question: q.Text, Answered: true, Text: "Hey <!channel> & <!here>: <@U123> <https://evil.example|click>",
		Sources: []bot.Source{{Doc: "d", Title: "<!everyone> report", Date: "2024-06-25", Text: "Quoted <!subteam^S1> text > more"}}}
}

func TestRepliesEscaped(t *testing.T) {
	hb := startHTTP(t, injecting{})
	posts := hb.event(t, "EvInject", mention("C1", "1.000001", "", "<!channel> "+kenya))
	if len(posts) != 1 {
		t.Fatalf("posted %d messages, want 1", len(posts))
	}
	txt := posts[0].AllText()
	for _, bad := range []string{"<!", "<@", "<http"} {
		if strings.Contains(txt, bad) {
			t.Errorf("reply carries raw %q: %q", bad, txt)
		}
	}
	for _, want := range []string{"&lt;!channel&gt; &amp; &lt;!here&gt;", "&lt;!everyone&gt; report", "2024-06-25", "> Quoted &lt;!subteam^S1&gt; text &gt; more"} {
		if !strings.Contains(txt, want) {
			t.Errorf("reply %q lacks %q", txt, want)
		}
	}
}

// panicky panics on every question.
type panicky struct{}

func (panicky) Answer(context.Context, bot.Question) bot.Answer { panic("boom") }

func TestPanicRecovered(t *testing.T) {
	hb := startHTTP(t, panicky{})
	if posts := hb.event(t, "EvPanic1", mention("C1", "1.000001", "", kenya)); len(posts) != 0 {
		t.Errorf("posted %+v after a panic", posts)
	}
	// Still serving.
	body := []byte(`{"type":"url_verification","challenge":"still-here"}`)
	if code, got := hb.signed(t, "/slack/events", body); code != http.StatusOK || got != "still-here" {
		t.Errorf("after a panic: %d %q", code, got)
	}
}
