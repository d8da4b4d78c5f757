// Package discordtest is a fake Discord for tests: the REST endpoints the bot
// calls and a gateway websocket, over loopback, speaking the wire protocol
// the real discordgo client expects.
//
// The gateway sends HELLO, answers IDENTIFY with READY and RESUME with
// RESUMED, acknowledges heartbeats, and dispatches the events a test pushes.
// The REST side records every message, interaction response and command
// registration the bot sends, with the raw JSON, and answers like Discord.
//
// Using it end to end with package discord:
//
//	srv := discordtest.NewServer(t)
//	g, err := discord.NewGateway(discord.Options{Token: srv.Token, HTTPClient: srv.HTTPClient()}, bottest.New(t))
//	// ... g.Open(ctx); defer g.Close()
//	srv.InteractionCreate(t, srv.Ask("How many Kenyan officers are deployed?", false))
//	post := srv.WaitPosts(t, 1)[0] // post.Kind == discordtest.KindInteractionResponse, post.Content ...
//	srv.DropConnection(t)            // the client resumes; srv.WaitResumes(t, 1)
//
// HTTPClient returns a client whose transport sends every request to the
// fake whatever its host, so nothing reaches discord.com and no discordgo
// global (its Endpoint variables) is touched: tests using it may run in
// parallel, each with its own Server. Where only configuration can be
// passed (a serve command in an end-to-end test), set
// discord.Options.BaseURL to Server.URL instead.
//
// For HTTP interactions mode, a Signer signs requests as Discord does:
//
//	sg := discordtest.NewSigner(t) // discord.Options{PublicKey: sg.PublicKey()}
//	body, _ := json.Marshal(srv.Ask("How many Kenyan officers are deployed?", false))
//	resp, err := http.DefaultClient.Do(sg.NewRequest(t, serveURL+"/discord/interactions", body))
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// WaitTimeout bounds each Wait method; a test fails when it passes.
const WaitTimeout = 15 * time.Second

// Kind says which endpoint a Post went to.
type Kind string

// Kinds of posts the fake records.
const (
	KindMessage             Kind = "message"              // POST /channels/{channel}/messages
	KindInteractionResponse Kind = "interaction_response" // POST /interactions/{id}/{token}/callback
	KindInteractionEdit     Kind = "interaction_edit"     // PATCH /webhooks/{app}/{token}/messages/@original
	KindFollowup            Kind = "followup"             // POST /webhooks/{app}/{token}
)

