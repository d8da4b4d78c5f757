package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

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
		{"padding after", "wait what does mssm stand for lol", "what does mssm stand for"},
		{"padding after, the question mark kept", "were people worried or smth?", "were people worried?"},
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
		{"How many of the ferries run?", WhHowMany, "ferries"},
		{"Which of these towns has a pier?", WhWhich, "towns"},
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

// TestClauseLast: a clause that leads a question moves after it, so that
// the question's own asking word decides what it asks.
func TestClauseLast(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"when-clause before how many", "When the scheme was first approved, how many rhinos was it to move?", "how many rhinos was it to move when the scheme was first approved?"},
		{"if-clause before what", "If the teacher keeps order, what does it cost?", "what does it cost if the teacher keeps order?"},
		{"a when-question stays", "When was it signed, and by whom?", "When was it signed, and by whom?"},
		{"no question after the comma stays", "When the plan was approved, the target was 40.", "When the plan was approved, the target was 40."},
		{"no clause", "How many rhinos were moved?", "How many rhinos were moved?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := clauseLast(tc.in); got != tc.want {
				t.Errorf("clauseLast(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// docBot is a bot over markdown documents, its index in a temporary folder.
func docBot(t *testing.T, mds ...string) *Bot {
	t.Helper()
	var docs []corpus.Document
	for i, md := range mds {
		doc, err := corpus.Parse(fmt.Sprintf("%c.md", 'a'+i), []byte(md))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: t.TempDir()})
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
// rightWrong is a training sample whose right candidate is an exact
// annotation and wrong one starts on a stop word; unanswerable, it has the
// wrong one only.
func rightWrong(answerable bool) Sample {
	right := []feat{{fBias, 1}, {fSpan, 1}, {fAnnExact, 1}}
	wrong := []feat{{fBias, 1}, {fSpan, 1}, {fStartStop, 1}}
	s := Sample{Group: "g", Answerable: answerable, Weight: 1, null: []feat{{fNullBias, 1}}}
	s.cands = []sampleCand{{feats: wrong, ok: true}}
	if answerable {
		s.cands = append(s.cands, sampleCand{feats: right, label: 1, ok: true})
	}
	return s
}

// fitFixture is a bot with only a feature space, and 40 rightWrong samples,
// the i-th answerable when answerable(i).
func fitFixture(answerable func(i int) bool) (*Bot, []Sample) {
	b := &Bot{stops: newStopList()}
	b.space = newFeatureSpace(b.stops)
	var samples []Sample
	for i := 0; i < 40; i++ {
		samples = append(samples, rightWrong(answerable(i)))
	}
	return b, samples
}

func TestFitPrefersLabelledCandidates(t *testing.T) {
	b, samples := fitFixture(func(i int) bool { return i%2 == 0 })
	ws := b.Fit(samples, TrainOptions{}, "test")
	r := b.Evaluate(samples, ws)[0]
	if r.F1 < 0.99 || r.NoAnsAbstained < 0.99 {
		t.Errorf("fit: %v", r)
	}
	if ws.Weights["ann_exact"] <= ws.Weights["start_stop"] {
		t.Errorf("ann_exact %v <= start_stop %v", ws.Weights["ann_exact"], ws.Weights["start_stop"])
	}
}

// TestFitDrawnToPrior: a fit from a prior starts at the prior's weights,
// keeps those the data never meets, and moves those it does.
func TestFitDrawnToPrior(t *testing.T) {
	b, samples := fitFixture(func(int) bool { return true })
	prior := &Weights{Weights: map[string]float64{"year": 0.7, "ann_exact": -1, "start_stop": 1}}
	ws := b.Fit(samples, TrainOptions{Prior: prior, L2: 1e-3}, "test")
	if ws.Weights["year"] != 0.7 {
		t.Errorf("year = %v, want the prior's 0.7 (no sample has it)", ws.Weights["year"])
	}
	if ws.Weights["ann_exact"] <= ws.Weights["start_stop"] {
		t.Errorf("ann_exact %v <= start_stop %v: the data should overrule the prior", ws.Weights["ann_exact"], ws.Weights["start_stop"])
	}
}

// TestFitFrozenLearnsOnlyNewFeatures: with Freeze the prior's weights stay
// as they are, even where the data says otherwise, and a feature the prior
// does not weigh is fitted.
func TestFitFrozenLearnsOnlyNewFeatures(t *testing.T) {
	b, samples := fitFixture(func(int) bool { return true })
	prior := &Weights{Weights: map[string]float64{"ann_exact": -1, "start_stop": 1, "null_bias": 0.5}}
	ws := b.Fit(samples, TrainOptions{Prior: prior, Freeze: true}, "test")
	for name, want := range prior.Weights {
		if got := ws.Weights[name]; got != want {
			t.Errorf("%s = %v, want the prior's %v kept", name, got, want)
		}
	}
	if ws.Weights["span"] == 0 && ws.Weights["bias"] == 0 {
		t.Error("no new feature was fitted")
	}
	only := b.Fit(samples, TrainOptions{Prior: prior, Freeze: true, Only: []string{"span"}}, "test")
	if only.Weights["span"] == 0 || only.Weights["bias"] != 0 {
		t.Errorf("only span: span %v, bias %v; want span fitted and bias left out", only.Weights["span"], only.Weights["bias"])
	}
	free := b.Fit(samples, TrainOptions{Prior: prior}, "test")
	if free.Weights["ann_exact"] == -1 {
		t.Error("without Freeze the data should move the prior")
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
	// An affirmative question is not answered by what its sentence denies;
	// a bound ("not before") and a denial of another predicate are no denial.
	db := docBot(t, "---\ntitle: Test\ndate: 2025-01-10\n---\n"+
		"The council no longer expects to finish the Rivo bridge by June 2027.\n\n"+
		"The Tarn tunnel is not expected to be finished before March 2028.\n\n"+
		"No plans were announced for a statue of Rui Bento, who died in 2001.\n")
	for _, tc := range []struct {
		name, q, want string // want: "" when it must abstain as denied
	}{
		{"denied", "When will the Rivo bridge be finished?", ""},
		{"a bound", "When is the Tarn tunnel expected to be finished?", "March 2028"},
		{"another predicate denied", "Who died in 2001?", "Rui Bento"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := db.Ask(context.Background(), tc.q)
			switch {
			case tc.want == "" && (a.Answered || a.Reason != ReasonDenied):
				t.Errorf("answered=%v %q reason %q, want reason %q", a.Answered, a.Short, a.Reason, ReasonDenied)
			case tc.want != "" && (!a.Answered || !strings.Contains(a.Short, tc.want)):
				t.Errorf("answered=%v %q (%s), want %q", a.Answered, a.Short, a.Reason, tc.want)
			}
		})
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
	// A sum of money names no date, though it is a figure.
	mb := docBot(t, "---\ntitle: Test\ndate: 2025-01-10\n---\nThe old ferry was sold for $2 million.\n")
	q := "On what date was the old ferry sold?"
	a := analyze(mb, q, q)
	_, cands, _, err := mb.candidates(context.Background(), a, true)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(cands, func(c *Candidate) bool { return c.typed == nil && strings.Contains(c.Short, "2 million") })
	if i < 0 {
		t.Fatal("no span candidate holding the sum")
	}
	if ok, reason := mb.constraintsHold(a, cands[i]); ok || reason != ReasonWrongType {
		t.Errorf("%q for %q: %v %q, want %q", cands[i].Short, q, ok, reason, ReasonWrongType)
	}
	if b.namesCountry("a former Italian senator") || !b.namesCountry("Italy and Greece") {
		t.Error("namesCountry should take a country's name, not its demonym")
	}
	// A date in another country's clause loses to the asked country's own.
	if a := b.Ask(context.Background(), "When are the Peruvian crews expected?"); !a.Answered || !strings.Contains(a.Short, "August") {
		t.Errorf("the date of Peru's clause: answered=%v %q (%s)", a.Answered, a.Short, a.Reason)
	}
}

func TestYearOf(t *testing.T) {
	year := &Analysis{Wh: WhWhat, Focus: "year"}
	for _, tc := range []struct {
		a           *Analysis
		short, want string
	}{
		{year, "December 1986", "1986"},
		{year, "1852 and named after Queen Victoria", "1852"},
		{year, "between 1938 and 1940", "between 1938 and 1940"},
		{&Analysis{Wh: WhWhen}, "December 1986", "December 1986"},
	} {
		if got := yearOf(tc.a, tc.short); got != tc.want {
			t.Errorf("yearOf(%q) = %q, want %q", tc.short, got, tc.want)
		}
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
		{"a date answers what year", "In what year was the museum founded?", "December 1852", true},
		{"a name does not answer what year", "In what year was the museum founded?", "Queen Victoria", false},
		{"a length answers how long", "How long is the tunnel?", "3 kilometres", true},
		{"a duration answers how long", "How long did the strike last?", "two weeks", true},
		{"a day does not answer how long", "How long is the section under the river?", "June 2", false},
		{"a year does not answer how long", "How long is the section under the river?", "2027", false},
		{"a year answers how many when it is a count", "How many people live there?", "2027", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wh, _, focus := whOf(corpus.Tokenize(tc.q))
			a := &Analysis{Wh: wh, Focus: focus, Intent: detectIntent(strings.ToLower(tc.q), corpus.Tokenize(tc.q))}
			if got := typeFits(a, tc.short); got != tc.want {
				t.Errorf("typeFits(%q, %q) = %v, want %v", tc.q, tc.short, got, tc.want)
			}
		})
	}
}

// TestReviseSaysAsOfItsDate: a span answer whose figure revises an earlier
// document's is said as of its date, the earlier figure beside it; one
// revised by a later document gives the later figure.
func TestReviseSaysAsOfItsDate(t *testing.T) {
	b := docBot(t, "---\ntitle: Early report\ndate: 2025-01-10\n---\nThe clinic has trained 40 nurses so far.\n",
		"---\ntitle: Later report\ndate: 2025-06-02\n---\nThe clinic has trained 95 nurses.\n")
	q := "What has the clinic trained?"
	for _, tc := range []struct {
		name, from, want string
	}{
		{"the later figure itself", "95", "95 nurses as of 2 June 2025; 40 nurses on 10 January 2025."},
		{"the earlier figure, revised", "40", "95 nurses as of 2 June 2025; 40 nurses on 10 January 2025."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(b, q, q)
			_, cands, _, err := b.candidates(context.Background(), a, true)
			if err != nil {
				t.Fatal(err)
			}
			var c *Candidate
			for _, x := range cands {
				if x.typed == nil && x.Passage != nil && strings.HasPrefix(x.Short, tc.from) {
					c = x
					break
				}
			}
			if c == nil {
				t.Fatalf("no span candidate starting %q", tc.from)
			}
			ans := Answer{Short: c.Short, Text: c.Passage.Sentence().Text}
			if !b.revise(a, c, &ans) || ans.Text != tc.want || len(ans.Sources) != 2 {
				t.Errorf("revise(%q) = %q with %d sources, want %q", c.Short, ans.Text, len(ans.Sources), tc.want)
			}
		})
	}
}

// TestReviseFromValue: a figure a change started from ("up from the €410
// million") is answered with the sentence's current one.
func TestReviseFromValue(t *testing.T) {
	b := docBot(t, "---\ntitle: Report\ndate: 2026-07-08\n---\nThe committee put the cost of the ferry project at €468 million, up from the €410 million agreed in February.\n")
	for _, tc := range []struct {
		name, q, from, want string
	}{
		{"the starting value", "What is the cost of the ferry project?", "410", "€468 million as of 8 July 2026, changed from €410 million."},
		{"the current value stays", "What is the cost of the ferry project?", "468", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(b, tc.q, tc.q)
			_, cands, _, err := b.candidates(context.Background(), a, true)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(cands, func(c *Candidate) bool {
				return c.typed == nil && c.Passage != nil && strings.HasPrefix(c.Short, tc.from)
			})
			if i < 0 {
				t.Fatalf("no span candidate starting %q", tc.from)
			}
			ans := Answer{Short: cands[i].Short, Text: cands[i].Passage.Sentence().Text}
			revised := b.revise(a, cands[i], &ans)
			if revised != (tc.want != "") || revised && ans.Text != tc.want {
				t.Errorf("revise(%q) = %v %q, want %q", cands[i].Short, revised, ans.Text, tc.want)
			}
		})
	}
}

