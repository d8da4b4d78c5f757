package pdf

import (
	"reflect"
	"strings"
	"testing"
)

// testLine makes a line of 10 pt words at baseline y; each word is
// given as "x:text" and is 5 pt wide per letter.
func testLine(y float64, words ...string) *line {
	l := &line{y: y, size: 10}
	for _, w := range words {
		at, text, _ := strings.Cut(w, ":")
		var x float64
		for _, c := range at {
			x = x*10 + float64(c-'0')
		}
		l.words = append(l.words, &word{text: text, x0: x, x1: x + 5*float64(len(text)), y: y, size: 10, line: l})
	}
	return l
}

// testPage makes a page of lines 12 pt apart from the top, each a
// plain left-aligned text at x=72 (or "x:text" words when it has a ':').
func testPage(lines ...string) []*line {
	var out []*line
	for i, s := range lines {
		y := 760 - 12*float64(i)
		if strings.Contains(s, ":") {
			out = append(out, testLine(y, strings.Split(s, "|")...))
			continue
		}
		var ws []string
		x := 72
		for _, w := range strings.Fields(s) {
			ws = append(ws, itoa(x)+":"+w)
			x += 5*len(w) + 3
		}
		out = append(out, testLine(y, ws...))
	}
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func pageTexts(pages [][]*line) [][]string {
	out := make([][]string, len(pages))
	for i, p := range pages {
		for _, l := range p {
			out[i] = append(out[i], l.text())
		}
	}
	return out
}

func TestDropHeaders(t *testing.T) {
	// body is the text of page i, which differs from page to page (or
	// it would be repeated text itself).
	body := func(i int) []string {
		x := strings.Repeat("x", i+1)
		return []string{"first body line " + x, "second body line " + x, "third " + x, "the end " + x}
	}
	type edges struct{ top, bottom string }
	page := func(i int, e edges) []string {
		var p []string
		if e.top != "" {
			p = append(p, e.top)
		}
		p = append(p, body(i)...)
		if e.bottom != "" {
			p = append(p, e.bottom)
		}
		return p
	}
	tests := []struct {
		name  string
		pages []edges
		kept  []edges // what is left of each page's top and bottom
	}{
		{"header on every page and page numbers",
			[]edges{{"Flood Report", "1"}, {"Flood Report", "2"}, {"Flood Report", "3"}},
			[]edges{{}, {}, {}}},
		{"header with the page number in it",
			[]edges{{"Report, page 1", ""}, {"Report, page 2", ""}, {"Report, page 3", ""}},
			[]edges{{}, {}, {}}},
		{"header split left and right",
			[]edges{{"72:Flood|108:Report|400:Draft", ""}, {"72:Flood|108:Report|400:Draft", ""}},
			[]edges{{}, {}}},
		{"text on one page of three is kept",
			[]edges{{"Introduction", ""}, {}, {}},
			[]edges{{"Introduction", ""}, {}, {}}},
		{"repeated on half of the pages",
			[]edges{{"Annex", ""}, {"Annex", ""}, {}, {}},
			[]edges{{}, {}, {}, {}}},
		{"page number forms",
			[]edges{{"- 1 -", "Page 1 of 4"}, {"ii", "2/4"}, {"[3]", "3 of 4"}},
			[]edges{{}, {}, {}}},
		{"numbers that are not page numbers",
			[]edges{{"", "3 floods"}, {"", "Chapter 3"}},
			[]edges{{"", "3 floods"}, {"", "Chapter 3"}}},
	}
	long := make([]edges, 20)
	for i := 5; i <= 9; i += 2 {
		long[i].top = "Chapter Three: Results"
	}
	long[15].top = "Chapter Four"
	keptLong := make([]edges, 20)
	keptLong[15].top = "Chapter Four"
	tests = append(tests, struct {
		name  string
		pages []edges
		kept  []edges
	}{"chapter header on nearby pages of a long document", long, keptLong})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pages [][]*line
			var want [][]string
			for i, e := range tt.pages {
				pages = append(pages, testPage(page(i, e)...))
				kept := page(i, tt.kept[i])
				// testPage gives "x:word" lines back as plain text.
				for j, s := range kept {
					if strings.Contains(s, ":") {
						var ws []string
						for _, w := range strings.Split(s, "|") {
							_, text, _ := strings.Cut(w, ":")
							ws = append(ws, text)
						}
						kept[j] = strings.Join(ws, " ")
					}
				}
				want = append(want, kept)
			}
			got := pageTexts(dropHeaders(pages))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestLayoutPage(t *testing.T) {
	tests := []struct {
		name  string
		lines []*line
		want  []string
	}{
		{"gap and indent end paragraphs",
			[]*line{
				testLine(700, "72:One", "100:line"),
				testLine(688, "72:goes", "100:on."),
				testLine(670, "72:After", "110:gap."),
				testLine(658, "92:Indented", "150:start"),
				testLine(646, "72:ends", "100:here."),
			},
			[]string{"One line goes on.", "After gap.", "Indented start ends here."}},
		{"two columns read one after the other",
			[]*line{
				testLine(700, "72:Left", "100:one", "300:Right", "340:one"),
				testLine(688, "72:left", "100:two.", "300:right", "340:two."),
				testLine(676, "72:end.", "300:right", "340:three"),
			},
			[]string{"Left one left two. end.", "Right one right two. right three"}},
		{"aligned wide spaces of justified lines are not a gutter",
			[]*line{
				testLine(700, "72:creature", "160:question,", "253:its"),
				testLine(688, "72:unknown", "160:speed", "238:of"),
				testLine(676, "72:movement,", "160:its", "218:start"),
			},
			[]string{"creature question, its unknown speed of movement, its start"}},
		{"hanging indent continues an item",
			[]*line{
				testLine(700, "72:1.", "100:First", "140:item"),
				testLine(688, "100:goes", "130:on."),
			},
			[]string{"1. First item goes on."}},
		{"centred lines stay together",
			[]*line{
				testLine(700, "100:A", "110:centred", "160:title", "200:line"),
				testLine(688, "140:goes", "170:on"),
			},
			[]string{"A centred title line goes on"}},
		{"a larger font is a heading",
			[]*line{
				{y: 720, size: 14, words: []*word{{text: "Heading", x0: 72, x1: 130, y: 720, size: 14}}},
				testLine(706, "72:Body", "100:text."),
			},
			[]string{"Heading", "Body text."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range tt.lines {
				for _, w := range l.words {
					w.line = l
				}
			}
			if got := layoutPage(tt.lines); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMakeLine(t *testing.T) {
	g := func(s string, x, w float64) glyph {
		return glyph{s: s, x: x, y: 700, w: w, size: 10, dx: 1}
	}
	tests := []struct {
		name string
		gs   []glyph
		want string
	}{
		{"space by position", []glyph{g("a", 0, 5), g("b", 5, 5), g("c", 13, 5)}, "ab c"},
		{"kerning is not a space", []glyph{g("A", 0, 7), g("V", 6.2, 7), g("o", 13.9, 5)}, "AVo"},
		{"space character", []glyph{g("a", 0, 5), g(" ", 5, 2.5), g("b", 7.5, 5)}, "a b"},
		{"out of order", []glyph{g("c", 13, 5), g("a", 0, 5), g("b", 5, 5)}, "ab c"},
		{"overprinted bold", []glyph{g("a", 0, 5), g("a", 0.3, 5), g("b", 5, 5)}, "ab"},
		{"ligature glyph", []glyph{g("\ufb02", 0, 5.5), g("ood", 5.5, 15)}, "\ufb02ood"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := makeLine(tt.gs).text(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
