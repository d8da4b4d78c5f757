package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark of a sentence with its byte offsets.
type Token struct {
	Text       string
	Start, End int
}

// IsWord reports whether the token starts with a letter or digit.
func (t Token) IsWord() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Capitalized reports whether the token starts with an upper-case letter.
func (t Token) Capitalized() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsUpper(r)
}

// Lower is the token in lower case with curly apostrophes straightened.
func (t Token) Lower() string { return strings.ToLower(strings.ReplaceAll(t.Text, "’", "'")) }

// Tokenize splits text into words and punctuation. A word keeps inner
// apostrophes, hyphens, periods of abbreviations (U.N.) and the separators of
// numbers (1,000 and 2.5); a possessive 's stays on its word.
func Tokenize(text string) []Token {
	var toks []Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			start := i
			i += size
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
					i += size
					continue
				}
				// Inner joiners: apostrophes, hyphens, and . or , between digits
				// or letters (U.S., 1,000, 2.5).
				if r == '\'' || r == '’' || r == '-' || r == '.' || r == ',' {
					next, nsize := utf8.DecodeRuneInString(text[i+size:])
					prev, _ := utf8.DecodeLastRuneInString(text[:i])
					ok := false
					switch r {
					case ',':
						ok = unicode.IsDigit(prev) && unicode.IsDigit(next) && digitsAfter(text[i+size:]) == 3
					case '.':
						ok = (unicode.IsDigit(prev) && unicode.IsDigit(next)) ||
							(unicode.IsUpper(prev) && unicode.IsUpper(next) && nsize > 0 && isInitialism(text[start:]))
					default:
						ok = unicode.IsLetter(next) || unicode.IsDigit(next)
					}
					if ok {
						i += size
						continue
					}
					// The final period of an initialism (U.N.) belongs to it.
					if r == '.' && isInitialism(text[start:i+size]) {
						i += size
					}
				}
				break
			}
			toks = append(toks, Token{Text: text[start:i], Start: start, End: i})
		default:
			toks = append(toks, Token{Text: text[i : i+size], Start: i, End: i + size})
			i += size
		}
	}
	return toks
}

// digitsAfter counts the digits at the start of s.
func digitsAfter(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// isInitialism reports whether s starts like U.N. or U.S.A. (single capitals
// each followed by a period).
func isInitialism(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i+1 < len(s) && i < 8; i += 2 {
		if !(s[i] >= 'A' && s[i] <= 'Z') || s[i+1] != '.' {
			return i >= 4
		}
	}
	return true
}
