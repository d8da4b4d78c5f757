package pdf

import (
	"regexp"
	"strings"
	"unicode"
)

// edgeLines is how many lines at the top and at the bottom of a page
// may be running headers or footers.
const edgeLines = 2

// pageNumber matches a bare page number once the dashes and brackets
// around it are trimmed: "3", "Page 3", "3 of 10", "3/10", "iv".
var (
	pageNumber = regexp.MustCompile(`(?i)^(?:page|p\.|pg\.?)?\s*(\d{1,5}|[ivxlcdm]{1,8})(?:\s*(?:of|/)\s*\d{1,5})?$`)
	roman      = regexp.MustCompile(`^(?i:m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3}))$`)
)

// isPageNumber reports whether s is nothing but a page number ("3",
// "- 3 -", "Page 3", "3 of 10").
func isPageNumber(s string) bool {
	s = strings.Trim(expandLigatures(s), " \t\u00a0-\u2010\u2013\u2014.|[](){}")
	if s == "" || len(s) > 40 {
		return false
	}
	m := pageNumber.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := m[1]
	if n[0] >= '0' && n[0] <= '9' {
		return true
	}
	// Roman numerals in one case only ("iv", "IV", not "Mix").
	return (n == strings.ToLower(n) || n == strings.ToUpper(n)) && roman.MatchString(n)
}

// headerKey normalizes a line for comparison across pages: digits
// dropped, case and spacing ignored.
func headerKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range expandLigatures(s) {
		switch {
		case unicode.IsDigit(r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// edge is one candidate header or footer: a whole line, or a segment of
// a line, near the top or bottom of a page.
type edge struct {
	line  *line
	words []*word // nil for the whole line
	text  string
}

// edges lists a page's header and footer candidates; lines are sorted
// top to bottom.
func edges(lines []*line) []edge {
	var out []edge
	add := func(l *line) {
		out = append(out, edge{line: l, text: l.text()})
		if segs := l.segments(); len(segs) > 1 {
			for _, s := range segs {
				out = append(out, edge{line: l, words: s, text: joinWords(s)})
			}
		}
	}
	n := len(lines)
	for i := 0; i < n && i < edgeLines; i++ {
		add(lines[i])
	}
	for i := n - edgeLines; i < n; i++ {
		if i >= edgeLines {
			add(lines[i])
		}
	}
	return out
}

// dropHeaders removes running headers and footers from the pages'
// lines: text repeated (digits aside) at the top or bottom of at least
// half of the pages, and at least two, or of three pages within five,
// and bare page numbers there.
func dropHeaders(pages [][]*line) [][]*line {
	cands := make([][]edge, len(pages))
	onPages := map[string][]int{}
	for i, lines := range pages {
		cands[i] = edges(lines)
		seen := map[string]bool{}
		for _, e := range cands[i] {
			k := headerKey(e.text)
			if k != "" && !seen[k] {
				seen[k] = true
				onPages[k] = append(onPages[k], i)
			}
		}
	}
	repeated := func(k string) bool {
		ps := onPages[k]
		if k == "" || len(ps) < 2 {
			return false
		}
		if 2*len(ps) >= len(pages) {
			return true
		}
		// A header that changes with the chapter of a long document
		// repeats on nearby pages (every other one, for a book's odd or
		// even pages).
		for i := 0; i+2 < len(ps); i++ {
			if ps[i+2]-ps[i] <= 4 {
				return true
			}
		}
		return false
	}
	out := make([][]*line, len(pages))
	for i, lines := range pages {
		dropLine := map[*line]bool{}
		dropWord := map[*word]bool{}
		for _, e := range cands[i] {
			if !repeated(headerKey(e.text)) && !isPageNumber(e.text) {
				continue
			}
			if e.words == nil {
				dropLine[e.line] = true
				continue
			}
			for _, w := range e.words {
				dropWord[w] = true
			}
		}
		for _, l := range lines {
			if dropLine[l] {
				continue
			}
			if len(dropWord) > 0 {
				kept := l.words[:0:0]
				for _, w := range l.words {
					if !dropWord[w] {
						kept = append(kept, w)
					}
				}
				if len(kept) == 0 {
					continue
				}
				l.words = kept
			}
			out[i] = append(out[i], l)
		}
	}
	return out
}
