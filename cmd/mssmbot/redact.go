package main

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// redactHandler is a slog.Handler that takes secrets out of every log line
// before the next handler writes it: the configured credentials by value,
// and by their shape Slack and Discord tokens, request signatures, and the
// path of any URL that carries a token (a slash command's response_url, a
// webhook, an interaction callback), including in errors wrapped from the
// HTTP clients.
type redactHandler struct {
	next    slog.Handler
	secrets *strings.Replacer
}

// secretShapes are credentials recognized by their form.
var secretShapes = []*regexp.Regexp{
	regexp.MustCompile(`xox[a-z]-[A-Za-z0-9-]+`),                     // Slack bot and user tokens
	regexp.MustCompile(`xapp-[A-Za-z0-9-]+`),                         // Slack app-level tokens
	regexp.MustCompile(`v0=[0-9a-fA-F]{16,}`),                        // Slack request signatures
	regexp.MustCompile(`\b[0-9a-fA-F]{128}\b`),                       // Discord Ed25519 signatures
	regexp.MustCompile(`(?i)\b(?:Bot|Bearer)\s+[A-Za-z0-9._-]{20,}`), // Authorization values
}

// tokenURL matches a URL whose path carries a token-like segment (16 or
// more letters, digits, - or _), or a response_url path.
var tokenURL = regexp.MustCompile(`(https?://[^/\s"'<>]+)(/[^\s"'<>]*(?:[A-Za-z0-9_-]{16,}|/response/|/commands/|/actions/|/webhooks/|/interactions/)[^\s"'<>]*)`)

// newRedactHandler wraps next, redacting the given secret values (empty
// ones are ignored) as well as the shapes above.
func newRedactHandler(next slog.Handler, secrets ...string) slog.Handler {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= 6 {
			pairs = append(pairs, s, "[redacted]")
		}
	}
	return &redactHandler{next: next, secrets: strings.NewReplacer(pairs...)}
}

// redact takes the secrets out of s.
func (h *redactHandler) redact(s string) string {
	s = h.secrets.Replace(s)
	for _, re := range secretShapes {
		s = re.ReplaceAllString(s, "[redacted]")
	}
	return tokenURL.ReplaceAllString(s, "$1/[redacted]")
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = h.attr(a)
	}
	return &redactHandler{next: h.next.WithAttrs(clean), secrets: h.secrets}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{next: h.next.WithGroup(name), secrets: h.secrets}
}

// attr redacts one attribute: strings, errors, anything printed, and groups.
func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, x := range g {
			clean[i] = h.attr(x)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.redact(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.redact(x.String()))
		case []byte:
			return slog.String(a.Key, h.redact(string(x)))
		default:
			return slog.String(a.Key, h.redact(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