// Post is one message or interaction response the bot sent.
type Post struct {
	Kind      Kind
	ChannelID string // KindMessage
	// InteractionID is set for KindInteractionResponse; Token for every
	// interaction kind.
	InteractionID, Token string
	// ResponseType is the interaction response type (KindInteractionResponse):
	// 4 a message, 5 deferred.
	ResponseType    discordgo.InteractionResponseType
	Content         string
	Embeds          []*discordgo.MessageEmbed
	Flags           discordgo.MessageFlags
	AllowedMentions *discordgo.MessageAllowedMentions
	Reference       *discordgo.MessageReference // a reply's message_reference
	// CustomIDs are the custom ids of the message's buttons, in order.
	CustomIDs []string
	// Choices are an autocomplete response's choices (response type 8).
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Raw is the request body as sent (for KindInteractionResponse, the whole
	// response including type).
	Raw json.RawMessage
}

// String describes the post for test failure messages.
func (p Post) String() string {
	switch p.Kind {
	case KindMessage:
		return fmt.Sprintf("message in %s: %q", p.ChannelID, p.Content)
	case KindInteractionResponse:
		return fmt.Sprintf("interaction response type %d to %s: %q", p.ResponseType, p.InteractionID, p.Content)
	}
	return fmt.Sprintf("%s for token %s: %q", p.Kind, p.Token, p.Content)
}

// Identify is the part of an IDENTIFY payload the fake records.
// (discordgo.Identify does not decode what discordgo sends.)
type Identify struct {
	Token   string           `json:"token"`
	Intents discordgo.Intent `json:"intents"`
	Shard   *[2]int          `json:"shard"`
}

// Registration is one bulk overwrite of the application's commands.
type Registration struct {
	AppID    string
	GuildID  string // empty for global commands
	Commands []*discordgo.ApplicationCommand
}

// Server is a fake Discord. Its exported fields are fixed at NewServer.
type Server struct {
	URL   string // base URL of the fake, http://127.0.0.1:port
	Token string // the bot token it accepts (without "Bot ")
	BotID string // the bot's user id, sent in READY
	AppID string // the application id, sent in READY

	srv      *httptest.Server
	upgrader websocket.Upgrader

	mu            sync.Mutex
	changed       chan struct{} // closed and replaced on every change
	conns         map[*websocket.Conn]bool
	live          *websocket.Conn // the connection that completed READY/RESUMED
	seq           int64
	sessionID     string
	identifies    []Identify
	resumes       int
	drops         int
	posts         []Post
	registrations []Registration
	unhandled     []string
	nextID        int
	failMessages  int // status for channel message posts; 0 = succeed
}

// NewServer starts a fake Discord, closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		Token:    "test-token",
		BotID:    "999",
		AppID:    "888",
		changed:  make(chan struct{}),
		conns:    map[*websocket.Conn]bool{},
		upgrader: websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		nextID:   1000,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", s.gateway)
	mux.HandleFunc("GET /api/v9/gateway/bot", s.gateway)
	mux.HandleFunc("/ws/", s.serveWS)
	mux.HandleFunc("GET /api/v9/users/@me", s.authed(s.me))
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", s.authed(s.registerCommands))
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", s.authed(s.registerCommands))
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.authed(s.createMessage))
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", s.interactionCallback)
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", s.webhookEdit)
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", s.followup)
	mux.HandleFunc("/", s.notFound)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	tb.Cleanup(s.close)
	return s
}

// HTTPClient returns a client that sends every request to the fake, whatever
// its host: set it as discord.Options.HTTPClient (or discordgo's
// Session.Client). The gateway URL the fake hands out points at itself.
func (s *Server) HTTPClient() *http.Client {
	u, _ := url.Parse(s.srv.URL)
	return &http.Client{Timeout: WaitTimeout, Transport: rewrite{target: u, base: s.srv.Client().Transport}}
}

type rewrite struct {
	target *url.URL
	base   http.RoundTripper
}

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.target.Scheme, t.target.Host, t.target.Host
	return t.base.RoundTrip(r2)
}

// close drops every websocket and stops the server.
func (s *Server) close() {
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.live = nil
	s.mu.Unlock()
	s.srv.Close()
}

// notify wakes the waiters; call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitFor waits until cond is true, re-checking after every change the fake
// records and every few milliseconds (for conditions on the client's side),
// and fails the test after WaitTimeout. cond must not block.
func (s *Server) WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-poll.C:
		case <-deadline.C:
			tb.Fatalf("discordtest: timed out after %v waiting for %s", WaitTimeout, what)
		}
	}
}

// FailMessages makes channel message posts fail with status (e.g. 403, as
// when the bot may not write in a channel) and a Discord JSON error; 0
// restores success. Failed posts are not recorded.
func (s *Server) FailMessages(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failMessages = status
}

// Posts returns what the bot has posted so far, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts waits until the bot has posted at least n times and returns
// all posts.
func (s *Server) WaitPosts(tb testing.TB, n int) []Post {
	tb.Helper()
	s.WaitFor(tb, fmt.Sprintf("%d posts", n), func() bool { return len(s.Posts()) >= n })
	return s.Posts()
}

// Registrations returns the command bulk overwrites received so far.
func (s *Server) Registrations() []Registration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Registration(nil), s.registrations...)
}

// Identifies returns the IDENTIFY payloads received so far.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Resumes returns how many RESUMEs the gateway has answered.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Unhandled returns the REST requests ("METHOD path") the fake had no
// route for.
func (s *Server) Unhandled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unhandled...)
}

// Connected reports whether a client has a gateway session open (READY or
// RESUMED sent, not dropped).
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live != nil
}

// WaitConnected waits until a client has a gateway session open.
func (s *Server) WaitConnected(tb testing.TB) {
	tb.Helper()
	s.WaitFor(tb, "a gateway session", s.Connected)
}

