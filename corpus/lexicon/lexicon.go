// Package lexicon holds general English knowledge from WordNet 3.0: each
// single word's parts of speech, synonyms from its most common senses,
// derivationally related forms, direct hypernyms and irregular base forms.
//
// The table is embedded in the binary (wordnet.tsv.gz, built by
// ./corpus/lexicon/gen, whose doc comment describes the format). Load decompresses
// its words section and indexes its lines; the synonym, derivation and
// hypernym sections are decompressed on first use. Lookups binary-search
// the index and parse a line only when asked. All words are lowercase and
// single: multi-word collocations are not in the table.
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
	"sync"

	"mssmbot/corpus/memo"
)

//go:embed wordnet.tsv.gz
var table []byte

//go:embed WORDNET-LICENSE
var license string

// License returns the WordNet 3.0 license, whose copyright notice and
// disclaimer must go with every copy of the table, and so of a binary that
// embeds it.
func License() string { return license }

// header begins the header line of each section, as written by
// ./corpus/lexicon/gen.
const header = "#lexicon wordnet-3.0 v1 "

// Field numbers of a line of the words section (field 0 is the word).
const (
	fPOS = 1 + iota
	fCount
	fBase
	fClass
)

// The sections after words, in file order.
const (
	relSyn = iota
	relDer
	relHyp
	nRel
)

var relNames = [nRel]string{"synonyms", "derivations", "hypernyms"}

// A section is the decompressed text of one gzip member of the table,
// without its header line, and the start offset of each of its lines.
type section struct {
	data  []byte
	lines []uint32
}

// lazySection is a section decompressed on first use.
type lazySection struct {
	once sync.Once
	gz   []byte // its gzip member
	sec  section
}

// Lexicon is the loaded WordNet table. Its word index is built by Load;
// each of the synonym, derivation and hypernym sections is decompressed
// the first time it is asked for. A Lexicon is safe for concurrent use.
type Lexicon struct {
	words section
	rels  [nRel]lazySection
	bases memo.Map[string] // Base's answers
	lines memo.Map[int]    // find's answers
}

// Load decompresses and indexes the embedded table's words section (the
// other sections wait for their first use). Each call builds a new
// Lexicon of a few megabytes, so load once and share it.
func Load() (*Lexicon, error) {
	return parse(table)
}

// parse splits a table into its gzip members and decompresses the first.
func parse(gz []byte) (*Lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	// The header comment gives the compressed sizes of the later members.
	l := &Lexicon{}
	end := len(gz)
	sizes := strings.Split(zr.Header.Comment, ",")
	if len(sizes) != nRel {
		return nil, errors.New("lexicon: table header lists no sections")
	}
	for r := nRel - 1; r >= 0; r-- {
		n, err := strconv.Atoi(strings.TrimPrefix(sizes[r], relNames[r]+"="))
		if err != nil || n <= 0 || n > end || !strings.HasPrefix(sizes[r], relNames[r]+"=") {
			return nil, fmt.Errorf("lexicon: bad section size %q", sizes[r])
		}
		l.rels[r].gz = gz[end-n : end]
		end -= n
	}
	if l.words, err = decompress(gz[:end], "words"); err != nil {
		return nil, err
	}
	return l, nil
}

// decompress reads one gzip member holding the section called name.
func decompress(gz []byte, name string) (section, error) {
	if len(gz) < 18 {
		return section{}, fmt.Errorf("lexicon: %s: section too short", name)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return section{}, fmt.Errorf("lexicon: %s: %w", name, err)
	}
	zr.Multistream(false)
	// The gzip trailer holds the decompressed size (mod 2^32), so the
	// section is read into one buffer of the right size; reading to EOF
	// checks the CRC.
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	if size > 64*len(gz) {
		return section{}, fmt.Errorf("lexicon: %s: implausible size", name)
	}
	data := make([]byte, size+1)
	n, err := io.ReadFull(zr, data)
	if err != io.ErrUnexpectedEOF || n != size {
		if err == nil {
			err = errors.New("larger than its trailer says")
		}
		return section{}, fmt.Errorf("lexicon: %s: %w", name, err)
	}
	data = data[:n]
	h := header + name + "\n"
	if !bytes.HasPrefix(data, []byte(h)) {
		return section{}, fmt.Errorf("lexicon: %s: unknown section header", name)
	}
	data = data[len(h):]
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return section{}, fmt.Errorf("lexicon: %s: no final newline", name)
	}
	lines := make([]uint32, 0, bytes.Count(data, []byte{'\n'}))
	for off := 0; off < len(data); {
		lines = append(lines, uint32(off))
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return section{data: data, lines: lines}, nil
}

// line returns the i'th line without its newline.
func (s *section) line(i int) []byte {
	start := s.lines[i]
	end := len(s.data) - 1
	if i+1 < len(s.lines) {
		end = int(s.lines[i+1]) - 1
	}
	return s.data[start:end]
}

// key returns the word of the i'th line of the words section.
func (l *Lexicon) key(i int) []byte {
	ln := l.words.line(i)
	if j := bytes.IndexByte(ln, '\t'); j >= 0 {
		return ln[:j]
	}
	return ln
}

