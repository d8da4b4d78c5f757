package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// SocketMode answers over a Socket Mode websocket: Slack pushes events to the
// bot, which needs no public URL. Every envelope is acknowledged; the client
// reconnects when Slack asks it to or the connection dies.
type SocketMode struct {
	r           *responder
	client      *socketmode.Client
	onReconnect func()
	ready       atomic.Bool
}

// NewSocketMode returns a Socket Mode adapter answering with a. It does not
// connect: Run does.
func NewSocketMode(opts Options, a asker) (*SocketMode, error) {
	if !strings.HasPrefix(opts.AppToken, "xapp-") {
		return nil, errors.New("slack: socket mode needs an app-level token starting with xapp-")
	}
	r, err := newResponder(opts, a, opts.AppToken)
	if err != nil {
		return nil, err
	}
	onReconnect := opts.OnReconnect
	if onReconnect == nil {
		onReconnect = func() {}
	}
	return &SocketMode{
		r:           r,
		client:      socketmode.New(r.api, socketmode.OptionLog(debugLog{r.log})),
		onReconnect: onReconnect,
	}, nil
}

// Run calls auth.test to learn the bot's own user id, then connects and
// answers until ctx is done. It then waits for answers in flight and returns
// nil; it returns an error if auth.test fails or the connection cannot be
// reopened for good (invalid or revoked token).
func (s *SocketMode) Run(ctx context.Context) error {
	if err := s.r.authTest(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- s.client.RunContext(ctx) }()
	defer s.r.wait()
	defer s.ready.Store(false)
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			s.r.onErr(err)
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-s.client.Events:
			s.handle(ctx, evt)
		}
	}
}

// Wait waits for the answers in flight; Run also waits for them before it
// returns.
func (s *SocketMode) Wait() { s.r.wait() }

// Ready reports whether the websocket is connected now.
func (s *SocketMode) Ready() bool { return s.ready.Load() }

// handle acknowledges one Socket Mode event and starts answering it.
func (s *SocketMode) handle(ctx context.Context, evt socketmode.Event) {
	defer s.r.recover("socket mode event " + string(evt.Type))
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		// Acknowledged once the answer is under way (deferred, so even
		// after a panic).
		defer s.ack(ctx, evt.Request.EnvelopeID)
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		s.ready.Store(false)
	case socketmode.EventTypeConnected:
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok && c.ConnectionCount > 0 {
			s.r.log.Info("reconnected", "connection", c.ConnectionCount)
			s.onReconnect()
		}
	case socketmode.EventTypeHello:
		s.ready.Store(true)
		s.r.log.Info("socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		if evt.Type == socketmode.EventTypeConnectionError {
			s.ready.Store(false)
		}
		err := eventError(evt)
		if errors.Is(err, net.ErrClosed) {
			// The client closed the connection itself, to reconnect.
			s.r.log.Debug("socket mode connection closed", "err", err)
			return
		}
		s.r.onErr(err)
		s.r.log.Warn("socket mode error", "type", evt.Type, "err", err)
	case socketmode.EventTypeInvalidAuth:
		s.ready.Store(false)
		s.r.log.Error("socket mode: invalid auth")
	case socketmode.EventTypeErrorBadMessage:
		// Acknowledge what can be, so Slack does not redeliver it.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				s.ack(ctx, env.EnvelopeID)
			}
			s.r.log.Debug("socket mode: unhandled message", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI:
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if rep, ok := s.r.fromEvent(ev); ok {
				s.r.spawn(ctx, rep)
			}
		}
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			if in, ok := s.r.fromInteraction(cb); ok {
				s.r.interact(ctx, in)
			}
		}
	case socketmode.EventTypeSlashCommand:
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			if rep, ok := s.r.fromCommand(cmd); ok && rep.responseURL != "" {
				s.r.spawn(ctx, rep)
			}
		}
	}
}

// ack acknowledges one envelope.
func (s *SocketMode) ack(ctx context.Context, envelopeID string) {
	if err := s.client.AckCtx(ctx, envelopeID, nil); err != nil && ctx.Err() == nil {
		s.r.onErr(err)
		s.r.log.Warn("socket mode: ack failed", "envelope_id", envelopeID, "err", err)
	}
}

// eventError extracts the error an error event carries.
func eventError(evt socketmode.Event) error {
	switch d := evt.Data.(type) {
	case *slack.ConnectionErrorEvent:
		return fmt.Errorf("slack: socket mode connection (attempt %d): %w", d.Attempt, d.ErrorObj)
	case *slack.IncomingEventError:
		return fmt.Errorf("slack: socket mode read: %w", d.ErrorObj)
	case *socketmode.ErrorWriteFailed:
		return fmt.Errorf("slack: socket mode write: %w", d.Cause)
	}
	return fmt.Errorf("slack: socket mode: %s", evt.Type)
}
