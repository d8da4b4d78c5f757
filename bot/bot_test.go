package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"mssmbot/bot"
	"mssmbot/bot/bottest"
	"mssmbot/bot/evalset"
	"mssmbot/corpus"
	"mssmbot/index"
)

// newBot builds a bot over the .md files of dir (or the embedded corpus when dir is "").
func newBot(tb testing.TB, dir string) *bot.Bot {
	tb.Helper()
	if dir == "" {
		return bottest.New(tb)
	}
	docs, err := corpus.LoadDirs([]string{dir}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return bot.New(ix, nil)
}

// readSet reads a question file.
func readSet(t *testing.T, file string) []evalset.Case {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := evalset.Read(filepath.Base(file), f)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEvalSets runs the project's own evaluation sets (and the shared ones
// when ../shared is beside the checkout): an abstain question answered fails
// at once; the other questions must reach the set's floor (a ratchet, reset
// once when the answering pipeline landed; never below 95% on a shared set).
func TestEvalSets(t *testing.T) {
	harbor := "../../shared/eval/harbor/corpus"
	sets := []struct {
		name, file, corpus string
		optional           bool
		minPass            int
	}{
		{"own-mssm", "testdata/own-mssm.jsonl", "", false, 27},
		{"own-harbor", "testdata/own-harbor.jsonl", harbor, true, 10},
		{"own-clinic", "testdata/own-clinic.jsonl", "testdata/clinic", false, 28},
		{"shared-mssm", "../../shared/eval/mssm/questions.jsonl", "", true, 40},
		{"shared-harbor", "../../shared/eval/harbor/questions.jsonl", harbor, true, 18},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			if s.optional {
				for _, p := range []string{s.file, s.corpus} {
					if _, err := os.Stat(p); p != "" && err != nil {
						t.Skipf("no %s", p)
					}
				}
			}
			cases := readSet(t, s.file)
			b := newBot(t, s.corpus)
			pass := 0
			for _, c := range cases {
				a := b.Ask(context.Background(), c.Q)
				ok, _ := c.Score(a)
				switch {
				case ok:
					pass++
				case c.Abstain && a.Answered:
					t.Errorf("%s %q: answered what the sources do not say: %q", c.ID, c.Q, a.Text)
				default:
					t.Logf("%s %q: answered=%v %q (%s)", c.ID, c.Q, a.Answered, a.Text, a.Reason)
				}
			}
			t.Logf("%d/%d passed", pass, len(cases))
			if pass < s.minPass {
				t.Errorf("%d/%d passed, floor %d", pass, len(cases), s.minPass)
			}
		})
	}
}

