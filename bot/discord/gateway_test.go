package discord_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/discord"
	"mssmbot/bot/discord/discordtest"
)

const kenyaQuestion = "How many Kenyan officers are deployed?"

// asker is what the discord package answers with.
type asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

// askerFunc adapts a function to asker.
type askerFunc func(context.Context, bot.Question) bot.Answer

func (f askerFunc) Answer(ctx context.Context, q bot.Question) bot.Answer { return f(ctx, q) }

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// startGateway opens a Gateway against srv, closed when the test ends.
func startGateway(t *testing.T, srv *discordtest.Server, opts discord.Options, a asker) *discord.Gateway {
	t.Helper()
	opts.Token = srv.Token
	if opts.BaseURL == "" {
		opts.HTTPClient = srv.HTTPClient()
	}
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	g, err := discord.NewGateway(opts, a)
	if err != nil {
		t.Fatalf("NewGateway: %v", err)
	}
	// Not t.Context(): it is cancelled before Cleanup runs, and Close should
	// be what stops the replies.
	if err := g.Open(context.Background()); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := g.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if u := srv.Unhandled(); len(u) > 0 {
			t.Errorf("requests the fake Discord did not expect: %v", u)
		}
	})
	return g
}

// checkNoPings fails unless the post's allowed_mentions has an explicit
// empty parse list and allows no user, role or replied user.
func checkNoPings(t *testing.T, p discordtest.Post) {
	t.Helper()
	var body struct {
		AllowedMentions map[string]json.RawMessage `json:"allowed_mentions"`
		Data            struct {
			AllowedMentions map[string]json.RawMessage `json:"allowed_mentions"`
		} `json:"data"`
	}
	if err := json.Unmarshal(p.Raw, &body); err != nil {
		t.Fatalf("post body %s: %v", p.Raw, err)
	}
	am := body.AllowedMentions
	if p.Kind == discordtest.KindInteractionResponse {
		am = body.Data.AllowedMentions
	}
	if got := string(am["parse"]); got != "[]" {
		t.Errorf("%s allowed_mentions.parse = %q, want [] (body %s)", p.Kind, got, p.Raw)
	}
	for _, k := range []string{"users", "roles"} {
		if v, ok := am[k]; ok && string(v) != "[]" && string(v) != "null" {
			t.Errorf("%s allowed_mentions.%s = %s, want none", p.Kind, k, v)
		}
	}
	if v, ok := am["replied_user"]; ok && string(v) != "false" {
		t.Errorf("%s allowed_mentions.replied_user = %s, want false", p.Kind, v)
	}
}

func TestGatewaySlashCommands(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	srv := discordtest.NewServer(t)
	startGateway(t, srv, discord.Options{}, b)

	tests := []struct {
		name      string
		i         *discordgo.Interaction
		want      []string // substrings of the reply
		ephemeral bool
	}{
		{name: "ask", i: srv.Ask(kenyaQuestion, false), want: []string{"400", "> "}},
		{name: "ask private", i: srv.Ask(kenyaQuestion, true), want: []string{"400"}, ephemeral: true},
		{name: "help", i: srv.Command("help"), want: []string{"/ask"}, ephemeral: true},
		{name: "over-long question is refused politely", i: srv.Ask(strings.Repeat("why ", 400), false), want: []string{"too long"}},
		{name: "@everyone in the question does not ping", i: srv.Ask("@everyone @here "+kenyaQuestion, false), want: []string{"400"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(srv.Posts())
			srv.InteractionCreate(t, tt.i)
			p := srv.WaitPosts(t, n+1)[n]
			if p.Kind != discordtest.KindInteractionResponse || p.InteractionID != tt.i.ID || p.Token != tt.i.Token {
				t.Fatalf("post = %s to interaction %s/%s, want an interaction response to %s/%s", p.Kind, p.InteractionID, p.Token, tt.i.ID, tt.i.Token)
			}
			if p.ResponseType != discordgo.InteractionResponseChannelMessageWithSource {
				t.Errorf("response type = %d, want 4 (message)", p.ResponseType)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Content, w) {
					t.Errorf("reply %q does not contain %q", p.Content, w)
				}
			}
			if got := p.Flags&discordgo.MessageFlagsEphemeral != 0; got != tt.ephemeral {
				t.Errorf("ephemeral = %v, want %v", got, tt.ephemeral)
			}
			checkNoPings(t, p)
		})
	}
}