// WaitResumes waits until the gateway has answered n RESUMEs and the
// session is open again.
func (s *Server) WaitResumes(tb testing.TB, n int) {
	tb.Helper()
	s.WaitFor(tb, fmt.Sprintf("%d resumes", n), func() bool { return s.Resumes() >= n && s.Connected() })
}

// DropConnection closes the gateway connection abruptly, without a close
// frame, as a network failure would. It waits for a session to drop.
func (s *Server) DropConnection(tb testing.TB) {
	tb.Helper()
	s.WaitConnected(tb)
	s.mu.Lock()
	c := s.live
	s.live = nil
	s.drops++
	s.notify()
	s.mu.Unlock()
	c.UnderlyingConn().Close()
}

// Dispatch sends a gateway event (op 0) with type t and data d on the open
// session, waiting for one if needed. It returns the event's sequence number.
func (s *Server) Dispatch(tb testing.TB, t string, d any) int64 {
	tb.Helper()
	data, err := json.Marshal(d)
	if err != nil {
		tb.Fatalf("discordtest: encode %s: %v", t, err)
	}
	for {
		s.WaitConnected(tb)
		s.mu.Lock()
		if s.live == nil {
			s.mu.Unlock()
			continue
		}
		s.seq++
		seq := s.seq
		err := s.live.WriteJSON(frame{Op: 0, Seq: seq, Type: t, Data: data})
		s.mu.Unlock()
		if err != nil {
			tb.Fatalf("discordtest: dispatch %s: %v", t, err)
		}
		return seq
	}
}

// MessageCreate dispatches MESSAGE_CREATE for m.
func (s *Server) MessageCreate(tb testing.TB, m *discordgo.Message) {
	tb.Helper()
	s.Dispatch(tb, "MESSAGE_CREATE", m)
}

// InteractionCreate dispatches INTERACTION_CREATE for i.
func (s *Server) InteractionCreate(tb testing.TB, i *discordgo.Interaction) {
	tb.Helper()
	s.Dispatch(tb, "INTERACTION_CREATE", i)
}

// humanID is the id of the user the message and interaction builders ask as.
const humanID = "42"

// BotUser returns the bot's own user, as READY describes it.
func (s *Server) BotUser() *discordgo.User {
	return &discordgo.User{ID: s.BotID, Username: "mssmbot", Bot: true}
}

// Human returns the (non-bot) user the builders below ask as.
func (s *Server) Human() *discordgo.User {
	return &discordgo.User{ID: humanID, Username: "asker"}
}

func (s *Server) id() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return strconv.Itoa(s.nextID)
}

// DM returns a direct message from Human with content.
func (s *Server) DM(content string) *discordgo.Message {
	return &discordgo.Message{
		ID: s.id(), ChannelID: "dm-" + humanID, Content: content, Author: s.Human(),
		Timestamp: time.Now(), Type: discordgo.MessageTypeDefault,
	}
}

// Mention returns a guild channel message from Human that mentions the bot
// ahead of content, as Discord's client writes it.
func (s *Server) Mention(content string) *discordgo.Message {
	return &discordgo.Message{
		ID: s.id(), ChannelID: "c1", GuildID: "g1", Content: "<@" + s.BotID + "> " + content,
		Author: s.Human(), Mentions: []*discordgo.User{s.BotUser()},
		Timestamp: time.Now(), Type: discordgo.MessageTypeDefault,
	}
}

// Ask returns a guild /ask interaction from Human; private sets the
// private option.
func (s *Server) Ask(question string, private bool) *discordgo.Interaction {
	opts := []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question},
	}
	if private {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: "private", Type: discordgo.ApplicationCommandOptionBoolean, Value: true})
	}
	return s.Command("ask", opts...)
}

// Command returns a guild slash command interaction from Human.
func (s *Server) Command(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	id := s.id()
	return &discordgo.Interaction{
		ID: id, AppID: s.AppID, Type: discordgo.InteractionApplicationCommand, Token: "itoken-" + id,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: s.Human()}, Version: 1,
		Data: discordgo.ApplicationCommandInteractionData{
			ID: "cmd-" + name, Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts,
		},
	}
}