// TestTighten: an answer span loses the question's own words and stop
// words at its edges, but not a word of a name, the focus that ends it, or
// the noun of its figure.
func TestTighten(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\n"+
		"In 1875, Tesla enrolled at Austrian Polytechnic in Graz, on a scholarship.\n\n"+
		"The troops have made considerable progress since the launch.\n\n"+
		"Kenya has deployed 400 elite police officers to Haiti.\n\n"+
		"The Broncos stayed at the Santa Clara Marriott.\n\n"+
		"Such professionals include accountants, Chartered or CPA.\n\n"+
		"The city was an important centre of the wool trade in the 14th century.\n\n"+
		"Denver linebacker Von Miller was named MVP, recording five solo tackles.\n\n"+
		"Elway won Super Bowl XXXIII at age 38.\n\n"+
		"In 1968, Albert C. Outler led the team.\n")
	for _, tc := range []struct{ name, q, span, want string }{
		{"question words and a preposition before", "Where was Austrian Polytechnic located?", "Austrian Polytechnic in Graz", "Graz"},
		{"the focus ends the span", "What progress have the troops made?", "considerable progress", "considerable progress"},
		{"a figure keeps its noun", "What did Kenya deploy to Haiti?", "400 elite police officers", "400 elite police officers"},
		{"a name stays whole", "Where did the Broncos stay?", "Santa Clara Marriott", "Santa Clara Marriott"},
		{"question words and a conjunction after", "What accountants are there besides CPA?", "Chartered or CPA", "Chartered"},
		{"the question's figure after", "What trade was the city a centre of in the 14th century?", "the wool trade in the 14th century", "the wool trade"},
		{"the role before a person", "Who won the MVP award?", "Denver linebacker Von Miller", "Von Miller"},
		{"widened to the whole name", "Which Super Bowl did Elway win at 38?", "Bowl XXXIII", "Super Bowl XXXIII"},
		{"widened over an initial", "Who led the team in 1968?", "C", "Albert C. Outler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tightened(t, b, tc.q, tc.span, false); got != tc.want {
				t.Errorf("tighten(%q) = %q, want %q", tc.span, got, tc.want)
			}
		})
	}
}