func TestAnswers(t *testing.T) {
	b := bottest.New(t)
	tests := []struct {
		name, q      string
		intent       string
		answered     bool
		text, short  string // substrings
		noText       string // must not appear
		minSources   int
		sourceSubstr string
	}{
		{name: "count with evidence", q: "How many Kenyan officers are deployed?", intent: bot.IntentCount, answered: true,
			text: "400 elite police officers", short: "400", minSources: 1, sourceSubstr: "deployed 400"},
		{name: "define acronym", q: "What does MSSM stand for?", intent: bot.IntentDefine, answered: true,
			text: "Multinational Security Support Mission", short: "Multinational", minSources: 1},
		{name: "abstain without inventing a figure", q: "How many officers has Nigeria deployed?", answered: false,
			text: "don't answer", noText: "400"},
		{name: "abstain on unknown subject", q: "What is the capital of France?", answered: false, text: "don't answer"},
		{name: "empty question gets a usage hint", q: "   ", intent: bot.IntentEmpty, text: "Ask me"},
		{name: "too long is refused", q: strings.Repeat("why ", 300), intent: bot.IntentRefused, text: "too long"},
		{name: "control bytes are refused", q: "who\x00leads", intent: bot.IntentRefused, text: "control"},
		{name: "greeting is small talk with corpus examples", q: "hi", intent: bot.IntentSmallTalk, answered: false, text: "Try: "},
		{name: "help with corpus examples", q: "what can you do?", intent: bot.IntentHelp, answered: true, text: "Try: "},
		{name: "slack's example DM is small talk", q: "Hello hello can you hear me?", intent: bot.IntentSmallTalk, answered: false, text: "Hello!"},
		{name: "thanks is small talk", q: "thanks!", intent: bot.IntentSmallTalk, answered: false, text: "welcome"},
		{name: "channel markup is not a word", q: "<!channel> who leads the MSSM?", intent: bot.IntentWho, answered: true, text: "Otunge"},
		{name: "user mention and chat padding", q: "<@U999> hey bot quick one - who leads the mission", intent: bot.IntentWho, answered: true, text: "Otunge"},
		{name: "everyone and emoji", q: "@everyone :flag-ke: how many kenyan officers are deployed", intent: bot.IntentCount, answered: true, short: "400"},
		{name: "abstaining says why", q: "How many officers has Nigeria deployed?", answered: false, text: "don't answer"},
		{name: "multi-part", q: "Who leads the mission and how many officers has Kenya deployed?", intent: bot.IntentMulti,
			answered: true, text: "Otunge", short: "400"},
		{name: "yes", q: "Is Jamaica expected to send personnel?", intent: bot.IntentYesNo, answered: true, short: "Yes"},
		{name: "no on another figure", q: "Has Kenya deployed 900 officers?", intent: bot.IntentYesNo, answered: true, short: "No"},
		{name: "a plan is not yet a deed", q: "Has Chile deployed officers?", intent: bot.IntentYesNo, answered: true, short: "Not yet"},
		{name: "how many in mid-question", q: "Kenya pledged how many police?", intent: bot.IntentCount, answered: true, short: "1,000"},
		{name: "role of an organization", q: "who is the commander of the MSSM", intent: bot.IntentWho, answered: true, text: "Otunge"},
		{name: "polite wrapper", q: "Can you tell me who leads the mission?", intent: bot.IntentWho, answered: true, text: "Otunge"},
		{name: "relative date resolved", q: "How long ago was the mission launched?", intent: bot.IntentWhen, answered: true,
			text: "June 2024", short: "two months ago"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := b.Ask(context.Background(), tc.q)
			if tc.intent != "" && a.Intent != tc.intent {
				t.Errorf("intent = %q, want %q", a.Intent, tc.intent)
			}
			if a.Answered != tc.answered {
				t.Errorf("answered = %v, want %v (%q)", a.Answered, tc.answered, a.Text)
			}
			if !strings.Contains(a.Text, tc.text) {
				t.Errorf("answer %q lacks %q", a.Text, tc.text)
			}
			if !strings.Contains(a.Short, tc.short) {
				t.Errorf("short %q lacks %q", a.Short, tc.short)
			}
			if tc.noText != "" && strings.Contains(a.Text, tc.noText) {
				t.Errorf("answer %q must not contain %q", a.Text, tc.noText)
			}
			if len(a.Sources) < tc.minSources {
				t.Errorf("sources = %d, want >= %d", len(a.Sources), tc.minSources)
			}
			if tc.sourceSubstr != "" && (len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, tc.sourceSubstr) ||
				a.Sources[0].Date != "2024-08-28" || a.Sources[0].Title == "") {
				t.Errorf("sources = %+v, want the sentence with %q, its title and date", a.Sources, tc.sourceSubstr)
			}
			if !a.Answered && a.Short != "" {
				t.Errorf("abstention with short %q", a.Short)
			}
		})
	}
}

// TestLatestDocumentWins: when documents disagree the latest figure is the
// answer and the reply says as of when.
func TestLatestDocumentWins(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "---\ntitle: Early report\ndate: 2025-01-10\n---\nThe clinic has trained 40 nurses so far.\n")
	write("b.md", "---\ntitle: Later report\ndate: 2025-06-02\n---\nThe clinic has now trained 95 nurses.\n")
	b := newBot(t, dir)
	a := b.Ask(context.Background(), "How many nurses has the clinic trained?")
	if !strings.Contains(a.Short, "95") || !strings.Contains(a.Text, "as of 2 June 2025") || !strings.Contains(a.Text, "40") {
		t.Errorf("got %q / %q, want 95 as of 2 June 2025 with the earlier 40", a.Text, a.Short)
	}
}

// TestConcurrentAsk: one bot serves many goroutines.
func TestConcurrentAsk(t *testing.T) {
	b := bottest.New(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if a := b.Ask(context.Background(), "Who leads the MSSM?"); !strings.Contains(a.Text, "Otunge") {
				t.Errorf("got %q", a.Text)
			}
		}()
	}
	wg.Wait()
}

// TestCauseQuestionsTerminate: "what delayed X" asks for a cause, falls back to
// the clause, and never loops between the two.
func TestCauseQuestionsTerminate(t *testing.T) {
	b := bottest.New(t)
	for _, q := range []string{"What delayed the payments?", "What caused the crisis in Haiti?", "What pushed back the mission?", "What started the gang violence?"} {
		a := b.Ask(context.Background(), q)
		if a.Text == "" {
			t.Errorf("%q: empty reply", q)
		}
	}
}