// MessageCommand returns a guild message context-menu command (type 3)
// from Human on a message with content.
func (s *Server) MessageCommand(name, content string) *discordgo.Interaction {
	id, target := s.id(), s.id()
	return &discordgo.Interaction{
		ID: id, AppID: s.AppID, Type: discordgo.InteractionApplicationCommand, Token: "itoken-" + id,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: s.Human()}, Version: 1,
		Data: discordgo.ApplicationCommandInteractionData{
			ID: "cmd-msg", Name: name, CommandType: discordgo.MessageApplicationCommand, TargetID: target,
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{
				target: {ID: target, ChannelID: "c1", Content: content, Author: &discordgo.User{ID: "someone-else", Username: "other"}},
			}},
		},
	}
}

// Click returns a button click (a message component interaction) by Human
// on a message of the bot, with the button's custom id.
func (s *Server) Click(customID string) *discordgo.Interaction {
	id := s.id()
	return &discordgo.Interaction{
		ID: id, AppID: s.AppID, Type: discordgo.InteractionMessageComponent, Token: "itoken-" + id,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: s.Human()}, Version: 1,
		Message: &discordgo.Message{ID: s.id(), ChannelID: "c1", Content: "**the answer shown**", Author: s.BotUser()},
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

// Autocomplete returns an autocomplete interaction for /ask with typed in
// its question option so far.
func (s *Server) Autocomplete(typed string) *discordgo.Interaction {
	id := s.id()
	return &discordgo.Interaction{
		ID: id, AppID: s.AppID, Type: discordgo.InteractionApplicationCommandAutocomplete, Token: "itoken-" + id,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: s.Human()}, Version: 1,
		Data: discordgo.ApplicationCommandInteractionData{
			ID: "cmd-ask", Name: "ask", CommandType: discordgo.ChatApplicationCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true},
			},
		},
	}
}

// frame is a gateway payload.
type frame struct {
	Op   int             `json:"op"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
	Data json.RawMessage `json:"d,omitempty"`
}

func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"url":    "ws://" + r.Host + "/ws",
		"shards": 1,
		"session_start_limit": map[string]int{
			"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1,
		},
	})
}

// serveWS runs one gateway connection.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	c, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.conns[c] = true
	err = c.WriteJSON(frame{Op: 10, Data: json.RawMessage(`{"heartbeat_interval":45000}`)})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		if s.live == c {
			s.live = nil
		}
		s.notify()
		s.mu.Unlock()
		c.Close()
	}()
	if err != nil {
		return
	}
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		var f frame
		if err := json.Unmarshal(msg, &f); err != nil {
			return
		}
		if err := s.handleFrame(c, f); err != nil {
			return
		}
	}
}

// handleFrame answers one client payload; writes happen under s.mu so they
// are ordered with dispatches.
func (s *Server) handleFrame(c *websocket.Conn, f frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f.Op {
	case 1: // heartbeat
		return c.WriteJSON(frame{Op: 11})
	case 2: // identify
		var id Identify
		if err := json.Unmarshal(f.Data, &id); err != nil {
			return err
		}
		s.identifies = append(s.identifies, id)
		if id.Token != "Bot "+s.Token {
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
			return fmt.Errorf("bad token")
		}
		s.sessionID = fmt.Sprintf("session-%d", len(s.identifies))
		ready := map[string]any{
			"v": 9, "session_id": s.sessionID,
			"user":        s.BotUser(),
			"application": map[string]any{"id": s.AppID, "flags": 0},
			"guilds":      []any{}, "private_channels": []any{},
		}
		if id.Shard != nil {
			ready["shard"] = id.Shard
		}
		data, _ := json.Marshal(ready)
		s.seq++
		if err := c.WriteJSON(frame{Op: 0, Seq: s.seq, Type: "READY", Data: data}); err != nil {
			return err
		}
	case 6: // resume
		var res struct {
			Token     string `json:"token"`
			SessionID string `json:"session_id"`
		}
		if err := json.Unmarshal(f.Data, &res); err != nil {
			return err
		}
		if res.SessionID != s.sessionID || res.Token != "Bot "+s.Token {
			// Invalid session, not resumable: the client identifies again.
			return c.WriteJSON(frame{Op: 9, Data: json.RawMessage("false")})
		}
		s.resumes++
		s.seq++
		if err := c.WriteJSON(frame{Op: 0, Seq: s.seq, Type: "RESUMED", Data: json.RawMessage("{}")}); err != nil {
			return err
		}
	default:
		return nil
	}
	s.live = c
	s.notify()
	return nil
}

// authed rejects a request without the bot token, as Discord does.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.Token {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		h(w, r)
	}
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.BotUser())
}

func (s *Server) registerCommands(w http.ResponseWriter, r *http.Request) {
	var cmds []*discordgo.ApplicationCommand
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	if r.PathValue("app") != s.AppID {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Access", "code": 50001})
		return
	}
	for _, c := range cmds {
		c.ID, c.ApplicationID, c.GuildID = s.id(), s.AppID, r.PathValue("guild")
	}
	s.mu.Lock()
	s.registrations = append(s.registrations, Registration{AppID: r.PathValue("app"), GuildID: r.PathValue("guild"), Commands: cmds})
	s.notify()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, cmds)
}

// messageBody is the part of a message create or edit body the fake reads.
type messageBody struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Flags           discordgo.MessageFlags            `json:"flags"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Reference       *discordgo.MessageReference       `json:"message_reference"`
	Components      []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
		} `json:"components"`
	} `json:"components"`
	Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// record decodes a message body into a Post and stores it.
