package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"whitespace only", " \n\t\n  \n", nil},
		{"two sentences", "Kenya sent police. Nigeria will follow.",
			[]string{"Kenya sent police.", "Nigeria will follow."}},
		{"question and exclamation", "Who leads it? Kenya does! It is so.",
			[]string{"Who leads it?", "Kenya does!", "It is so."}},
		{"titles before names", "Dr. Amara Nwosu met Mr. Smith, Mrs. Brown and Ms. Lee. Prof. Kim spoke.",
			[]string{"Dr. Amara Nwosu met Mr. Smith, Mrs. Brown and Ms. Lee.", "Prof. Kim spoke."}},
		{"military ranks", "Gen. Otunge and Lt. Col. Ray arrived. They met.",
			[]string{"Gen. Otunge and Lt. Col. Ray arrived.", "They met."}},
		{"dotted abbreviations mid-sentence", "The U.N. and the U.S. backed it, as did the U.K. government. Kenya led.",
			[]string{"The U.N. and the U.S. backed it, as did the U.K. government.", "Kenya led."}},
		{"dotted abbreviation before a name", "The U.N. Security Council voted. It passed.",
			[]string{"The U.N. Security Council voted.", "It passed."}},
		{"dotted abbreviation ends a sentence", "He flew to the U.S. Then he came back.",
			[]string{"He flew to the U.S.", "Then he came back."}},
		{"e.g. and i.e.", "Some nations, e.g. Chad, will help. The aim, i.e. peace, is near.",
			[]string{"Some nations, e.g. Chad, will help.", "The aim, i.e. peace, is near."}},
		{"e.g. before a capital", "Several countries (e.g. Kenya and Chad) sent troops. More will come.",
			[]string{"Several countries (e.g. Kenya and Chad) sent troops.", "More will come."}},
		{"month abbreviations", "It began on Aug. 28, 2024. In Sept. 2024 it grew. On Jan. 5 it ended.",
			[]string{"It began on Aug. 28, 2024.", "In Sept. 2024 it grew.", "On Jan. 5 it ended."}},
		{"month abbreviation ending a sentence", "It grew in Aug. Then it shrank.",
			[]string{"It grew in Aug.", "Then it shrank."}},
		{"No. before a number", "Resolution No. 2699 passed. It took effect.",
			[]string{"Resolution No. 2699 passed.", "It took effect."}},
		{"St. before a name", "They met at St. Mary's church. Then they left.",
			[]string{"They met at St. Mary's church.", "Then they left."}},
		{"Inc. mid-sentence and at the end", "Acme Inc. paid for it. He works at Acme Inc. The firm agreed.",
			[]string{"Acme Inc. paid for it.", "He works at Acme Inc.", "The firm agreed."}},
		{"vs.", "It was Kenya vs. Haiti in the final. Kenya won.",
			[]string{"It was Kenya vs. Haiti in the final.", "Kenya won."}},
		{"initials", "John F. Kennedy spoke. George W. Bush did too.",
			[]string{"John F. Kennedy spoke.", "George W. Bush did too."}},
		{"thousands separators", "Kenya promised 1,000 officers but sent 400. The total is 2,500.",
			[]string{"Kenya promised 1,000 officers but sent 400.", "The total is 2,500."}},
		{"decimals and money", "Costs rose 2.5 times to $3.2 million. Aid was 4.5%. Prices fell.",
			[]string{"Costs rose 2.5 times to $3.2 million.", "Aid was 4.5%.", "Prices fell."}},
		{"sentence ending in a number before a capital", "Kenya sent 400. Nigeria sent 200.",
			[]string{"Kenya sent 400.", "Nigeria sent 200."}},
		{"sentence starting with a number", "The year ended. 2025 began quietly.",
			[]string{"The year ended.", "2025 began quietly."}},
		{"straight quotes", `He said, "We will win." Then he left.`,
			[]string{`He said, "We will win."`, "Then he left."}},
		{"curly quotes", "He said, “We will win.” Then he left.",
			[]string{"He said, “We will win.”", "Then he left."}},
		{"single curly quotes", "She said ‘enough.’ They stopped.",
			[]string{"She said ‘enough.’", "They stopped."}},
		{"question inside quote continues", `"Why?" he asked. Nobody knew.`,
			[]string{`"Why?" he asked.`, "Nobody knew."}},
		{"quoted sentence opens", `He left. "We will return," he said.`,
			[]string{"He left.", `"We will return," he said.`}},
		{"brackets", "They arrived (finally.) Then they slept. (This was late.) Morning came.",
			[]string{"They arrived (finally.)", "Then they slept.", "(This was late.)", "Morning came."}},
		{"footnote marks", "Kenya sent 400 officers.[3] Chad sent 200.[12][13] Benin [a] helps.",
			[]string{"Kenya sent 400 officers.[3]", "Chad sent 200.[12][13]", "Benin [a] helps."}},
		{"a.m. and p.m.", "They met at 5 p.m. on Monday. It ended at 9 p.m. The talks resume today.",
			[]string{"They met at 5 p.m. on Monday.", "It ended at 9 p.m.", "The talks resume today."}},
		{"emphasis around a sentence", "**Kenya sent 400.** Chad sent _200._ Benin helps.",
			[]string{"**Kenya sent 400.**", "Chad sent _200._", "Benin helps."}},
		{"hyphenated and inner periods", "The U.S.-led effort cost US$3.2 million, see section 3.2. The rest is at example.org/a.b today.",
			[]string{"The U.S.-led effort cost US$3.2 million, see section 3.2.", "The rest is at example.org/a.b today."}},
		{"ellipsis mid-sentence", "Wait... what happened? Nobody knows… The end.",
			[]string{"Wait... what happened?", "Nobody knows…", "The end."}},
		{"markdown headings", "# Kenya's mission\n\nKenya leads it.\n\n## Numbers ##\nIt sent 400.",
			[]string{"Kenya's mission", "Kenya leads it.", "Numbers", "It sent 400."}},
		{"setext heading", "Mission update\n==============\nKenya leads it.",
			[]string{"Mission update", "Kenya leads it."}},
		{"short title line", "Kenyan commander urges more nations\n\nKenya leads it. Chad helps.",
			[]string{"Kenyan commander urges more nations", "Kenya leads it.", "Chad helps."}},
		{"title line directly above text", "Engineers arrive in Selden\nThe force began work on March 2, 2025, under the command of a Norwegian admiral.",
			[]string{"Engineers arrive in Selden", "The force began work on March 2, 2025, under the command of a Norwegian admiral."}},
		{"list items", "Countries:\n- Nigeria\n- Chad sends 200 police.\n* Jamaica\n1. Chile\n2) Benin\n+ Bahamas",
			[]string{"Countries:", "Nigeria", "Chad sends 200 police.", "Jamaica", "Chile", "Benin", "Bahamas"}},
		{"list item with two sentences and a wrapped line", "- Kenya sent 400. It promised\n  1,000 officers.\n- Chad",
			[]string{"Kenya sent 400.", "It promised 1,000 officers.", "Chad"}},
		{"blank-line paragraphs", "Kenya leads it\n\nChad helps",
			[]string{"Kenya leads it", "Chad helps"}},
		{"line break inside a paragraph", "Kenyan commander Godfrey Otunge, leading the\nMultinational Security Support Mission, urged\nother nations to help. Kenya\nsent 400.",
			[]string{"Kenyan commander Godfrey Otunge, leading the Multinational Security Support Mission, urged other nations to help.", "Kenya sent 400."}},
		{"one sentence a line", "Kenya sent 400.\nChad sent 200.\nJamaica will help.",
			[]string{"Kenya sent 400.", "Chad sent 200.", "Jamaica will help."}},
		{"CRLF", "# Title\r\n\r\nKenya sent 400.\r\nChad sent\r\n200.\r\n",
			[]string{"Title", "Kenya sent 400.", "Chad sent 200."}},
		{"whitespace normalised", "Kenya\t sent   400\u00a0officers.   Chad  helps.",
			[]string{"Kenya sent 400 officers.", "Chad helps."}},
		{"thematic break and block quote", "Kenya sent 400.\n\n---\n\n> Chad helps. It sends 200.",
			[]string{"Kenya sent 400.", "Chad helps.", "It sends 200."}},
		{"lower case after a period is no break", "The cost was approx. five million. It rose.",
			[]string{"The cost was approx. five million.", "It rose."}},
		{"punctuation-only lines dropped", "Kenya sent 400.\n\n* * *\n\n—\n\nChad helps.",
			[]string{"Kenya sent 400.", "Chad helps."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text)
			if !equalStrings(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitHeadings(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		headings []bool
	}{
		{"markdown heading", "# Title\n\nKenya sent 400.", []bool{true, false}},
		{"short line alone", "Title here\n\nKenya sent 400.", []bool{true, false}},
		{"list item is not a heading", "- Nigeria\n- Chad", []bool{false, false}},
		{"numbered capitals standing alone", "1. HOARD COUNT REVISED\n\nThe hoard now stands at 347 coins.\n\n2. NEW DATE\n\nIt is dated to 280 BC.", []bool{true, false, true, false}},
		{"numbered items are no headings", "1. DIG TRENCH A\n2. DIG TRENCH B", []bool{false, false}},
		{"line ending in a comma is not a heading", "Kenya, Chad,\nand Benin helped.", []bool{false}},
		{"hard-wrapped first line is not a heading", "Kenyan commander Godfrey Otunge, leading the Multinational\nSecurity Support Mission in Haiti, urged nations to help.", []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := segments(tt.text)
			var got []bool
			for _, s := range segs {
				got = append(got, s.heading)
			}
			if len(got) != len(tt.headings) {
				t.Fatalf("segments(%q) = %+v, want %d sentences", tt.text, segs, len(tt.headings))
			}
			for i := range got {
				if got[i] != tt.headings[i] {
					t.Errorf("sentence %d %q: heading %v, want %v", i, segs[i].text, got[i], tt.headings[i])
				}
			}
		})
	}
}

