package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/discord"
	"mssmbot/bot/discord/discordtest"
)

// signed returns a POST of body signed by s at time at.
func signed(s *discordtest.Signer, body string, at time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	s.Sign(r, []byte(body), at)
	return r
}

// commandBody is the JSON of a guild slash command.
func commandBody(t testing.TB, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) string {
	t.Helper()
	i := discordgo.Interaction{
		ID: "1", AppID: "888", Type: discordgo.InteractionApplicationCommand, Token: "tok",
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: "42"}}, Version: 1,
		Data: discordgo.ApplicationCommandInteractionData{ID: "cmd", Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
	b, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func askBody(t testing.TB, question string, private bool) string {
	t.Helper()
	opts := []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question}}
	if private {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: "private", Type: discordgo.ApplicationCommandOptionBoolean, Value: true})
	}
	return commandBody(t, "ask", opts...)
}

// response is an interaction response as Discord reads it.
type response struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *struct {
		Content         string                     `json:"content"`
		Flags           discordgo.MessageFlags     `json:"flags"`
		AllowedMentions map[string]json.RawMessage `json:"allowed_mentions"`
	} `json:"data"`
}

func TestInteractions(t *testing.T) {
	s := discordtest.NewSigner(t)
	h, err := discord.NewInteractions(discord.Options{PublicKey: s.PublicKey(), Logger: testLogger(t)}, bottest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	other := discordtest.NewSigner(t)

	tests := []struct {
		name      string
		req       func() *http.Request
		wantCode  int
		wantType  discordgo.InteractionResponseType
		want      []string // substrings of the reply content
		ephemeral bool
	}{
		{name: "ping", req: func() *http.Request { return signed(s, `{"type":1}`, now) }, wantCode: 200, wantType: discordgo.InteractionResponsePong},
		{name: "ask", req: func() *http.Request { return signed(s, askBody(t, kenyaQuestion, false), now) },
			wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource, want: []string{"400", "> "}},
		{name: "ask private", req: func() *http.Request { return signed(s, askBody(t, kenyaQuestion, true), now) },
			wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource, want: []string{"400"}, ephemeral: true},
		{name: "ask with @everyone", req: func() *http.Request { return signed(s, askBody(t, "@everyone "+kenyaQuestion, false), now) },
			wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource, want: []string{"400"}},
		{name: "over-long question", req: func() *http.Request { return signed(s, askBody(t, strings.Repeat("x ", 800), false), now) },
			wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource, want: []string{"too long"}},
		{name: "help", req: func() *http.Request { return signed(s, commandBody(t, "help"), now) },
			wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource, want: []string{"/ask"}, ephemeral: true},
		{name: "timestamp 4 minutes old", req: func() *http.Request { return signed(s, `{"type":1}`, now.Add(-4*time.Minute)) },
			wantCode: 200, wantType: discordgo.InteractionResponsePong},
		{name: "signed by another key", req: func() *http.Request { return signed(other, `{"type":1}`, now) }, wantCode: 401},
		{name: "body changed after signing", req: func() *http.Request {
			r := signed(s, `{"type":1}`, now)
			r.Body = io.NopCloser(strings.NewReader(`{"type":1 }`))
			return r
		}, wantCode: 401},
		{name: "signature not hex", req: func() *http.Request {
			r := signed(s, `{"type":1}`, now)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, wantCode: 401},
		{name: "stale timestamp", req: func() *http.Request { return signed(s, `{"type":1}`, now.Add(-6*time.Minute)) }, wantCode: 401},
		{name: "future timestamp", req: func() *http.Request { return signed(s, `{"type":1}`, now.Add(6*time.Minute)) }, wantCode: 401},
		{name: "timestamp not a number", req: func() *http.Request {
			r := signed(s, `{"type":1}`, now)
			r.Header.Set("X-Signature-Timestamp", "yesterday")
			return r
		}, wantCode: 401},
		{name: "missing signature", req: func() *http.Request {
			r := signed(s, `{"type":1}`, now)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, wantCode: 401},
		{name: "missing timestamp", req: func() *http.Request {
			r := signed(s, `{"type":1}`, now)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, wantCode: 401},
		{name: "missing headers", req: func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(`{"type":1}`))
		}, wantCode: 401},
		{name: "oversized body", req: func() *http.Request {
			return signed(s, `{"type":1,"pad":"`+strings.Repeat("a", 64<<10)+`"}`, now)
		}, wantCode: 413},
		{name: "malformed JSON", req: func() *http.Request { return signed(s, `{"type":`, now) }, wantCode: 400},
		{name: "command without data", req: func() *http.Request { return signed(s, `{"type":2}`, now) }, wantCode: 400},
		{name: "option of the wrong type", req: func() *http.Request {
			return signed(s, commandBody(t, "ask", &discordgo.ApplicationCommandInteractionDataOption{
				Name: "question", Type: discordgo.ApplicationCommandOptionInteger, Value: 3}), now)
		}, wantCode: 200, wantType: discordgo.InteractionResponseChannelMessageWithSource},
		{name: "unhandled interaction type", req: func() *http.Request { return signed(s, `{"type":3,"data":{}}`, now) }, wantCode: 400},
		{name: "GET", req: func() *http.Request {
			r := signed(s, ``, now)
			r.Method = http.MethodGet
			return r
		}, wantCode: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tt.req())
			if w.Code != tt.wantCode {
				t.Fatalf("status = %d, want %d (body %q)", w.Code, tt.wantCode, w.Body)
			}
			if tt.wantCode != 200 {
				return
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			var resp response
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("response %q: %v", w.Body, err)
			}
			if resp.Type != tt.wantType {
				t.Errorf("response type = %d, want %d", resp.Type, tt.wantType)
			}
			if tt.wantType != discordgo.InteractionResponseChannelMessageWithSource {
				return
			}
			if resp.Data == nil || resp.Data.Content == "" {
				t.Fatalf("response %s has no content", w.Body)
			}
			for _, s := range tt.want {
				if !strings.Contains(resp.Data.Content, s) {
					t.Errorf("reply %q does not contain %q", resp.Data.Content, s)
				}
			}
			if got := resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v, want %v", got, tt.ephemeral)
			}
			if got := string(resp.Data.AllowedMentions["parse"]); got != "[]" {
				t.Errorf("allowed_mentions.parse = %q, want [] (response %s)", got, w.Body)
			}
		})
	}
}