func (s *Server) record(w http.ResponseWriter, p Post, raw []byte, body []byte) bool {
	var m messageBody
	if err := json.Unmarshal(body, &m); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return false
	}
	p.Content, p.Embeds, p.Flags, p.AllowedMentions, p.Reference = m.Content, m.Embeds, m.Flags, m.AllowedMentions, m.Reference
	for _, row := range m.Components {
		for _, c := range row.Components {
			p.CustomIDs = append(p.CustomIDs, c.CustomID)
		}
	}
	p.Choices = m.Choices
	p.Raw = append(json.RawMessage(nil), raw...)
	s.mu.Lock()
	s.posts = append(s.posts, p)
	s.notify()
	s.mu.Unlock()
	return true
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	fail := s.failMessages
	s.mu.Unlock()
	if fail != 0 {
		writeJSON(w, fail, map[string]any{"message": http.StatusText(fail), "code": 50013})
		return
	}
	ch := r.PathValue("channel")
	if !s.record(w, Post{Kind: KindMessage, ChannelID: ch}, body, body) {
		return
	}
	writeJSON(w, http.StatusOK, s.message(ch, body))
}

func (s *Server) interactionCallback(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil || resp.Type == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	data := []byte(resp.Data)
	if len(data) == 0 {
		data = []byte("{}")
	}
	p := Post{Kind: KindInteractionResponse, InteractionID: r.PathValue("id"), Token: r.PathValue("token"), ResponseType: resp.Type}
	if s.record(w, p, body, data) {
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) webhookEdit(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	if r.PathValue("msg") != "@original" {
		s.notFound(w, r)
		return
	}
	if s.record(w, Post{Kind: KindInteractionEdit, Token: r.PathValue("token")}, body, body) {
		writeJSON(w, http.StatusOK, s.message("c1", body))
	}
}

func (s *Server) followup(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	if s.record(w, Post{Kind: KindFollowup, Token: r.PathValue("token")}, body, body) {
		writeJSON(w, http.StatusOK, s.message("c1", body))
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.unhandled = append(s.unhandled, r.Method+" "+r.URL.Path)
	s.notify()
	s.mu.Unlock()
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
}

// message is the Message Discord returns for a created or edited message.
func (s *Server) message(channel string, body []byte) *discordgo.Message {
	var m messageBody
	json.Unmarshal(body, &m)
	return &discordgo.Message{ID: s.id(), ChannelID: channel, Content: m.Content, Author: s.BotUser(), Timestamp: time.Now()}
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "cannot read body", "code": 0})
		return nil, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
