package feedback_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
)

func TestVotes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "votes.jsonl")
	counted := map[string]int{}
	r, err := feedback.New(feedback.Options{File: file, Key: []byte("k"), OnVote: func(p, v string) { counted[p+"/"+v]++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	q := bot.Question{Text: "who leads the mission?", Platform: "slack", User: "U123"}
	a := bot.Answer{Question: q.Text, Intent: bot.IntentWho, Answered: true, Text: "Godfrey Otunge.", Short: "Godfrey Otunge",
		Sources: []bot.Source{{Doc: "d.md", Title: "T", Text: "Godfrey Otunge leads it."}}}
	id := r.Remember(q, a)
	if id == "" {
		t.Fatal("an answer was not remembered")
	}
	if got := r.Remember(q, bot.Answer{Intent: bot.IntentRefused}); got != "" {
		t.Errorf("a refusal got vote id %q", got)
	}
	steps := []struct {
		name, user, id, vote string
		want                 feedback.Result
		err                  bool
	}{
		{"first vote", "U123", id, feedback.Up, feedback.Recorded, false},
		{"same vote again", "U123", id, feedback.Up, feedback.Same, false},
		{"vote changed", "U123", id, feedback.Down, feedback.Changed, false},
		{"another user", "U456", id, feedback.Up, feedback.Recorded, false},
		{"unknown answer", "U123", "ffff", feedback.Down, feedback.Recorded, false},
		{"unknown answer again", "U123", "ffff", feedback.Down, feedback.Same, false},
		{"bad vote", "U123", id, "sideways", feedback.Same, true},
		{"no user", "", id, feedback.Up, feedback.Same, true},
	}
	for _, s := range steps {
		got, err := r.Vote("slack", s.user, s.id, s.vote, "shown text")
		if (err != nil) != s.err || got != s.want {
			t.Errorf("%s: Vote = %v, %v; want %v (error %v)", s.name, got, err, s.want, s.err)
		}
	}
	if counted["slack/up"] != 2 || counted["slack/down"] != 2 {
		t.Errorf("counted %v, want 2 up and 2 down", counted)
	}
	// Every vote is on disk before Close: one synced line each.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "U123") || strings.Contains(string(raw), "U456") {
		t.Errorf("a user id in clear in the feedback file:\n%s", raw)
	}
	var recs []feedback.Record
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		var rec feedback.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(recs), raw)
	}
	first := recs[0]
	if first.Question != q.Text || first.Answer != a.Text || first.Vote != "up" || len(first.Sources) != 1 || first.Platform != "slack" || first.User == "" {
		t.Errorf("first record %+v", first)
	}
	if !recs[1].Changed || recs[1].User != first.User {
		t.Errorf("changed vote %+v: want Changed and the same user hash", recs[1])
	}
	if recs[2].User == first.User {
		t.Error("two users share a hash")
	}
	if !recs[3].Unknown || recs[3].Answer != "shown text" {
		t.Errorf("unknown answer's record %+v", recs[3])
	}
}

func TestRememberBounded(t *testing.T) {
	r, err := feedback.New(feedback.Options{Answers: 2})
	if err != nil {
		t.Fatal(err)
	}
	q := bot.Question{Text: "q", Platform: "discord"}
	a := bot.Answer{Intent: bot.IntentWhat, Text: "a"}
	old := r.Remember(q, a)
	r.Remember(q, a)
	r.Remember(q, a)
	// The oldest answer was forgotten: its vote is recorded as unknown (a first vote still).
	if res, err := r.Vote("discord", "u", old, feedback.Up, ""); err != nil || res != feedback.Recorded {
		t.Errorf("vote on a forgotten answer = %v, %v", res, err)
	}
}

func TestBadFile(t *testing.T) {
	_, err := feedback.New(feedback.Options{File: filepath.Join(t.TempDir(), "no", "such", "dir", "f.jsonl")})
	if err == nil || !strings.Contains(err.Error(), "f.jsonl") {
		t.Errorf("err = %v, want one naming the file", err)
	}
}
