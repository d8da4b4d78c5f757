// Package guard wraps a question answerer with what a public bot needs around
// it: a per-user rate limit, recovery from panics, one log line per question
// and a hook for metrics. It knows no chat platform.
package guard

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"mssmbot/bot"
)

// Intents the guard reports in Answer.Intent besides the answerer's own.
const (
	// IntentLimited marks a question over the user's rate limit.
	IntentLimited = "ratelimited"
	// IntentError marks a question whose answering panicked.
	IntentError = "error"
)

// Replies the guard gives instead of an answer.
const (
	SlowDownText = "You're asking faster than I can keep up with — please slow down and ask again in a few seconds."
	ErrorText    = "Sorry, something went wrong while answering that. Please try again."
)

// Asker answers questions; *bot.Bot is one.
type Asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

// Options configure a Guard.
type Options struct {
	// Questions per Per that one user may ask (platform and user together);
	// 0 means no limit. The burst is Questions.
	Questions int
	Per       time.Duration
	// Logger receives one line per question; nil discards.
	Logger *slog.Logger
	// Observe, when set, is called once per question after it is answered,
	// with how long answering took (e.g. to count it in metrics).
	Observe func(q bot.Question, a bot.Answer, took time.Duration)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Guard is an Asker wrapping another. It is safe for concurrent use.
type Guard struct {
	next    Asker
	opt     Options
	log     *slog.Logger
	mu      sync.Mutex
	users   map[string]*user
	sweepAt int // map size at which idle users are swept
}

type user struct {
	lim *rate.Limiter
	// warned is set once the user was told to slow down, until a question of
	// theirs is allowed again.
	warned bool
}

// New returns a Guard answering with next.
func New(next Asker, opt Options) *Guard {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Guard{next: next, opt: opt, log: opt.Logger, users: map[string]*user{}, sweepAt: 1024}
}

// Answer answers q with the wrapped Asker unless its user is over the rate
// limit, in which case the first question over the limit gets SlowDownText
// and the following ones, until the user is allowed again, an empty Text
// (adapters post nothing for an empty Text). A panic while answering is
// recovered, logged with its stack, and answered with ErrorText.
func (g *Guard) Answer(ctx context.Context, q bot.Question) (a bot.Answer) {
	start := g.opt.Now()
	defer func() {
		if p := recover(); p != nil {
			g.log.Error("panic while answering", "platform", q.Platform, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			a = bot.Answer{Question: q.Text, Intent: IntentError, Text: ErrorText, Sources: []bot.Source{}}
		}
		g.done(q, a, g.opt.Now().Sub(start))
	}()
	if allowed, warn := g.allow(q, start); !allowed {
		a = bot.Answer{Question: q.Text, Intent: IntentLimited, Sources: []bot.Source{}}
		if warn {
			a.Text = SlowDownText
		}
		return a
	}
	return g.next.Answer(ctx, q)
}

// allow reports whether q's user may ask now and, when not, whether they
// should be told to slow down (the first time only).
func (g *Guard) allow(q bot.Question, now time.Time) (allowed, warn bool) {
	if g.opt.Questions <= 0 || g.opt.Per <= 0 {
		return true, false
	}
	key := q.Platform + "\x00" + q.User
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.users[key]
	if u == nil {
		if len(g.users) >= g.sweepAt {
			g.sweep(now)
		}
		u = &user{lim: rate.NewLimiter(rate.Every(g.opt.Per/time.Duration(g.opt.Questions)), g.opt.Questions)}
		g.users[key] = u
	}
	if u.lim.AllowN(now, 1) {
		u.warned = false
		return true, false
	}
	warn = !u.warned
	u.warned = true
	return false, warn
}

// sweep forgets users whose limiter has refilled: they are as new. It keeps
// the map from growing with every user ever seen. g.mu is held.
func (g *Guard) sweep(now time.Time) {
	for k, u := range g.users {
		if u.lim.TokensAt(now) >= float64(g.opt.Questions) {
			delete(g.users, k)
		}
	}
	g.sweepAt = max(1024, 2*len(g.users))
}

func (g *Guard) done(q bot.Question, a bot.Answer, took time.Duration) {
	attrs := []slog.Attr{
		slog.String("platform", q.Platform),
		slog.String("intent", a.Intent),
		slog.Bool("answered", a.Answered),
		slog.Duration("latency", took),
	}
	if !q.Private {
		attrs = append(attrs, slog.String("question", q.Text))
	}
	g.log.LogAttrs(context.Background(), slog.LevelInfo, "question", attrs...)
	if q.Private && g.log.Enabled(context.Background(), slog.LevelDebug) {
		g.log.LogAttrs(context.Background(), slog.LevelDebug, "private question", slog.String("platform", q.Platform), slog.String("question", q.Text))
	}
	if g.opt.Observe != nil {
		g.opt.Observe(q, a, took)
	}
}
