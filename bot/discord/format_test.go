package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mssmbot/bot"
)

func TestTruncate(t *testing.T) {
	long := strings.Repeat("police officers deployed ", 200) // 5,000 chars
	tests := []struct {
		name  string
		in    string
		limit int
		want  string // exact result, when not empty
	}{
		{name: "fits", in: "Kenya has deployed 400 officers.", limit: 100, want: "Kenya has deployed 400 officers."},
		{name: "exactly the limit", in: "abcde", limit: 5, want: "abcde"},
		{name: "cut at a word boundary", in: "Kenya has deployed four hundred officers", limit: 22, want: "Kenya has deployed…"},
		{name: "space right at the cut", in: "one two three", limit: 8, want: "one two…"},
		{name: "long text", in: long, limit: 2000},
		{name: "accented letters", in: strings.Repeat("déployé à Haïti ", 300), limit: 2000},
		{name: "CJK", in: strings.Repeat("肯尼亚部署了四百名警察 ", 300), limit: 2000},
		{name: "emoji count as two units", in: strings.Repeat("🇰🇪 police ", 400), limit: 2000},
		{name: "one huge word is cut mid-word on a rune boundary", in: strings.Repeat("é", 3000), limit: 2000},
		{name: "no dangling escape", in: `aaaa \* bbbb`, limit: 7, want: `aaaa…`},
		{name: "odd backslash run at the cut", in: `xxxxxx\\\*yyyyyy`, limit: 10, want: `xxxxxx\\…`},
		{name: "invalid UTF-8 is not split further", in: "ab\xffcd efgh", limit: 6},
		{name: "tiny limit", in: "hello world", limit: 1, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := truncate(tt.in, tt.limit)
			if tt.want != "" || tt.limit <= 1 {
				if got != tt.want {
					t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
				}
			}
			if n := units(got); n > tt.limit {
				t.Errorf("result has %d UTF-16 units, over the limit %d", n, tt.limit)
			}
			if utf8.ValidString(tt.in) && !utf8.ValidString(got) {
				t.Errorf("result %q is not valid UTF-8: a rune was split", got)
			}
			if units(tt.in) > tt.limit && tt.limit > 1 {
				if !strings.HasSuffix(got, "…") {
					t.Errorf("cut result %q does not end with an ellipsis", got)
				}
				kept := strings.TrimSuffix(got, "…")
				if !strings.HasPrefix(tt.in, kept) {
					t.Errorf("result %q is not a prefix of the input", got)
				}
				// At a word boundary: the input continues with a space
				// (or a trimmed space run) right after what was kept, unless
				// the text had no space to cut at.
				rest := tt.in[len(kept):]
				if strings.ContainsAny(tt.in[:len(kept)], " ") && rest != "" && !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, `\`) {
					t.Errorf("cut mid-word: kept %q, rest starts %q", kept, rest[:min(len(rest), 10)])
				}
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Kenya deployed 400 officers.", "Kenya deployed 400 officers."},
		{"bold and italics", "*bold* _it_ __u__", `\*bold\* \_it\_ \_\_u\_\_`},
		{"code and spoiler", "`x` ||s||", "\\`x\\` \\|\\|s\\|\\|"},
		{"mention syntax", "<@123> <#9>", `\<@123\> \<#9\>`},
		{"masked link", "[a](http://x)", `\[a\](http://x)`},
		{"heading at line start", "# Title\n- item\n12. item", "\\# Title\n\\- item\n12\\. item"},
		{"quote marker", "> quoted", `\> quoted`},
		{"hyphen mid-line kept", "well-known 2024-08-28", "well-known 2024-08-28"},
		{"backslash", `a\b`, `a\\b`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"@everyone is left to allowed_mentions", "@everyone", "@everyone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRender(t *testing.T) {
	src := bot.Source{Doc: "mssm.md", Title: "Kenya deploys police", Date: "2024-06-25",
		Text: "Currently, Kenya has deployed 400 elite police officers to Haiti, though it had initially promised 1,000."}
	huge := bot.Source{Doc: "big.md", Title: strings.Repeat("Title ", 100), Date: "2024-01-01", Text: strings.Repeat("Ünïcödé wörds 🇭🇹 ", 1000)}
	tests := []struct {
		name    string
		a       bot.Answer
		want    []string // in this order
		notWant []string
	}{
		{
			name:    "answered: answer, quoted evidence, source",
			a:       bot.Answer{Intent: bot.IntentCount, Answered: true, Text: "Kenya has deployed 400 police officers.", Sources: []bot.Source{src}},
			want:    []string{"**Kenya has deployed 400 police officers.**", "\n> Currently, Kenya has deployed 400", "\n— *Kenya deploys police*, 2024-06-25"},
			notWant: []string{"No direct answer"},
		},
		{
			name: "abstention is marked and shows what the sources say",
			a:    bot.Answer{Intent: bot.IntentWho, Text: "The sources don't say who; they say Kenya deployed officers.", Sources: []bot.Source{src}},
			want: []string{"**No direct answer in the sources.**", "they say Kenya deployed officers.", "What the sources do say:", "> Currently, Kenya"},
		},
		{
			name: "source with section and page",
			a: bot.Answer{Intent: bot.IntentCount, Answered: true, Text: "151.", Sources: []bot.Source{{Doc: "r.pdf", Title: "Report of the Secretary-General",
				Date: "2025-07-15", Text: "Military staff officers: deployed 151.", Section: "III", Page: 4}}},
			want: []string{"— *Report of the Secretary-General*, 2025-07-15, §III, p. 4"},
		},
		{
			name:    "abstention without evidence",
			a:       bot.Answer{Intent: bot.IntentOther, Text: "The sources don't answer that."},
			want:    []string{"**No direct answer in the sources.** The sources don't answer that."},
			notWant: []string{"What the sources do say", "> "},
		},
		{
			name:    "refusal is rendered as is",
			a:       bot.Answer{Intent: bot.IntentRefused, Text: "That question is too long; please ask something shorter."},
			want:    []string{"That question is too long; please ask something shorter."},
			notWant: []string{"No direct answer"},
		},
		{
			name: "empty answer still says something",
			a:    bot.Answer{Intent: bot.IntentRefused},
			want: []string{"Sorry"},
		},
		{
			name: "source without title uses the document, without date omits it",
			a:    bot.Answer{Intent: bot.IntentWhat, Answered: true, Text: "x", Sources: []bot.Source{{Doc: "notes.md", Text: "y"}}},
			want: []string{"> y\n— *notes.md*"},
		},
		{
			name: "evidence with markdown is escaped",
			a:    bot.Answer{Intent: bot.IntentWhat, Answered: true, Text: "**x**", Sources: []bot.Source{{Title: "a_b", Text: "`rm` *now*"}}},
			want: []string{`**\*\*x\*\***`, "> \\`rm\\` \\*now\\*", `— *a\_b*`},
		},
		{
			name: "at most three sources",
			a:    bot.Answer{Intent: bot.IntentMulti, Answered: true, Text: "x", Sources: []bot.Source{src, src, src, src, src}},
			want: []string{"> Currently"},
		},
		{
			name: "huge evidence stays within 2,000",
			a:    bot.Answer{Intent: bot.IntentWhat, Answered: true, Text: strings.Repeat("answer ", 100), Sources: []bot.Source{huge, huge, src}},
			want: []string{"answer", "> Ünïcödé wörds"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(tt.a)
			if n := units(got); n > maxContent {
				t.Errorf("reply has %d UTF-16 units, over Discord's %d", n, maxContent)
			}
			if !utf8.ValidString(got) {
				t.Errorf("reply is not valid UTF-8")
			}
			if n := strings.Count(got, "\n> "); n > maxSources {
				t.Errorf("reply quotes %d sources, want at most %d", n, maxSources)
			}
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("reply %q: missing %q (or out of order)", got, w)
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("reply %q contains %q", got, w)
				}
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	src := bot.Source{Doc: "d.md", Title: "Kenya deploys police", Date: "2024-06-25", Text: strings.Repeat("Kenya has deployed 400 elite police officers. ", 40)}
	a := bot.Answer{Intent: bot.IntentCount, Answered: true, Text: "400 elite police officers.", Sources: []bot.Source{src, src, src}}
	for b.Loop() {
		render(a)
	}
}
