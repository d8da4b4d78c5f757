package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/feedback"
	"mssmbot/bot/slack"
	"mssmbot/bot/slack/fakeslack"
)

// convBot answers with the embedded corpus, keeping conversations, as
// `mssmbot serve` does.
type convBot struct {
	b     *bot.Bot
	convs *bot.Conversations
}

func (c *convBot) Answer(ctx context.Context, q bot.Question) bot.Answer {
	return c.b.AnswerIn(ctx, q, c.convs)
}

// recorder is a feedback recorder writing to a file of the test, and its
// count of recorded votes.
func recorder(t *testing.T) (*feedback.Recorder, string, *atomic.Int32) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "votes.jsonl")
	var n atomic.Int32
	fb, err := feedback.New(feedback.Options{File: file, Key: []byte("k"), OnVote: func(p, v string) {
		if p == "slack" {
			n.Add(1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fb.Close() })
	return fb, file, &n
}

// voteValue is the answer id the post's 👍 button carries.
func voteValue(t *testing.T, p fakeslack.Post) string {
	t.Helper()
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(p.Blocks), &blocks); err != nil {
		t.Fatalf("blocks %s: %v", p.Blocks, err)
	}
	for _, b := range blocks {
		for _, e := range b.Elements {
			if b.Type == "actions" && e.ActionID == "vote_up" && e.Value != "" {
				return e.Value
			}
		}
	}
	t.Fatalf("no vote buttons in %s", p.Blocks)
	return ""
}

func lines(t *testing.T, file string) []feedback.Record {
	t.Helper()
	recs, err := feedback.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestEventsAPIConversations: over the Events API, follow-ups in a thread
// and a DM (and none across users), votes and the message shortcut through
// POST /slack/interactions, and /ask follow-ups.
func TestEventsAPIConversations(t *testing.T) {
	c := &convBot{b: bottest.New(t), convs: bot.NewConversations(0, 0)}
	fb, file, counted := recorder(t)
	fs := fakeslack.NewServer(t)
	h, err := slack.NewHTTP(context.Background(), slack.Options{
		BotToken: fakeslack.BotToken, SigningSecret: fakeslack.SigningSecret, APIURL: fs.URL(), Logger: testLogger(t), Feedback: fb,
	}, c)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/slack/events", h.Events())
	mux.Handle("/slack/commands", h.Commands())
	mux.Handle("/slack/interactions", h.Interactions())
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); h.Wait() })
	hb := &httpBot{HTTP: h, fs: fs, srv: srv}

	one := func(t *testing.T, posts []fakeslack.Post) fakeslack.Post {
		t.Helper()
		if len(posts) != 1 {
			t.Fatalf("%d posts, want 1: %+v", len(posts), posts)
		}
		return posts[0]
	}
	as := func(user string, ev fakeslack.Event) fakeslack.Event { ev.User = user; return ev }

	t.Run("thread follow-up", func(t *testing.T) {
		one(t, hb.event(t, "EvC1", as("UALICE", mention("C1", "300.000001", "", "who is Masengeli?"))))
		p := one(t, hb.event(t, "EvC2", as("UALICE", mention("C1", "300.000002", "300.000001", "what did he confirm?"))))
		if p.ThreadTS != "300.000001" || !strings.Contains(p.Text, "payments") {
			t.Errorf("follow-up in the thread: %+v", p)
		}
	})
	t.Run("another user in the thread has no past", func(t *testing.T) {
		one(t, hb.event(t, "EvC3", as("UALICE", mention("C1", "301.000001", "", "how many officers has Kenya deployed?"))))
		p := one(t, hb.event(t, "EvC4", as("UBOB", mention("C1", "301.000002", "301.000001", "why?"))))
		if strings.Contains(p.Text, "400") {
			t.Errorf("bob's why? took alice's subject: %q", p.Text)
		}
	})
	t.Run("DM follow-up", func(t *testing.T) {
		one(t, hb.event(t, "EvC5", as("UCAROL", dm("D9", "302.000001", "", "who leads the MSSM?"))))
		p := one(t, hb.event(t, "EvC6", as("UCAROL", dm("D9", "302.000002", "", "since when?"))))
		if !strings.Contains(strings.ToLower(p.Text), "two months ago") {
			t.Errorf("DM follow-up: %q", p.Text)
		}
	})
	t.Run("/ask follow-up", func(t *testing.T) {
		for i, q := range []string{"who is Masengeli?", "what did he confirm?"} {
			before := len(fs.Posts())
			form := fs.Form(fakeslack.Command{Command: "/ask", Text: q, UserID: "UDAN", ChannelID: "C2", TeamID: fakeslack.TeamID})
			if code, body := hb.signed(t, "/slack/commands", []byte(form.Encode())); code != 200 {
				t.Fatalf("/ask: %d %s", code, body)
			}
			hb.Wait()
			p := one(t, fs.Posts()[before:])
			if i == 1 && !strings.Contains(p.Text, "payments") {
				t.Errorf("/ask follow-up: %q", p.Text)
			}
		}
	})

	interact := func(t *testing.T, payload []byte) []fakeslack.Post {
		t.Helper()
		before := len(fs.Posts())
		body := []byte(fakeslack.InteractionForm(payload).Encode())
		if code, resp := hb.signed(t, "/slack/interactions", body, "Content-Type", "application/x-www-form-urlencoded"); code != 200 {
			t.Fatalf("POST /slack/interactions: %d %s", code, resp)
		}
		hb.Wait()
		return fs.Posts()[before:]
	}
	t.Run("votes", func(t *testing.T) {
		answer := one(t, hb.event(t, "EvC7", as("UERIN", dm("D8", "303.000001", "", "How many Kenyan officers are deployed?"))))
		id := voteValue(t, answer)
		for _, step := range []struct{ action, want string }{{"vote_up", "Thanks"}, {"vote_up", "already"}, {"vote_down", "changed"}} {
			p := one(t, interact(t, fs.BlockAction("UERIN", "D8", step.action, id, answer.Text)))
			if p.Method != fakeslack.MethodResponseURL || p.ResponseType != "ephemeral" || p.ReplaceOriginal || !strings.Contains(p.Text, step.want) {
				t.Errorf("%s: %+v, want an ephemeral thanks with %q", step.action, p, step.want)
			}
		}
		recs := lines(t, file)
		if len(recs) != 2 || recs[0].Vote != "up" || recs[1].Vote != "down" || !strings.Contains(recs[0].Answer, "400") || strings.Contains(file, "UERIN") {
			t.Errorf("feedback file: %+v", recs)
		}
		if counted.Load() != 2 {
			t.Errorf("%d votes counted, want 2", counted.Load())
		}
		body := []byte(fakeslack.InteractionForm(fs.BlockAction("UERIN", "D8", "vote_up", id, "")).Encode())
		if code, _ := hb.do(t, http.MethodPost, "/slack/interactions", body, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}); code != http.StatusUnauthorized {
			t.Errorf("unsigned interaction: %d, want 401", code)
		}
		if code, _ := hb.signed(t, "/slack/interactions", []byte("payload=%7Bnot+json"), "Content-Type", "application/x-www-form-urlencoded"); code != http.StatusBadRequest {
			t.Errorf("bad payload: %d, want 400", code)
		}
		stale := fakeslack.Sign(fakeslack.SigningSecret, time.Now().Add(-10*time.Minute), body)
		stale.Set("Content-Type", "application/x-www-form-urlencoded")
		if code, _ := hb.do(t, http.MethodPost, "/slack/interactions", body, stale); code != http.StatusUnauthorized {
			t.Errorf("interaction signed 10 minutes ago: %d, want 401", code)
		}
		if code, _ := hb.signed(t, "/slack/interactions", bigBody(), "Content-Type", "application/x-www-form-urlencoded"); code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized interaction: %d, want 413", code)
		}
	})
	t.Run("ask about this message", func(t *testing.T) {
		for _, tc := range []struct{ text, want string }{
			{"Kenya has deployed 400 police officers to Haiti.", "Supported"},
			{"Kenya has deployed 1,000 police officers to Haiti.", "Contradicted"},
			{"who leads the MSSM?", "Otunge"},
		} {
			p := one(t, interact(t, fs.MessageShortcut("UFRED", "C3", "ask_about_message", tc.text)))
			if p.Method != fakeslack.MethodResponseURL || p.ResponseType != "ephemeral" || !strings.Contains(p.Text, tc.want) {
				t.Errorf("about %q: %+v, want an ephemeral reply with %q", tc.text, p, tc.want)
			}
		}
	})
}

