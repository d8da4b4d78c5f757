package guard_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/guard"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const kenya = "How many Kenyan officers are deployed?"

func TestRateLimit(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	limited := 0
	g := guard.New(echo, guard.Options{Questions: 5, Per: 10 * time.Second, Now: clk.now,
		Observe: func(o guard.Observation) {
			if o.Limited {
				limited++
			}
		}})
	defer func() {
		if limited != 4 {
			t.Errorf("observed %d limited questions, want 4", limited)
		}
	}()
	ask := func(platform, user string) bot.Answer {
		return g.Answer(context.Background(), bot.Question{Text: kenya, Platform: platform, User: user})
	}
	for i := range 5 {
		if a := ask("discord", "alice"); a.Text == guard.SlowDownText || !strings.Contains(a.Text, "answer to") {
			t.Fatalf("question %d within the limit: got %q (%s), want the answer", i+1, a.Text, a.Intent)
		}
	}
	if a := ask("discord", "alice"); a.Intent != bot.IntentRefused || a.Text != guard.SlowDownText || a.Answered {
		t.Fatalf("question 6: got %q (%s), want the slow-down reply", a.Text, a.Intent)
	}
	// Told once in this window: the next is dropped, without a reply.
	if a := ask("discord", "alice"); a.Intent != bot.IntentDropped || a.Text != "" || a.Answered {
		t.Fatalf("question 7: got %q (%s), want it dropped", a.Text, a.Intent)
	}
	if a := ask("slack", "alice"); !strings.Contains(a.Text, "answer to") {
		t.Fatalf("same user id on another platform: got %q, want the answer", a.Text)
	}
	if a := ask("discord", "bob"); !strings.Contains(a.Text, "answer to") {
		t.Fatalf("another user: got %q, want the answer", a.Text)
	}
	clk.add(2 * time.Second) // one question's worth
	if a := ask("discord", "alice"); !strings.Contains(a.Text, "answer to") {
		t.Fatalf("after 2 s: got %q, want the answer", a.Text)
	}
	if a := ask("discord", "alice"); a.Intent != bot.IntentDropped {
		t.Fatalf("over the limit again within the window: got %q, want it dropped", a.Text)
	}
	clk.add(10 * time.Second) // a new window
	for range 5 {
		ask("discord", "alice")
	}
	if a := ask("discord", "alice"); a.Text != guard.SlowDownText {
		t.Fatalf("over the limit in a new window: got %q, want the slow-down reply again", a.Text)
	}
}

func TestRateLimitOff(t *testing.T) {
	g := guard.New(echo, guard.Options{})
	for i := range 50 {
		if a := g.Answer(context.Background(), bot.Question{Text: kenya, Platform: "http", User: "x"}); !strings.Contains(a.Text, "answer to") {
			t.Fatalf("question %d: got %q", i, a.Text)
		}
	}
}

func TestManyUsersForgotten(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	g := guard.New(asker(func(q bot.Question) bot.Answer { return bot.Answer{Text: "ok"} }),
		guard.Options{Questions: 1, Per: time.Second, Now: clk.now})
	for i := range 5000 {
		if a := g.Answer(context.Background(), bot.Question{Platform: "slack", User: fmt.Sprint(i)}); a.Text != "ok" {
			t.Fatalf("user %d: got %q", i, a.Text)
		}
		clk.add(time.Millisecond)
	}
	// Users long idle were swept; one who is still limited is not.
	if a := g.Answer(context.Background(), bot.Question{Platform: "slack", User: "4999"}); a.Text != guard.SlowDownText {
		t.Fatalf("limited user forgotten: got %q", a.Text)
	}
}

type asker func(bot.Question) bot.Answer

// echo answers every question with "answer to" and the question.
var echo = asker(func(q bot.Question) bot.Answer {
	return bot.Answer{Question: q.Text, Intent: bot.IntentOther, Answered: true, Text: "answer to " + q.Text}
})

func (f asker) Answer(_ context.Context, q bot.Question) bot.Answer { return f(q) }

func TestPanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	var panicked []bool
	g := guard.New(asker(func(q bot.Question) bot.Answer {
		if q.Text == "boom" {
			panic("index exploded")
		}
		return bot.Answer{Text: "fine", Intent: bot.IntentOther}
	}), guard.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Observe: func(o guard.Observation) { panicked = append(panicked, o.Panicked) }})
	a := g.Answer(context.Background(), bot.Question{Text: "boom", Platform: "discord"})
	if a.Text != guard.ErrorText || a.Intent != bot.IntentRefused || a.Sources == nil {
		t.Errorf("after a panic: got %+v, want the error reply", a)
	}
	if !strings.Contains(logs.String(), "index exploded") || !strings.Contains(logs.String(), "guard_test.go") {
		t.Errorf("panic not logged with its stack:\n%s", logs.String())
	}
	if a := g.Answer(context.Background(), bot.Question{Text: "next"}); a.Text != "fine" {
		t.Errorf("next question: got %q, want the bot still serving", a.Text)
	}
	if fmt.Sprint(panicked) != "[true false]" {
		t.Errorf("observed panicked %v, want [true false]", panicked)
	}
}

func TestLogLineAndObserve(t *testing.T) {
	tests := []struct {
		name      string
		level     slog.Level
		q         bot.Question
		wantText  bool // the question text appears in the log
		wantLines int
	}{
		{"channel question at info", slog.LevelInfo, bot.Question{Text: kenya, Platform: "slack", User: "U1"}, true, 1},
		{"DM at info", slog.LevelInfo, bot.Question{Text: kenya, Platform: "discord", User: "U1", Private: true}, false, 1},
		{"DM at debug", slog.LevelDebug, bot.Question{Text: kenya, Platform: "discord", User: "U1", Private: true}, true, 2},
	}
	b := bottest.New(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			var observed []string
			g := guard.New(b, guard.Options{
				Questions: 5, Per: 10 * time.Second,
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: tt.level})),
				Observe: func(o guard.Observation) {
					observed = append(observed, fmt.Sprint(o.Question.Platform, " ", o.Answer.Intent, " ", o.Answer.Answered, " ", o.Took >= 0))
				},
			})
			a := g.Answer(context.Background(), tt.q)
			out := logs.String()
			if got := strings.Count(out, "\n"); got != tt.wantLines {
				t.Errorf("%d log lines, want %d:\n%s", got, tt.wantLines, out)
			}
			for _, want := range []string{"platform=" + tt.q.Platform, "intent=" + a.Intent, fmt.Sprint("answered=", a.Answered), "latency="} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
			if got := strings.Contains(out, "Kenyan officers"); got != tt.wantText {
				t.Errorf("question text in log = %v, want %v:\n%s", got, tt.wantText, out)
			}
			if want := fmt.Sprint(tt.q.Platform, " ", a.Intent, " ", a.Answered, " true"); len(observed) != 1 || observed[0] != want {
				t.Errorf("observed %q, want [%q]", observed, want)
			}
		})
	}
}
