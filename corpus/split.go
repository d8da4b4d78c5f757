package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split splits a document body into sentences, in order.
//
// Paragraphs are separated by blank lines; a line break inside a paragraph is
// a space. Markdown headings ("# Title") and list items ("- ", "* ", "+ ",
// "1. ", "1) ") start their own sentence with the marker removed, and a short
// line without final punctuation standing on its own is taken for a heading.
// Within a paragraph a sentence ends at ".", "?", "!" or an ellipsis
// (with any closing quotes and brackets after it) followed by a space and a
// capital letter, a digit or an opening quote — except after abbreviations
// (Dr., U.S., e.g., Aug. 28, No. 5, Inc.). Whitespace inside a sentence is
// collapsed to single spaces; the text is otherwise kept verbatim.
func Split(text string) []string {
	segs := segments(text)
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.text
	}
	return out
}

// segment is one sentence of a body, and whether it is a heading.
type segment struct {
	text    string
	heading bool
	section string // the headings above it, joined by sectionSep ("" outside any)
	lead    string // the lead-in of the list it is an item of
}

// segments splits a body into sentences and headings (see Split).
func segments(text string) []segment {
	s := splitter{lines: strings.Split(text, "\n")}
	s.run()
	return s.out
}

// splitter walks the lines of a body, gathering paragraphs and list items.
type splitter struct {
	lines []string
	para  []string // lines of the paragraph or list item being gathered
	out   []segment
}

func (s *splitter) run() {
	for i := 0; i < len(s.lines); i++ {
		t := blockLine(s.lines[i])
		switch {
		case t == "":
			s.flush()
		case isFence(t):
			s.flush()
		case isRule(t):
			// A "===" or "---" line under a single line of text without final
			// punctuation makes it a (setext) heading; otherwise it is a
			// thematic break.
			if len(s.para) == 1 && (t[0] == '=' || t[0] == '-') && !strings.ContainsAny(t, " \t") && !endsSentence(s.para[0]) {
				s.heading(s.para[0])
				s.para = s.para[:0]
				continue
			}
			s.flush()
		default:
			if h, ok := atxHeading(t); ok {
				s.flush()
				s.heading(h)
				continue
			}
			if item, ok := listItem(t); ok {
				// "2. NEW DATE FOR THE HOARD" standing alone between blank
				// lines: a numbered heading of a plain-text document.
				if IsAllCaps(item) && (i == 0 || blockLine(s.lines[i-1]) == "") &&
					(i+1 == len(s.lines) || blockLine(s.lines[i+1]) == "") && isTitleLine(item, "") {
					s.flush()
					s.heading(item)
					continue
				}
				s.flush()
				if item != "" {
					s.para = append(s.para, item)
				}
				continue
			}
			if len(s.para) == 0 || endsSentence(s.para[len(s.para)-1]) {
				next := ""
				if i+1 < len(s.lines) {
					next = blockLine(s.lines[i+1])
				}
				if isTitleLine(t, next) {
					s.flush()
					s.heading(t)
					continue
				}
			}
			s.para = append(s.para, t)
		}
	}
	s.flush()
}

// heading emits one heading sentence.
func (s *splitter) heading(text string) {
	if t := normalizeSpace(text); hasWord(t) {
		s.out = append(s.out, segment{text: t, heading: true})
	}
}

// flush splits the gathered paragraph into sentences.
func (s *splitter) flush() {
	if len(s.para) == 0 {
		return
	}
	p := normalizeSpace(strings.Join(s.para, " "))
	s.para = s.para[:0]
	splitParagraph(p, func(sent string) {
		if hasWord(sent) {
			s.out = append(s.out, segment{text: sent})
		}
	})
}

// blockLine trims a line and removes block-quote markers.
func blockLine(l string) string {
	t := strings.TrimSpace(l)
	for strings.HasPrefix(t, ">") {
		t = strings.TrimSpace(t[1:])
	}
	return t
}

