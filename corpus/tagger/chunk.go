package tagger

import "strings"

// Chunks finds base noun phrases in a tag sequence (as returned by Tag) and
// returns them as half-open word index ranges [start, end), in order and
// non-overlapping; nil if there are none.
//
// A chunk matches this regular pattern over tags:
//
//	NP   := PRE? BODY (POS BODY)*   noun phrase; "the king 's horses" is one chunk
//	      | PRE? CD+                numbers and years: "1969", "the 1990s"
//	      | PRP                     a personal pronoun alone
//	PRE  := PDT? (DT | PRP$)?       non-empty: "all", "all the", "the", "his"
//	BODY := MOD* NOUN
//	MOD  := JJ | JJR | JJS | CD | NOUN | VBG | VBN
//	NOUN := NN | NNS | NNP | NNPS
//
// with one restriction: a VBG or VBN counts as a MOD (a participle used
// adjectivally, "the running water", "the broken engine") only if it is not
// the chunk's first word and no NOUN precedes it in the same BODY; so "seen
// people" gives "people" and "the man seen" gives "the man". A POS joins two
// BODYs only when the second one matches; otherwise the chunk ends before
// the POS.
//
// Matching is leftmost-longest: scanning left to right, the longest chunk
// starting at the current word is taken and the scan resumes after it; if
// none starts there, the scan moves on one word.
func Chunks(tags []string) [][2]int {
	var out [][2]int
	n := len(tags)
	for i := 0; i < n; {
		if end := chunkAt(tags, i); end > i {
			out = append(out, [2]int{i, end})
			i = end
		} else {
			i++
		}
	}
	return out
}

// chunkAt returns the end of the longest chunk starting at i, or i.
func chunkAt(tags []string, i int) int {
	n := len(tags)
	j := i
	if j < n && tags[j] == "PDT" {
		j++
	}
	if j < n && (tags[j] == "DT" || tags[j] == "PRP$") {
		j++
	}
	if end := body(tags, j, i); end > 0 {
		for end+1 < n && tags[end] == "POS" {
			next := body(tags, end+1, i)
			if next < 0 {
				break
			}
			end = next
		}
		return end
	}
	if j < n && tags[j] == "CD" {
		for j < n && tags[j] == "CD" {
			j++
		}
		return j
	}
	if j == i && i < n && tags[i] == "PRP" {
		return i + 1
	}
	return i
}

// body returns the end of the longest BODY starting at j, or -1; start is
// where the chunk starts.
func body(tags []string, j, start int) int {
	end := -1
	seenNoun := false
	for ; j < len(tags); j++ {
		switch t := tags[j]; t {
		case "NN", "NNS", "NNP", "NNPS":
			seenNoun = true
			end = j + 1
		case "JJ", "JJR", "JJS", "CD":
		case "VBG", "VBN":
			if j == start || seenNoun {
				return end
			}
		default:
			return end
		}
	}
	return end
}

// IsNoun reports whether tag is a noun tag: NN, NNS, NNP or NNPS.
func IsNoun(tag string) bool {
	return tag == "NN" || tag == "NNS" || tag == "NNP" || tag == "NNPS"
}

// IsProperNoun reports whether tag is NNP or NNPS.
func IsProperNoun(tag string) bool { return tag == "NNP" || tag == "NNPS" }

// IsVerb reports whether tag is a verb tag: VB, VBD, VBG, VBN, VBP or VBZ
// (not MD).
func IsVerb(tag string) bool { return strings.HasPrefix(tag, "VB") }

// IsAdjective reports whether tag is JJ, JJR or JJS.
func IsAdjective(tag string) bool { return strings.HasPrefix(tag, "JJ") }

// IsAdverb reports whether tag is RB, RBR or RBS (not WRB).
func IsAdverb(tag string) bool { return strings.HasPrefix(tag, "RB") }