// FuzzAsk: any input at all gets an answer within the limits, never a panic.
func FuzzAsk(f *testing.F) {
	for _, s := range []string{"", "?", "How many Kenyan officers are deployed?", "MSSM?", "who is ", "and and who",
		"how many more than", "Wer führt die Mission?", "\xff\xfe", "1,000,000.5?", "(((", "Who is Otunge and when and where?",
		"What delayed the payments?", "According to Otunge, why?", "mssm = ?", "what does Otunge do"} {
		f.Add(s)
	}
	b := bottest.New(f)
	f.Fuzz(func(t *testing.T, q string) {
		a := b.Ask(context.Background(), q)
		if len(a.Text) > 300 || len(a.Short) > 80 || a.Text == "" {
			t.Fatalf("answer out of bounds: %q / %q", a.Text, a.Short)
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Short) {
			t.Fatalf("invalid UTF-8 in %q", a.Text)
		}
		if a.Confidence < 0 || a.Confidence > 1 {
			t.Fatalf("confidence %v", a.Confidence)
		}
	})
}

// TestHeldOutSets runs question sets written without looking at the bot's
// code, on corpora it was not built on. They are not all answered; the floors
// are a ratchet: raise them as accuracy rises, never lower them. They were
// reset once, when the answering pipeline landed (the README has the old and
// the new figures).
func TestHeldOutSets(t *testing.T) {
	sets := []struct {
		name, file, corpus string
		minPass            int
		// maxInvented is how many abstain questions may be answered (a
		// ratchet down to 0: each is the bot inventing).
		maxInvented int
	}{
		{"mssm-rephrased", "testdata/heldout/mssm-rephrased.jsonl", "", 22, 1},
		{"wildfire", "testdata/heldout/wildfire/questions.jsonl", "testdata/heldout/wildfire/corpus", 26, 0},
		{"consortium", "testdata/heldout/consortium/questions.jsonl", "testdata/heldout/consortium/corpus", 24, 1},
		{"election", "testdata/heldout/election/questions.jsonl", "testdata/heldout/election/corpus", 27, 2},
		// A second round, written blind after the first had been worked on.
		{"mssm-rephrased2", "testdata/heldout2/mssm-rephrased2.jsonl", "", 23, 2},
		{"malaria-trial", "testdata/heldout2/malaria-trial/questions.jsonl", "testdata/heldout2/malaria-trial/corpus", 28, 0},
		{"parana-bridge", "testdata/heldout2/parana-bridge/questions.jsonl", "testdata/heldout2/parana-bridge/corpus", 23, 1},
		{"mekong-cup", "testdata/heldout2/mekong-cup/questions.jsonl", "testdata/heldout2/mekong-cup/corpus", 20, 1},
		// A third round, written blind after the second had been worked on.
		{"mssm-rephrased3", "testdata/heldout3/mssm-rephrased3.jsonl", "", 19, 0},
		{"metro", "testdata/heldout3/metro/questions.jsonl", "testdata/heldout3/metro/corpus", 19, 2},
		{"desal", "testdata/heldout3/desal/questions.jsonl", "testdata/heldout3/desal/corpus", 22, 2},
		{"satellite", "testdata/heldout3/satellite/questions.jsonl", "testdata/heldout3/satellite/corpus", 24, 0},
		// A fourth round (its look-aheads, which Go's regexp lacks, dropped from two reject patterns).
		{"mssm-rephrased4", "testdata/heldout4/mssm-rephrased4.jsonl", "", 29, 1},
		{"kelmora", "testdata/heldout4/kelmora/questions.jsonl", "testdata/heldout4/kelmora/corpus", 21, 1},
		// A fifth round, written blind while the pipeline was built: chat-style
		// questions, and a corpus whose later reports revise its figures.
		{"mssm-chat", "testdata/heldout5/mssm-chat.jsonl", "", 21, 1},
		{"relief", "testdata/heldout5/relief/questions.jsonl", "testdata/heldout5/relief/corpus", 22, 1},
		// A sixth round, written blind for the documents issue: a markdown
		// report with sections, lists and a table, an HTML page, a text note.
		// First measured 17/25; 18/25 once a list of short phrases (not only
		// of a few words) is read with its lead-in.
		{"documents", "testdata/heldout6/documents/questions.jsonl", "testdata/heldout6/documents/corpus", 21, 0},
		// An eighth round, written blind in session 14 (a grain corridor whose
		// later reports revise its figures; chat-style and formal wording).
		// First measured 17/30, one abstain question answered; 19/30 once a
		// range is answered whole and a question's month is required of the
		// sentence (or its document's date).
		{"grainport", "testdata/heldout8/grainport/questions.jsonl", "testdata/heldout8/grainport/corpus", 21, 0},
		// A ninth round, written blind in session 19 (an electric-ferry
		// network whose later reports revise its plan; chat-style, paraphrased
		// and derived questions). First measured 16/30, two abstain questions
		// answered.
		{"ferrynet", "testdata/heldout9/ferrynet/questions.jsonl", "testdata/heldout9/ferrynet/corpus", 19, 1},
		// A tenth round, written blind in session 20 (a rhino translocation
		// programme whose later reports revise targets, budget and schedule;
		// markdown with a dateline, a table and a list). First measured 6/30,
		// one abstain question answered; 11/30 in session 21 (hypernyms of
		// verbs, definitions, denials, the latest document's answer).
		{"rhino", "testdata/heldout10/rhino/questions.jsonl", "testdata/heldout10/rhino/corpus", 11, 1},
		// An eleventh round, written blind in session 21 (an excavation
		// season whose later reports revise a find's count and date, the
		// budget, the end date, a trench's lead and a partner; markdown and
		// text with datelines). First measured 10/30, three abstain
		// questions answered; 16/30, two answered, at the session's end.
		{"dig", "testdata/heldout11/dig/questions.jsonl", "testdata/heldout11/dig/corpus", 16, 2},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			cases := readSet(t, s.file)
			b := newBot(t, s.corpus)
			pass, invented := 0, 0
			for _, c := range cases {
				a := b.Ask(context.Background(), c.Q)
				if ok, _ := c.Score(a); ok {
					pass++
				} else if c.Abstain && a.Answered {
					// An abstain question answered is the worst failure: the bot invented.
					invented++
					t.Logf("%s answered what it should not: %q -> %q", c.ID, c.Q, a.Text)
				} else if testing.Verbose() {
					t.Logf("%s failed: %q -> answered=%v %q (%s)", c.ID, c.Q, a.Answered, a.Short, a.Reason)
				}
			}
			t.Logf("%d/%d passed, %d abstain questions answered", pass, len(cases), invented)
			if pass < s.minPass {
				t.Errorf("%d/%d passed, floor %d", pass, len(cases), s.minPass)
			}
			if invented > s.maxInvented {
				t.Errorf("%d abstain questions answered, at most %d", invented, s.maxInvented)
			}
		})
	}
}

