package discord_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/discord"
	"mssmbot/bot/discord/discordtest"
	"mssmbot/bot/feedback"
)

// convBot answers with the embedded corpus, keeping conversations, as
// `mssmbot serve` does.
type convBot struct {
	b     *bot.Bot
	convs *bot.Conversations
}

func newConvBot(t *testing.T) *convBot {
	return &convBot{b: bottest.New(t), convs: bot.NewConversations(0, 0)}
}

func (c *convBot) Answer(ctx context.Context, q bot.Question) bot.Answer {
	return c.b.AnswerIn(ctx, q, c.convs)
}

// extras returns the feedback recorder (writing to a file in the test's
// folder, counting votes in counts) and the autocomplete of the embedded
// corpus.
func extras(t *testing.T, c *convBot) (discord.Options, string, *sync.Map) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "votes.jsonl")
	counts := &sync.Map{}
	fb, err := feedback.New(feedback.Options{File: file, Key: []byte("test"), OnVote: func(p, v string) {
		n, _ := counts.LoadOrStore(p+"/"+v, new(int))
		*(n.(*int))++
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fb.Close() })
	sugg, err := c.b.Suggest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return discord.Options{Feedback: fb, Suggest: func(_ context.Context, typed string, n int) []string { return sugg.Match(typed, n) }}, file, counts
}

func voteLines(t *testing.T, file string) []feedback.Record {
	t.Helper()
	recs, err := feedback.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestGatewayConversations: follow-ups over the gateway, in DMs, mentions
// and /ask, per user; the message command; votes; autocomplete.
func TestGatewayConversations(t *testing.T) {
	c := newConvBot(t)
	srv := discordtest.NewServer(t)
	opts, file, counts := extras(t, c)
	startGateway(t, srv, opts, c)

	post := func(t *testing.T, send func()) discordtest.Post {
		t.Helper()
		n := len(srv.Posts())
		send()
		return srv.WaitPosts(t, n+1)[n]
	}
	dm := func(user, text string) *discordgo.Message {
		m := srv.DM(text)
		m.Author = &discordgo.User{ID: user, Username: user}
		m.ChannelID = "dm-" + user
		return m
	}
	mention := func(user, text string) *discordgo.Message {
		m := srv.Mention(text)
		m.Author = &discordgo.User{ID: user, Username: user}
		return m
	}
	pairs := []struct {
		name          string
		first, second func() *discordgo.Message
		want, notWant string
	}{
		{name: "DM pronoun", first: func() *discordgo.Message { return dm("alice", "who is Masengeli?") },
			second: func() *discordgo.Message { return dm("alice", "what did he confirm?") }, want: "payments"},
		{name: "mention then since when", first: func() *discordgo.Message { return mention("bob", "who leads the MSSM?") },
			second: func() *discordgo.Message { return mention("bob", "since when?") }, want: "two months ago"},
		{name: "another user's follow-up has no past", first: func() *discordgo.Message { return mention("carol", "how many officers has Kenya deployed?") },
			second: func() *discordgo.Message { return mention("dave", "why?") }, notWant: "400"},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			m := p.first()
			post(t, func() { srv.MessageCreate(t, m) })
			m2 := p.second()
			got := post(t, func() { srv.MessageCreate(t, m2) })
			if p.want != "" && !strings.Contains(got.Content, p.want) {
				t.Errorf("follow-up %q answered %q, want %q", m2.Content, got.Content, p.want)
			}
			if p.notWant != "" && strings.Contains(got.Content, p.notWant) {
				t.Errorf("follow-up %q answered %q, with another conversation's %q", m2.Content, got.Content, p.notWant)
			}
		})
	}

	t.Run("/ask follow-up", func(t *testing.T) {
		post(t, func() { srv.InteractionCreate(t, srv.Ask("who is Masengeli?", false)) })
		got := post(t, func() { srv.InteractionCreate(t, srv.Ask("what did he confirm?", false)) })
		if !strings.Contains(got.Content, "payments") {
			t.Errorf("/ask follow-up answered %q", got.Content)
		}
	})

	t.Run("ask about this message", func(t *testing.T) {
		for _, tc := range []struct{ text, want string }{
			{"Kenya has deployed 400 police officers to Haiti.", "Supported"},
			{"Kenya has deployed 1,000 police officers to Haiti.", "Contradicted"},
			{"How many Kenyan officers are deployed?", "400"},
		} {
			i := srv.MessageCommand("Ask about this message", tc.text)
			got := post(t, func() { srv.InteractionCreate(t, i) })
			if got.InteractionID != i.ID || got.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(got.Content, tc.want) {
				t.Errorf("about %q: %s (flags %d), want an ephemeral reply with %q", tc.text, got, got.Flags, tc.want)
			}
		}
	})

	t.Run("votes", func(t *testing.T) {
		answer := post(t, func() { srv.MessageCreate(t, dm("erin", kenyaQuestion)) })
		if len(answer.CustomIDs) != 2 {
			t.Fatalf("answer has buttons %q, want 👍 and 👎", answer.CustomIDs)
		}
		up, down := answer.CustomIDs[0], answer.CustomIDs[1]
		for _, step := range []struct {
			id, want string
		}{{up, "Thanks"}, {up, "already"}, {down, "changed"}} {
			i := srv.Click(step.id)
			got := post(t, func() { srv.InteractionCreate(t, i) })
			if got.InteractionID != i.ID || got.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(got.Content, step.want) {
				t.Errorf("click %s: %s, want an ephemeral reply with %q", step.id, got, step.want)
			}
		}
		recs := voteLines(t, file)
		if len(recs) != 2 || recs[0].Vote != "up" || recs[1].Vote != "down" || !recs[1].Changed || recs[0].Question != kenyaQuestion || !strings.Contains(recs[0].Answer, "400") {
			t.Errorf("feedback file: %+v", recs)
		}
		if n, _ := counts.Load("discord/up"); n == nil || *(n.(*int)) != 1 {
			t.Errorf("up votes counted: %v", n)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		i := srv.Autocomplete("who is mas")
		got := post(t, func() { srv.InteractionCreate(t, i) })
		if got.ResponseType != discordgo.InteractionApplicationCommandAutocompleteResult || len(got.Choices) == 0 || len(got.Choices) > 25 ||
			!strings.Contains(got.Choices[0].Name, "Masengeli") {
			t.Errorf("autocomplete: type %d, choices %+v", got.ResponseType, got.Choices)
		}
	})
}