// tightened is tighten of the candidate of q whose text is span: a span
// candidate, or with typed also a typed one read off its passage.
func tightened(t *testing.T, b *Bot, q, span string, typed bool) string {
	t.Helper()
	a := analyze(b, q, q)
	_, cands, _, err := b.candidates(context.Background(), a, true)
	if err != nil {
		t.Fatal(err)
	}
	var shorts []string
	for _, c := range cands {
		if c.Passage != nil && c.Short == span && (c.typed == nil || typed && c.Start >= 0) {
			return b.tighten(a, c)
		}
		shorts = append(shorts, c.Short)
	}
	t.Fatalf("no candidate %q among %q", span, shorts)
	return ""
}

// TestWithoutLeadingStops: the stop words an answer starts with go, and
// what stands before the next word, but a currency sign.
func TestWithoutLeadingStops(t *testing.T) {
	b := &Bot{stops: newStopList()}
	for _, tc := range []struct{ in, want string }{
		{"is Geordie", "Geordie"},
		{"in 1985", "1985"},
		{"the dot", "the dot"},
		{"Not yet", "Not yet"},
		{"one of them", "one of them"},
		{"of", "of"},
		{"Geordie", "Geordie"},
		{"€58 million", "€58 million"},
		{"in $20,000", "$20,000"},
		{"of (Hauptlied)", "Hauptlied)"},
	} {
		if got := b.withoutLeadingStops(tc.in); got != tc.want {
			t.Errorf("withoutLeadingStops(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUnweighedFeaturesSkipped: features the weights do not weigh are not
// computed, and leaving them out changes no candidate's score.
func TestUnweighedFeaturesSkipped(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day across the Lira river.\n")
	if b.model.usesLex || b.model.usesTags {
		t.Skip("the shipped weights weigh lexical or tag features")
	}
	q := "How many passengers did the ferry carry?"
	scores := func() ([]float64, int) {
		a := analyze(b, q, q)
		_, cands, _, err := b.candidates(context.Background(), a, true)
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		n := 0
		for _, c := range cands {
			out = append(out, c.Score)
			n += len(c.feats)
		}
		return out, n
	}
	lean, leanFeats := scores()
	b.allFeatures = true
	full, fullFeats := scores()
	if leanFeats >= fullFeats {
		t.Errorf("%d features without the unweighed ones, %d with them: none left out", leanFeats, fullFeats)
	}
	if len(lean) != len(full) {
		t.Fatalf("%d candidates against %d", len(lean), len(full))
	}
	for i := range lean {
		if d := lean[i] - full[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("candidate %d scores %v without the unweighed features, %v with them", i, lean[i], full[i])
		}
	}
}

// TestTrimToPhrase: a span answer is trimmed to a noun phrase by the
// tagger's reading of its sentence, but for the verb of an action asked
// for; a count loses the question's own words after it; a person asked for
// is answered without the role before the name.
func TestTrimToPhrase(t *testing.T) {
	for _, tc := range []struct{ name, text, q, span, want string }{
		{"verb after a name", "CBS analyst Mike Carey stated that the call was wrong.", "Which analyst disagreed with the call?", "Mike Carey stated", "Mike Carey"},
		{"relative clause", "The Wesleyan Holiness Consortium, which seeks to renew holiness, was founded in 2004.", "Which group was founded in 2004?", "The Wesleyan Holiness Consortium, which seeks", "The Wesleyan Holiness Consortium"},
		{"adverb first", "His mother stressed especially the need for alliances.", "What did his mother stress?", "especially the need for alliances", "the need for alliances"},
		{"an action asked for", "At the end of his speech, Luther raised his arm.", "What did Luther do at the end of his speech?", "raised his arm", "raised his arm"},
		{"nouns at both edges", "The ferry carried 300 passengers across the Lira river.", "What did the ferry cross?", "the Lira river", "the Lira river"},
		{"a count without the question's noun", "Tesla held patents in 26 countries.", "In how many countries did Tesla hold patents?", "26 countries", "26"},
		{"a count with a noun of its own", "Kenya deployed 400 elite police officers.", "How many officers did Kenya deploy?", "400 elite police officers", "400 elite police officers"},
		{"a person asked for by a which-question", "In 1855 the German architect Gottfried Semper was asked to design the building.", "Which German architect was asked to design the building?", "1855 the German architect Gottfried Semper", "Gottfried Semper"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := docBot(t, "---\ntitle: Test\n---\n"+tc.text+"\n")
			if got := tightened(t, b, tc.q, tc.span, true); got != tc.want {
				t.Errorf("tighten(%q) = %q, want %q", tc.span, got, tc.want)
			}
		})
	}
}

// TestAnswerType: verify refuses a span of the wrong type: a date for a
// question that asks no time, a sum of money for "how much" of a thing.
func TestAnswerType(t *testing.T) {
	const (
		pepsi = "In January 2016, Pepsi confirmed that the singer would perform at the show."
		port  = "The port shipped 590,000 tonnes of grain after a grant of $48 million."
	)
	for _, tc := range []struct {
		name, text, q, span string
		ok                  bool
	}{
		{"date for what company", pepsi, "What company confirmed that the singer would perform at the show?", "January 2016", false},
		{"date for who", pepsi, "Who confirmed that the singer would perform at the show?", "January 2016", false},
		{"date for when", pepsi, "When did Pepsi confirm that the singer would perform at the show?", "January 2016", true},
		{"date for what month", pepsi, "What month did Pepsi confirm that the singer would perform at the show?", "January 2016", true},
		{"money for how much grain", port, "How much grain did the port ship after the grant?", "$48 million", false},
		{"money for how much is the grant", port, "How much is the grant the port got?", "$48 million", true},
		{"money for how much money", port, "How much money did the grant bring the port?", "$48 million", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := docBot(t, "---\ntitle: Test\n---\n"+tc.text+"\n")
			a := analyze(b, tc.q, tc.q)
			ps, _, _, err := b.candidates(context.Background(), a, true)
			if err != nil || len(ps) == 0 {
				t.Fatalf("no passage (%v)", err)
			}
			at := strings.Index(ps[0].Sentence().Text, tc.span)
			c := &Candidate{Extractor: "span", Passage: ps[0], Start: at, End: at + len(tc.span), Short: tc.span}
			if ok, reason := b.constraintsHold(a, c); ok != tc.ok || (!ok && reason != ReasonWrongType) {
				t.Errorf("constraintsHold(%q) = %v %q, want %v", tc.span, ok, reason, tc.ok)
			}
		})
	}
}

// TestAsOf: a figure is said as of the date its sentence states after "as
// of" or "by", else as of its document's date.
func TestAsOf(t *testing.T) {
	ann, err := corpus.NewAnnotator(nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, text, want string }{
		{"as of a day", "The corridor has shipped 590,000 tonnes as of 25 May, the consortium said.", "25 May 2026"},
		{"by a day", "By 10 April the corridor had shipped 340,000 tonnes.", "10 April 2026"},
		{"no date stated", "The corridor has shipped 590,000 tonnes, the consortium said.", "30 May 2026"},
		{"another date", "The corridor, opened on 24 February, has shipped 590,000 tonnes.", "30 May 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &evidence{hit: index.Hit{Sentence: corpus.Sentence{Text: tc.text, Date: doc}, Ann: ann.Sentence(tc.text, doc)}}
			if got := e.asOf(); got != tc.want {
				t.Errorf("asOf() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRangeOf: a figure that is one end of a range is answered with the range.
func TestRangeOf(t *testing.T) {
	ann, err := corpus.NewAnnotator(nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, text, want string }{
		{"between and", "Insurers charge premiums between 12% and 15% above normal rates.", "between 12% and 15%"},
		{"to", "Prices rose 1% to 3% a month.", "1% to 3%"},
		{"from to, with a noun", "The fleet will grow from 300 to 400 buses.", "from 300 to 400 buses"},
		{"no range", "Insurers charge 12% more, and 15% of barges are late.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			an := ann.Sentence(tc.text, doc)
			if len(an.Quantities) == 0 {
				t.Fatalf("no quantity in %q", tc.text)
			}
			e := &evidence{hit: index.Hit{Sentence: corpus.Sentence{Text: tc.text, Date: doc}, Ann: an}}
			got, _ := rangeOf(e, an.Quantities[0])
			if got != tc.want {
				t.Errorf("rangeOf(%q) = %q, want %q", an.Quantities[0].Text, got, tc.want)
			}
		})
	}
}

// TestMentionsMonth: a passage answers a question about a month when its
// sentence names it, or names no month and its document is dated in it.
func TestMentionsMonth(t *testing.T) {
	march := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, text, lead string
		date             time.Time
		want             bool
	}{
		{"names it", "As of 28 February, the corridor had shipped 210,000 tonnes.", "", march, true},
		{"its list lead-in names it", "Lycée Toussaint", "These schools will reopen in February:", march, true},
		{"names another", "In January the corridor shipped 100,000 tonnes.", "", march, false},
		{"names none, dated in another", "The consortium plans to move 1.2 million tonnes.", "", march, false},
		{"names none, dated in it", "The consortium plans to move 1.2 million tonnes.", "", time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC), true},
		{"names none, undated", "The consortium plans to move 1.2 million tonnes.", "", time.Time{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Passage{ev: &evidence{hit: index.Hit{Sentence: corpus.Sentence{Text: tc.text, Lead: tc.lead, Date: tc.date}}, toks: corpus.Tokenize(tc.text)}}
			if got := mentionsMonth([]string{"february"}, p); got != tc.want {
				t.Errorf("mentionsMonth = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestNoAnsThreshold: with MinNoAns the threshold is the lowest at which
// that share of the unanswerable questions is still abstained on.
func TestNoAnsThreshold(t *testing.T) {
	m := &Model{w: []float64{1}}
	var samples []Sample
	for k := range 10 { // unanswerable questions whose best candidates score sigmoid(k)
		samples = append(samples, Sample{Weight: 1, cands: []sampleCand{{feats: []feat{{0, float64(k)}}, ok: true}}})
	}
	samples = append(samples, Sample{Answerable: true, Weight: 1, cands: []sampleCand{{feats: []feat{{0, -5}}, label: 1, ok: true}}})
	for _, tc := range []struct {
		name     string
		minNoAns float64
		answered int // unanswerable questions answered at the threshold
	}{
		{"80%", 0.8, 2},
		{"85%", 0.85, 1},
		{"all", 1, 0},
		{"none", 0.05, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := noAnsThreshold(m, samples, tc.minNoAns)
			n := 0
			for _, s := range samples {
				if top, _, ok := m.top(s); ok && !s.Answerable && top >= th {
					n++
				}
			}
			if n != tc.answered {
				t.Errorf("threshold %v answers %d unanswerable questions, want %d", th, n, tc.answered)
			}
		})
	}
}

// TestWithIndexFeaturizesAll: a bot made by WithIndex from one readied to
// fit (LoadTagger) computes the same features, the lexical ones too, as the
// practice set's paragraph bots must for a fit to weigh them on it.
// TestNoIndexYet: a bot made before its index (training makes one for all
// the paragraphs) loads its own lexicon and answers once given an index.
func TestNoIndexYet(t *testing.T) {
	base, err := NewWithWeights(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if base.Lexicon() == nil {
		t.Fatal("no lexicon")
	}
	src := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day.\n")
	if a := base.WithIndex(src.ix).Ask(context.Background(), "How many passengers did the ferry carry a day?"); !a.Answered || !strings.Contains(a.Short, "300") {
		t.Errorf("answered=%v %q (%s), want 300", a.Answered, a.Short, a.Reason)
	}
}

func TestWithIndexFeaturizesAll(t *testing.T) {
	src := docBot(t, "---\ntitle: Test\n---\nThe ferry, run by Lira Lines since 1998, carried 300 passengers a day.\n")
	if err := src.LoadTagger(); err != nil {
		t.Fatal(err)
	}
	lexical := func(b *Bot) int {
		s := Featurize(context.Background(), Example{Bot: b, Question: "Who runs the ferry?", Answerable: true,
			Label: func(short, _ string) float64 { return 0 }})
		n := 0
		for _, c := range s.cands {
			for _, f := range c.feats {
				if f.i >= b.space.lexAt {
					n++
				}
			}
		}
		return n
	}
	want := lexical(src)
	if got := lexical(src.WithIndex(src.ix)); want == 0 || got != want {
		t.Errorf("WithIndex: %d lexical features, the bot it was made from %d", got, want)
	}
}

// TestNamesSomething: a span answering a question for a person, a thing, a
// place, a time or a figure holds, once tightened, a word that can name it
// or say of what kind it is — not a verb alone.
func TestNamesSomething(t *testing.T) {
	for _, tc := range []struct {
		name, text, q, span string
		want                bool
	}{
		{"a verb alone for who", "Dr. Ada Okonkwo said the clinic would open in May.", "Who is Okonkwo?", "said", false},
		{"a name for who", "Dr. Ada Okonkwo said the clinic would open in May.", "Who said the clinic would open?", "Dr. Ada Okonkwo", true},
		{"an adjective for what type", "The church focuses on spiritual mentorship for its members.", "What type of mentorship does the church focus on?", "spiritual", true},
		{"a verb alone for which", "Ortega Vial built the bridge, officials confirmed.", "Which company built the bridge?", "confirmed", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := docBot(t, "---\ntitle: Test\n---\n"+tc.text+"\n")
			a := analyze(b, tc.q, tc.q)
			_, cands, _, err := b.candidates(context.Background(), a, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cands {
				if c.typed == nil && c.Short == tc.span {
					if got := !asksThing(a) || b.namesSomething(a, c); got != tc.want {
						t.Errorf("%q names something: %v, want %v", tc.span, got, tc.want)
					}
					return
				}
			}
			t.Fatalf("no span candidate %q", tc.span)
		})
	}
}

// TestAsksMeasure: a question for a measure or a charge — by "how" and an
// adjective, or by a focus WordNet puts under a rate, a dimension, an
// extent, a magnitude or a fee — is answered only by a figure.
func TestAsksMeasure(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe bridge has two towers.\n")
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"How tall are the bridge's towers?", true},
		{"What top speed will the trains reach?", true},
		{"What toll will drivers pay?", true},
		{"What is the depth of the channel?", true},
		{"What colour is the bridge?", false},
		{"Which company built the bridge?", false},
		{"What performer led the show?", false},
	} {
		t.Run(tc.q, func(t *testing.T) {
			if got := b.asksMeasure(analyze(b, tc.q, tc.q)); got != tc.want {
				t.Errorf("asksMeasure = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestGivesReason: a why-question's span follows a word that opens a
// reason; "as a result," opens a consequence.
func TestGivesReason(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe bridge has two towers.\n")
	for _, tc := range []struct {
		name, text, span string
		want             bool
	}{
		{"because", "The core was damaged because a freezer failed.", "a freezer failed", true},
		{"as a result of", "The port closed as a result of the storm.", "the storm", true},
		{"as a result, a consequence", "As a result, the consortium will fly the samples.", "the consortium will fly", false},
		{"to before a verb", "The army came to protect the port.", "protect the port", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := strings.Index(tc.text, tc.span)
			if got := b.givesReason(corpus.Tokenize(tc.text), start, start+len(tc.span)); got != tc.want {
				t.Errorf("givesReason(%q) = %v, want %v", tc.span, got, tc.want)
			}
		})
	}
}

// TestQuestionForm: where the asking word stands in its clause, and the
// question word an answer stands next to.
func TestQuestionForm(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day.\n")
	for _, tc := range []struct{ name, q, form, anchor string }{
		{"subject", "What runs from the riverside to the city centre?", formSubj, "runs"},
		{"subject after a focus", "Which NFL team represented the AFC?", formSubj, "represented"},
		{"object", "What did DFDS cite as the reasons?", formObj, "cite"},
		{"object of how many", "How many officers did Kenya deploy?", formObj, "deploy"},
		{"modal", "Who may not require that its teachers be certified?", formAux, "require"},
		{"have", "What award has Marlee Matlin won?", formAux, "won"},
		{"passive", "Who was announced as the LEM contractor?", formCop, "announced"},
		{"copula", "What is the largest independent library outside London?", formCop, "largest"},
		{"inside", "Students show more interest in classes taught by what type of teachers?", formInside, "taught"},
		{"no asking word", "Kenya troops count", formNone, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(b, tc.q, tc.q)
			form, anchor := b.questionForm(a)
			got := ""
			if anchor >= 0 {
				got = a.q.terms[anchor].word
			}
			if form != tc.form || !strings.EqualFold(got, tc.anchor) {
				t.Errorf("form of %q = %s, anchor %q; want %s, %q", tc.q, form, got, tc.form, tc.anchor)
			}
		})
	}
}

// TestAlternativeQuestions: a question that asks which of two is answered
// with the one its sentence holds, not with yes or no.
func TestAlternativeQuestions(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry on the Lira river has high-voltage electric engines, installed in 2019.\n\n"+
		"Ridership on the Lira ferry has been declining since the bridge opened in 2020.\n")
	for _, tc := range []struct{ name, q, short string }{
		{"hyphened words", "Are the engines of the Lira ferry high-voltage or low-voltage?", "high-voltage"},
		{"verbs", "Is ridership on the Lira ferry increasing or declining?", "declining"},
		{"no alternative", "Does the Lira ferry have electric engines?", "Yes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := b.Ask(context.Background(), tc.q); got.Short != tc.short {
				t.Errorf("Ask(%q).Short = %q (answered %v, %s), want %q", tc.q, got.Short, got.Answered, got.Reason, tc.short)
			}
		})
	}
}

// TestFigureKindTerms: a question word that names a kind of figure is
// matched by the figures of that kind.
func TestFigureKindTerms(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day.\n")
	for _, tc := range []struct{ name, q, word, kind string }{
		{"money", "How much money did Canada give?", "money", "money"},
		{"funds", "How many funds were raised?", "funds", "money"},
		{"percent", "Which districts reached a vaccination rate of ninety percent?", "percent", "percent"},
		{"a count", "How many officers arrived?", "officers", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyze(b, tc.q, tc.q)
			for _, term := range a.q.terms {
				if strings.EqualFold(term.word, tc.word) {
					if term.kind != tc.kind {
						t.Errorf("%q in %q names kind %q, want %q", tc.word, tc.q, term.kind, tc.kind)
					}
					return
				}
			}
			t.Errorf("no term %q in %q", tc.word, tc.q)
		})
	}
}

// TestSaysTime: a span answers "when" only if it names a time; a place or
// a thing does not, and verify says the candidate is of the wrong type.
func TestSaysTime(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe ferry carried 300 passengers a day.\n")
	for _, tc := range []struct {
		name, short string
		want        bool
	}{
		{"a year", "1998", true},
		{"a date", "1 May 2026", true},
		{"a month", "every June", true},
		{"a number word", "within five years", true},
		{"a time noun", "the following spring", true},
		{"today", "today", true},
		{"an event", "after the war", true},
		{"a place", "Lake Varrow", false},
		{"a thing", "salicylic acid", false},
		{"a name", "The Hoppings", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := b.saysTime(corpus.Tokenize(tc.short)); got != tc.want {
				t.Errorf("saysTime(%q) = %v, want %v", tc.short, got, tc.want)
			}
		})
	}
	a := analyze(b, "When did the ferry start?", "When did the ferry start?")
	if ok, reason := b.constraintsHold(a, &Candidate{Short: "Lake Varrow", Extractor: "span", Start: -1, End: -1}); ok || reason != ReasonWrongType {
		t.Errorf("a place for when: ok %v, reason %q; want the wrong type", ok, reason)
	}
}

// TestTimeCountsNoThing: a stretch of time answers how many or how much
// only of time; read from its sentence, so that "six" out of "six weeks"
// counts weeks too.
func TestTimeCountsNoThing(t *testing.T) {
	for _, tc := range []struct {
		name, doc, q string
		answered     bool
	}{
		{"weeks for passengers", "The new ferry ran on the lake for two weeks in May.", "How many passengers did the new ferry carry on the lake?", false},
		{"weeks for a depth", "Dredgers worked on the Sarth channel for six weeks.", "How deep is the Sarth channel, in metres?", false},
		{"years for years", "The new ferry ran between the two towns for two years.", "How many years did the new ferry run between the towns?", true},
		{"an age difference", "Manning was 39 and Newton was 26, making Manning 13 years and 48 days older.", "How much older was Manning than Newton?", true},
		{"months for a date", "Three months after the first rhinos were captured, the foundation published its report.", "On what date were the first rhinos captured?", false},
		{"a day and month for a date", "The first rhinos were captured on 3 March, the foundation said.", "On what date were the first rhinos captured?", true},
		{"a count of things for a time", "A first count at the finds laboratory recorded 312 silver coins.", "When did the finds laboratory count the coins?", false},
		{"a day of a date for an amount", "On August 25, 2024, the minister confirmed that the officers would be paid on time every month.", "How much are the officers paid a month?", false},
		{"a year before a noun for a time", "The laboratory's 1998 survey recorded the coins.", "When did the laboratory survey the coins?", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := docBot(t, "---\ntitle: Test\n---\n"+tc.doc+"\n")
			ans := b.Ask(context.Background(), tc.q)
			if ans.Answered != tc.answered {
				t.Errorf("%q: answered %v (%q, %s), want %v", tc.q, ans.Answered, ans.Short, ans.Reason, tc.answered)
			}
		})
	}
}

// TestNamesDay: a span names a day of the calendar by its month, weekday or
// the date its passage's annotations read in it — not by any figure, nor
// by a year.
func TestNamesDay(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\ndate: 2026-03-10\n---\nThe first eight rhinos were captured on 3 March by the ground crew, and more will be captured in 2027.\n")
	q := "On what date were the first rhinos captured?"
	a := analyze(b, q, q)
	_, cands, _, err := b.candidates(context.Background(), a, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		short string
		want  bool
	}{{"eight", false}, {"eight rhinos", false}, {"3", true}, {"3 March", true}, {"ground crew", false}, {"2027", false}} {
		i := slices.IndexFunc(cands, func(c *Candidate) bool { return c.typed == nil && c.Short == tc.short })
		if i < 0 {
			t.Errorf("no span %q", tc.short)
			continue
		}
		if got := b.namesDay(cands[i]); got != tc.want {
			t.Errorf("namesDay(%q) = %v, want %v", tc.short, got, tc.want)
		}
	}
}

// TestGrowthInOneSentence: "by how much did X grow" is read (by the typed
// reader) as the difference of the figure found and the one other figure of its kind its
// sentence gives; with two others, which one is unclear, and the figure
// found is said alone.
func TestGrowthInOneSentence(t *testing.T) {
	for _, tc := range []struct {
		name, doc, q, short string
	}{
		{"up from", "The steering committee put the latest estimate for the ferry project at €468 million, up from the €410 million agreed in February.",
			"By how much did the budget of the ferry project grow?", "€58 million"},
		{"from one count to another", "The ferry company now employs 120 crew members, up from 95 crew members last year.",
			"By how many crew members did the ferry company grow?", "25 crew members"},
		{"two earlier figures", "The steering committee put the latest estimate for the ferry project at €468 million, against €410 million in February and €455 million in April.",
			"By how much did the budget of the ferry project grow?", "€468 million"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := docBot(t, "---\ntitle: Test\ndate: 2026-07-08\n---\n"+tc.doc+"\n")
			a := analyze(b, tc.q, tc.q)
			_, cands, _, err := b.candidates(context.Background(), a, true)
			if err != nil {
				t.Fatal(err)
			}
			// The typed reader's candidate, whatever the scorer makes of it.
			i := slices.IndexFunc(cands, func(c *Candidate) bool { return c.typed != nil })
			if i < 0 {
				t.Fatalf("%q: no typed candidate", tc.q)
			}
			if got := b.shortOf(a, cands[i]); got != tc.short {
				t.Errorf("%q: typed %q, want %q", tc.q, got, tc.short)
			}
		})
	}
}

// TestNegates: the words that turn a yes/no answer round.
func TestNegates(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{{"not", true}, {"never", true}, {"cannot", true}, {"none", true}, {"hasn't", true}, {"n't", true},
		{"neither", true}, {"without", true}, {"now", false}, {"note", false}, {"knot", false}} {
		t.Run(tc.w, func(t *testing.T) {
			if got := negates(tc.w); got != tc.want {
				t.Errorf("negates(%q) = %v, want %v", tc.w, got, tc.want)
			}
		})
	}
}

// TestLeanLogitsAgree: answering weighs a span without keeping its features
// (its passage's, its first word's and its last word's weighed once), and
// gets the logit that the features kept for fitting give; it leaves out
// the spans of passages that hold too little of the question, which are
// never answered, and, where there are more than spanBeam spans, weighs in
// full only spanBeam of them, the best-ranked among them.
func TestLeanLogitsAgree(t *testing.T) {
	short := docBot(t, "---\ntitle: Test\n---\nThe ferry, run by Lira Lines since 1998, carried 300 passengers a day across the Lira river.\n"+
		"In March 2009 the company bought a second ferry, the Tana, for $2 million.\n")
	long := docBot(t, "---\ntitle: Test\n---\nThe ferry, run by Lira Lines since 1998 from the old harbour at Kisumu on the eastern shore, carried 300 passengers and their goats, bicycles and market goods a day across the Lira river to the island towns of Mfangano and Rusinga.\n"+
		"In March 2009 the company, then owned by the county council and two private investors from Nairobi, bought a second ferry, the Tana, for $2 million from a shipyard in Mombasa.\n")
	for _, tc := range []struct {
		name string
		b    *Bot
		qs   []string
		beam bool // more spans than spanBeam for every question
	}{
		{"short sentences", short, []string{"How many passengers did the ferry carry?", "Who runs the ferry?", "When did the company buy a second ferry?", "What was the second ferry called?"}, false},
		{"long sentences", long, []string{"How many passengers did the ferry carry?", "Who runs the ferry?", "Where did the company buy its second ferry?"}, true},
	} {
		for _, q := range tc.qs {
			t.Run(tc.name+"/"+q, func(t *testing.T) {
				type key struct{ rank, start, end int }
				want := map[key]float64{}
				a := analyze(tc.b, q, q)
				_, all, _, err := tc.b.candidates(context.Background(), a, true)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range all {
					if c.Extractor == "span" && c.Passage.ev.coverage >= minCoverage {
						want[key{c.Passage.Rank, c.Start, c.End}] = tc.b.model.logit(c.feats)
					}
				}
				if tc.beam && len(want) <= spanBeam {
					t.Fatalf("%d spans, within the beam of %d", len(want), spanBeam)
				}
				a = analyze(tc.b, q, q)
				_, cands, _, err := tc.b.candidates(context.Background(), a, false)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, c := range cands {
					if c.Extractor != "span" {
						continue
					}
					n++
					if c.feats != nil {
						t.Errorf("%q keeps its features", c.Short)
					}
					if w, ok := want[key{c.Passage.Rank, c.Start, c.End}]; !ok || math.Abs(c.z-w) > 1e-9 {
						t.Errorf("%q: logit %v answering, %v from its features (found %v)", c.Short, c.z, w, ok)
					}
				}
				if n == 0 || n != min(len(want), spanBeam) {
					t.Errorf("%d spans answering, %d fitting (beam %d)", n, len(want), spanBeam)
				}
				if all[0].Short != cands[0].Short {
					t.Errorf("answering ranks %q first, fitting %q", cands[0].Short, all[0].Short)
				}
			})
		}
	}
}

// TestKthLargest: the k-th largest of a list, ties and all, against a sort.
func TestKthLargest(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []float64
	}{
		{"one", []float64{3}},
		{"distinct", []float64{5, 1, 4, 2, 3}},
		{"ties", []float64{2, 2, 1, 3, 3, 3, 0, 2}},
		{"all equal", []float64{7, 7, 7, 7}},
		{"negative", []float64{-1.5, -0.5, -3, 0, -2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sorted := slices.Clone(tc.xs)
			slices.Sort(sorted)
			for k := 1; k <= len(tc.xs); k++ {
				if got, want := kthLargest(slices.Clone(tc.xs), k), sorted[len(sorted)-k]; got != want {
					t.Errorf("k=%d: %v, want %v", k, got, want)
				}
			}
		})
	}
}

// TestWiderWords: a question's verb is matched by its more general verb
// (WordNet's hypernym: "relocated" by "moved").
func TestWiderWords(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThirty-one rhinos were moved.\n\nThe teams will relocate their camp near the rhinos in May.\n")
	if a := b.Ask(context.Background(), "How many rhinos were relocated?"); !a.Answered || !strings.Contains(a.Short, "Thirty-one") {
		t.Errorf("answered=%v %q (%s), want %q", a.Answered, a.Short, a.Reason, "Thirty-one")
	}
}

// TestHeadingNoAnswer: a heading says what its section is about; the
// sentences under it answer, matched by its words, never the heading.
func TestHeadingNoAnswer(t *testing.T) {
	b := docBot(t, "---\ntitle: Season update\n---\n## NEW DATE FOR THE HOARD\n\nThe coins are now placed in the early 3rd century BC.\n")
	a := b.Ask(context.Background(), "What is the current dating of the hoard?")
	if strings.Contains(a.Text, "NEW DATE FOR THE HOARD") {
		t.Errorf("answered=%v %q from the heading (%s)", a.Answered, a.Text, a.Reason)
	}
}

// TestLatestThing: a question about the present is answered from the
// latest document that answers it as well; one about the first keeps the
// earlier answer.
func TestLatestThing(t *testing.T) {
	b := docBot(t,
		"---\ntitle: Launch\ndate: 2026-03-16\n---\nTrench B, in the necropolis, is led by Dr. Tomas Feld of Halvorsk.\n",
		"---\ntitle: Update\ndate: 2026-07-20\n---\nTrench B is now led by Dr. Priya Sandoval, a bioarchaeologist from Marrowgate.\n")
	for _, tc := range []struct{ q, want string }{
		{"Who currently leads Trench B?", "Sandoval"},
		{"Who is the lead of Trench B now?", "Sandoval"},
		{"Who initially led Trench B?", "Feld"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			if a := b.Ask(context.Background(), tc.q); !a.Answered || !strings.Contains(a.Short, tc.want) {
				t.Errorf("answered=%v %q (%s), want %q", a.Answered, a.Short, a.Reason, tc.want)
			}
		})
	}
}

// TestDefineTerm: a question asking what a term means is answered with the
// definition a sentence gives ("X, a …", "X is a …"), not a span of a
// sentence that only uses the term; "X are rare" defines nothing.
func TestDefineTerm(t *testing.T) {
	for _, tc := range []struct{ q, term string }{
		{"what is capture myopathy", "capture myopathy"},
		{"What does the term hoard mean in archaeology?", "hoard"},
		{"What is a bioarchaeologist?", "bioarchaeologist"},
		{"define flotation", "flotation"},
		{"What is meant by backfilling?", "backfilling"},
		{"How many rhinos died?", ""},
		{"What is the name of the river that runs past the old town hall?", ""},
	} {
		if got := definedTerm(strings.ToLower(tc.q)); got != tc.term {
			t.Errorf("definedTerm(%q) = %q, want %q", tc.q, got, tc.term)
		}
	}
	b := docBot(t, "---\ntitle: Test\n---\nA young female died of capture myopathy at Saroni Plains on 19 March.\n\n"+
		"The greatest worry is capture myopathy, a condition brought on by extreme stress, which can kill days later.\n\n"+
		"Stromules are rare in the rhinos' muscle cells.\n")
	for _, tc := range []struct{ q, want string }{
		{"what is capture myopathy", "a condition brought on by extreme stress"},
		{"What are stromules?", ""},
	} {
		a := b.Ask(context.Background(), tc.q)
		if tc.want == "" && a.Intent == IntentDefine || tc.want != "" && (!a.Answered || a.Short != tc.want) {
			t.Errorf("%q: answered=%v intent %s %q (%s), want %q", tc.q, a.Answered, a.Intent, a.Short, a.Reason, tc.want)
		}
	}
}

// TestLatestWordsNoContent: "latest" and "current" ask for the latest
// answer; a sentence that does not say them still holds the question.
func TestLatestWordsNoContent(t *testing.T) {
	b := docBot(t,
		"---\ntitle: Launch\ndate: 2026-03-16\n---\nThe season has a budget of EUR 640,000.\n\nThe latest coin in the jug names King Theron.\n\nThe current in the bay is strong.\n",
		"---\ntitle: Update\ndate: 2026-07-20\n---\nThe season budget has been raised to EUR 715,000.\n")
	for _, q := range []string{"What is the latest budget?", "what is the current budget"} {
		if a := b.Ask(context.Background(), q); !a.Answered || !strings.Contains(a.Text, "715,000") {
			t.Errorf("%q: answered=%v %q (%s), want 715,000", q, a.Answered, a.Text, a.Reason)
		}
	}
}

// TestRoleQuestion: "what position does X hold" and "what's X's job" ask
// for X's role as "who is X" does, and the name asked about is no answer.
func TestRoleQuestion(t *testing.T) {
	b := docBot(t, "---\ntitle: Test\n---\nThe pay of the officers was confirmed by Kenya's acting inspector general of police, Gilbert Masengeli.\n\n"+
		"Masengeli also met the families of the troops.\n")
	for _, q := range []string{"What position does Gilbert Masengeli hold?", "What's Masengeli's job?", "What post does Masengeli hold?"} {
		if a := b.Ask(context.Background(), q); !a.Answered || !strings.Contains(a.Short, "inspector general") {
			t.Errorf("%q: answered=%v %q (%s), want the role", q, a.Answered, a.Short, a.Reason)
		}
	}
}
