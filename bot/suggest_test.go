package bot_test

import (
	"context"
	"strings"
	"testing"
)

// TestSuggest: the suggestions for the embedded corpus are questions the bot
// answers, and matching finds them by what was typed.
func TestSuggest(t *testing.T) {
	b := newBot(t, "")
	s, err := b.Suggest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() < 5 {
		t.Fatalf("%d suggestions, want at least 5: %v", s.Len(), s.Match("", 100))
	}
	for _, q := range s.Match("", 100) {
		if a := b.Ask(context.Background(), q); !a.Answered {
			t.Errorf("suggestion %q is not answered", q)
		}
		if len(q) > 100 {
			t.Errorf("suggestion %q is longer than Discord's 100", q)
		}
	}
	t.Logf("%d suggestions: %q", s.Len(), s.Match("", 25))
	cases := []struct {
		name, typed, want string
	}{
		{"a name's start", "who is mas", "Masengeli"},
		{"an unfinished word", "mase", "Masengeli"},
		{"an acronym", "mssm", "MSSM"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := s.Match(c.typed, 25)
			if len(got) == 0 || !strings.Contains(got[0], c.want) {
				t.Errorf("Match(%q) = %q, want first one with %q", c.typed, got, c.want)
			}
		})
	}
	if got := s.Match("zzzz qqqq", 25); len(got) != 0 {
		t.Errorf("Match of nonsense = %q, want none", got)
	}
	if got := s.Match("", 3); len(got) != 3 {
		t.Errorf("Match with n=3 gave %d", len(got))
	}
}