// TestInteractionsNeverPing checks that an @everyone, @here or user mention
// in the answer or its evidence is sent with no mention allowed.
func TestInteractionsNeverPing(t *testing.T) {
	s := discordtest.NewSigner(t)
	pinger := askerFunc(func(_ context.Context, q bot.Question) bot.Answer {
		return bot.Answer{
			Question: q.Text, Intent: bot.IntentOther, Answered: true, Text: "@everyone look <@123> <@&456>",
			Sources: []bot.Source{{Doc: "d.md", Title: "@here", Date: "2024-01-02", Text: "Ping @everyone and @here now."}},
		}
	})
	h, err := discord.NewInteractions(discord.Options{PublicKey: s.PublicKey()}, pinger)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signed(s, askBody(t, "@everyone hi", false), time.Now()))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp response
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if got := string(resp.Data.AllowedMentions["parse"]); got != "[]" {
		t.Errorf("allowed_mentions.parse = %q, want []", got)
	}
	for k, v := range resp.Data.AllowedMentions {
		if k != "parse" && string(v) != "false" && string(v) != "null" && string(v) != "[]" {
			t.Errorf("allowed_mentions.%s = %s allows a mention", k, v)
		}
	}
	if !strings.Contains(resp.Data.Content, "everyone") {
		t.Errorf("reply %q lost the quoted text", resp.Data.Content)
	}
	// The raw mention syntax is escaped too, so it shows as text.
	if strings.Contains(resp.Data.Content, "<@123>") {
		t.Errorf("reply %q carries a raw user mention", resp.Data.Content)
	}
}

func TestNewInteractionsRejectsBadKeys(t *testing.T) {
	b := bottest.New(t)
	tests := []struct{ name, key string }{
		{"empty", ""},
		{"not hex", strings.Repeat("zz", 32)},
		{"too short", strings.Repeat("ab", 31)},
		{"too long", strings.Repeat("ab", 33)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := discord.NewInteractions(discord.Options{PublicKey: tt.key}, b); err == nil {
				t.Errorf("NewInteractions(%q) succeeded, want an error", tt.key)
			}
		})
	}
}

// FuzzInteractions sends arbitrary bodies and headers. Unsigned requests
// must never get a 2xx; signed ones (sign=true) exercise the parser and must
// not fail with a 500 (a recovered panic) or an invalid JSON response.
func FuzzInteractions(f *testing.F) {
	s := discordtest.NewSigner(f)
	h, err := discord.NewInteractions(discord.Options{PublicKey: s.PublicKey()}, bottest.New(f))
	if err != nil {
		f.Fatal(err)
	}
	now := strconv.FormatInt(time.Now().Unix(), 10)
	seeds := []string{
		`{"type":1}`,
		askBody(f, kenyaQuestion, false),
		askBody(f, kenyaQuestion, true),
		commandBody(f, "help"),
		commandBody(f, "nope"),
		`{"type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":null}]}}`,
		`{"type":2,"data":{"name":"ask","options":[null,{"name":"private","type":5,"value":"yes"}]}}`,
		`{"type":2,"data":null}`,
		`{"type":4,"data":{}}`,
		`{"type":5,"data":[]}`,
		`{"type":`,
		``,
		"\x00\xff",
	}
	for _, body := range seeds {
		f.Add([]byte(body), "", now, false)
		f.Add([]byte(body), strings.Repeat("0", 128), now, false)
		f.Add([]byte(body), "", now, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, sig, ts string, sign bool) {
		r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
		r.Header.Set("X-Signature-Ed25519", sig)
		r.Header.Set("X-Signature-Timestamp", ts)
		if sign {
			s.Sign(r, body, time.Now())
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch {
		case !sign && w.Code >= 200 && w.Code < 300:
			t.Fatalf("unsigned request got %d: %s", w.Code, w.Body)
		case w.Code == http.StatusInternalServerError:
			t.Fatalf("signed request got 500: %s", w.Body)
		case w.Code == 200 && !json.Valid(w.Body.Bytes()):
			t.Fatalf("200 with invalid JSON %q", w.Body)
		}
	})
}

// BenchmarkInteractionsAsk measures one signed /ask through the HTTP handler:
// verification, parsing, answering and encoding.
func BenchmarkInteractionsAsk(b *testing.B) {
	s := discordtest.NewSigner(b)
	h, err := discord.NewInteractions(discord.Options{PublicKey: s.PublicKey()}, bottest.New(b))
	if err != nil {
		b.Fatal(err)
	}
	body := askBody(b, kenyaQuestion, false)
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signed(s, body, time.Now()))
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}