// TestSocketModeInteractive: votes and the message shortcut over Socket Mode.
func TestSocketModeInteractive(t *testing.T) {
	fs := fakeslack.NewServer(t)
	c := &convBot{b: bottest.New(t), convs: bot.NewConversations(0, 0)}
	fb, file, _ := recorder(t)
	sm, err := slack.NewSocketMode(slack.Options{
		BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.URL(), Logger: testLogger(t), Feedback: fb,
	}, c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sm.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	fs.WaitConnections(t, 1)
	waitFor(t, "Ready", sm.Ready)

	push := func(t *testing.T, send func() string, n int) []fakeslack.Post {
		t.Helper()
		before := len(fs.Posts())
		id := send()
		fs.WaitAcked(t, id)
		return fs.WaitPosts(t, before+n)[before:]
	}
	answer := push(t, func() string {
		return fs.PushEvent(t, dm("D7", "400.000001", "", "How many Kenyan officers are deployed?").Callback("EvS1"))
	}, 1)[0]
	follow := push(t, func() string {
		return fs.PushEvent(t, dm("D7", "400.000002", "", "and Chile?").Callback("EvS2"))
	}, 1)[0]
	if follow.Text == "" || strings.Contains(follow.Text, "400 elite") {
		t.Errorf("and Chile? answered %q (Kenya's figure)", follow.Text)
	}
	id := voteValue(t, answer)
	thanks := push(t, func() string {
		return fs.PushInteractive(t, fs.BlockAction("UASKER", "D7", "vote_down", id, answer.Text))
	}, 1)[0]
	if !strings.Contains(thanks.Text, "Thanks") || thanks.ResponseType != "ephemeral" {
		t.Errorf("thanks over socket mode: %+v", thanks)
	}
	if recs := lines(t, file); len(recs) != 1 || recs[0].Vote != "down" {
		t.Errorf("feedback file: %+v", recs)
	}
	about := push(t, func() string {
		return fs.PushInteractive(t, fs.MessageShortcut("UASKER", "C4", "ask_about_message", "Kenya has deployed 400 police officers to Haiti."))
	}, 1)[0]
	if !strings.Contains(about.Text, "Supported") || about.ResponseType != "ephemeral" {
		t.Errorf("shortcut over socket mode: %+v", about)
	}
}

// TestDeliveryRetries5xx: an answer whose chat.postMessage, or response_url
// post, first meets a 500 is delivered on a retry.
func TestDeliveryRetries5xx(t *testing.T) {
	hb := startHTTP(t, bottest.New(t))
	hb.fs.Fail("chat.postMessage", 2)
	posts := hb.event(t, "EvR1", dm("D5", "500.000001", "", "How many Kenyan officers are deployed?"))
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "400") {
		t.Errorf("after two 500s: posts %+v, want the answer", posts)
	}
	if n := hb.fs.Calls("chat.postMessage"); n != 3 {
		t.Errorf("chat.postMessage called %d times, want 3 (two 500s, then the answer)", n)
	}
	hb.fs.Fail(fakeslack.MethodResponseURL, 1)
	before := len(hb.fs.Posts())
	form := hb.fs.Form(fakeslack.Command{Command: "/ask", Text: "How many Kenyan officers are deployed?", UserID: "U5", ChannelID: "C5", TeamID: fakeslack.TeamID})
	if code, body := hb.signed(t, "/slack/commands", []byte(form.Encode())); code != 200 {
		t.Fatalf("/ask: %d %s", code, body)
	}
	hb.Wait()
	if posts := hb.fs.Posts()[before:]; len(posts) != 1 || !strings.Contains(posts[0].Text, "400") {
		t.Errorf("after a 500 from the response_url: posts %+v, want the answer", posts)
	}
}
