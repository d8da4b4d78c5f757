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
	// Limiter, when set, keeps the rate limits (e.g. in Redis, shared by
	// replicas); nil means in this process.
	Limiter Limiter
}

// Limiter decides whether a user (a platform and user key) may ask now,
// given Questions per Per.
type Limiter interface {
	Allow(key string, now time.Time) Verdict
}

// Verdict is what the rate limit says of one question.
type Verdict int

// Verdicts.
const (
	Allowed Verdict = iota
	Warn            // over the limit: tell the user to slow down
	Drop            // over the limit, and told already in this window
)

// Observation is what the guard saw of one question.
type Observation struct {
	Question bot.Question
	Answer   bot.Answer
	// Took is how long answering took.
	Took time.Duration
	// Limited is set when the question was over its user's rate limit and
	// got SlowDownText, or nothing (Dropped: the user was told to slow down
	// already in this window); Panicked when answering panicked and got
	// ErrorText.
	Limited, Dropped, Panicked bool
}

// Guard is an Asker wrapping another. It is safe for concurrent use.
type Guard struct {
	next    Asker
	opt     Options
	log     *slog.Logger
	limiter Limiter
}

// New returns a Guard answering with next.
func New(next Asker, opt Options) *Guard {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	g := &Guard{next: next, opt: opt, log: opt.Logger, limiter: opt.Limiter}
	if g.limiter == nil {
		g.limiter = NewLocalLimiter(opt.Questions, opt.Per)
	}
	return g
}

// Answer answers q with the wrapped Asker unless its user is over the rate
// limit: then the first question over it in a window (Per) gets SlowDownText,
// with intent bot.IntentRefused so that adapters show it as it is, and the
// others get nothing — an answer with intent bot.IntentDropped, which
// adapters do not send — so that a flood does not become a flood of
// replies. A panic while answering is recovered, logged with its stack, and
// answered with ErrorText.
func (g *Guard) Answer(ctx context.Context, q bot.Question) (a bot.Answer) {
	start := g.opt.Now()
	limited, dropped, panicked := false, false, false
	defer func() {
		if p := recover(); p != nil {
			g.log.Error("panic while answering", "platform", q.Platform, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			a = bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Text: ErrorText, Sources: []bot.Source{}}
			panicked = true
		}
		g.done(Observation{Question: q, Answer: a, Took: g.opt.Now().Sub(start), Limited: limited, Dropped: dropped, Panicked: panicked})
	}()
	switch g.allow(q, start) {
	case Allowed:
	case Warn:
		limited = true
		return bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Text: SlowDownText, Sources: []bot.Source{}}
	default:
		limited, dropped = true, true
		return bot.Answer{Question: q.Text, Intent: bot.IntentDropped, Sources: []bot.Source{}}
	}
	return g.next.Answer(ctx, q)
}

// allow says whether q's user may ask now.
func (g *Guard) allow(q bot.Question, now time.Time) Verdict {
	if g.opt.Questions <= 0 || g.opt.Per <= 0 {
		return Allowed
	}
	return g.limiter.Allow(q.Platform+"\x00"+q.User, now)
}

// LocalLimiter keeps rate limits in this process: a token bucket per user
// (golang.org/x/time/rate) and when each was last told to slow down.
type LocalLimiter struct {
	n       int
	per     time.Duration
	mu      sync.Mutex
	users   map[string]*user
	sweepAt int // map size at which idle users are swept
}

// user is one user's limiter and when they were last told to slow down.
type user struct {
	lim    *rate.Limiter
	warned time.Time
}

// NewLocalLimiter allows n questions per period per user.
func NewLocalLimiter(n int, per time.Duration) *LocalLimiter {
	return &LocalLimiter{n: n, per: per, users: map[string]*user{}, sweepAt: 1024}
}

// Allow implements Limiter.
func (l *LocalLimiter) Allow(key string, now time.Time) Verdict {
	if l.n <= 0 || l.per <= 0 {
		return Allowed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.users[key]
	if u == nil {
		if len(l.users) >= l.sweepAt {
			l.sweep(now)
		}
		u = &user{lim: rate.NewLimiter(rate.Every(l.per/time.Duration(l.n)), l.n)}
		l.users[key] = u
	}
	if u.lim.AllowN(now, 1) {
		return Allowed
	}
	if !u.warned.IsZero() && now.Sub(u.warned) < l.per {
		return Drop
	}
	u.warned = now
	return Warn
}

// sweep forgets users whose limiter has refilled and who were not told to
// slow down within a window: they are as new. It keeps the map from growing
// with every user ever seen. l.mu is held.
func (l *LocalLimiter) sweep(now time.Time) {
	for k, u := range l.users {
		if u.lim.TokensAt(now) >= float64(l.n) && now.Sub(u.warned) >= l.per {
			delete(l.users, k)
		}
	}
	l.sweepAt = max(1024, 2*len(l.users))
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
	if o.Dropped {
		attrs = append(attrs, slog.Bool("dropped", true))
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
