package history_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mssmbot/bot/history"
)

func TestPersistedAndBounded(t *testing.T) {
	file := filepath.Join(t.TempDir(), "history.jsonl")
	h, err := history.Open(file, 3)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i, q := range []string{"How many subs?", "how many SUBS", "who leads?", "where is it?"} {
		h.Add(history.Entry{Time: t0.Add(time.Duration(i) * time.Minute), Question: q, Answered: q == "who leads?"}, false)
	}
	h.Add(history.Entry{Time: t0, Question: "a DM"}, true)
	if h.Len() != 3 {
		t.Errorf("keeps %d, want the last 3", h.Len())
	}
	h.Close()
	h, err = history.Open(file, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	un := h.Unanswered(0)
	if len(un) != 2 || un[0].Question == "" {
		t.Fatalf("after a restart: %+v", un)
	}
	raw, _ := os.ReadFile(file)
	if strings.Contains(string(raw), "a DM") {
		t.Error("a private question was written")
	}
	hours := h.PerHour(t0.Add(30*time.Minute), 2)
	if len(hours) != 2 || hours[1].Answered != 1 || hours[1].Abstained != 2 {
		t.Errorf("per hour: %+v", hours)
	}
	if history.Normalize("How many  SUBS?") != history.Normalize("how many subs") {
		t.Error("normalization does not group case and spacing")
	}
	os.WriteFile(file, []byte("{not json\n"), 0o600)
	if _, err := history.Open(file, 3); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("a bad line: %v, want an error naming line 1", err)
	}
}
