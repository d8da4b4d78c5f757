package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"mssmbot/bot"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short kept", "Kenya has deployed 400 officers.", 100, "Kenya has deployed 400 officers."},
		{"exact kept", "abcdef", 6, "abcdef"},
		{"cut at a word", "Kenya has deployed 400 officers.", 20, "Kenya has…"},
		{"cut at a space right at the cut", "Kenya has deployed 400 officers.", 21, "Kenya has deployed…"},
		{"no word: cut at a rune", "ééééééééé", 10, "ééé…"},
		{"entity before the cut kept", "aaaaaaaaaa&amp;&amp;", 18, "aaaaaaaaaa&amp;…"},
		{"entity at the cut dropped", "aaaaaaaaaaaa&amp;", 16, "aaaaaaaaaaaa…"},
		{"too small for anything", "abcdef", 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := truncate(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
			if len(got) > tc.max || !utf8.ValidString(got) {
				t.Errorf("truncate(%q, %d) = %q: %d bytes or invalid UTF-8", tc.in, tc.max, got, len(got))
			}
		})
	}
}

// texts returns every text of the blocks, by block type.
func texts(t *testing.T, blocks []slack.Block) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			out["section"] = append(out["section"], b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				out["context"] = append(out["context"], e.(*slack.TextBlockObject).Text)
			}
		default:
			t.Fatalf("unexpected block %T", b)
		}
	}
	return out
}

// words400 are the words of huge in TestRender, escaped.
var words400 = map[string]bool{"Kenya": true, "&amp;": true, "Haiti": true, "&lt;!here&gt;": true, "400": true, "officers": true}

func TestRender(t *testing.T) {
	src := func(i int) bot.Source {
		return bot.Source{Doc: "doc", Title: "Report " + string(rune('A'+i)), Date: "2024-06-25", Text: "Kenya has deployed 400 officers."}
	}
	huge := strings.Repeat("Kenya & Haiti <!here> 400 officers ", 400) // ~14,000 bytes escaped
	tests := []struct {
		name     string
		answer   bot.Answer
		fallback string
		sections []string
		contexts []string
	}{
		{
			name:     "answer, evidence and source",
			answer:   bot.Answer{Answered: true, Text: "Kenya has deployed 400 officers.", Sources: []bot.Source{src(0)}},
			fallback: "Kenya has deployed 400 officers.",
			sections: []string{"Kenya has deployed 400 officers.", "> Kenya has deployed 400 officers."},
			contexts: []string{"Source: _Report A_, 2024-06-25"},
		},
		{
			name: "source with section and page",
			answer: bot.Answer{Answered: true, Text: "151.", Sources: []bot.Source{{Doc: "r.pdf", Title: "Report", Date: "2025-07-15",
				Text: "Military staff officers: deployed 151.", Section: "III › Police", Page: 4}}},
			fallback: "151.",
			sections: []string{"151.", "> Military staff officers: deployed 151."},
			contexts: []string{"Source: _Report_, 2025-07-15, §III › Police, p. 4"},
		},
		{
			name:     "refusal without sources",
			answer:   bot.Answer{Intent: bot.IntentRefused, Text: "That question is too long."},
			fallback: "That question is too long.",
			sections: []string{"That question is too long."},
		},
		{
			name:     "empty answer",
			answer:   bot.Answer{},
			fallback: noAnswer,
			sections: []string{noAnswer},
		},
		{
			name: "injection escaped everywhere",
			answer: bot.Answer{Text: "<!channel> & <@U1>", Sources: []bot.Source{
				{Title: "<!everyone>\nnews", Date: "2024-01-02", Text: "a <!here>\nb > c"},
			}},
			fallback: "&lt;!channel&gt; &amp; &lt;@U1&gt;",
			sections: []string{"&lt;!channel&gt; &amp; &lt;@U1&gt;", "> a &lt;!here&gt;\n> b &gt; c"},
			contexts: []string{"Source: _&lt;!everyone&gt; news_, 2024-01-02"},
		},
		{
			name:     "at most three sources; missing title uses the doc, missing date omitted",
			answer:   bot.Answer{Text: "x", Sources: []bot.Source{src(0), {Doc: "notes.md", Text: "y"}, src(2), src(3)}},
			fallback: "x",
			sections: []string{"x", "> Kenya has deployed 400 officers.", "> y", "> Kenya has deployed 400 officers."},
			contexts: []string{"Source: _Report A_, 2024-06-25", "Source: _notes.md_", "Source: _Report C_, 2024-06-25"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fallback, blocks := render(tc.answer)
			if fallback != tc.fallback {
				t.Errorf("fallback = %q, want %q", fallback, tc.fallback)
			}
			got := texts(t, blocks)
			if strings.Join(got["section"], "|") != strings.Join(tc.sections, "|") {
				t.Errorf("sections = %q, want %q", got["section"], tc.sections)
			}
			if strings.Join(got["context"], "|") != strings.Join(tc.contexts, "|") {
				t.Errorf("contexts = %q, want %q", got["context"], tc.contexts)
			}
		})
	}

	t.Run("every text within 3,000 characters, cut at a word", func(t *testing.T) {
		fallback, blocks := render(bot.Answer{Text: huge, Sources: []bot.Source{{Title: huge, Date: "2024-01-01", Text: huge}}})
		all := append([]string{fallback}, append(texts(t, blocks)["section"], texts(t, blocks)["context"]...)...)
		for _, s := range all {
			if utf8.RuneCountInString(s) > 3000 || !utf8.ValidString(s) {
				t.Errorf("text of %d characters (valid UTF-8: %v)", utf8.RuneCountInString(s), utf8.ValidString(s))
			}
			if body, cut := strings.CutSuffix(s, "…"); cut {
				words := strings.Fields(body)
				if last := words[len(words)-1]; !words400[last] {
					t.Errorf("text cut inside a word: …%q", last)
				}
			}
			if strings.Contains(s, "<!") {
				t.Errorf("raw <! in %q", s[:40])
			}
		}
	})

	t.Run("mrkdwn is verbatim", func(t *testing.T) {
		_, blocks := render(bot.Answer{Text: "x", Sources: []bot.Source{src(0)}})
		js, err := json.Marshal(blocks)
		if err != nil {
			t.Fatal(err)
		}
		if n, m := strings.Count(string(js), `"verbatim":true`), strings.Count(string(js), `"type":"mrkdwn"`); n != m || n == 0 {
			t.Errorf("%d of %d mrkdwn texts verbatim: %s", n, m, js)
		}
	})
}

