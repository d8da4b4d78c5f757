// Package fakeslack is a fake Slack for tests, served over loopback: the Web
// API methods the bot calls (auth.test, chat.postMessage), Socket Mode
// (apps.connections.open and its websocket: hello, events_api,
// slash_commands, disconnect, pings, acks read back) and slash-command
// response_urls. It records every message posted and can answer one call
// with 429 and a Retry-After.
//
// To run the bot against it end to end:
//
//	fs := fakeslack.NewServer(t)
//	opts := slack.Options{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken,
//		SigningSecret: fakeslack.SigningSecret, APIURL: fs.URL()}
//	// ... start the bot with opts, then, in Socket Mode:
//	fs.WaitConnections(t, 1)
//	id := fs.PushEvent(t, fakeslack.Event{Type: "app_mention", Channel: "C1", User: "U1",
//		TS: "1.000001", Text: "<@" + fakeslack.BotUserID + "> How many?"}.Callback("Ev1"))
//	fs.WaitAcked(t, id)
//	post := fs.WaitPosts(t, 1)[0] // post.Channel, post.ThreadTS, post.AllText()
//
// Over the Events API, sign a body with Sign and POST it to the bot's
// /slack/events handler; build slash commands with Command.Form, whose
// response_url (from ResponseURL) points back at this server.
//
// It is not github.com/slack-go/slack/slacktest, which has no Socket Mode
// envelopes, signed pushes or 429s.
package fakeslack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Credentials and identities the fake accepts and reports.
const (
	BotToken      = "xoxb-fake-bot-token"
	AppToken      = "xapp-fake-app-token"
	SigningSecret = "fake-signing-secret"
	BotUserID     = "UFAKEBOT"
	BotID         = "BFAKEBOT"
	TeamID        = "TFAKE"
)

// MethodResponseURL names posts to a response_url in Post.Method, Calls and
// RateLimit.
const MethodResponseURL = "response_url"

// waitTimeout bounds every Wait helper.
const waitTimeout = 10 * time.Second

// Post is one message the bot posted.
type Post struct {
	Method       string // "chat.postMessage" or MethodResponseURL
	Channel      string
	ThreadTS     string
	Text         string // the fallback text, as sent (escaped)
	Blocks       string // the blocks' raw JSON
	ResponseType string // response_url only: "ephemeral", "in_channel" or ""
	LinkNames    string // the link_names parameter, if sent
	Parse        string // the parse parameter, if sent
	URL          string // the response_url posted to
	User         string // chat.postEphemeral: who sees it
	// ReplaceOriginal is a response_url post's replace_original.
	ReplaceOriginal bool
}

// BlockTexts returns every text in the post's blocks, in order.
func (p Post) BlockTexts() []string {
	var v any
	if json.Unmarshal([]byte(p.Blocks), &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if t, ok := v["text"].(string); ok {
				out = append(out, t)
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if k != "text" || !isString(v[k]) {
					walk(v[k])
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// AllText is the fallback text and every block text joined by newlines:
// everything a user could see of the post.
func (p Post) AllText() string {
	return strings.Join(append([]string{p.Text}, p.BlockTexts()...), "\n")
}

func isString(v any) bool { _, ok := v.(string); return ok }

// Server is a running fake Slack. Its methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server
	// PingInterval is how often the websocket pings the client; set it
	// before the bot connects. Default one second.
	PingInterval time.Duration

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change
	posts    []Post
	calls    map[string]int
	limited  map[string]int           // method -> 429s still to answer
	failing  map[string]int           // method -> 500s still to answer
	stalled  map[string]chan struct{} // method -> closed when it answers again
	sent     []string                 // envelope ids sent, in order
	acked    map[string]int           // envelope id -> acks received
	conns    int                      // websocket connections accepted
	current  *wsConn                  // where pushes go; nil while (re)connecting
	seq      int
	closed   bool
	upgrader websocket.Upgrader
}

type wsConn struct {
	mu   sync.Mutex // serialises writes
	conn *websocket.Conn
	done chan struct{}
}

func (c *wsConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.conn.WriteJSON(v)
}

// NewServer starts a fake Slack; it is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		PingInterval: time.Second,
		changed:      make(chan struct{}),
		calls:        map[string]int{},
		limited:      map[string]int{},
		failing:      map[string]int{},
		stalled:      map[string]chan struct{}{},
		acked:        map[string]int{},
		upgrader:     websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/link", s.serveSocket)
	mux.HandleFunc("/response/{id}", s.serveResponseURL)
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// URL is the Web API base to use as the bot's API URL (with trailing slash).
func (s *Server) URL() string { return s.srv.URL + "/api/" }

// Close closes the websocket and the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	c := s.current
	s.current = nil
	s.mu.Unlock()
	if c != nil {
		_ = c.conn.Close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// ResponseURL returns a fresh response_url on this server.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/response/%d", s.srv.URL, s.seq)
}

// Fail makes the next n calls to method (e.g. "chat.postMessage" or
// MethodResponseURL) answer 500.
func (s *Server) Fail(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[method] = n
}

// Stall makes every call to method hang (for up to a minute) until the
// returned function is called.
func (s *Server) Stall(method string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.stalled[method] = ch
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.stalled, method)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// RateLimit makes the next call to method (e.g. "chat.postMessage" or
// MethodResponseURL) answer 429 with Retry-After: retryAfter seconds.
func (s *Server) RateLimit(method string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limited[method] = retryAfter
}

// Calls reports how many requests method received, 429s included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Posts returns the messages posted so far.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posts)
}

// WaitPosts waits until at least n messages were posted and returns them all.
func (s *Server) WaitPosts(tb testing.TB, n int) []Post {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("%d posted messages", n), func() bool { return len(s.posts) >= n })
	return s.Posts()
}

// Connections reports how many websocket connections were accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// WaitConnections waits until n websocket connections were accepted and the
// latest is ready for pushes.
func (s *Server) WaitConnections(tb testing.TB, n int) {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("%d socket mode connections", n), func() bool { return s.conns >= n && s.current != nil })
}

