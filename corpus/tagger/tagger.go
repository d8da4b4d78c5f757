// Portions copyright 2013 Matthew Honnibal and copyright 2017-2018 Joseph
// Kato, used under the MIT License (see LICENSE-prose); the link and e-mail
// patterns are copyright 2017 ming (github.com/mingrammer/commonregex, MIT).

// Package tagger is a part-of-speech tagger for English: a port of the
// averaged perceptron tagger of github.com/jdkato/prose/v2 v2.0.0 (itself a
// port of TextBlob's "fast and accurate" tagger by Matthew Honnibal), with
// prose's pretrained model embedded in a compact form (model.bin.gz, written
// by ./gen; the format is documented there).
//
// Given the same token texts, Tag returns the Penn Treebank tags that prose's
// perceptron tagger computes: the same normalization, features, tag
// dictionary, weights (prose's weights are multiples of 0.001 and are stored
// exactly, as integers in thousandths) and special cases ("-", prose's
// emoticons, links, e-mail addresses and @mentions, the -NONE- trace pattern
// and -XXX- bracket tags). Deliberate differences:
//
//   - Ties. When two tags get exactly the same score prose picks one at
//     random (Go map order); Tag picks the one listed first in the model's
//     class list. Exact ties are rare (none or one, depending on prose's
//     float summation order, in the 130,000 words of prose's
//     testdata/sherlock.txt).
//   - Empty tokens. prose panics on an empty token text; Tag tags it like
//     any other unknown word but without the "i pref1" (first byte)
//     feature.
//   - Repeated tokens. prose's tokenizer shares one Token between repeated
//     whitespace-delimited spans of a text, so prose's Document.Tokens()
//     reports the tag of the last occurrence for all of them (the tagger
//     itself, and so the context of later words, used the right ones).
//     Tag returns each position's own tag.
//
// Tag does no tokenization: pass words split the way prose splits them
// (punctuation and clitics such as "n't" and "'s" as separate tokens) for
// the best accuracy.
package tagger

import (
	"encoding/binary"
	"hash/maphash"
	"unicode/utf8"
)

// Tagger is a loaded model. It is immutable, and safe for concurrent use.
type Tagger struct {
	classes []string
	dict    map[string]uint8   // word -> class index
	code    [numTemplates]byte // template -> key code byte; noCode if unused
	scale   int32
	// The bias feature's weights: every prediction starts from them.
	biasScores []int32
	biasSeen   []bool

	// Feature i has the key keys[keyOff[i]:keyOff[i+1]] and the pairs
	// j in [pairOff[i], pairOff[i+1]): class cls[j], weight (times
	// scale) int16 little-endian at w[2j:].
	keys    []byte
	keyOff  []uint32
	pairOff []uint32
	cls     []byte
	w       []byte

	// Open addressing, linear probing: an entry is tag<<idxBits | i+1
	// for feature i, where tag is the top bits of the key's hash; 0 is
	// empty.
	table   []uint32
	mask    uint64
	idxBits uint
	seed    maphash.Seed
}

const noCode = 0xff

// The feature templates of prose's featurize, in this order.
const (
	tBias     = iota // "bias"
	tSuffix          // "i suffix" + last 3 bytes of the word
	tPref1           // "i pref1" + first byte of the word, as a rune
	tTag1            // "i-1 tag" + previous tag
	tTag2            // "i-2 tag" + tag before that
	tTag12           // "i tag+i-2 tag" + both tags
	tWord            // "i word" + normalized word
	tTag1Word        // "i-1 tag+i word" + previous tag, normalized word
	tWordM1          // "i-1 word"
	tSufM1           // "i-1 suffix"
	tWordM2          // "i-2 word"
	tWordP1          // "i+1 word"
	tSufP1           // "i+1 suffix"
	tWordP2          // "i+2 word"
	numTemplates
)

var templateNames = [numTemplates]string{
	"bias", "i suffix", "i pref1", "i-1 tag", "i-2 tag", "i tag+i-2 tag",
	"i word", "i-1 tag+i word", "i-1 word", "i-1 suffix", "i-2 word",
	"i+1 word", "i+1 suffix", "i+2 word",
}

