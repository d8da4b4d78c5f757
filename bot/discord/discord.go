// Package discord serves the bot in Discord: the /ask and /help slash
// commands, direct messages and channel messages that mention the bot.
//
// It runs in one of two modes. A Gateway holds a websocket session to
// Discord (no public URL needed) and registers its commands when it starts.
// Interactions is an http.Handler for Discord's signed HTTP interactions
// endpoint, stateless so any number of replicas can serve it.
//
// The package translates Discord events into a bot.Question and the
// bot.Answer back into a Discord message; the core in package bot knows
// nothing about Discord. Every message it sends carries allowed_mentions
// with an empty parse list, so nothing it quotes or echoes can ping anyone.
package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
)

// asker answers one question; *bot.Bot and the serve command's wrappers
// (rate limits, metrics, reload) satisfy it.
type asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

// Options configures a Gateway or an Interactions handler.
type Options struct {
	// Token is the bot token (DISCORD_TOKEN), gateway mode. A "Bot " prefix
	// is added when it has none.
	Token string
	// GuildID, when set, registers the commands to this guild only
	// (instant) instead of globally (DISCORD_GUILD_ID).
	GuildID string
	// ShardID and ShardCount shard the gateway session
	// (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT). ShardCount 0 means 1.
	ShardID, ShardCount int
	// PublicKey is the application's Ed25519 public key as 64 hex chars
	// (DISCORD_PUBLIC_KEY), HTTP interactions mode.
	PublicKey string
	// Logger receives the package's logs; nil discards them.
	Logger *slog.Logger
	// OnPlatformError, when set, is called with every error Discord's API
	// returned (the caller counts them).
	OnPlatformError func(error)
	// OnReconnect, when set, is called each time the gateway session
	// reconnects after a dropped connection.
	OnReconnect func()

	// HTTPClient, when set, carries the gateway's REST calls; tests use it
	// to route them to a fake Discord (see package discordtest). The
	// websocket URL comes from the REST gateway endpoint, so it follows.
	HTTPClient *http.Client
	// BaseURL, when set (and HTTPClient is not), sends the gateway's REST
	// calls to this scheme and host instead of https://discord.com, e.g. a
	// fake Discord's URL in an end-to-end test, or a proxy.
	BaseURL string
	// DeferAfter is how long a slash command may take before the gateway
	// sends a deferred response and edits it when the answer is ready.
	// 0 means 2 s.
	DeferAfter time.Duration
	// Feedback, when set, puts 👍/👎 buttons on every answer and records
	// the clicks.
	Feedback *feedback.Recorder
	// Suggest, when set, answers /ask's autocomplete: up to n questions
	// the corpus answers that match what was typed.
	Suggest func(ctx context.Context, typed string, n int) []string
	// Workers answer at most this many events at once — fed by a queue of
	// Queue events in the gateway (0 means 16 and 512). Work that does not
	// fit is shed: an interaction gets a short "busy" reply, a message
	// none; OnShed is called and a warning logged (once a second at most).
	Workers, Queue int
	OnShed         func()
}

// Defaults of Options.Workers and Options.Queue.
const (
	DefaultWorkers = 16
	DefaultQueue   = 512
)

// busyText is the reply to an interaction shed under overload.
const busyText = "I'm busy right now — please try again in a few seconds."

func (o Options) workers() (int, int) {
	w, q := o.Workers, o.Queue
	if w <= 0 {
		w = DefaultWorkers
	}
	if q <= 0 {
		q = DefaultQueue
	}
	return w, q
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger.With("component", "discord")
}

// restClient returns the client for the gateway's REST calls, or nil for
// discordgo's default.
func (o Options) restClient() (*http.Client, error) {
	if o.HTTPClient != nil {
		return o.HTTPClient, nil
	}
	if o.BaseURL == "" {
		return nil, nil
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord: base URL %q: want http(s)://host[:port]", o.BaseURL)
	}
	return &http.Client{Timeout: 20 * time.Second, Transport: rewriteHost{target: u, base: http.DefaultTransport}}, nil
}

// rewriteHost sends every request to target's scheme and host.
type rewriteHost struct {
	target *url.URL
	base   http.RoundTripper
}

func (t rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.target.Scheme, t.target.Host, t.target.Host
	return t.base.RoundTrip(r2)
}

// Command and option names, as registered.
const (
	cmdAsk      = "ask"
	cmdHelp     = "help"
	cmdAbout    = "Ask about this message" // the message context-menu command
	optQuestion = "question"
	optPrivate  = "private"
)

