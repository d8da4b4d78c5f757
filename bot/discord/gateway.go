package discord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/queue"
)

// replyTimeout bounds answering one event and sending its reply. An
// interaction token lives 15 minutes; a question takes milliseconds.
const replyTimeout = time.Minute

// Gateway answers Discord over a gateway websocket session: slash commands,
// direct messages, and channel messages that mention the bot (as a reply).
// It never answers a bot, itself included.
type Gateway struct {
	opts       Options
	s          *discordgo.Session
	r          responder
	deferAfter time.Duration

	ctx    context.Context // the Open context; cancelled by Close
	cancel context.CancelFunc

	mu       sync.Mutex // guards closed
	closed   bool
	pool     *queue.Pool // answers and replies in flight
	busy     *queue.Pool // "busy" replies to interactions shed from pool
	connects atomic.Int64
}

// NewGateway returns a Gateway for opts.Token that answers with a. Call Open
// to connect.
func NewGateway(opts Options, a asker) (*Gateway, error) {
	if a == nil {
		return nil, errors.New("discord: gateway: nil asker")
	}
	token := strings.TrimSpace(opts.Token)
	if token == "" {
		return nil, errors.New("discord: gateway: empty token")
	}
	if !strings.HasPrefix(token, "Bot ") && !strings.HasPrefix(token, "Bearer ") {
		token = "Bot " + token
	}
	if opts.ShardCount == 0 {
		opts.ShardCount = 1
	}
	if opts.ShardCount < 0 || opts.ShardID < 0 || opts.ShardID >= opts.ShardCount {
		return nil, fmt.Errorf("discord: gateway: shard %d of %d: want 0 <= shard id < shard count", opts.ShardID, opts.ShardCount)
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: gateway: new session: %w", err)
	}
	client, err := opts.restClient()
	if err != nil {
		return nil, fmt.Errorf("discord: gateway: %w", err)
	}
	if client == nil {
		// One client for the REST calls, at most a connection per worker.
		workers, _ := opts.workers()
		client = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 20 * time.Second,
			MaxConnsPerHost:       workers,
			MaxIdleConnsPerHost:   workers,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}}
	}
	s.Client = client
	s.ShardID, s.ShardCount = opts.ShardID, opts.ShardCount
	// Mentions and DMs carry their text without the privileged
	// MessageContent intent; interactions need no intent.
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = false // the Ready data (own user, application) is kept anyway
	// Handlers run in the read loop, in order: they filter cheaply and start
	// a goroutine for the answer. So an ignored event is ignored before the
	// next one is read.
	s.SyncEvents = true

	workers, depth := opts.workers()
	g := &Gateway{opts: opts, s: s, r: newResponder(opts, a), deferAfter: opts.DeferAfter,
		pool: queue.New(workers, depth), busy: queue.New(1, 64)}
	if g.deferAfter <= 0 {
		g.deferAfter = 2 * time.Second
	}
	s.AddHandler(g.onConnect)
	s.AddHandler(g.onMessage)
	s.AddHandler(g.onInteraction)
	return g, nil
}

// Open connects to the gateway and registers the slash commands with a bulk
// overwrite: to Options.GuildID when set, else globally. Only shard 0
// registers. Replies use ctx, and stop when it is cancelled.
func (g *Gateway) Open(ctx context.Context) error {
	g.ctx, g.cancel = context.WithCancel(ctx)
	if err := g.s.Open(); err != nil {
		g.cancel()
		return fmt.Errorf("discord: open gateway: %w", err)
	}
	if g.opts.ShardID != 0 {
		return nil
	}
	appID := g.appID()
	if appID == "" {
		g.Close()
		return errors.New("discord: register commands: READY carried no application or user id")
	}
	cmds, err := g.s.ApplicationCommandBulkOverwrite(appID, g.opts.GuildID, commands(), discordgo.WithContext(ctx))
	if err != nil {
		g.platformError(err)
		g.Close()
		return fmt.Errorf("discord: register commands (app %s, guild %q): %w", appID, g.opts.GuildID, err)
	}
	g.r.log.Info("discord: gateway ready", "app", appID, "guild", g.opts.GuildID, "commands", len(cmds),
		"shard", g.opts.ShardID, "shards", g.opts.ShardCount)
	return nil
}

// Ready reports whether the gateway session is connected now.
func (g *Gateway) Ready() bool {
	g.s.RLock()
	defer g.s.RUnlock()
	return g.s.DataReady
}

// Close disconnects, waits for the replies in flight, and stops them if
// they outlive the disconnect.
func (g *Gateway) Close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil
	}
	g.closed = true
	g.mu.Unlock()

	g.s.Lock()
	g.s.ShouldReconnectOnError = false
	g.s.Unlock()
	err := g.s.Close()
	g.pool.Close()
	g.busy.Close()
	if g.cancel != nil {
		g.cancel()
	}
	if err != nil {
		return fmt.Errorf("discord: close gateway: %w", err)
	}
	return nil
}

// appID is the application id from READY, or the bot's user id.
func (g *Gateway) appID() string {
	g.s.State.RLock()
	defer g.s.State.RUnlock()
	if a := g.s.State.Application; a != nil && a.ID != "" {
		return a.ID
	}
	if u := g.s.State.User; u != nil {
		return u.ID
	}
	return ""
}

// selfID is the bot's own user id from READY.
func (g *Gateway) selfID() string {
	g.s.State.RLock()
	defer g.s.State.RUnlock()
	if u := g.s.State.User; u != nil {
		return u.ID
	}
	return ""
}

