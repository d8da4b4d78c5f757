package main

import (
	"context"
	"sync"
	"sync/atomic"

	"mssmbot/bot"
)

// liveBot answers with the current generation of the bot and lets a reload
// swap in a new one atomically: a question in flight finishes on the
// generation it started on, whose index is closed only after the last such
// question.
type liveBot struct {
	cur  atomic.Pointer[generation]
	open sync.WaitGroup // generations not yet released
	// convs are the conversations' last turns; they outlive reloads.
	convs bot.ConversationStore
}

// generation is one loaded corpus with its index.
type generation struct {
	bot  *bot.Bot
	sugg atomic.Pointer[bot.Suggestions] // autocomplete; nil until built
	hash string                          // corpus.Hash of its documents
	docs int
	// refs is 1 while the generation is current, plus one per question in
	// flight on it; release runs when it drops to 0.
	refs    atomic.Int64
	release func()
}

// Answer answers q with the current generation; before the first one is
// loaded, it says so.
func (l *liveBot) Answer(ctx context.Context, q bot.Question) bot.Answer {
	g := l.acquire()
	if g == nil {
		return bot.Answer{Question: q.Text, Intent: bot.IntentRefused, Sources: []bot.Source{},
			Text: "I'm still loading my documents. Please ask again in a moment."}
	}
	defer g.done()
	return g.bot.AnswerIn(ctx, q, l.convs)
}

// Suggest returns up to n questions the current corpus answers that match
// what a user has typed (for autocomplete); none before the first load.
func (l *liveBot) Suggest(_ context.Context, typed string, n int) []string {
	g := l.acquire()
	if g == nil {
		return nil
	}
	defer g.done()
	return g.sugg.Load().Match(typed, n)
}

// current returns the current generation, or nil. It does not hold it.
func (l *liveBot) current() *generation { return l.cur.Load() }

// acquire returns the current generation held for one question, or nil when
// there is none. The caller calls done.
func (l *liveBot) acquire() *generation {
	for {
		g := l.cur.Load()
		if g == nil {
			return nil
		}
		// refs is 0 only for a generation already swapped out and released:
		// cur holds its successor, so load again.
		if n := g.refs.Load(); n > 0 && g.refs.CompareAndSwap(n, n+1) {
			return g
		}
	}
}

// done drops one reference to g, releasing it after the last.
func (g *generation) done() {
	if g.refs.Add(-1) == 0 {
		g.release()
	}
}

// swap makes g current; the previous generation is released once the
// questions in flight on it finish. g may be nil (at shutdown).
func (l *liveBot) swap(g *generation) {
	if g != nil {
		l.open.Add(1)
		release := g.release
		g.release = func() {
			defer l.open.Done()
			if release != nil {
				release()
			}
		}
		g.refs.Store(1)
	}
	if old := l.cur.Swap(g); old != nil {
		old.done()
	}
}

// close drops the current generation and waits until every generation is
// released (their questions in flight finished) or ctx is done.
func (l *liveBot) close(ctx context.Context) error {
	l.swap(nil)
	released := make(chan struct{})
	go func() { l.open.Wait(); close(released) }()
	select {
	case <-released:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
