package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mssmbot/corpus"
	"mssmbot/index"
)

func TestChatText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"slack channel mention", "<!channel> who leads the MSSM?", "who leads the MSSM?"},
		{"slack user mention", "<@U999ABC> who leads the MSSM?", "who leads the MSSM?"},
		{"discord nickname mention", "<@!123456789012> how many officers", "how many officers"},
		{"everyone", "@everyone who leads it", "who leads it"},
		{"emoji code", ":flag-ke: how many kenyan officers", "how many kenyan officers"},
		{"slack link shows its text", "what about <https://example.org/x|the report>?", "what about the report?"},
		{"slack channel link", "see <#C0123|general> who leads", "see #general who leads"},
		{"chat padding", "hey bot quick one - who leads the mission", "who leads the mission"},
		{"abbreviations", "how many ppl did the govt send", "how many people did the government send"},
		{"a plain question is unchanged", "Who leads the mission?", "Who leads the mission?"},
		{"padding alone stays", "hey bot", "hey bot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := chatText(tc.in); got != tc.want {
				t.Errorf("chatText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSmallTalk(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Hello hello can you hear me?", true},
		{"thanks!", true},
		{"hey bot", true},
		{"good morning all", true},
		{"hello, who leads the mission?", false},
		{"kenya?", false},
		{"how many officers", false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := isSmallTalk(tc.q); got != tc.want {
				t.Errorf("isSmallTalk(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestWhOf(t *testing.T) {
	tests := []struct {
		q     string
		wh    Wh
		focus string
	}{
		{"What year did the war end?", WhWhat, "year"},
		{"What is the capital?", WhWhat, ""},
		{"Which team won?", WhWhich, "team"},
		{"How many officers are there?", WhHowMany, "officers"},
		{"How much did it cost?", WhHowMuch, ""},
		{"How long did it last?", WhHowAdj, "long"},
		{"Who leads it?", WhWho, ""},
		{"In what city is it?", WhWhat, "city"},
		{"Did Kenya send police?", WhPolar, ""},
		{"kenya?", WhOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			wh, _, focus := whOf(corpus.Tokenize(tc.q))
			if wh != tc.wh || focus != tc.focus {
				t.Errorf("whOf(%q) = %v %q, want %v %q", tc.q, wh, focus, tc.wh, tc.focus)
			}
		})
	}
}

// docBot is a bot over one markdown document, its index in a temporary folder.
func docBot(t *testing.T, md string) *Bot {
	t.Helper()
	doc, err := corpus.Parse("a.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), []corpus.Document{doc}, index.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(ix, nil)
}

// TestFocusHead: the focus of a what- or which-question is the head of the
// noun phrase the asking word opens, not the word after it.
func TestFocusHead(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day.\n")
	for _, tc := range []struct{ name, q, focus string }{
		{"one noun", "What position did Tesla hold?", "position"},
		{"modifiers before the head", "What late Gothic architectural feature is found on the tower?", "feature"},
		{"a name before the head", "What ABC comedy had the record?", "comedy"},
		{"classifier of a noun", "What type of shadow does the North Pennines cast?", "shadow"},
		{"classifier of a determined noun", "What kind of a vessel sank?", "vessel"},
		{"the verb after the head", "Which NFL team represented the AFC?", "team"},
		{"asking word as subject", "What follows secondary education?", ""},
		{"auxiliary after the asking word", "What is the capital?", ""},
		{"year", "What year did the war end?", "year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := analyze(b, tc.q, tc.q); a.Focus != tc.focus {
				t.Errorf("focus of %q = %q, want %q", tc.q, a.Focus, tc.focus)
			}
		})
	}
}

// TestEmbeddedWeights: the weights file parses, names only features that
// exist, and is fitted (a file of zeros would score every candidate alike).
func TestEmbeddedWeights(t *testing.T) {
	var ws Weights
	if err := json.Unmarshal(defaultWeights, &ws); err != nil {
		t.Fatal(err)
	}
	space := newFeatureSpace(newStopList())
	known := map[string]bool{}
	for _, n := range space.names {
		if known[n] {
			t.Errorf("feature %q named twice", n)
		}
		known[n] = true
	}
	for n := range ws.Weights {
		if !known[n] && !lexicalName.MatchString(n) {
			t.Errorf("weights.json names %q, which is no feature", n)
		}
	}
	if len(ws.Weights) < 100 || ws.Threshold <= 0 || ws.Threshold >= 1 {
		t.Errorf("weights look unfitted: %d weights, threshold %v", len(ws.Weights), ws.Threshold)
	}
	var round Weights
	if err := json.Unmarshal(ws.Encode(), &round); err != nil || len(round.Weights) != len(ws.Weights) {
		t.Errorf("Encode does not round-trip: %v", err)
	}
}

// TestFitPrefersLabelledCandidates: on samples where the right candidate
// always has one feature, the fit learns to rank it first and to abstain
// when no candidate is right.
func TestFitPrefersLabelledCandidates(t *testing.T) {
	b := &Bot{stops: newStopList()}
	b.space = newFeatureSpace(b.stops)
	var samples []Sample
	for i := 0; i < 40; i++ {
		right := []feat{{fBias, 1}, {fSpan, 1}, {fAnnExact, 1}}
		wrong := []feat{{fBias, 1}, {fSpan, 1}, {fStartStop, 1}}
		s := Sample{Group: "g", Answerable: i%2 == 0, Weight: 1, null: []feat{{fNullBias, 1}}}
		if s.Answerable {
			s.cands = []sampleCand{{feats: wrong, ok: true}, {feats: right, label: 1, ok: true}}
		} else {
			s.cands = []sampleCand{{feats: wrong, ok: true}}
		}
		samples = append(samples, s)
	}
	ws := b.Fit(samples, TrainOptions{}, "test")
	r := b.Evaluate(samples, ws)[0]
	if r.F1 < 0.99 || r.NoAnsAbstained < 0.99 {
		t.Errorf("fit: %v", r)
	}
	if ws.Weights["ann_exact"] <= ws.Weights["start_stop"] {
		t.Errorf("ann_exact %v <= start_stop %v", ws.Weights["ann_exact"], ws.Weights["start_stop"])
	}
}

// TestVerifyReasons: each constraint abstains with its own reason.
func TestVerifyReasons(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\ndate: 2025-01-10\n---\n"+
		"The bridge over the Lira river was opened by Mayor Ana Costa in 1956.\n\n"+
		"The old ferry carried 300 passengers a day.\n\n"+
		"Chilean crews arrived on July 19, while the Peruvian crews are expected in August.\n\n"+
		"Twelve teams from Canada entered the cup in May.\n")
	tests := []struct{ q, reason string }{
		{"Who opened the bridge over the Lira river in 1948?", ReasonTime},
		{"Who never opened the bridge over the Lira river?", ReasonNegation},
		{"Who carried the bridge over the Lira river?", ReasonPredicate},
		{"How many teams from Canada entered the cup in June?", ReasonTime},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			a := b.Ask(context.Background(), tc.q)
			if a.Answered || !strings.HasPrefix(a.Reason, tc.reason) {
				t.Errorf("answered=%v %q reason %q, want reason %q", a.Answered, a.Short, a.Reason, tc.reason)
			}
		})
	}
	if a := b.Ask(context.Background(), "Who opened the bridge over the Lira river in 1956?"); !a.Answered || !strings.Contains(a.Text, "Ana Costa") {
		t.Errorf("the year the sentence names: answered=%v %q (%s)", a.Answered, a.Text, a.Reason)
	}
	// A which-question is answered by a thing, not a figure of its focus;
	// a which-countries question by a country, not a demonym.
	for _, tc := range []struct {
		q, short string
		want     bool
	}{
		{"Which team won the cup?", "12 teams", false},
		{"Which team won the cup?", "Twelve teams", false},
		{"Which team won the cup?", "the Lions", true},
		{"Which year did the ferry stop?", "1956", true},
	} {
		a := analyze(b, tc.q, tc.q)
		if got := b.namesThing(a, tc.short); got != tc.want {
			t.Errorf("namesThing(%q, %q) = %v, want %v", tc.q, tc.short, got, tc.want)
		}
	}
	if b.namesCountry("a former Italian senator") || !b.namesCountry("Italy and Greece") {
		t.Error("namesCountry should take a country's name, not its demonym")
	}
	// A date in another country's clause loses to the asked country's own.
	if a := b.Ask(context.Background(), "When are the Peruvian crews expected?"); !a.Answered || !strings.Contains(a.Short, "August") {
		t.Errorf("the date of Peru's clause: answered=%v %q (%s)", a.Answered, a.Short, a.Reason)
	}
}

func TestTypeFits(t *testing.T) {
	tests := []struct {
		name, q, short string
		want           bool
	}{
		{"a figure answers how many", "How many officers?", "400 officers", true},
		{"a number word answers how many", "How many ships?", "two ships", true},
		{"a vague count answers how many", "How many were hurt?", "dozens", true},
		{"a name does not answer how many", "How many officers?", "Godfrey Otunge", false},
		{"a count intent without how many", "What is the number of officers?", "the mission", false},
		{"a name answers who", "Who leads?", "Godfrey Otunge", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wh, _, _ := whOf(corpus.Tokenize(tc.q))
			a := &Analysis{Wh: wh, Intent: detectIntent(strings.ToLower(tc.q), corpus.Tokenize(tc.q))}
			if got := typeFits(a, tc.short); got != tc.want {
				t.Errorf("typeFits(%q, %q) = %v, want %v", tc.q, tc.short, got, tc.want)
			}
		})
	}
}