// Templates returns the names of prose's feature templates. A prose
// feature string is a template name alone ("bias") or followed by a space
// and the template's values joined by spaces ("i-1 tag+i word DT house").
func Templates() []string { return append([]string(nil), templateNames[:]...) }

// Classes returns the model's tags, in class-index order.
func (t *Tagger) Classes() []string { return append([]string(nil), t.classes...) }

// Tag returns the Penn Treebank tag of each word (one per word, in order).
func (t *Tagger) Tag(words []string) []string {
	tags := make([]string, len(words))
	if len(words) == 0 {
		return tags
	}
	s := scratch{t: t, buf: make([]byte, 0, 128)}
	ctx := make([]string, len(words)+4)
	ctx[0], ctx[1] = "-START-", "-START2-"
	for i, w := range words {
		ctx[i+2] = normalize(w)
	}
	ctx[len(ctx)-2], ctx[len(ctx)-1] = "-END-", "-END2-"

	p1, p2 := "-START-", "-START2-"
	for i, w := range words {
		tag, ok := special(w)
		if !ok {
			if c, found := t.dict[w]; found {
				tag = t.classes[c]
			} else {
				tag = s.predict(i+2, ctx, w, p1, p2)
			}
		}
		tags[i] = tag
		p2, p1 = p1, tag
	}
	return tags
}

// scratch is the per-call state of Tag.
type scratch struct {
	t      *Tagger
	buf    []byte
	scores [MaxClasses]int32
	seen   [MaxClasses]bool
}

// feature adds the weights of the feature of template tm with the given
// values, if the model has it. Its key is the template's code byte
// followed by the values joined by spaces.
func (s *scratch) feature(tm int, values ...string) {
	c := s.t.code[tm]
	if c == noCode {
		return
	}
	b := append(s.buf[:0], c)
	for i, v := range values {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, v...)
	}
	s.buf = b
	s.add(s.t.lookup(b))
}

// add adds the weights of feature f (-1: none).
func (s *scratch) add(f int) {
	if f < 0 {
		return
	}
	t := s.t
	lo, hi := int(t.pairOff[f]), int(t.pairOff[f+1])
	cls, w := t.cls[lo:hi], t.w[2*lo:2*hi]
	for j, c := range cls {
		s.scores[c] += int32(int16(binary.LittleEndian.Uint16(w[2*j:])))
		s.seen[c] = true
	}
}

func suffix3(w string) string { return w[len(w)-min(len(w), 3):] }

// predict mirrors prose's featurize + averagedPerceptron.predict for the
// word w at context position i (ctx has two start and two end symbols).
func (s *scratch) predict(i int, ctx []string, w, p1, p2 string) string {
	nc := len(s.t.classes)
	copy(s.scores[:nc], s.t.biasScores)
	copy(s.seen[:nc], s.t.biasSeen)
	s.feature(tSuffix, suffix3(w))
	if w != "" {
		// prose: string(w[0]) converts the first byte as a rune.
		var r [utf8.UTFMax]byte
		n := utf8.EncodeRune(r[:], rune(w[0]))
		s.feature(tPref1, string(r[:n]))
	}
	s.feature(tTag1, p1)
	s.feature(tTag2, p2)
	s.feature(tTag12, p1, p2)
	s.feature(tWord, ctx[i])
	s.feature(tTag1Word, p1, ctx[i])
	s.feature(tWordM1, ctx[i-1])
	s.feature(tSufM1, suffix3(ctx[i-1]))
	s.feature(tWordM2, ctx[i-2])
	s.feature(tWordP1, ctx[i+1])
	s.feature(tSufP1, suffix3(ctx[i+1]))
	s.feature(tWordP2, ctx[i+2])

	best := -1
	var max int32
	for c, ok := range s.seen[:nc] {
		if ok && (best < 0 || s.scores[c] > max) {
			best, max = c, s.scores[c]
		}
	}
	if best < 0 {
		return ""
	}
	return s.t.classes[best]
}
