package slack_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/slack"
	"mssmbot/bot/slack/fakeslack"
)

const kenya = "How many Kenyan officers are deployed?"

// long is a question over the core's length limit.
var long = strings.Repeat("officers ", bot.MaxQuestionLen/8)

// mention is an app_mention of the bot asking text.
func mention(channel, ts, threadTS, text string) fakeslack.Event {
	return fakeslack.Event{Type: "app_mention", Channel: channel, User: "UASKER", TS: ts, ThreadTS: threadTS,
		Text: "<@" + fakeslack.BotUserID + "> " + text}
}

// dm is a direct message to the bot.
func dm(channel, ts, threadTS, text string) fakeslack.Event {
	return fakeslack.Event{Type: "message", ChannelType: "im", Channel: channel, User: "UASKER", TS: ts, ThreadTS: threadTS, Text: text}
}

// slackEscape is Slack's escaping of &, < and >.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// checkAnswer asserts that p carries the core's answer to question: its text
// (escaped) as the fallback and in the blocks, and the figure 400 when the
// question is about Kenyan officers.
func checkAnswer(t *testing.T, b asker, p fakeslack.Post, question string) {
	t.Helper()
	want := b.Answer(context.Background(), bot.Question{Text: question})
	if p.Text != slackEscape(want.Text) {
		t.Errorf("fallback text = %q, want the core's answer %q", p.Text, want.Text)
	}
	if blocks := strings.Join(p.BlockTexts(), "\n"); !strings.Contains(blocks, slackEscape(want.Text)) {
		t.Errorf("blocks %q lack the core's answer %q", blocks, want.Text)
	}
	if strings.HasSuffix(question, kenya) && !strings.Contains(p.AllText(), "400") {
		if strings.Contains(want.Text, "400") {
			t.Errorf("reply %q lacks 400", p.AllText())
		} else {
			t.Skipf("the core answers %q, without 400: the real core is not in yet", want.Text)
		}
	}
}

type asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// socketBot runs a SocketMode adapter answering with a against fs until the
// test ends.
type socketBot struct {
	*slack.SocketMode
	reconnects atomic.Int32
	errs       atomic.Int32
}

func startSocketMode(t *testing.T, fs *fakeslack.Server, a asker) *socketBot {
	t.Helper()
	sb := &socketBot{}
	sm, err := slack.NewSocketMode(slack.Options{
		BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.URL(), Logger: testLogger(t),
		OnReconnect:     func() { sb.reconnects.Add(1) },
		OnPlatformError: func(error) { sb.errs.Add(1) },
	}, a)
	if err != nil {
		t.Fatalf("NewSocketMode: %v", err)
	}
	sb.SocketMode = sm
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sm.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	fs.WaitConnections(t, 1)
	return sb
}