func TestGatewayMessages(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	srv := discordtest.NewServer(t)
	startGateway(t, srv, discord.Options{}, b)

	t.Run("direct message", func(t *testing.T) {
		n := len(srv.Posts())
		m := srv.DM(kenyaQuestion)
		srv.MessageCreate(t, m)
		p := srv.WaitPosts(t, n+1)[n]
		if p.Kind != discordtest.KindMessage || p.ChannelID != m.ChannelID {
			t.Fatalf("post = %s in channel %q, want a message in %q", p.Kind, p.ChannelID, m.ChannelID)
		}
		if !strings.Contains(p.Content, "400") {
			t.Errorf("reply %q does not contain 400", p.Content)
		}
		checkNoPings(t, p)
	})
	t.Run("mention is answered as a reply", func(t *testing.T) {
		n := len(srv.Posts())
		m := srv.Mention(kenyaQuestion)
		srv.MessageCreate(t, m)
		p := srv.WaitPosts(t, n+1)[n]
		if p.Kind != discordtest.KindMessage || p.ChannelID != m.ChannelID {
			t.Fatalf("post = %s in channel %q, want a message in %q", p.Kind, p.ChannelID, m.ChannelID)
		}
		if p.Reference == nil || p.Reference.MessageID != m.ID {
			t.Errorf("message_reference = %+v, want a reply to message %s", p.Reference, m.ID)
		}
		if !strings.Contains(p.Content, "400") {
			t.Errorf("reply %q does not contain 400", p.Content)
		}
		checkNoPings(t, p)
	})
	t.Run("bots and unaddressed messages are ignored", func(t *testing.T) {
		n := len(srv.Posts())
		own := srv.DM(kenyaQuestion)
		own.Author = srv.BotUser()
		ownMention := srv.Mention(kenyaQuestion)
		ownMention.Author = srv.BotUser()
		otherBot := srv.Mention(kenyaQuestion)
		otherBot.Author = &discordgo.User{ID: "77", Username: "otherbot", Bot: true}
		otherBotDM := srv.DM(kenyaQuestion)
		otherBotDM.Author = otherBot.Author
		webhook := srv.Mention(kenyaQuestion)
		webhook.WebhookID = "55"
		unaddressed := srv.Mention(kenyaQuestion)
		unaddressed.Content, unaddressed.Mentions = kenyaQuestion, nil
		everyone := srv.Mention(kenyaQuestion)
		everyone.Content, everyone.Mentions, everyone.MentionEveryone = "@everyone "+kenyaQuestion, nil, true
		for _, m := range []*discordgo.Message{own, ownMention, otherBot, otherBotDM, webhook, unaddressed, everyone} {
			srv.MessageCreate(t, m)
		}
		// The gateway filters events in order as it reads them, so once the
		// next human message is answered the ignored ones were dropped.
		human := srv.DM(kenyaQuestion)
		srv.MessageCreate(t, human)
		srv.WaitPosts(t, n+1)
		got := srv.Posts()[n:]
		if len(got) != 1 || got[0].ChannelID != human.ChannelID {
			t.Errorf("posts = %v, want only the reply to the human's DM", got)
		}
	})
}

