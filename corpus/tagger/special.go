package tagger

import (
	"regexp"
	"strconv"
	"strings"
)

// normalize is prose's normalize: hyphenated words, 4-digit numbers and
// words starting with a digit become !HYPHEN, !YEAR and !DIGITS; other
// words are lower-cased.
func normalize(word string) string {
	if word == "" {
		return word
	}
	first := word[0]
	if first != '-' && strings.Contains(word, "-") {
		return "!HYPHEN"
	}
	if len(word) == 4 {
		if _, err := strconv.Atoi(word); err == nil {
			return "!YEAR"
		}
	}
	if '0' <= first && first <= '9' {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

var (
	// From prose's tag.go.
	noneRE = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	keepRE = regexp.MustCompile(`^\-[A-Z]{3}\-$`)
	// commonregex v1.0.1 LinkPattern and EmailPattern (unanchored, as prose
	// uses them).
	linkRE  = regexp.MustCompile(`(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`)
	emailRE = regexp.MustCompile(`(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`)
)

// special returns the tag prose assigns to word before consulting the
// model, in prose's order: "-" is "-", emoticons are SYM, links, e-mail
// addresses and words starting with "@" are NN, traces are -NONE-, and
// -XXX- words (e.g. -LRB-) are their own tag. The cheap tests in front of
// each pattern are necessary conditions for it to match.
func special(word string) (string, bool) {
	switch {
	case word == "-":
		return "-", true
	case isEmoticon(word):
		return "SYM", true
	case strings.HasPrefix(word, "@"),
		len(word) >= 4 && strings.IndexByte(word, '.') >= 0 && linkRE.MatchString(word),
		strings.IndexByte(word, '@') >= 0 && emailRE.MatchString(word):
		return "NN", true
	case (word == "0" || strings.HasPrefix(word, "*")) && noneRE.MatchString(word):
		return "-NONE-", true
	case len(word) == 5 && word[0] == '-' && keepRE.MatchString(word):
		return word, true
	}
	return "", false
}

func isEmoticon(word string) bool {
	_, ok := emoticons[word]
	return ok
}

// emoticons is prose's list (tokenize.go).
var emoticons = map[string]struct{}{
	"(-8": {}, "(-;": {}, "(-_-)": {}, "(._.)": {}, "(:": {}, "(=": {},
	"(o:": {}, "(¬_¬)": {}, "(ಠ_ಠ)": {}, "(╯°□°）╯︵┻━┻": {}, "-__-": {},
	"8-)": {}, "8-D": {}, "8D": {}, ":(": {}, ":((": {}, ":(((": {},
	":()": {}, ":)))": {}, ":-)": {}, ":-))": {}, ":-)))": {}, ":-*": {},
	":-/": {}, ":-X": {}, ":-]": {}, ":-o": {}, ":-p": {}, ":-x": {},
	":-|": {}, ":-}": {}, ":0": {}, ":3": {}, ":P": {}, ":]": {}, ":`(": {},
	":`)": {}, ":`-(": {}, ":o": {}, ":o)": {}, "=(": {}, "=)": {}, "=D": {},
	"=|": {}, "@_@": {}, "O.o": {}, "O_o": {}, "V_V": {}, "XDD": {},
	"[-:": {}, "^___^": {}, "o_0": {}, "o_O": {}, "o_o": {}, "v_v": {},
	"xD": {}, "xDD": {}, "¯\\(ツ)/¯": {},
}
