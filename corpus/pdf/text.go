package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ligatures spells out the Latin presentation forms.
var ligatures = strings.NewReplacer(
	"\ufb00", "ff",
	"\ufb01", "fi",
	"\ufb02", "fl",
	"\ufb03", "ffi",
	"\ufb04", "ffl",
	"\ufb05", "st",
	"\ufb06", "st",
)

// expandLigatures replaces ligature characters with their letters.
func expandLigatures(s string) string {
	for _, r := range s {
		if r >= 0xfb00 && r <= 0xfb06 {
			return ligatures.Replace(s)
		}
	}
	return s
}

// isHyphen reports whether r ends a line that breaks a word.
func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u00ad'
}

// joinLines joins the lines of a paragraph with spaces, undoing the
// hyphenation of a word broken across two lines ("flood-" then "waters"
// gives "floodwaters") when the next line starts with a lower-case
// letter.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			prev := b.String()
			last, n := utf8.DecodeLastRuneInString(prev)
			before, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-n])
			first, _ := utf8.DecodeRuneInString(expandLigatures(l))
			switch {
			case isHyphen(last) && unicode.IsLetter(before) && unicode.IsLower(first):
				s := prev[:len(prev)-n]
				b.Reset()
				b.WriteString(s)
			case last == '\u00ad':
				s := prev[:len(prev)-n]
				b.Reset()
				b.WriteString(s)
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// cleanText expands ligatures, drops soft hyphens and control
// characters, and collapses white space to single spaces.
func cleanText(s string) string {
	s = expandLigatures(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