func TestGatewayResumesAfterDroppedConnection(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	srv := discordtest.NewServer(t)
	var reconnects atomic.Int32
	g := startGateway(t, srv, discord.Options{OnReconnect: func() { reconnects.Add(1) }}, b)
	srv.WaitFor(t, "Ready", g.Ready)

	srv.MessageCreate(t, srv.DM(kenyaQuestion))
	srv.WaitPosts(t, 1)

	srv.DropConnection(t)
	srv.WaitResumes(t, 1)
	srv.WaitFor(t, "Ready after resuming", g.Ready)
	srv.WaitFor(t, "OnReconnect", func() bool { return reconnects.Load() == 1 })

	m := srv.DM(kenyaQuestion)
	srv.MessageCreate(t, m)
	p := srv.WaitPosts(t, 2)[1]
	if p.ChannelID != m.ChannelID || !strings.Contains(p.Content, "400") {
		t.Errorf("after resuming: %v, want a reply containing 400 in %s", p, m.ChannelID)
	}
	if n := len(srv.Identifies()); n != 1 {
		t.Errorf("IDENTIFY sent %d times, want 1 (a resume, not a new session)", n)
	}
	if n := len(srv.Registrations()); n != 1 {
		t.Errorf("commands registered %d times, want once per start", n)
	}
}

func TestGatewayRegistersCommandsOncePerStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		guildID string
		baseURL bool // point at the fake with Options.BaseURL, not HTTPClient
	}{
		{name: "global", guildID: ""},
		{name: "guild", guildID: "g1"},
		{name: "guild via BaseURL", guildID: "g2", baseURL: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			opts := discord.Options{GuildID: tt.guildID}
			if tt.baseURL {
				opts.BaseURL = srv.URL
			}
			startGateway(t, srv, opts, bottest.New(t))

			regs := srv.Registrations()
			if len(regs) != 1 {
				t.Fatalf("registrations = %d, want 1", len(regs))
			}
			r := regs[0]
			if r.AppID != srv.AppID || r.GuildID != tt.guildID {
				t.Errorf("registered to app %q guild %q, want app %q guild %q", r.AppID, r.GuildID, srv.AppID, tt.guildID)
			}
			var names []string
			for _, c := range r.Commands {
				names = append(names, c.Name)
			}
			slices.Sort(names)
			if !slices.Equal(names, []string{"Ask about this message", "ask", "help"}) {
				t.Fatalf("commands = %v, want [Ask about this message ask help]", names)
			}
			ask := r.Commands[slices.IndexFunc(r.Commands, func(c *discordgo.ApplicationCommand) bool { return c.Name == "ask" })]
			wantOpts := map[string]struct {
				typ      discordgo.ApplicationCommandOptionType
				required bool
			}{
				"question": {discordgo.ApplicationCommandOptionString, true},
				"private":  {discordgo.ApplicationCommandOptionBoolean, false},
			}
			if len(ask.Options) != len(wantOpts) {
				t.Errorf("/ask has %d options, want %d", len(ask.Options), len(wantOpts))
			}
			for _, o := range ask.Options {
				w, ok := wantOpts[o.Name]
				if !ok || o.Type != w.typ || o.Required != w.required {
					t.Errorf("/ask option %s: type %d required %v, want %+v", o.Name, o.Type, o.Required, w)
				}
			}

			ids := srv.Identifies()
			if len(ids) != 1 {
				t.Fatalf("identifies = %d, want 1", len(ids))
			}
			if want := discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages; ids[0].Intents != want {
				t.Errorf("intents = %d, want %d (guild messages, direct messages)", ids[0].Intents, want)
			}
		})
	}
}

func TestGatewayDefersSlowAnswers(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	release := make(chan struct{})
	slow := askerFunc(func(ctx context.Context, q bot.Question) bot.Answer {
		<-release
		return b.Answer(ctx, q)
	})
	srv := discordtest.NewServer(t)
	// DeferAfter is tiny and the asker waits for the test: the answer is
	// always late, whatever the machine's speed.
	startGateway(t, srv, discord.Options{DeferAfter: 1}, slow)

	i := srv.Ask(kenyaQuestion, true)
	srv.InteractionCreate(t, i)
	p := srv.WaitPosts(t, 1)[0]
	if p.Kind != discordtest.KindInteractionResponse || p.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("first post = %s type %d, want a deferred interaction response (5)", p.Kind, p.ResponseType)
	}
	if p.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("deferred response to a private /ask is not ephemeral")
	}
	close(release)
	e := srv.WaitPosts(t, 2)[1]
	if e.Kind != discordtest.KindInteractionEdit || e.Token != i.Token {
		t.Fatalf("second post = %s for token %s, want an edit of the original response for %s", e.Kind, e.Token, i.Token)
	}
	if !strings.Contains(e.Content, "400") {
		t.Errorf("edited reply %q does not contain 400", e.Content)
	}
	checkNoPings(t, e)
}

