package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"mssmbot/bot"
)

// maxBody is the largest request body the HTTP handlers accept.
const maxBody = 64 << 10

// HTTP answers over the Events API: Slack POSTs signed events and slash
// commands to the bot's public URL. Each request is verified, acknowledged
// at once and answered in the background; redeliveries are answered once.
type HTTP struct {
	r      *responder
	secret string
	ctx    context.Context
}

// NewHTTP returns the handlers for POST /slack/events and /slack/commands.
// It calls auth.test with ctx to learn the bot's own user id. Answers in
// flight outlive ctx; Wait waits for them.
func NewHTTP(ctx context.Context, opts Options, a asker) (*HTTP, error) {
	if opts.SigningSecret == "" {
		return nil, errors.New("slack: the Events API needs a signing secret")
	}
	r, err := newResponder(opts, a, "")
	if err != nil {
		return nil, err
	}
	if err := r.authTest(ctx); err != nil {
		return nil, err
	}
	return &HTTP{r: r, secret: opts.SigningSecret, ctx: ctx}, nil
}

// Events handles POST /slack/events: url_verification and event callbacks.
func (h *HTTP) Events() http.Handler { return http.HandlerFunc(h.serveEvents) }

// Commands handles POST /slack/commands: slash commands, answered through
// their response_url (or in the response body when there is none).
func (h *HTTP) Commands() http.Handler { return http.HandlerFunc(h.serveCommands) }

// Wait waits for the answers in flight.
func (h *HTTP) Wait() { h.r.wait() }

func (h *HTTP) serveEvents(w http.ResponseWriter, req *http.Request) {
	defer h.recover(w)
	body, ok := h.verified(w, req)
	if !ok {
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		var outer struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(body, &outer) == nil && outer.Type == slackevents.CallbackEvent {
			// An event type this bot does not handle: acknowledge it so
			// Slack does not retry.
			h.r.log.Debug("events: unhandled event", "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			http.Error(w, "bad url_verification", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, v.Challenge)
	case slackevents.CallbackEvent:
		if rep, ok := h.r.fromEvent(ev); ok {
			h.r.spawn(h.ctx, rep)
		}
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (h *HTTP) serveCommands(w http.ResponseWriter, req *http.Request) {
	defer h.recover(w)
	body, ok := h.verified(w, req)
	if !ok {
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	cmd, err := slack.SlashCommandParse(req)
	if err != nil {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	if req.PostForm.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK) // Slack checking the certificate
		return
	}
	rep, ok := h.r.fromCommand(cmd)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	if rep.responseURL != "" {
		h.r.spawn(h.ctx, rep)
		w.WriteHeader(http.StatusOK)
		return
	}
	// No response_url: answer in the response body, within Slack's 3 s.
	ctx, cancel := context.WithTimeout(req.Context(), slashInlineTimeout)
	defer cancel()
	a := h.r.ask.Answer(ctx, rep.q)
	if a.Intent == bot.IntentDropped {
		w.WriteHeader(http.StatusOK) // over the rate limit, told already: nothing
		return
	}
	fallback, blocks := render(a)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(webhookMessage(fallback, blocks, rep.public))
}

// slashInlineTimeout bounds an answer given in a slash command's response.
const slashInlineTimeout = 2500 * time.Millisecond

// verified reads the body of a POST and checks its v0 signature and
// timestamp. On failure it has written the error response and returns false.
func (h *HTTP) verified(w http.ResponseWriter, req *http.Request) ([]byte, bool) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(req.Header, h.secret)
	if err != nil {
		h.r.log.Debug("rejected request", "reason", err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "bad request body", http.StatusBadRequest)
		}
		return nil, false
	}
	if _, err := sv.Write(body); err != nil || sv.Ensure() != nil {
		h.r.log.Debug("rejected request", "reason", "bad signature")
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// recover turns a panic in a handler into a 500 and keeps serving.
func (h *HTTP) recover(w http.ResponseWriter) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		h.r.log.Error("panic recovered", "in", "http handler", "panic", v)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}