// TestDocumentStructure: markdown is read as markdown; a table row names its
// headers, a short list goes with its lead-in, and sources cite the section.
func TestDocumentStructure(t *testing.T) {
	dir := t.TempDir()
	body := "---\ntitle: Mission report\ndate: 2025-07-15\n---\n# Mission report\n\n## Personnel\n\n" +
		"| Component | Authorized | Deployed |\n|---|---|---|\n| Military staff officers | 180 | 151 |\n| Police officers | 2,500 | 1,240 |\n\n" +
		"## Funding\n\nThe following governments fund the initiative:\n\n- Sweden\n- Norway\n- Canada\n"
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBot(t, dir)
	cases := []struct {
		name, q, want, section string
	}{
		{"table row", "What is the authorized number of military staff officers?", "180", "Personnel"},
		{"list with its lead-in", "Which governments fund the initiative?", "Sweden", "Funding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := b.Ask(context.Background(), c.q)
			if !a.Answered || !strings.Contains(a.Text, c.want) {
				t.Fatalf("got answered=%v %q (%s), want %q", a.Answered, a.Text, a.Reason, c.want)
			}
			if len(a.Sources) == 0 || a.Sources[0].Section != c.section {
				t.Errorf("sources %+v, want section %q", a.Sources, c.section)
			}
		})
	}
}

// TestPDFSourcesCitePages: a PDF's sentences are answered from and cite their page.
func TestPDFSourcesCitePages(t *testing.T) {
	data, err := os.ReadFile("../corpus/pdf/testdata/floods.pdf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "floods.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBot(t, dir)
	a := b.Ask(context.Background(), "What were the insurance claims by the spring?")
	if len(a.Sources) == 0 || a.Sources[0].Page != 2 || a.Sources[0].Title != "Floods in the Valley" {
		t.Fatalf("got %q with sources %+v, want the sentence of page 2", a.Text, a.Sources)
	}
}
