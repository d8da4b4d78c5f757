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
	// Observe, when set, is called once per question after it is answered
	// (e.g. to count it in metrics).
	Observe func(Observation)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Observation is what the guard saw of one question.
type Observation struct {
	Question bot.Question
	Answer   bot.Answer
	// Took is how long answering took.
	Took time.Duration
	// Limited is set when the question was over its user's rate limit and
	// got SlowDownText; Panicked when answering panicked and got ErrorText.
	Limited, Panicked bool
}

// Guard is an Asker wrapping another. It is safe for concurrent use.
type Guard struct {
	next    Asker
	opt     Options
	log     *slog.Logger
	mu      sync.Mutex
	users   map[string]*rate.Limiter
	sweepAt int // map size at which idle users are swept
}

// New returns a Guard answering with next.
func New(next Asker, opt Options) *Guard {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Guard{next: next, opt: opt, log: opt.Logger, users: map[string]*rate.Limiter{}, sweepAt: 1024}
}

// Answer answers q with the wrapped Asker unless its user is over the rate
// limit: then the reply is SlowDownText (one reply, not silence), with intent
// bot.IntentRefused so that adapters show it as it is. A panic while
// answering is recovered, logged with its stack, and answered with ErrorText.
func (g *Guard) Answer(ctx context.Context, q bot.Question) (a bot.Answer) {
	start := g.opt.Now()
	limited, panicked := false, false
	defer func() {
		if p := recover(); p != nil {
			g.log.Error("panic while answering", "platform", q.Platform, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			a = bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Text: ErrorText, Sources: []bot.Source{}}
			panicked = true
		}
		g.done(Observation{Question: q, Answer: a, Took: g.opt.Now().Sub(start), Limited: limited, Panicked: panicked})
	}()
	if !g.allow(q, start) {
		limited = true
		return bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Text: SlowDownText, Sources: []bot.Source{}}
	}
	return g.next.Answer(ctx, q)
}

// allow reports whether q's user may ask now.
func (g *Guard) allow(q bot.Question, now time.Time) bool {
	if g.opt.Questions <= 0 || g.opt.Per <= 0 {
		return true
	}
	key := q.Platform + "\x00" + q.User
	g.mu.Lock()
	defer g.mu.Unlock()
	lim := g.users[key]
	if lim == nil {
		if len(g.users) >= g.sweepAt {
			g.sweep(now)
		}
		lim = rate.NewLimiter(rate.Every(g.opt.Per/time.Duration(g.opt.Questions)), g.opt.Questions)
		g.users[key] = lim
	}
	return lim.AllowN(now, 1)
}

// sweep forgets users whose limiter has refilled: they are as new. It keeps
// the map from growing with every user ever seen. g.mu is held.
func (g *Guard) sweep(now time.Time) {
	for k, lim := range g.users {
		if lim.TokensAt(now) >= float64(g.opt.Questions) {
			delete(g.users, k)
		}
	}
	g.sweepAt = max(1024, 2*len(g.users))
}

func (g *Guard) done(o Observation) {
	q, a := o.Question, o.Answer
	attrs := []slog.Attr{
		slog.String("platform", q.Platform),
		slog.String("intent", a.Intent),
		slog.Bool("answered", a.Answered),
		slog.Duration("latency", o.Took),
	}
	if o.Limited {
		attrs = append(attrs, slog.Bool("ratelimited", true))
	}
	if o.Panicked {
		attrs = append(attrs, slog.Bool("panicked", true))
	}
	if !q.Private {
		attrs = append(attrs, slog.String("question", q.Text))
	}
	ctx := context.Background()
	g.log.LogAttrs(ctx, slog.LevelInfo, "question", attrs...)
	if q.Private && g.log.Enabled(ctx, slog.LevelDebug) {
		g.log.LogAttrs(ctx, slog.LevelDebug, "private question", slog.String("platform", q.Platform), slog.String("question", q.Text))
	}
	if g.opt.Observe != nil {
		g.opt.Observe(o)
	}
}
