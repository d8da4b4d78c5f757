package main

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/guard"
)

// What serve stacks: the guard over the live bot over *bot.Bot.
var (
	_ guard.Asker = (*bot.Bot)(nil)
	_ guard.Asker = (*liveBot)(nil)
	_ guard.Asker = (*guard.Guard)(nil)
)

// TestLiveBotReleasesAfterInFlight swaps generations while questions are in
// flight: each retired generation is released exactly once, only after its
// last question, and close waits for all of them.
func TestLiveBotReleasesAfterInFlight(t *testing.T) {
	l := &liveBot{}
	if a := l.Answer(context.Background(), bot.Question{Text: "q"}); a.Answered || a.Text == "" {
		t.Errorf("before the first load: got %+v, want a 'still loading' reply", a)
	}
	var released [2]atomic.Int32
	l.swap(&generation{release: func() { released[0].Add(1) }})
	q0 := l.acquire() // a question in flight on generation 0
	l.swap(&generation{release: func() { released[1].Add(1) }})
	if n := released[0].Load(); n != 0 {
		t.Fatal("generation 0 released while a question was in flight on it")
	}
	q0.done()
	if n := released[0].Load(); n != 1 {
		t.Fatalf("generation 0 released %d times after its last question, want 1", n)
	}
	q1 := l.acquire()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.close(ctx); err == nil {
		t.Fatal("close returned before the question in flight finished")
	}
	if n := released[1].Load(); n != 0 {
		t.Fatal("generation 1 released while a question was in flight on it")
	}
	q1.done()
	if err := l.close(context.Background()); err != nil || released[1].Load() != 1 {
		t.Fatalf("close after the last question: %v, released %d times", err, released[1].Load())
	}
	if g := l.acquire(); g != nil {
		t.Error("a generation is current after close")
	}
}

func TestLiveBotConcurrentSwaps(t *testing.T) {
	l := &liveBot{}
	var open atomic.Int32
	newGen := func() *generation {
		open.Add(1)
		return &generation{release: func() { open.Add(-1) }}
	}
	l.swap(newGen())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				g := l.acquire()
				if g == nil {
					t.Error("no generation while one is current")
					return
				}
				if g.refs.Load() <= 0 {
					t.Error("acquired a released generation")
				}
				g.done()
			}
		})
	}
	for range 200 {
		l.swap(newGen())
	}
	close(stop)
	wg.Wait()
	if err := l.close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := open.Load(); n != 0 {
		t.Errorf("%d generations never released", n)
	}
}
