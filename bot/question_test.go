package bot

import (
	"slices"
	"strings"
	"testing"

	"mssmbot/corpus"
)

func TestDetectIntent(t *testing.T) {
	tests := []struct{ q, want string }{
		{"How many Kenyan officers are deployed?", IntentCount},
		{"What is the mission's target number of officers?", IntentCount},
		{"How large is the force meant to become?", IntentCount},
		{"How many more officers did Kenya promise than it deployed?", IntentDerived},
		{"Who leads the MSSM?", IntentWho},
		{"When did Otunge meet the delegation?", IntentWhen},
		{"On what date did it happen?", IntentWhen},
		{"How long ago was the mission launched?", IntentWhen},
		{"Where is the force working?", IntentWhere},
		{"Which countries are expected to contribute?", IntentWhich},
		{"What does MSSM stand for?", IntentDefine},
		{"MSSM?", IntentDefine},
		{"Why did Otunge praise Canada?", IntentWhy},
		{"Is Jamaica expected to send personnel?", IntentYesNo},
		{"Will the officers be paid on time?", IntentYesNo},
		{"What did Otunge warn the gangs?", IntentWhat},
		{"hello", IntentHelp},
		{"What can you do?", IntentHelp},
		{"Godfrey Otunge", IntentOther},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := detectIntent(strings.ToLower(tc.q), corpus.Tokenize(tc.q)); got != tc.want {
				t.Errorf("detectIntent(%q) = %s, want %s", tc.q, got, tc.want)
			}
		})
	}
}

func TestSplitMulti(t *testing.T) {
	tests := []struct {
		q    string
		want int
	}{
		{"Who leads the mission and how many officers has Kenya deployed?", 2},
		{"Who leads the mission? When did it start?", 2},
		{"How many officers and soldiers are there?", 1},
		{"Which countries pledged and sent officers?", 1},
		{"Who leads the mission; when did it start?", 2},
		{"WHO LEADS THE MISSION AND WHAT IS ITS BUDGET", 2},
		{"Who leads the mission?", 1},
	}
	for _, tc := range tests {
		if got := splitMulti(tc.q); len(got) != tc.want {
			t.Errorf("splitMulti(%q) = %q, want %d parts", tc.q, got, tc.want)
		}
	}
}

func TestFollowLead(t *testing.T) {
	tests := []struct {
		in, rest string
		lead     bool
	}{
		{"and Chile?", "Chile?", true},
		{"What about the US?", "the US?", true},
		{"and what about Chad?", "Chad?", true},
		{"also, Kenya", "Kenya", true},
		{"same for Chad", "Chad", true},
		{"but what of the budget?", "the budget?", true},
		{"but Chile?", "but Chile?", false},
		{"Andrew Holness?", "Andrew Holness?", false},
		{"and?", "and?", false},
		{"How many officers about?", "How many officers about?", false},
	}
	for _, tc := range tests {
		if rest, lead := followLead(tc.in); rest != tc.rest || lead != tc.lead {
			t.Errorf("followLead(%q) = %q, %v; want %q, %v", tc.in, rest, lead, tc.rest, tc.lead)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Can you tell me who leads the mission?", "who leads the mission?"},
		{"I'd like to know how many officers Kenya has deployed", "how many officers Kenya has deployed"},
		{"please, what does MSSM stand for", "what does MSSM stand for"},
		{"Do you know when Masengeli confirmed the payments?", "when Masengeli confirmed the payments?"},
		{"How come Otunge praised Canada?", "why Otunge praised Canada?"},
		{"Tell me about Otunge", "who is Otunge"},
		{"hello", "hello"},
		{"Tell me more", "Tell me more"},
		{"Who leads the mission?", "Who leads the mission?"},
	}
	for _, tc := range tests {
		if got := normalize(tc.in); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHasNegation: a word of negation is found as the question's words are
// read (curly apostrophes, case and punctuation aside), never inside another word.
func TestHasNegation(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"He didn't go", true},
		{"He didn’t go", true},
		{"'not'", true},
		{"cannot!", true},
		{"NEVER again", true},
		{"none,", true},
		{"nothing happened", false},
		{"notably late", false},
		{"xnot", false},
		{"naïve but sure", false},
		{"", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := hasNegation(tc.text); got != tc.want {
				t.Errorf("hasNegation(%q) = %v, want %v", tc.text, got, tc.want)
			}
			words := slices.ContainsFunc(textWords(tc.text), isNegation)
			if words != tc.want {
				t.Errorf("textWords(%q) reads negation %v, want %v", tc.text, words, tc.want)
			}
		})
	}
}