// waitFor polls cond until it holds or ten seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSocketMode(t *testing.T) {
	fs := fakeslack.NewServer(t)
	b := bottest.New(t)
	sb := startSocketMode(t, fs, b)
	waitFor(t, "Ready", sb.Ready)

	// push sends payload, waits for its ack and its answers, and returns
	// the messages posted meanwhile.
	push := func(t *testing.T, send func() string) []fakeslack.Post {
		t.Helper()
		before := len(fs.Posts())
		id := send()
		fs.WaitAcked(t, id)
		sb.Wait()
		return fs.Posts()[before:]
	}
	event := func(t *testing.T, id string, ev fakeslack.Event) []fakeslack.Post {
		t.Helper()
		return push(t, func() string { return fs.PushEvent(t, ev.Callback(id)) })
	}

	answered := []struct {
		name            string
		id              string
		event           fakeslack.Event
		channel, thread string
		question        string
	}{
		{"mention is answered in its thread", "Ev1", mention("C1", "100.000001", "", kenya), "C1", "100.000001", kenya},
		{"mention in a thread is answered in that thread", "Ev2", mention("C1", "101.000001", "99.000001", kenya), "C1", "99.000001", kenya},
		{"DM is answered in the DM", "Ev3", dm("D1", "102.000001", "", kenya), "D1", "", kenya},
		{"threaded DM is answered in its thread", "Ev4", dm("D1", "103.000001", "98.000001", kenya), "D1", "98.000001", kenya},
		{"over-long question gets the core's refusal", "Ev5", mention("C1", "104.000001", "", long), "C1", "104.000001", long},
	}
	for _, tc := range answered {
		t.Run(tc.name, func(t *testing.T) {
			posts := event(t, tc.id, tc.event)
			if len(posts) != 1 {
				t.Fatalf("posted %d messages, want 1: %+v", len(posts), posts)
			}
			p := posts[0]
			if p.Channel != tc.channel || p.ThreadTS != tc.thread {
				t.Errorf("posted to channel %q thread %q, want %q thread %q", p.Channel, p.ThreadTS, tc.channel, tc.thread)
			}
			if p.LinkNames != "" || p.Parse != "" {
				t.Errorf("link_names=%q parse=%q, want neither", p.LinkNames, p.Parse)
			}
			checkAnswer(t, b, p, tc.question)
		})
	}

	ignored := []struct {
		name  string
		event fakeslack.Event
	}{
		{"own DM", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "D1", User: fakeslack.BotUserID, TS: "200.1", Text: kenya}},
		{"bot DM", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "D1", User: "UOTHER", BotID: "BOTHER", TS: "200.2", Text: kenya}},
		{"bot_message subtype", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "D1", Subtype: "bot_message", TS: "200.3", Text: kenya}},
		{"message_changed", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "D1", User: "UASKER", Subtype: "message_changed", TS: "200.4", Text: kenya}},
		{"mention by a bot", fakeslack.Event{Type: "app_mention", Channel: "C1", User: "UOTHER", BotID: "BOTHER", TS: "200.5", Text: "<@" + fakeslack.BotUserID + "> " + kenya}},
		{"own mention", fakeslack.Event{Type: "app_mention", Channel: "C1", User: fakeslack.BotUserID, TS: "200.6", Text: "<@" + fakeslack.BotUserID + "> " + kenya}},
		{"channel message without mention", fakeslack.Event{Type: "message", ChannelType: "channel", Channel: "C1", User: "UASKER", TS: "200.7", Text: kenya}},
	}
	for i, tc := range ignored {
		t.Run("ignores "+tc.name, func(t *testing.T) {
			if posts := event(t, "EvIgnored"+string(rune('a'+i)), tc.event); len(posts) != 0 {
				t.Errorf("answered %+v", posts)
			}
		})
	}

	t.Run("same event delivered twice is answered once", func(t *testing.T) {
		ev := mention("C2", "300.000001", "", kenya)
		posts := event(t, "EvTwice", ev)
		posts = append(posts, event(t, "EvTwice", ev)...)
		if len(posts) != 1 {
			t.Errorf("posted %d messages, want 1", len(posts))
		}
	})

	t.Run("message delivered as app_mention and message.im is answered once", func(t *testing.T) {
		ev := mention("D3", "301.000001", "", kenya)
		posts := event(t, "EvMention", ev)
		im := ev
		im.Type, im.ChannelType = "message", "im"
		posts = append(posts, event(t, "EvIM", im)...)
		if len(posts) != 1 {
			t.Errorf("posted %d messages, want 1", len(posts))
		}
	})

	commands := []struct {
		name, text, responseType string
	}{
		{"/ask is answered privately", kenya, "ephemeral"},
		{"/ask public is answered in the channel", "public " + kenya, "in_channel"},
	}
	for _, tc := range commands {
		t.Run(tc.name, func(t *testing.T) {
			posts := push(t, func() string {
				return fs.PushSlashCommand(t, fakeslack.Command{Command: "/ask", Text: tc.text, UserID: "UASKER", ChannelID: "C1"})
			})
			if len(posts) != 1 {
				t.Fatalf("posted %d messages, want 1: %+v", len(posts), posts)
			}
			p := posts[0]
			if p.Method != fakeslack.MethodResponseURL || p.ResponseType != tc.responseType {
				t.Errorf("posted via %s as %q, want response_url as %q", p.Method, p.ResponseType, tc.responseType)
			}
			checkAnswer(t, b, p, kenya)
		})
	}

	t.Run("429 then success delivers the answer once", func(t *testing.T) {
		calls := fs.Calls("chat.postMessage")
		fs.RateLimit("chat.postMessage", 1)
		posts := event(t, "Ev429", mention("C4", "400.000001", "", kenya))
		if len(posts) != 1 {
			t.Fatalf("posted %d messages, want one answer: %+v", len(posts), posts)
		}
		if got := fs.Calls("chat.postMessage") - calls; got != 2 {
			t.Errorf("chat.postMessage called %d times, want 2 (429, then success)", got)
		}
		checkAnswer(t, b, posts[0], kenya)
	})

	t.Run("reconnects after disconnect and still answers", func(t *testing.T) {
		n := fs.Connections()
		fs.Disconnect(t)
		fs.WaitConnections(t, n+1)
		waitFor(t, "OnReconnect", func() bool { return sb.reconnects.Load() > 0 })
		waitFor(t, "Ready", sb.Ready)
		posts := event(t, "EvAfterReconnect", mention("C5", "500.000001", "", kenya))
		if len(posts) != 1 || posts[0].Channel != "C5" {
			t.Fatalf("posted %+v, want the answer in C5", posts)
		}
		checkAnswer(t, b, posts[0], kenya)
	})

	t.Run("every envelope acked", func(t *testing.T) {
		if un := fs.Unacked(); len(un) != 0 {
			t.Errorf("unacknowledged envelopes: %v", un)
		}
	})

	t.Run("no platform errors counted", func(t *testing.T) {
		if n := sb.errs.Load(); n != 0 {
			t.Errorf("%d platform errors, want none (a 429 retried and a requested reconnect are not errors)", n)
		}
	})
}