// find returns the line number of word, following an alias, or -1.
func (l *Lexicon) find(word string) int { return l.lines.Of(word, l.search) }

// search looks word up in the words section (see find).
func (l *Lexicon) search(word string) int {
	word = strings.ToLower(word)
	for hop := 0; hop < 2; hop++ {
		lo, hi := 0, len(l.words.lines)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if string(l.key(m)) < word {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo == len(l.words.lines) || string(l.key(lo)) != word {
			return -1
		}
		pos := field(l.words.line(lo), fPOS)
		if len(pos) == 0 || pos[0] != '=' {
			return lo
		}
		word = string(pos[1:])
	}
	return -1
}

// entry returns the words-section line of word, or nil.
func (l *Lexicon) entry(word string) []byte {
	if i := l.find(word); i >= 0 {
		return l.words.line(i)
	}
	return nil
}

// rel returns word's line of section r, decompressing the section on its
// first use. The embedded table is checked by the package's tests, so a
// section that does not decompress means a broken build: rel panics.
func (l *Lexicon) rel(r int, word string) []byte {
	i := l.find(word)
	if i < 0 {
		return nil
	}
	lz := &l.rels[r]
	lz.once.Do(func() {
		sec, err := decompress(lz.gz, relNames[r])
		if err == nil && len(sec.lines) != len(l.words.lines) {
			err = fmt.Errorf("lexicon: %s: %d lines, want %d", relNames[r], len(sec.lines), len(l.words.lines))
		}
		if err != nil {
			panic(err)
		}
		lz.sec = sec
	})
	return lz.sec.line(i)
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
	return len(field(l.entry(word), fPOS)) > 0
}

// POS returns the parts of speech of word as a WordNet lemma, as letters
// among 'n' (noun), 'v' (verb), 'a' (adjective) and 'r' (adverb), the most
// frequent first (by SemCor tag counts), e.g. "nv" for "dog". It is nil for
// a word that is not a lemma, including inflected forms such as "dogs"
// (see Base). The slice is the caller's.
func (l *Lexicon) POS(word string) []byte {
	p := field(l.entry(word), fPOS)
	if len(p) == 0 {
		return nil
	}
	return append([]byte(nil), p...)
}

func (l *Lexicon) is(word string, c byte) bool {
	return bytes.IndexByte(field(l.entry(word), fPOS), c) >= 0
}

// IsNoun reports whether word is a noun lemma in WordNet.
func (l *Lexicon) IsNoun(word string) bool { return l.is(word, 'n') }

// IsVerb reports whether word is a verb lemma in WordNet.
func (l *Lexicon) IsVerb(word string) bool { return l.is(word, 'v') }

// IsAdj reports whether word is an adjective lemma in WordNet.
func (l *Lexicon) IsAdj(word string) bool { return l.is(word, 'a') }

// IsAdv reports whether word is an adverb lemma in WordNet.
func (l *Lexicon) IsAdv(word string) bool { return l.is(word, 'r') }

// Class returns the class of word's first noun sense: the name of the
// WordNet lexicographer file that holds it, without its "noun." ("person"
// for architect, "group" for team, "location" for city, "time" for
// afternoon). It is "" for a word that is no noun lemma, including
// inflected forms such as "architects" (see Base).
func (l *Lexicon) Class(word string) string {
	return string(field(l.entry(word), fClass))
}

// Synonyms returns the other single words of word's first two senses in
// each part of speech (a second sense or a part of speech that SemCor never
// tags is left out when others are tagged), most frequent part of speech
// first, e.g. "car": auto, automobile, machine, motorcar, railcar.
func (l *Lexicon) Synonyms(word string) []string {
	return words(l.rel(relSyn, word))
}

// Derivations returns the derivationally related forms of any sense of
// word (WordNet pointer "+"), e.g. "postpone": postponement, postponer.
func (l *Lexicon) Derivations(word string) []string {
	return words(l.rel(relDer, word))
}

// Hypernyms returns the single words of the direct hypernyms (including
// instance hypernyms) of word's first sense in each part of speech, e.g.
// "borehole" (WordNet's "bore-hole"): excavation.
func (l *Lexicon) Hypernyms(word string) []string {
	return words(l.rel(relHyp, word))
}

// TagCount returns how often word's senses are tagged in the SemCor
// corpus (WordNet's cntlist), over all its parts of speech: a rough
// frequency, 0 for rare or unknown words.
func (l *Lexicon) TagCount(word string) int {
	return counts(l.entry(word), 0)
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
func (l *Lexicon) Base(word string) string { return l.bases.Of(word, l.base) }

func (l *Lexicon) base(word string) string {
	w := strings.ToLower(word)
	ln := l.entry(w)
	own := -1 // w is not a lemma
	if len(field(ln, fPOS)) > 0 {
		own = counts(ln, 0)
	}
	for _, b := range words(field(ln, fBase)) {
		if own < 0 || counts(l.entry(b), 0) > own {
			return b
		}
	}
	best, bestN := "", own
	for _, r := range rules {
		if len(w) <= len(r.suf) || !strings.HasSuffix(w, r.suf) {
			continue
		}
		c := w[:len(w)-len(r.suf)] + r.repl
		cl := l.entry(c)
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
func (l *Lexicon) Len() int { return len(l.words.lines) }