// commands returns the application commands the bot registers: /ask (its
// question autocompleted), /help, and the message context-menu command.
func commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Ask a question about the source documents",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         optQuestion,
					Description:  "Your question",
					Required:     true,
					Autocomplete: true,
				},
				{
					Type:        discordgo.ApplicationCommandOptionBoolean,
					Name:        optPrivate,
					Description: "Show the answer only to you",
				},
			},
		},
		{
			Name:        cmdHelp,
			Type:        discordgo.ChatApplicationCommand,
			Description: "How to ask me questions",
		},
		{
			Name: cmdAbout,
			Type: discordgo.MessageApplicationCommand,
		},
	}
}

// noMentions returns allowed_mentions that ping no one. The parse list must
// be an empty slice: a nil one serialises as null, which suppresses nothing.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// command is a slash or context-menu command invocation, from the gateway
// or over HTTP.
type command struct {
	name     string
	question string
	private  bool // private:true, an ephemeral reply
	user     string
	channel  string
	dm       bool
	about    bool // the message context-menu command: question is the message's text
}

// conversation is the conversation a question from user in channel belongs
// to: one per user in each channel, thread (a channel of its own) or DM.
func conversation(channel, user string) string {
	if channel == "" || user == "" {
		return ""
	}
	return "discord:" + channel + ":" + user
}

// userOf is the id of the user who caused an interaction.
func userOf(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// parseCommand reads a slash command or a message command without
// discordgo's panicking accessors: option values of an unexpected type are
// ignored.
func parseCommand(i *discordgo.Interaction) (command, bool) {
	if i == nil || i.Type != discordgo.InteractionApplicationCommand {
		return command{}, false
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return command{}, false
	}
	c := command{name: data.Name, dm: i.GuildID == "", user: userOf(i), channel: i.ChannelID}
	if data.CommandType == discordgo.MessageApplicationCommand {
		c.about, c.private = true, true
		if data.Resolved != nil {
			if m := data.Resolved.Messages[data.TargetID]; m != nil {
				c.question = m.Content
			}
		}
		return c, true
	}
	for _, o := range data.Options {
		if o == nil {
			continue
		}
		switch {
		case o.Name == optQuestion && o.Type == discordgo.ApplicationCommandOptionString:
			c.question, _ = o.Value.(string)
		case o.Name == optPrivate && o.Type == discordgo.ApplicationCommandOptionBoolean:
			c.private, _ = o.Value.(bool)
		}
	}
	return c, true
}

// typedSoFar is the focused option's text of an autocomplete interaction.
func typedSoFar(i *discordgo.Interaction) (string, bool) {
	if i == nil || i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return "", false
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return "", false
	}
	for _, o := range data.Options {
		if o != nil && o.Focused {
			s, _ := o.Value.(string)
			return s, true
		}
	}
	return "", true
}

// vote is a click on a vote button.
type vote struct {
	vote, answerID, user, shown string
}

// Vote buttons' custom ids: "vote:up:ID", "vote:down:ID".
const votePrefix = "vote:"

// parseVote reads a vote button click.
func parseVote(i *discordgo.Interaction) (vote, bool) {
	if i == nil || i.Type != discordgo.InteractionMessageComponent {
		return vote{}, false
	}
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok {
		return vote{}, false
	}
	rest, ok := strings.CutPrefix(data.CustomID, votePrefix)
	if !ok {
		return vote{}, false
	}
	v, id, ok := strings.Cut(rest, ":")
	if !ok || (v != feedback.Up && v != feedback.Down) || id == "" {
		return vote{}, false
	}
	out := vote{vote: v, answerID: id, user: userOf(i)}
	if i.Message != nil {
		out.shown = i.Message.Content
	}
	return out, true
}

// voteButtons are the 👍/👎 buttons of the answer remembered as id.
func voteButtons(id string) []discordgo.MessageComponent {
	if id == "" {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: votePrefix + feedback.Up + ":" + id},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: votePrefix + feedback.Down + ":" + id},
	}}}
}

// responder turns commands and messages into replies; Gateway and
// Interactions share it.
type responder struct {
	a       asker
	log     *slog.Logger
	fb      *feedback.Recorder
	suggest func(ctx context.Context, typed string, n int) []string
	onShed  func()
	shedLog *rate.Sometimes
}

func newResponder(opts Options, a asker) responder {
	onShed := opts.OnShed
	if onShed == nil {
		onShed = func() {}
	}
	return responder{a: a, log: opts.logger(), fb: opts.Feedback, suggest: opts.Suggest,
		onShed: onShed, shedLog: &rate.Sometimes{Interval: time.Second}}
}