// Acked reports whether envelope id was acknowledged.
func (s *Server) Acked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acked[id] > 0
}

// WaitAcked waits until envelope id is acknowledged.
func (s *Server) WaitAcked(tb testing.TB, id string) {
	tb.Helper()
	s.wait(tb, "ack of envelope "+id, func() bool { return s.acked[id] > 0 })
}

// Unacked returns the envelope ids sent but not acknowledged.
func (s *Server) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range s.sent {
		if s.acked[id] == 0 {
			out = append(out, id)
		}
	}
	return out
}

// PushEvent sends an events_api envelope carrying payload (an Events API
// body, e.g. from Event.Callback) over the websocket, waiting for a
// connection if need be, and returns its envelope id.
func (s *Server) PushEvent(tb testing.TB, payload []byte) string {
	tb.Helper()
	return s.push(tb, "events_api", json.RawMessage(payload))
}

// PushSlashCommand sends a slash_commands envelope and returns its envelope
// id. An empty ResponseURL or TriggerID is filled in.
func (s *Server) PushSlashCommand(tb testing.TB, cmd Command) string {
	tb.Helper()
	return s.push(tb, "slash_commands", s.fill(cmd))
}

// PushInteractive sends an interactive envelope carrying payload (from
// BlockAction or MessageShortcut) and returns its envelope id.
func (s *Server) PushInteractive(tb testing.TB, payload []byte) string {
	tb.Helper()
	return s.push(tb, "interactive", json.RawMessage(payload))
}

// Disconnect asks the connected client to reconnect, as Slack does before
// it rotates a connection. Pushes wait for the next connection.
func (s *Server) Disconnect(tb testing.TB) {
	tb.Helper()
	c := s.conn(tb)
	s.mu.Lock()
	if s.current == c {
		s.current = nil
	}
	s.mu.Unlock()
	msg := map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fakeslack"}}
	if err := c.write(msg); err != nil {
		tb.Fatalf("fakeslack: send disconnect: %v", err)
	}
}

func (s *Server) push(tb testing.TB, typ string, payload any) string {
	tb.Helper()
	c := s.conn(tb)
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("envelope-%d", s.seq)
	s.sent = append(s.sent, id)
	s.mu.Unlock()
	env := map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api", "retry_attempt": 0, "retry_reason": ""}
	if err := c.write(env); err != nil {
		tb.Fatalf("fakeslack: push %s: %v", typ, err)
	}
	return id
}

// conn waits for the current websocket connection.
func (s *Server) conn(tb testing.TB) *wsConn {
	tb.Helper()
	var c *wsConn
	s.wait(tb, "a socket mode connection", func() bool { c = s.current; return c != nil })
	return c
}

// fill completes a command with a response_url and trigger id.
func (s *Server) fill(cmd Command) Command {
	if cmd.ResponseURL == "" {
		cmd.ResponseURL = s.ResponseURL()
	}
	if cmd.TriggerID == "" {
		s.mu.Lock()
		s.seq++
		cmd.TriggerID = fmt.Sprintf("trigger-%d", s.seq)
		s.mu.Unlock()
	}
	if cmd.Command == "" {
		cmd.Command = "/ask"
	}
	if cmd.TeamID == "" {
		cmd.TeamID = TeamID
	}
	return cmd
}