func TestSocketModeBadToken(t *testing.T) {
	tests := []struct {
		name string
		opts slack.Options
	}{
		{"no app token", slack.Options{BotToken: fakeslack.BotToken}},
		{"user token as app token", slack.Options{BotToken: fakeslack.BotToken, AppToken: "xoxp-1"}},
		{"no bot token", slack.Options{AppToken: fakeslack.AppToken}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := slack.NewSocketMode(tc.opts, injecting{}); err == nil {
				t.Error("NewSocketMode accepted bad tokens")
			}
		})
	}

	revoked := []struct {
		name               string
		botToken, appToken string
	}{
		{"revoked bot token fails Run", "xoxb-revoked", fakeslack.AppToken},
		{"revoked app token fails Run", fakeslack.BotToken, "xapp-revoked"},
	}
	for _, tc := range revoked {
		t.Run(tc.name, func(t *testing.T) {
			fs := fakeslack.NewServer(t)
			var errs atomic.Int32
			sm, err := slack.NewSocketMode(slack.Options{BotToken: tc.botToken, AppToken: tc.appToken, APIURL: fs.URL(),
				OnPlatformError: func(error) { errs.Add(1) }}, injecting{})
			if err != nil {
				t.Fatal(err)
			}
			if err := sm.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
				t.Errorf("Run = %v, want invalid_auth", err)
			}
			if sm.Ready() || errs.Load() == 0 {
				t.Errorf("Ready = %v, platform errors %d; want not ready and an error counted", sm.Ready(), errs.Load())
			}
		})
	}
}

func TestSocketModePanicRecovered(t *testing.T) {
	fs := fakeslack.NewServer(t)
	sb := startSocketMode(t, fs, panicky{})
	for i, ev := range []fakeslack.Event{mention("C1", "1.000001", "", kenya), dm("D1", "1.000002", "", kenya)} {
		id := fs.PushEvent(t, ev.Callback(fmt.Sprintf("EvPanic%d", i)))
		fs.WaitAcked(t, id) // the second is acked: still serving
		sb.Wait()
	}
	if posts := fs.Posts(); len(posts) != 0 {
		t.Errorf("posted %+v after panics", posts)
	}
	if !sb.Ready() {
		t.Error("not ready after panics")
	}
}