func TestPublicPrefix(t *testing.T) {
	tests := []struct {
		in, text string
		public   bool
	}{
		{"How many?", "How many?", false},
		{"public How many?", "How many?", true},
		{"  Public   How many?", "How many?", true},
		{"PUBLIC", "", true},
		{"publication dates?", "publication dates?", false},
		{"is it public?", "is it public?", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			text, public := publicPrefix(tc.in)
			if text != tc.text || public != tc.public {
				t.Errorf("publicPrefix(%q) = %q, %v; want %q, %v", tc.in, text, public, tc.text, tc.public)
			}
		})
	}
}

func TestQuestionText(t *testing.T) {
	r := &responder{botUserID: "UBOT"}
	tests := []struct{ name, in, want string }{
		{"mention removed", "<@UBOT> How many officers?", "How many officers?"},
		{"mention with name removed", "<@UBOT|mssmbot> How many?", "How many?"},
		{"mention in the middle", "Hey <@UBOT>, how many?", "Hey , how many?"},
		{"mention at the end", "How many? <@UBOT>", "How many?"},
		{"other users kept", "<@UBOT> did <@U2> go?", "did <@U2> go?"},
		{"entities decoded", "<@UBOT> R&amp;D &lt;b&gt;", "R&D <b>"},
		{"only the mention", "<@UBOT>", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.questionText(tc.in); got != tc.want {
				t.Errorf("questionText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSeenSet(t *testing.T) {
	now := time.Unix(1700000000, 0)
	s := newSeenSet(3, time.Minute)
	s.now = func() time.Time { return now }
	steps := []struct {
		key     string
		advance time.Duration
		first   bool
	}{
		{"a", 0, true},
		{"a", 0, false},
		{"b", 0, true},
		{"c", 0, true},
		{"d", 0, true}, // evicts a
		{"a", 0, true}, // evicts b
		{"c", 0, false},
		{"c", 61 * time.Second, true}, // everything expired
		{"c", 0, false},
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		if got := s.First(st.key); got != st.first {
			t.Errorf("step %d: first(%q) = %v, want %v", i, st.key, got, st.first)
		}
		if s.len() > 3 {
			t.Errorf("step %d: holds %d keys, limit 3", i, s.len())
		}
	}
	if s.len() != 1 {
		t.Errorf("holds %d keys after expiry, want 1", s.len())
	}
}

// TestSeenSetCountsDeliveries: the limit counts deliveries, each with its
// event id and channel+ts keys, so a retry after 6,000 other events — 12,000
// keys — is still recognized by a set of 10,000 deliveries.
func TestSeenSetCountsDeliveries(t *testing.T) {
	s := newSeenSet(seenLimit, SeenTTL)
	if !s.First("event:E0", "msg:C1:0.1") {
		t.Fatal("a first delivery was taken for a duplicate")
	}
	for i := 1; i <= 6000; i++ {
		s.First(fmt.Sprintf("event:E%d", i), fmt.Sprintf("msg:C1:%d.1", i))
	}
	if s.First("event:E0") {
		t.Error("Slack's retry of the first event, 6,000 events later, was taken for new")
	}
	if s.First("event:Enew", "msg:C1:0.1") {
		t.Error("the message.im twin of a seen app_mention was taken for new")
	}
	if n := s.len(); n != 6001 {
		t.Errorf("holds %d deliveries, want 6001", n)
	}
}