// shed counts and reports work refused under overload.
func (r responder) shed(what string) {
	r.onShed()
	r.shedLog.Do(func() { r.log.Warn("discord: overloaded: shedding work", "what", what) })
}

// busy is the response data of an interaction shed under overload.
func busy() *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{Content: busyText, AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsEphemeral}
}

// ask answers one question, recovering a panic in the asker as an apology.
func (r responder) ask(ctx context.Context, q bot.Question) (a bot.Answer) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("discord: answering panicked", "panic", p, "stack", string(debug.Stack()))
			a = bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Text: "Sorry, something went wrong while answering. Please try again."}
		}
	}()
	start := time.Now()
	a = r.a.Answer(ctx, q)
	// The info line per question is the guard's (cmd wires one); this one is for debugging.
	r.log.Debug("discord: answered", "user", q.User, "intent", a.Intent, "answered", a.Answered, "took", time.Since(start), "question", q.Text)
	return a
}

// reply answers q and renders the answer with its vote buttons; ok is
// false when the answer is to be dropped (a user over the rate limit, told
// already): a message then gets no reply, and an interaction, which must
// get one, a private request to slow down.
func (r responder) reply(ctx context.Context, q bot.Question) (content string, buttons []discordgo.MessageComponent, ok bool) {
	a := r.ask(ctx, q)
	if a.Intent == bot.IntentDropped {
		return render(bot.Answer{Intent: bot.IntentRefused, Text: slowDown}), nil, false
	}
	return render(a), voteButtons(r.fb.Remember(q, a)), true
}

// slowDown is the private reply to an interaction dropped by the rate limit.
const slowDown = "You're asking faster than I can keep up with — please wait a few seconds."

// respond builds the interaction response data for c.
func (r responder) respond(ctx context.Context, c command) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsSuppressEmbeds}
	switch {
	case c.about:
		// Ask about this message: answered to the one who asked only.
		q := bot.Question{Text: c.question, Platform: "discord", User: c.user, Private: true, Mode: bot.ModeAbout}
		d.Content, d.Components, _ = r.reply(ctx, q)
		d.Flags |= discordgo.MessageFlagsEphemeral
	case c.name == cmdAsk:
		q := bot.Question{Text: c.question, Platform: "discord", User: c.user, Private: c.private || c.dm,
			Conversation: conversation(c.channel, c.user)}
		var ok bool
		d.Content, d.Components, ok = r.reply(ctx, q)
		if c.private || !ok {
			d.Flags |= discordgo.MessageFlagsEphemeral
		}
	case c.name == cmdHelp:
		d.Content = r.help(ctx, c.user)
		d.Flags |= discordgo.MessageFlagsEphemeral
	default:
		d.Content = truncate(fmt.Sprintf("I don't know the command /%s. Try /ask or /help.", escape(c.name)), maxContent)
		d.Flags |= discordgo.MessageFlagsEphemeral
	}
	return d
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// choices answers an autocomplete: up to 25 questions that match typed.
func (r responder) choices(ctx context.Context, typed string) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}
	if r.suggest == nil {
		return d
	}
	for _, q := range r.suggest(ctx, typed, maxChoices) {
		if len(q) > 100 {
			continue
		}
		d.Choices = append(d.Choices, &discordgo.ApplicationCommandOptionChoice{Name: q, Value: q})
	}
	return d
}

// vote records a click and returns the ephemeral confirmation.
func (r responder) vote(v vote) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsEphemeral}
	if r.fb == nil {
		d.Content = "Votes are not recorded here."
		return d
	}
	res, err := r.fb.Vote("discord", v.user, v.answerID, v.vote, v.shown)
	if err != nil {
		r.log.Error("discord: recording a vote", "err", err)
		d.Content = "Sorry, your vote could not be recorded."
		return d
	}
	d.Content = feedback.Thanks(res, v.vote)
	return d
}

// usage is how to ask the bot in Discord.
const usage = "I answer questions from my source documents, quoting the evidence and its source.\n" +
	"• `/ask question: <your question>` — add `private: True` to see the answer alone.\n" +
	"• Mention me with a question in a channel, or send me a direct message; follow-ups (\"and Chile?\", \"why?\") continue your last question there.\n" +
	"• Right-click a message › Apps › *Ask about this message* to check what it says against the sources."

// help returns the /help text: Discord usage, then the core's own help.
func (r responder) help(ctx context.Context, user string) string {
	s := usage
	if a := r.ask(ctx, bot.Question{Text: "help", Platform: "discord", User: user}); a.Intent == bot.IntentHelp && a.Text != "" {
		s += "\n\n" + escape(a.Text)
	}
	return truncate(s, maxContent)
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