// onConnect runs inside discordgo's Open, with the session locked: it must
// not call back into the session.
func (g *Gateway) onConnect(_ *discordgo.Session, _ *discordgo.Connect) {
	if g.connects.Add(1) == 1 {
		return
	}
	g.r.log.Info("discord: gateway reconnected")
	if f := g.opts.OnReconnect; f != nil {
		go f()
	}
}

// onMessage filters a message in the read loop and answers it in a
// goroutine: direct messages, and channel messages that mention the bot.
func (g *Gateway) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	defer g.recoverEvent("MESSAGE_CREATE")
	if m == nil || m.Message == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" {
		return
	}
	self := g.selfID()
	if self == "" || m.Author.ID == self {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	if !dm && !mentions(m.Message, self) {
		return
	}
	msg := m.Message
	g.spawn("MESSAGE_CREATE", nil, func(ctx context.Context) {
		q := bot.Question{Text: stripMention(msg.Content, self), Platform: "discord", User: msg.Author.ID, Private: dm,
			Conversation: conversation(msg.ChannelID, msg.Author.ID)}
		content, buttons, ok := g.r.reply(ctx, q)
		if !ok {
			return // over the rate limit, and told so already
		}
		send := &discordgo.MessageSend{
			Content:         content,
			Components:      buttons,
			AllowedMentions: noMentions(),
			Flags:           discordgo.MessageFlagsSuppressEmbeds,
		}
		if !dm {
			send.Reference = msg.SoftReference()
		}
		if _, err := g.s.ChannelMessageSendComplex(msg.ChannelID, send, discordgo.WithContext(ctx)); err != nil {
			g.platformError(fmt.Errorf("discord: reply in channel %s: %w", msg.ChannelID, err))
		}
	})
}

// onInteraction answers a slash or message command (inline when the answer
// is ready within deferAfter, else a deferred response edited when it is),
// an autocomplete with its choices, and a vote button's click.
func (g *Gateway) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	defer g.recoverEvent("INTERACTION_CREATE")
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	if typed, ok := typedSoFar(i); ok {
		g.spawn("INTERACTION_CREATE", i, func(ctx context.Context) {
			g.interactionRespond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: g.r.choices(ctx, typed)})
		})
		return
	}
	if v, ok := parseVote(i); ok {
		g.spawn("INTERACTION_CREATE", i, func(ctx context.Context) {
			g.interactionRespond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: g.r.vote(v)})
		})
		return
	}
	c, ok := parseCommand(i)
	if !ok {
		return
	}
	g.spawn("INTERACTION_CREATE", i, func(ctx context.Context) {
		done := make(chan *discordgo.InteractionResponseData, 1)
		go func() { done <- g.r.respond(ctx, c) }()
		timer := time.NewTimer(g.deferAfter)
		defer timer.Stop()
		select {
		case d := <-done:
			g.interactionRespond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d})
			return
		case <-timer.C:
		}
		deferred := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
		if c.private || c.name != cmdAsk && !c.about {
			deferred.Flags = discordgo.MessageFlagsEphemeral
		}
		if !g.interactionRespond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: deferred}) {
			return
		}
		var d *discordgo.InteractionResponseData
		select {
		case d = <-done:
		case <-ctx.Done():
			return
		}
		edit := &discordgo.WebhookEdit{Content: &d.Content, AllowedMentions: noMentions()}
		if len(d.Components) > 0 {
			edit.Components = &d.Components
		}
		if _, err := g.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
			g.platformError(fmt.Errorf("discord: edit deferred response to interaction %s: %w", i.ID, err))
		}
	})
}

func (g *Gateway) interactionRespond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) bool {
	if err := g.s.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		g.platformError(fmt.Errorf("discord: respond to interaction %s: %w", i.ID, err))
		return false
	}
	return true
}

// spawn runs f on the worker pool, with a bounded context and a recover.
// When the pool's queue is full the work is shed: an interaction i (nil for
// a message) then gets a short "busy" reply. It does nothing once the
// Gateway is closed.
func (g *Gateway) spawn(event string, i *discordgo.Interaction, f func(ctx context.Context)) {
	g.mu.Lock()
	closed := g.closed
	g.mu.Unlock()
	if closed {
		return
	}
	run := func(f func(ctx context.Context)) func() {
		return func() {
			defer g.recoverEvent(event)
			ctx, cancel := context.WithTimeout(g.ctx, replyTimeout)
			defer cancel()
			f(ctx)
		}
	}
	if g.pool.Submit(run(f)) {
		return
	}
	g.r.shed(event)
	if i != nil {
		// Discord shows "interaction failed" without a reply within 3 s.
		g.busy.Submit(run(func(ctx context.Context) {
			g.interactionRespond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: busy()})
		}))
	}
}

// recoverEvent logs a panic in an event handler; the session keeps serving.
func (g *Gateway) recoverEvent(event string) {
	if p := recover(); p != nil {
		g.r.log.Error("discord: event handler panicked", "event", event, "panic", p, "stack", string(debug.Stack()))
	}
}

func (g *Gateway) platformError(err error) {
	g.r.log.Warn("discord: platform error", "err", err)
	if f := g.opts.OnPlatformError; f != nil {
		f(err)
	}
}

// mentions reports whether m mentions the user id (not @everyone or a role).
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

// stripMention removes the mentions of the user id from content.
func stripMention(content, id string) string {
	content = strings.ReplaceAll(content, "<@"+id+">", " ")
	content = strings.ReplaceAll(content, "<@!"+id+">", " ")
	return strings.Join(strings.Fields(content), " ")
}