// TestSplitSourceMaterial checks the shared source text, one sentence a line.
func TestSplitSourceMaterial(t *testing.T) {
	files := []string{"../../shared/corpus/mssm-haiti-2024-08.txt"}
	harbor, _ := filepath.Glob("../../shared/eval/harbor/corpus/*.md")
	files = append(files, harbor...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Skipf("shared corpus not beside the checkout: %v", err)
			}
			doc, err := Parse(filepath.Base(f), data)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, l := range strings.Split(doc.Body, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					want = append(want, l)
				}
			}
			if got := Split(doc.Body); !equalStrings(got, want) {
				t.Errorf("Split gave %d sentences, want %d (one a line):\n got %q\nwant %q", len(got), len(want), got, want)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isSubsequence reports whether the non-space runes of sub appear in order
// among the non-space runes of s: Split only removes markup and white space.
func isSubsequence(sub, s string) bool {
	skip := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError }
	for _, r := range sub {
		if skip(r) {
			continue
		}
		for {
			if s == "" {
				return false
			}
			c, size := utf8.DecodeRuneInString(s)
			s = s[size:]
			if c == r {
				break
			}
		}
	}
	return true
}

func FuzzSplit(f *testing.F) {
	f.Add("Dr. Smith met Mr. Jones. They talked.")
	f.Add("# Title\n\n- item one\n- item two\n\nKenya sent 400. It promised 1,000.")
	f.Add("He said, “We will win.” Then he left… (Finally.)")
	f.Add("Title\n=====\n> quote. U.S. Then\r\n1) x\n---\n```\ncode\n```")
	f.Add("\xff\xfe. A\x00. ? ! … ")
	if data, err := os.ReadFile("../../shared/corpus/mssm-haiti-2024-08.txt"); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := Split(text)
		for i, s := range got {
			if s == "" || strings.TrimSpace(s) != s {
				t.Fatalf("sentence %d %q is empty or has outer space", i, s)
			}
			if strings.Contains(s, "  ") || strings.ContainsAny(s, "\n\r\t") {
				t.Fatalf("sentence %d %q has unnormalised white space", i, s)
			}
			if !utf8.ValidString(s) {
				t.Fatalf("sentence %d %q is not valid UTF-8", i, s)
			}
		}
		if !isSubsequence(strings.Join(got, ""), text) {
			t.Fatalf("Split(%q) = %q: not made of the input's text in order", text, got)
		}
	})
}

// BenchmarkSplit splits a corpus of about 100,000 sentences.
func BenchmarkSplit(b *testing.B) {
	var parts []string
	for _, f := range []string{"testdata/good/notes/markdown.md", "default/mssm-haiti-2024-08.md"} {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := Parse(f, data)
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, doc.Body)
	}
	unit := strings.Join(parts, "\n\n")
	n := len(Split(unit))
	text := strings.Repeat(unit+"\n\n", 100000/n+1)
	sentences := len(Split(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		Split(text)
	}
	b.ReportMetric(float64(sentences)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}