// isFence reports a code-fence line (``` or ~~~).
func isFence(t string) bool {
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// isRule reports a thematic break or setext underline: three or more of one of
// - * _ = with optional spaces and nothing else.
func isRule(t string) bool {
	c := t[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// atxHeading returns the text of a "# Heading" line (1 to 6 #s followed by a
// space or nothing), with optional closing #s removed.
func atxHeading(t string) (string, bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(t) && t[n] != ' ' && t[n] != '\t') {
		return "", false
	}
	h := strings.TrimSpace(t[n:])
	// A closing sequence of #s must be preceded by a space.
	if e := strings.TrimRight(h, "#"); e != h && (e == "" || strings.HasSuffix(e, " ") || strings.HasSuffix(e, "\t")) {
		h = strings.TrimSpace(e)
	}
	return h, true
}

// listItem returns the text of a list item line: "- ", "* ", "+ ", or 1 to 3
// digits followed by "." or ")", a space and text.
func listItem(t string) (string, bool) {
	switch t[0] {
	case '-', '*', '+':
		if len(t) == 1 {
			return "", true
		}
		if t[1] == ' ' || t[1] == '\t' {
			return strings.TrimSpace(t[2:]), true
		}
		return "", false
	}
	n := 0
	for n < len(t) && n < 4 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	// A number alone ("200.") is text, not an empty item.
	if n == 0 || n > 3 || n+2 >= len(t) || (t[n] != '.' && t[n] != ')') || (t[n+1] != ' ' && t[n+1] != '\t') {
		return "", false
	}
	return strings.TrimSpace(t[n+2:]), true
}

// trimClosers removes closing quotes, brackets and emphasis marks from the end of s.
func trimClosers(s string) string {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if !isCloser(r) {
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '»', '›', '*', '_':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '{', '“', '‘', '«', '‹', '*', '_', '¿', '¡':
		return true
	}
	return false
}

// endsSentence reports whether a line ends with sentence-final punctuation.
func endsSentence(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(trimClosers(l))
	return r == '.' || r == '?' || r == '!' || r == '…'
}

// isTitleLine reports whether line t, starting a paragraph, is a title or
// heading rather than running text: short, without final punctuation, and
// either standing alone or followed by a line the next word would have fitted
// on (so not a hard-wrapped paragraph).
func isTitleLine(t, next string) bool {
	r, _ := utf8.DecodeLastRuneInString(trimClosers(t))
	if strings.ContainsRune(".?!…:;,", r) || r == '-' || r == '—' || r == '–' {
		return false
	}
	n := utf8.RuneCountInString(t)
	words := strings.Count(t, " ") + 1
	if n > 100 || words > 16 {
		return false
	}
	if next == "" || isFence(next) || isRule(next) {
		return true
	}
	if _, ok := atxHeading(next); ok {
		return true
	}
	if _, ok := listItem(next); ok {
		return true
	}
	if n > 80 || words > 14 || !startsSentence(next) || isJoiningWord(lastWord(t)) {
		return false
	}
	first, _, _ := strings.Cut(next, " ")
	return n+1+utf8.RuneCountInString(first) <= utf8.RuneCountInString(next)
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// isJoiningWord reports a word that does not end a title: an article,
// preposition or conjunction (lower case), so the line continues below.
func isJoiningWord(w string) bool {
	switch w {
	case "a", "an", "the", "of", "and", "or", "but", "nor", "to", "in", "on", "at", "for",
		"with", "by", "from", "as", "that", "which", "who", "whose", "into", "onto", "than",
		"its", "his", "her", "their", "our", "is", "are", "was", "were", "has", "have", "had":
		return true
	}
	return false
}

// normalizeSpace collapses runs of white space and control characters into
// single spaces and trims the ends. Invalid UTF-8 bytes count as space.
func normalizeSpace(s string) string {
	if isNormalized(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		size, space := runeAt(s, i)
		if space {
			pending = b.Len() > 0
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			size, space := runeAt(s, j)
			if space {
				break
			}
			j += size
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// isNormalized reports text without outer space, runs of spaces, or other
// white space, control characters and invalid bytes.
func isNormalized(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			i++
			continue
		}
		size, space := runeAt(s, i)
		if space {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}

// runeAt returns the size of the character starting at s[i] and whether it
// is white space, a control character or an invalid byte.
func runeAt(s string, i int) (size int, space bool) {
	c := s[i]
	if c < utf8.RuneSelf {
		return 1, c <= ' ' || c == 0x7f
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return size, (r == utf8.RuneError && size == 1) || unicode.IsSpace(r) || unicode.IsControl(r)
}

// hasWord reports whether s contains a letter or digit.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// splitParagraph calls emit with each sentence of a paragraph whose white
// space is already normalised to single spaces.
func splitParagraph(p string, emit func(string)) {
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		isEllipsis := c == 0xE2 && strings.HasPrefix(p[i:], "…")
		if c != '.' && c != '?' && c != '!' && !isEllipsis {
			continue
		}
		// The run of final punctuation, then closing quotes and brackets.
		j := i
		for j < len(p) {
			if p[j] == '.' || p[j] == '?' || p[j] == '!' {
				j++
			} else if strings.HasPrefix(p[j:], "…") {
				j += len("…")
			} else {
				break
			}
		}
		punct := p[i:j]
		for j < len(p) {
			r, size := utf8.DecodeRuneInString(p[j:])
			if r == '[' {
				size = footnoteLen(p[j:])
			} else if !isCloser(r) {
				size = 0
			}
			if size == 0 {
				break
			}
			j += size
		}
		if j >= len(p) {
			break
		}
		if p[j] != ' ' {
			i = j - 1
			continue
		}
		wordStart := strings.LastIndexByte(p[start:i], ' ') + 1 + start
		next := p[j+1:]
		if k := strings.IndexByte(next, ' '); k >= 0 {
			next = next[:k]
		}
		if isBoundary(p[wordStart:i], punct, next) {
			emit(p[start:j])
			start = j + 1
		}
		i = j
	}
	if start < len(p) {
		emit(p[start:])
	}
}

// footnoteLen returns the length of a footnote mark such as "[12]" at the
// start of s, or 0.
func footnoteLen(s string) int {
	n := 1
	for n < len(s) && n < 5 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 1 || n >= len(s) || s[n] != ']' {
		return 0
	}
	return n + 1
}

// isBoundary decides whether a sentence ends after word+punct when next is the
// following word.
func isBoundary(word, punct, next string) bool {
	if !startsSentence(next) {
		return false
	}
	if punct != "." {
		return true // ? ! and ellipses, before a capital
	}
	stem := strings.TrimLeftFunc(word, isOpener)
	if stem == "" || isNumber(stem) {
		return true
	}
	lower := strings.ToLower(stem)
	switch abbreviation(lower) {
	case abbrTitle:
		return false
	case abbrBeforeNumber:
		r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(next, isOpener))
		return !unicode.IsDigit(r) && isSentenceStarter(next)
	case abbrWordBeforeNumber:
		r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(next, isOpener))
		return !unicode.IsDigit(r)
	case abbrEnding:
		return isSentenceStarter(next)
	}
	if utf8.RuneCountInString(stem) == 1 || isDotted(stem) {
		// Initials (J. Smith) and dotted abbreviations (U.S., a.m.) end a
		// sentence only before a word that usually starts one.
		return isSentenceStarter(next)
	}
	return true
}

// startsSentence reports whether w may begin a sentence: after any opening
// quotes or brackets, an upper-case or uncased letter, a digit or a currency sign.
func startsSentence(w string) bool {
	w = strings.TrimLeftFunc(w, isOpener)
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsUpper(r), unicode.IsDigit(r), unicode.Is(unicode.Sc, r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r)
	}
	return false
}

// isNumber reports a number such as 400, 1,000 or 2.5 (optionally with a
// currency sign or percent).
func isNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ',' || r == '.' || r == '%' || unicode.Is(unicode.Sc, r):
		default:
			return false
		}
	}
	return digits > 0
}