func TestGatewayRecoversFromPanics(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	var calls atomic.Int32
	flaky := askerFunc(func(ctx context.Context, q bot.Question) bot.Answer {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return b.Answer(ctx, q)
	})
	srv := discordtest.NewServer(t)
	startGateway(t, srv, discord.Options{}, flaky)

	srv.MessageCreate(t, srv.DM(kenyaQuestion))
	if p := srv.WaitPosts(t, 1)[0]; !strings.Contains(p.Content, "went wrong") {
		t.Errorf("reply after a panic = %q, want an apology", p.Content)
	}
	srv.MessageCreate(t, srv.DM(kenyaQuestion))
	if p := srv.WaitPosts(t, 2)[1]; !strings.Contains(p.Content, "400") {
		t.Errorf("next reply = %q, want the answer with 400", p.Content)
	}
}

func TestNewGatewayRejectsBadOptions(t *testing.T) {
	b := bottest.New(t)
	tests := []struct {
		name string
		opts discord.Options
	}{
		{name: "no token", opts: discord.Options{}},
		{name: "shard id out of range", opts: discord.Options{Token: "t", ShardID: 2, ShardCount: 2}},
		{name: "negative shard count", opts: discord.Options{Token: "t", ShardCount: -1}},
		{name: "base URL without a host", opts: discord.Options{Token: "t", BaseURL: "localhost:8080"}},
		{name: "base URL not http", opts: discord.Options{Token: "t", BaseURL: "ftp://x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := discord.NewGateway(tt.opts, b); err == nil {
				t.Errorf("NewGateway(%+v) succeeded, want an error", tt.opts)
			}
		})
	}
}

func TestGatewayReportsPlatformErrors(t *testing.T) {
	t.Parallel()
	b := bottest.New(t)
	srv := discordtest.NewServer(t)
	var errs atomic.Int32
	startGateway(t, srv, discord.Options{OnPlatformError: func(error) { errs.Add(1) }}, b)

	srv.FailMessages(http.StatusForbidden)
	srv.MessageCreate(t, srv.DM(kenyaQuestion))
	srv.WaitFor(t, "OnPlatformError", func() bool { return errs.Load() == 1 })

	srv.FailMessages(0)
	srv.MessageCreate(t, srv.DM(kenyaQuestion))
	if p := srv.WaitPosts(t, 1)[0]; !strings.Contains(p.Content, "400") {
		t.Errorf("reply after a failed post = %v, want the answer", p)
	}
}

func TestGatewayShard(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	g := startGateway(t, srv, discord.Options{ShardID: 1, ShardCount: 2}, bottest.New(t))
	srv.WaitFor(t, "Ready", g.Ready)

	ids := srv.Identifies()
	if len(ids) != 1 || ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 2} {
		t.Errorf("identify shard = %v, want [1 2]", ids)
	}
	if n := len(srv.Registrations()); n != 0 {
		t.Errorf("shard 1 registered commands %d times, want 0 (shard 0 registers)", n)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	if g.Ready() {
		t.Errorf("Ready after Close")
	}
}

func TestGatewayOpenFailsWithBadToken(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	g, err := discord.NewGateway(discord.Options{Token: "wrong", HTTPClient: srv.HTTPClient(), Logger: testLogger(t)}, bottest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if err := g.Open(context.Background()); err == nil {
		t.Fatal("Open with a token the gateway rejects succeeded")
	}
	if g.Ready() {
		t.Error("Ready after a failed Open")
	}
	if n := len(srv.Registrations()); n != 0 {
		t.Errorf("registered commands %d times after a failed Open", n)
	}
}