// wait polls cond, under the lock, until it holds or the deadline passes.
func (s *Server) wait(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, ch := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("fakeslack: timed out after %v waiting for %s", waitTimeout, what)
		}
	}
}

// notify wakes waiters; call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// rateLimited answers 429 if method is to be limited now; it counts the call.
func (s *Server) rateLimited(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	s.notify()
	if n := s.failing[method]; n > 0 {
		s.failing[method] = n - 1
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("internal error"))
		return true
	}
	if stall, ok := s.stalled[method]; ok {
		s.mu.Unlock()
		select {
		case <-stall:
		case <-time.After(time.Minute):
		}
		s.mu.Lock()
	}
	after, ok := s.limited[method]
	if !ok {
		return false
	}
	delete(s.limited, method)
	w.Header().Set("Retry-After", strconv.Itoa(after))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
	return true
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if s.rateLimited(w, method) {
		return
	}
	_ = r.ParseForm()
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = r.PostForm.Get("token")
	}
	reply := func(v map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	switch method {
	case "apps.connections.open":
		if token != AppToken {
			reply(map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		reply(map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/link"})
		return
	}
	if token != BotToken {
		reply(map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	switch method {
	case "auth.test":
		reply(map[string]any{"ok": true, "url": "https://fake.slack.test/", "team": "Fake", "user": "mssmbot",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "chat.postMessage":
		channel := r.PostForm.Get("channel")
		if channel == "" {
			reply(map[string]any{"ok": false, "error": "channel_not_found"})
			return
		}
		p := Post{Method: method, Channel: channel, ThreadTS: r.PostForm.Get("thread_ts"), Text: r.PostForm.Get("text"),
			Blocks: r.PostForm.Get("blocks"), LinkNames: r.PostForm.Get("link_names"), Parse: r.PostForm.Get("parse")}
		ts := s.record(p)
		reply(map[string]any{"ok": true, "channel": channel, "ts": ts,
			"message": map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "text": p.Text, "ts": ts, "thread_ts": p.ThreadTS}})
	case "chat.postEphemeral":
		channel, user := r.PostForm.Get("channel"), r.PostForm.Get("user")
		if channel == "" || user == "" {
			reply(map[string]any{"ok": false, "error": "channel_not_found"})
			return
		}
		p := Post{Method: method, Channel: channel, User: user, ThreadTS: r.PostForm.Get("thread_ts"), Text: r.PostForm.Get("text"),
			Blocks: r.PostForm.Get("blocks")}
		ts := s.record(p)
		reply(map[string]any{"ok": true, "message_ts": ts})
	default:
		reply(map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	if s.rateLimited(w, MethodResponseURL) {
		return
	}
	var msg struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
		ThreadTS     string          `json:"thread_ts"`
		Parse        string          `json:"parse"`
		LinkNames    any             `json:"link_names"`
		Replace      bool            `json:"replace_original"`
	}
	if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&msg) != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	p := Post{Method: MethodResponseURL, ThreadTS: msg.ThreadTS, Text: msg.Text, Blocks: string(msg.Blocks),
		ResponseType: msg.ResponseType, Parse: msg.Parse, URL: s.srv.URL + r.URL.Path, ReplaceOriginal: msg.Replace}
	if msg.LinkNames != nil {
		p.LinkNames = fmt.Sprint(msg.LinkNames)
	}
	s.record(p)
	_, _ = w.Write([]byte("ok"))
}

// record keeps a post and wakes whoever waits for one; it returns the
// message's ts.
func (s *Server) record(p Post) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.posts = append(s.posts, p)
	s.notify()
	return fmt.Sprintf("1700000000.%06d", s.seq)
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{conn: conn, done: make(chan struct{})}
	defer func() {
		close(c.done)
		_ = conn.Close()
		s.mu.Lock()
		if s.current == c {
			s.current = nil
		}
		s.notify()
		s.mu.Unlock()
	}()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.conns++
	n := s.conns
	interval := s.PingInterval
	s.mu.Unlock()
	hello := map[string]any{"type": "hello", "num_connections": 1,
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 3600},
		"connection_info": map[string]any{"app_id": "AFAKE"}}
	if c.write(hello) != nil {
		return
	}
	s.mu.Lock()
	if n == s.conns { // the latest connection takes the pushes
		s.current = c
	}
	s.notify()
	s.mu.Unlock()
	go s.ping(c, interval)
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if json.Unmarshal(data, &ack) == nil && ack.EnvelopeID != "" {
			s.mu.Lock()
			s.acked[ack.EnvelopeID]++
			s.notify()
			s.mu.Unlock()
		}
	}
}

// ping sends websocket pings, as Slack does, until the connection ends.
func (s *Server) ping(c *wsConn, interval time.Duration) {
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := c.conn.WriteControl(websocket.PingMessage, []byte("fakeslack"), time.Now().Add(5*time.Second)); err != nil {
			return
		}
		select {
		case <-c.done:
			return
		case <-t.C:
		}
	}
}

// Event is an Events API inner event (app_mention or message).
type Event struct {
	Type        string `json:"type"`
	Channel     string `json:"channel,omitempty"`
	ChannelType string `json:"channel_type,omitempty"`
	User        string `json:"user,omitempty"`
	BotID       string `json:"bot_id,omitempty"`
	Subtype     string `json:"subtype,omitempty"`
	Text        string `json:"text"`
	TS          string `json:"ts,omitempty"`
	ThreadTS    string `json:"thread_ts,omitempty"`
	EventTS     string `json:"event_ts,omitempty"`
}

// Callback wraps the event in an event_callback body with event id id, as
// Slack POSTs it to /slack/events or sends it in an events_api envelope.
func (e Event) Callback(id string) []byte {
	if e.EventTS == "" {
		e.EventTS = e.TS
	}
	b, err := json.Marshal(map[string]any{
		"token": "legacy-verification-token", "team_id": TeamID, "api_app_id": "AFAKE",
		"type": "event_callback", "event_id": id, "event_time": 1700000000,
		"authorizations": []map[string]any{{"team_id": TeamID, "user_id": BotUserID, "is_bot": true}},
		"event":          e,
	})
	if err != nil {
		panic(err) // cannot happen: only strings
	}
	return b
}

// Command is a slash command as Slack sends it.
type Command struct {
	Command     string `json:"command"`
	Text        string `json:"text"`
	UserID      string `json:"user_id"`
	UserName    string `json:"user_name,omitempty"`
	ChannelID   string `json:"channel_id"`
	ChannelName string `json:"channel_name,omitempty"`
	TeamID      string `json:"team_id"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
}

// Form is the command as the form body Slack POSTs to /slack/commands; an
// empty ResponseURL or TriggerID is filled in with one on this server.
func (s *Server) Form(cmd Command) url.Values {
	cmd = s.fill(cmd)
	return url.Values{
		"token": {"legacy-verification-token"}, "team_id": {cmd.TeamID}, "command": {cmd.Command},
		"text": {cmd.Text}, "user_id": {cmd.UserID}, "user_name": {cmd.UserName},
		"channel_id": {cmd.ChannelID}, "channel_name": {cmd.ChannelName},
		"response_url": {cmd.ResponseURL}, "trigger_id": {cmd.TriggerID}, "api_app_id": {"AFAKE"},
	}
}

// BlockAction is the payload of a click on a Block Kit button by user in
// channel, on a message of the bot whose text is shown; its response_url
// points at this server.
func (s *Server) BlockAction(user, channel, actionID, value, shown string) []byte {
	b, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": TeamID}, "api_app_id": "AFAKE",
		"user":         map[string]any{"id": user, "name": "someone", "team_id": TeamID},
		"channel":      map[string]any{"id": channel, "name": "general"},
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": channel},
		"trigger_id":   fmt.Sprintf("trigger-%d", time.Now().UnixNano()),
		"response_url": s.ResponseURL(),
		"message":      map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "text": shown, "ts": "1700000000.000001"},
		"actions":      []map[string]any{{"type": "button", "action_id": actionID, "block_id": "feedback", "value": value, "action_ts": "1700000001.000001"}},
	})
	if err != nil {
		panic(err) // cannot happen: only strings
	}
	return b
}

// MessageShortcut is the payload of a message shortcut (callback id
// callbackID) that user picked on a message with text in channel.
func (s *Server) MessageShortcut(user, channel, callbackID, text string) []byte {
	b, err := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": callbackID, "team": map[string]any{"id": TeamID},
		"user":         map[string]any{"id": user, "name": "someone", "team_id": TeamID},
		"channel":      map[string]any{"id": channel, "name": "general"},
		"trigger_id":   fmt.Sprintf("trigger-%d", time.Now().UnixNano()),
		"response_url": s.ResponseURL(),
		"message_ts":   "1700000000.000009",
		"message":      map[string]any{"type": "message", "user": "UOTHER", "text": text, "ts": "1700000000.000009"},
	})
	if err != nil {
		panic(err) // cannot happen: only strings
	}
	return b
}

// InteractionForm is an interaction payload as the form body Slack POSTs to
// the interactivity request URL.
func InteractionForm(payload []byte) url.Values { return url.Values{"payload": {string(payload)}} }

// Sign returns the headers Slack sends with body at time ts, signed with
// secret (v0: HMAC-SHA256 over "v0:timestamp:body").
func Sign(secret string, ts time.Time, body []byte) http.Header {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", stamp)
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}