// TestInteractionsConversations: over HTTP interactions, the message
// command, votes and autocomplete, each signed; unsigned ones are refused.
func TestInteractionsConversations(t *testing.T) {
	c := newConvBot(t)
	s := discordtest.NewSigner(t)
	opts, file, _ := extras(t, c)
	opts.PublicKey, opts.Logger = s.PublicKey(), testLogger(t)
	h, err := discord.NewInteractions(opts, c)
	if err != nil {
		t.Fatal(err)
	}
	fake := discordtest.NewServer(t) // only its interaction builders
	call := func(t *testing.T, i *discordgo.Interaction, sign bool) (int, map[string]any) {
		t.Helper()
		body, err := json.Marshal(i)
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(string(body)))
		if sign {
			s.Sign(r, body, time.Now())
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var out map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		return w.Code, out
	}
	content := func(resp map[string]any) string {
		d, _ := resp["data"].(map[string]any)
		s, _ := d["content"].(string)
		return s
	}

	code, resp := call(t, fake.MessageCommand("Ask about this message", "Kenya has deployed 400 police officers to Haiti."), true)
	if code != 200 || !strings.Contains(content(resp), "Supported") {
		t.Errorf("message command: %d %v", code, resp)
	}
	code, resp = call(t, fake.Ask("who is Masengeli?", false), true)
	d, _ := resp["data"].(map[string]any)
	raw, _ := json.Marshal(d["components"])
	var rows []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil || len(rows) != 1 || len(rows[0].Components) != 2 {
		t.Fatalf("/ask answer's buttons: %s", raw)
	}
	if code, resp = call(t, fake.Ask("what did he confirm?", false), true); !strings.Contains(content(resp), "payments") {
		t.Errorf("/ask follow-up over HTTP: %d %q", code, content(resp))
	}
	click := fake.Click(rows[0].Components[1].CustomID)
	if code, _ := call(t, click, false); code != http.StatusUnauthorized {
		t.Errorf("unsigned click: %d, want 401", code)
	}
	if code, resp = call(t, click, true); code != 200 || !strings.Contains(content(resp), "Thanks") {
		t.Errorf("click: %d %v", code, resp)
	}
	if recs := voteLines(t, file); len(recs) != 1 || recs[0].Vote != "down" || recs[0].Question != "who is Masengeli?" {
		t.Errorf("feedback file: %+v", recs)
	}
	code, resp = call(t, fake.Autocomplete("mssm"), true)
	d, _ = resp["data"].(map[string]any)
	choices, _ := d["choices"].([]any)
	if code != 200 || resp["type"] != float64(discordgo.InteractionApplicationCommandAutocompleteResult) || len(choices) == 0 || len(choices) > 25 {
		t.Errorf("autocomplete: %d %v", code, resp)
	}
	if code, _ := call(t, fake.Autocomplete("mssm"), false); code != http.StatusUnauthorized {
		t.Errorf("unsigned autocomplete: %d, want 401", code)
	}
	bad := fake.Click("vote:sideways:1")
	if code, _ := call(t, bad, true); code != http.StatusBadRequest {
		t.Errorf("unknown button: %d, want 400", code)
	}
}

// TestInteractionsBusy: with every answering slot taken, an interaction is
// answered "busy" at once (Discord's 3 s deadline), and counted.
func TestInteractionsBusy(t *testing.T) {
	s := discordtest.NewSigner(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var shed atomic.Int32
	slow := askerFunc(func(ctx context.Context, q bot.Question) bot.Answer {
		entered <- struct{}{}
		<-release
		return bot.Answer{Intent: bot.IntentOther, Text: "late"}
	})
	h, err := discord.NewInteractions(discord.Options{PublicKey: s.PublicKey(), Logger: testLogger(t), Workers: 1, OnShed: func() { shed.Add(1) }}, slow)
	if err != nil {
		t.Fatal(err)
	}
	fake := discordtest.NewServer(t)
	call := func(i *discordgo.Interaction) string {
		body, _ := json.Marshal(i)
		r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(string(body)))
		s.Sign(r, body, time.Now())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Body.String()
	}
	done := make(chan string)
	go func() { done <- call(fake.Ask("first", false)) }()
	<-entered
	if got := call(fake.Ask("second", false)); !strings.Contains(got, "busy") {
		t.Errorf("with the only slot taken: %s, want the busy reply", got)
	}
	close(release)
	if got := <-done; !strings.Contains(got, "late") {
		t.Errorf("the first interaction: %s", got)
	}
	if shed.Load() != 1 {
		t.Errorf("%d shed, want 1", shed.Load())
	}
}