// isDotted reports an abbreviation with inner periods whose parts are at most
// two letters: U.S, U.N, e.g, a.m, Ph.D.
func isDotted(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		n := 0
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
			n++
		}
		if n == 0 || n > 2 {
			return false
		}
	}
	return true
}

type abbrKind int

const (
	abbrNone abbrKind = iota
	// abbrTitle never ends a sentence: it comes before a name or an example.
	abbrTitle
	// abbrBeforeNumber usually comes before a number (Aug. 28, No. 5).
	abbrBeforeNumber
	// abbrWordBeforeNumber is also an ordinary word (Mar., Sun.): it is an
	// abbreviation only before a number.
	abbrWordBeforeNumber
	// abbrEnding may end a sentence (Inc., Jr., etc.).
	abbrEnding
)

// abbreviation classifies a lower-case word written with a final period.
// These are general English abbreviations, not facts about any document.
func abbreviation(w string) abbrKind {
	switch w {
	case "mr", "mrs", "ms", "mx", "messrs", "mmes", "mme", "mlle", "dr", "drs", "prof", "profs",
		"gen", "lt", "col", "maj", "capt", "cpt", "cmdr", "cdr", "adm", "sgt", "cpl", "pvt", "brig",
		"rep", "reps", "sen", "sens", "gov", "pres", "supt", "insp", "det", "rev", "hon", "fr",
		"amb", "atty", "mt", "ft", "vs", "e.g", "i.e", "cf", "viz", "approx", "ca", "esp",
		"incl", "dept", "fig", "figs", "eq", "vol", "vols", "pp", "para", "sec", "ch", "est":
		return abbrTitle
	case "no", "nos", "nr", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
		"nov", "dec", "tue", "tues", "thu", "thur", "thurs", "art", "p":
		return abbrBeforeNumber
	case "mar", "mon", "wed", "fri", "sat", "sun":
		return abbrWordBeforeNumber
	case "inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "sr", "esq", "etc", "al",
		"st", "ave", "blvd", "rd", "govt", "intl", "assn", "univ", "min", "max", "yr", "yrs":
		return abbrEnding
	}
	return abbrNone
}

// isSentenceStarter reports whether w (capitalised) is a word that commonly
// starts a sentence — a pronoun, article, conjunction, preposition or
// sentence adverb — and so marks a break after an ambiguous abbreviation.
func isSentenceStarter(w string) bool {
	w = strings.TrimLeftFunc(w, isOpener)
	end := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	if end >= 0 {
		w = w[:end]
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	switch strings.ToLower(w) {
	case "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
		"those", "there", "then", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "by",
		"with", "from", "after", "before", "during", "since", "when", "while", "if", "although",
		"though", "however", "meanwhile", "moreover", "also", "its", "his", "her", "their", "our",
		"my", "as", "many", "most", "some", "all", "both", "each", "other", "others", "one",
		"according", "despite", "under", "over", "among", "instead", "nevertheless",
		"nonetheless", "thus", "still", "now", "today", "yesterday", "earlier", "later",
		"currently", "what", "who", "why", "how", "where", "which", "is", "are", "was", "were",
		"do", "does", "did", "can", "has", "have", "had", "such", "similarly", "separately",
		"indeed", "even", "because", "until", "no", "not", "to":
		return true
	}
	return false
}
