// Package lexicon holds general English knowledge from WordNet 3.0: each
// single word's parts of speech, synonyms from its most common senses,
// derivationally related forms, direct hypernyms and irregular base forms.
//
// The table is embedded in the binary (wordnet.tsv.gz, built by
// ./lexicon/gen, whose doc comment describes the format). Load decompresses
// it and indexes its lines; lookups binary-search the index and parse a
// line only when asked. All words are lowercase and single: multi-word
// collocations are not in the table.
package lexicon

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

//go:embed wordnet.tsv.gz
var table []byte

// header is the first line of the table, as written by ./lexicon/gen.
const header = "#lexicon wordnet-3.0 v1\n"

// Field numbers of a table line.
const (
	fWord = iota
	fPOS
	fSyn
	fDer
	fHyp
	fBase
	fCount
)

// Lexicon is the loaded WordNet table. It is read-only, so one Lexicon may
// be shared by any number of goroutines.
type Lexicon struct {
	data  []byte   // the decompressed table without its header
	lines []uint32 // start offset in data of each line, in word order
}

// Load decompresses and indexes the embedded table. Each call builds a new
// Lexicon (a few megabytes), so load once and share it.
func Load() (*Lexicon, error) {
	return parse(table)
}

func parse(gz []byte) (*Lexicon, error) {
	if len(gz) < 18 {
		return nil, errors.New("lexicon: table too short")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	// The gzip trailer holds the decompressed size (mod 2^32), so the
	// table is read into one buffer of the right size.
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	if size > 64*len(gz) {
		return nil, errors.New("lexicon: table trailer gives an implausible size")
	}
	data := make([]byte, size+1)
	n, err := io.ReadFull(zr, data)
	if err != io.ErrUnexpectedEOF || n != size {
		if err == nil {
			err = errors.New("table larger than its trailer says")
		}
		return nil, fmt.Errorf("lexicon: decompressing table: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	data = data[:n]
	if !bytes.HasPrefix(data, []byte(header)) {
		return nil, errors.New("lexicon: table has an unknown header")
	}
	data = data[len(header):]
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, errors.New("lexicon: table does not end in a newline")
	}
	lines := make([]uint32, 0, bytes.Count(data, []byte{'\n'}))
	for off := 0; off < len(data); {
		lines = append(lines, uint32(off))
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return &Lexicon{data: data, lines: lines}, nil
}

// line returns the i'th line without its newline.
func (l *Lexicon) line(i int) []byte {
	start := l.lines[i]
	end := len(l.data) - 1
	if i+1 < len(l.lines) {
		end = int(l.lines[i+1]) - 1
	}
	return l.data[start:end]
}

// key returns the word of the i'th line.
func (l *Lexicon) key(i int) []byte {
	ln := l.line(i)
	if j := bytes.IndexByte(ln, '\t'); j >= 0 {
		return ln[:j]
	}
	return ln
}

// find returns the line of word, following an alias, or nil.
func (l *Lexicon) find(word string) []byte {
	word = strings.ToLower(word)
	for hop := 0; hop < 2; hop++ {
		lo, hi := 0, len(l.lines)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if string(l.key(m)) < word {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo == len(l.lines) || string(l.key(lo)) != word {
			return nil
		}
		ln := l.line(lo)
		pos := field(ln, fPOS)
		if len(pos) == 0 || pos[0] != '=' {
			return ln
		}
		word = string(pos[1:])
	}
	return nil
}

// field returns field n of a line, or nil.
func field(ln []byte, n int) []byte {
	for ; n > 0; n-- {
		i := bytes.IndexByte(ln, '\t')
		if i < 0 {
			return nil
		}
		ln = ln[i+1:]
	}
	if i := bytes.IndexByte(ln, '\t'); i >= 0 {
		return ln[:i]
	}
	return ln
}

// words splits a comma-separated field into new strings.
func words(f []byte) []string {
	if len(f) == 0 {
		return nil
	}
	out := make([]string, 0, bytes.Count(f, []byte{','})+1)
	for len(f) > 0 {
		i := bytes.IndexByte(f, ',')
		if i < 0 {
			i = len(f)
		}
		out = append(out, string(f[:i]))
		if i == len(f) {
			break
		}
		f = f[i+1:]
	}
	return out
}

// Has reports whether word is a WordNet lemma (in any part of speech).
func (l *Lexicon) Has(word string) bool {
	return len(field(l.find(word), fPOS)) > 0
}

// POS returns the parts of speech of word as a WordNet lemma, as letters
// among 'n' (noun), 'v' (verb), 'a' (adjective) and 'r' (adverb), the most
// frequent first (by SemCor tag counts), e.g. "nv" for "dog". It is nil for
// a word that is not a lemma, including inflected forms such as "dogs"
// (see Base). The slice is the caller's.
func (l *Lexicon) POS(word string) []byte {
	p := field(l.find(word), fPOS)
	if len(p) == 0 {
		return nil
	}
	return append([]byte(nil), p...)
}

func (l *Lexicon) is(word string, c byte) bool {
	return bytes.IndexByte(field(l.find(word), fPOS), c) >= 0
}

// IsNoun reports whether word is a noun lemma in WordNet.
func (l *Lexicon) IsNoun(word string) bool { return l.is(word, 'n') }

// IsVerb reports whether word is a verb lemma in WordNet.
func (l *Lexicon) IsVerb(word string) bool { return l.is(word, 'v') }

// IsAdj reports whether word is an adjective lemma in WordNet.
func (l *Lexicon) IsAdj(word string) bool { return l.is(word, 'a') }

// IsAdv reports whether word is an adverb lemma in WordNet.
func (l *Lexicon) IsAdv(word string) bool { return l.is(word, 'r') }

// Synonyms returns the other single words of word's first two senses in
// each part of speech (a second sense or a part of speech that SemCor never
// tags is left out when others are tagged), most frequent part of speech
// first, e.g. "car": auto, automobile, machine, motorcar, railcar.
func (l *Lexicon) Synonyms(word string) []string {
	return words(field(l.find(word), fSyn))
}

// Derivations returns the derivationally related forms of any sense of
// word (WordNet pointer "+"), e.g. "postpone": postponement, postponer.
func (l *Lexicon) Derivations(word string) []string {
	return words(field(l.find(word), fDer))
}

// Hypernyms returns the single words of the direct hypernyms (including
// instance hypernyms) of word's first sense in each part of speech, e.g.
// "borehole" (WordNet's "bore-hole"): excavation.
func (l *Lexicon) Hypernyms(word string) []string {
	return words(field(l.find(word), fHyp))
}

// TagCount returns how often word's senses are tagged in the SemCor
// corpus (WordNet's cntlist), over all its parts of speech: a rough
// frequency, 0 for rare or unknown words.
func (l *Lexicon) TagCount(word string) int {
	return counts(l.find(word), 0)
}

// counts returns a line's SemCor tag count for part of speech c, or the
// total over all parts of speech when c is 0.
func counts(ln []byte, c byte) int {
	pos, cnt := field(ln, fPOS), field(ln, fCount)
	total := 0
	for i := 0; i < len(pos) && len(cnt) > 0; i++ {
		j := bytes.IndexByte(cnt, ',')
		if j < 0 {
			j = len(cnt)
		}
		n, _ := strconv.Atoi(string(cnt[:j]))
		if c == 0 || pos[i] == c {
			total += n
		}
		if j == len(cnt) {
			break
		}
		cnt = cnt[j+1:]
	}
	return total
}

// A rule is one of WordNet morphy's detachment rules: for part of speech
// pos, a suffix replaced by repl.
type rule struct {
	pos       byte
	suf, repl string
}

// rules are morphy's, in its order (noun, verb, adjective).
var rules = [...]rule{
	{'n', "s", ""}, {'n', "ses", "s"}, {'n', "xes", "x"}, {'n', "zes", "z"},
	{'n', "ches", "ch"}, {'n', "shes", "sh"}, {'n', "men", "man"}, {'n', "ies", "y"},
	{'v', "s", ""}, {'v', "ies", "y"}, {'v', "es", "e"}, {'v', "es", ""},
	{'v', "ed", "e"}, {'v', "ed", ""}, {'v', "ing", "e"}, {'v', "ing", ""},
	{'a', "er", ""}, {'a', "est", ""}, {'a', "er", "e"}, {'a', "est", "e"},
}

// Base returns the WordNet lemma of an inflected word, lowercased: first
// from the exception lists ("went" -> "go", "children" -> "child"), then
// by morphy's detachment rules (-s, -ses, -xes, -zes, -ches, -shes, -men,
// -ies, -es, -ed, -ing, -er, -est): of the candidates that are lemmas in
// the rule's part of speech, the one SemCor tags most often in it, the
// first on a tie ("officers" -> "officer", "does" -> "do", not "doe").
//
// A word that is itself a lemma gives way to an exception base or a
// candidate only if SemCor tags that one more often than the word, so
// "glasses" -> "glass", "saw" -> "see" and "killing" -> "kill", but
// "ground", "species" and "evening" stay. A word that is found neither as
// a lemma nor by the rules comes back unchanged.
func (l *Lexicon) Base(word string) string {
	w := strings.ToLower(word)
	ln := l.find(w)
	own := -1 // w is not a lemma
	if len(field(ln, fPOS)) > 0 {
		own = counts(ln, 0)
	}
	for _, b := range words(field(ln, fBase)) {
		if own < 0 || counts(l.find(b), 0) > own {
			return b
		}
	}
	best, bestN := "", own
	for _, r := range rules {
		if len(w) <= len(r.suf) || !strings.HasSuffix(w, r.suf) {
			continue
		}
		c := w[:len(w)-len(r.suf)] + r.repl
		cl := l.find(c)
		if bytes.IndexByte(field(cl, fPOS), r.pos) < 0 {
			continue
		}
		if n := counts(cl, r.pos); n > bestN {
			best, bestN = c, n
		}
	}
	switch {
	case best != "":
		return best
	case own >= 0:
		return w
	}
	return word
}

// Len returns the number of words in the table (lemmas, inflected forms
// from the exception lists and unhyphenated aliases).
func (l *Lexicon) Len() int { return len(l.lines) }
