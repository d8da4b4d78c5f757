// Command gen builds corpus/lexicon/wordnet.tsv.gz, the table that package lexicon
// embeds, from the WordNet 3.0 database files (Debian package wordnet-base):
//
//	go run ./corpus/lexicon/gen -wordnet /usr/share/wordnet -out corpus/lexicon/wordnet.tsv.gz
//
// It reads index.{noun,verb,adj,adv}, data.{noun,verb,adj,adv},
// {noun,verb,adj,adv}.exc and cntlist.rev (see wndb(5), cntlist(5)), and
// the lexnames(5) manual page for the names of the lexicographer files.
// Only single words are kept: a lemma or word containing '_' (a multi-word
// collocation) is dropped everywhere. Hyphenated words are kept.
//
// # Format
//
// The output is one gzip file made of four gzip members (a multi-member
// file, so zcat prints all four as one text). Each member is a section of
// UTF-8 (in practice ASCII) text that begins with a header line
//
//	#lexicon wordnet-3.0 v1 NAME
//
// where NAME is words, synonyms, derivations or hypernyms, in that order.
// The first member's gzip header comment gives the compressed sizes of the
// other three, so that a reader can find and decompress each one only when
// it needs it:
//
//	synonyms=N,derivations=N,hypernyms=N
//
// Every section then has one line per word, the words in byte order, line i
// of each section being about the same word. A words line has up to four
// tab-separated fields; empty trailing fields are left out:
//
//	word  pos  counts  bases
//
// The fields are:
//
//   - word: the lowercased lemma or inflected form.
//   - pos: the word's parts of speech among n, v, a, r (adjective satellites
//     count as a), most frequent first: ordered by the word's SemCor tag
//     count per part of speech (cntlist.rev), then by its number of senses,
//     then n, v, a, r. Empty for a form that is only in an exception list
//     ("went"). A pos field "=target" makes the line an alias: the word is
//     target with its hyphens removed ("borehole" for "bore-hole") and
//     target's lines stand for it; an alias is written only where the
//     unhyphenated spelling is not itself in WordNet.
//   - counts: comma-separated SemCor tag counts, one per letter of pos and
//     in the same order; left out when all are zero.
//   - bases: comma-separated base forms from the exception lists, noun.exc
//     then verb.exc, adj.exc, adv.exc ("children" -> "child", "went" -> "go").
//   - class: the lexicographer file of the word's first noun sense, without
//     its "noun." ("person" for architect, "group" for team, "location" for
//     city), named as in WordNet's lexnames(5) page; empty for a word that
//     is no noun.
//
// A line of the other sections is a comma-separated list of words, empty
// when there are none (and for an alias):
//
//   - synonyms: the other words of the word's first two synsets (senses) in
//     each part of speech, in pos order then sense order. To keep expansion
//     precise, the second sense counts only if SemCor tags it (or tags no
//     sense of the word in that part of speech), and a part of speech that
//     SemCor never tags while it tags another one ("go" as a noun) gives
//     nothing.
//   - derivations: the derivationally related forms (lexical pointer "+")
//     of any sense of the word, in pos order then sense order.
//   - hypernyms: the words of the direct hypernym synsets (pointers "@" and
//     "@i") of the word's first sense in each part of speech that has them
//     (nouns and verbs), leaving out an untagged part of speech as for
//     synonyms.
//
// Every list leaves out the word itself and repeats no word. No word
// contains a tab, a comma, a space or '='.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// header begins the header line of each section; package lexicon checks it.
const header = "#lexicon wordnet-3.0 v1 "

// sections are the names of the sections, in file order.
var sections = []string{"words", "synonyms", "derivations", "hypernyms"}

// posNames maps a part-of-speech letter to the WordNet file suffix.
var posNames = []struct {
	letter byte
	file   string
}{{'n', "noun"}, {'v', "verb"}, {'a', "adj"}, {'r', "adv"}}

// synSenses is how many of a word's senses per part of speech give synonyms.
const synSenses = 2

type pointer struct {
	sym      string
	pos      byte // data file letter: n, v, a, r
	off      int
	src, dst int // 1-based word numbers; 0 for a semantic pointer
}

type synset struct {
	words []string // lowercased, adjective markers stripped
	ptrs  []pointer
	lex   int // lexicographer file number (lexnames(5))
}

type senseList struct {
	pos    byte
	offs   []int
	tags   int // SemCor tag count over the senses
	tagged int // tagsense_cnt: how many of the first senses are tagged
}

type entry struct {
	senses []senseList // in pos order once sorted
	bases  []string
	alias  string
}

func main() {
	log.SetFlags(0)
	dir := flag.String("wordnet", "/usr/share/wordnet", "directory holding the WordNet 3.0 database files")
	outPath := flag.String("out", "corpus/lexicon/wordnet.tsv.gz", "output file")
	lexPath := flag.String("lexnames", "/usr/share/man/man5/lexnames.5WN.gz", "WordNet's lexnames(5) page, which numbers the lexicographer files")
	flag.Parse()
	if err := readLexNames(*lexPath); err != nil {
		log.Fatal(err)
	}

	synsets := map[byte]map[int]*synset{}
	entries := map[string]*entry{}
	for _, p := range posNames {
		m, err := readData(filepath.Join(*dir, "data."+p.file))
		if err != nil {
			log.Fatal(err)
		}
		synsets[p.letter] = m
		if err := readIndex(filepath.Join(*dir, "index."+p.file), p.letter, entries); err != nil {
			log.Fatal(err)
		}
	}
	if err := readCounts(filepath.Join(*dir, "cntlist.rev"), entries); err != nil {
		log.Fatal(err)
	}
	for _, p := range posNames {
		if err := readExc(filepath.Join(*dir, p.file+".exc"), p.letter, entries); err != nil {
			log.Fatal(err)
		}
	}
	addAliases(entries)

	words := make([]string, 0, len(entries))
	for w := range entries {
		words = append(words, w)
	}
	sort.Strings(words)

	raw := make([]bytes.Buffer, len(sections))
	for i, name := range sections {
		raw[i].WriteString(header + name + "\n")
	}
	for _, w := range words {
		for i, ln := range lines(w, entries[w], synsets) {
			raw[i].WriteString(ln)
			raw[i].WriteByte('\n')
		}
	}

	// Compress the later members first: their sizes go into the first
	// member's header comment.
	members := make([][]byte, len(sections))
	var sizes []string
	rawTotal := 0
	for i := len(sections) - 1; i >= 0; i-- {
		comment := ""
		if i == 0 {
			comment = strings.Join(sizes, ",")
		}
		var err error
		if members[i], err = compress(raw[i].Bytes(), comment); err != nil {
			log.Fatal(err)
		}
		if i > 0 {
			sizes = append([]string{fmt.Sprintf("%s=%d", sections[i], len(members[i]))}, sizes...)
		}
		rawTotal += raw[i].Len()
	}
	out := bytes.Join(members, nil)
	if err := os.WriteFile(*outPath, out, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d words, %d bytes raw, %d bytes gzip'd (%s, words=%d)",
		*outPath, len(words), rawTotal, len(out), strings.Join(sizes, ","), len(members[0]))
}

// compress gzips b as one member with the given header comment.
func compress(b []byte, comment string) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Comment = comment
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// single reports whether w is a single word that the table can hold.
func single(w string) bool {
	return w != "" && !strings.ContainsAny(w, "_ \t,=")
}

// lines formats one entry: its line of each section.
func lines(w string, e *entry, synsets map[byte]map[int]*synset) []string {
	if e.alias != "" {
		return []string{w + "\t=" + e.alias, "", "", ""}
	}
	var pos []byte
	var counts []string
	anyCount := false
	syn := newList(w)
	der := newList(w)
	hyp := newList(w)
	total := 0
	for _, s := range e.senses {
		total += s.tags
	}
	for k, s := range e.senses {
		// A part of speech that SemCor never tags while another is tagged
		// ("go" as a noun) gives no synonyms or hypernyms.
		usePOS := k == 0 || s.tags > 0 || total == 0
		pos = append(pos, s.pos)
		counts = append(counts, strconv.Itoa(s.tags))
		if s.tags > 0 {
			anyCount = true
		}
		m := synsets[s.pos]
		for i, off := range s.offs {
			ss := m[off]
			if ss == nil {
				log.Fatalf("%s: no synset %c %08d", w, s.pos, off)
			}
			// The second sense gives synonyms only if it is tagged, or if no
			// sense of the word in this part of speech is.
			if usePOS && i < synSenses && (i == 0 || s.tagged == 0 || i < s.tagged) {
				for _, x := range ss.words {
					syn.add(x)
				}
			}
			self := 0
			for j, x := range ss.words {
				if x == w {
					self = j + 1
					break
				}
			}
			if self == 0 {
				log.Fatalf("%s: not in its synset %c %08d", w, s.pos, off)
			}
			for _, p := range ss.ptrs {
				switch {
				case p.sym == "+" && p.src == self:
					t := synsets[p.pos][p.off]
					if t == nil || p.dst < 1 || p.dst > len(t.words) {
						log.Fatalf("%s: bad pointer %+v", w, p)
					}
					der.add(t.words[p.dst-1])
				case usePOS && i == 0 && (p.sym == "@" || p.sym == "@i"):
					t := synsets[p.pos][p.off]
					if t == nil {
						log.Fatalf("%s: bad pointer %+v", w, p)
					}
					for _, x := range t.words {
						hyp.add(x)
					}
				}
			}
		}
	}
	bases := newList(w)
	for _, b := range e.bases {
		bases.add(b)
	}
	cnt := ""
	if anyCount {
		cnt = strings.Join(counts, ",")
	}
	// The class of the first noun sense: its lexicographer file's name.
	class := ""
	for _, s := range e.senses {
		if s.pos == 'n' && len(s.offs) > 0 {
			class = strings.TrimPrefix(lexNames[synsets['n'][s.offs[0]].lex], "noun.")
		}
	}
	fields := []string{w, string(pos), cnt, bases.String(), class}
	for len(fields) > 1 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	return []string{strings.Join(fields, "\t"), syn.String(), der.String(), hyp.String()}
}

// list is an ordered set of single words that leaves out one word.
type list struct {
	skip  string
	seen  map[string]bool
	words []string
}

func newList(skip string) *list { return &list{skip: skip, seen: map[string]bool{}} }

func (l *list) add(w string) {
	if w == l.skip || !single(w) || l.seen[w] {
		return
	}
	l.seen[w] = true
	l.words = append(l.words, w)
}

// lexNames are the lexicographer files' names by number, read by readLexNames.
var lexNames = map[int]string{}

// readLexNames reads the table of lexicographer files from the lexnames(5)
// manual page that WordNet ships ("04	noun.act	nouns denoting acts").
func readLexNames(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || len(fs[0]) != 2 || !strings.Contains(fs[1], ".") {
			continue
		}
		if n, err := strconv.Atoi(fs[0]); err == nil {
			lexNames[n] = fs[1]
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if lexNames[18] != "noun.person" {
		return fmt.Errorf("%s: no lexicographer file table (want 18 noun.person)", path)
	}
	return nil
}

func (l *list) String() string { return strings.Join(l.words, ",") }

// eachLine calls f with every non-license line of a WordNet file.
func eachLine(path string, f func(line string, n int) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		t := sc.Text()
		if strings.HasPrefix(t, "  ") || t == "" {
			continue
		}
		if err := f(t, n); err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
	}
	return sc.Err()
}

// cleanWord lowercases a synset word and strips an adjective marker such as
// "(a)", "(p)" or "(ip)".
func cleanWord(w string) string {
	if i := strings.IndexByte(w, '('); i > 0 && strings.HasSuffix(w, ")") {
		w = w[:i]
	}
	return strings.ToLower(w)
}

// readData reads one data.pos file into synsets keyed by offset.
func readData(path string) (map[int]*synset, error) {
	m := map[int]*synset{}
	err := eachLine(path, func(t string, _ int) error {
		if i := strings.Index(t, " | "); i >= 0 {
			t = t[:i]
		}
		f := strings.Fields(t)
		if len(f) < 4 {
			return fmt.Errorf("short synset line")
		}
		off, err := strconv.Atoi(f[0])
		if err != nil {
			return err
		}
		wc, err := strconv.ParseInt(f[3], 16, 0)
		if err != nil {
			return err
		}
		lex, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		k := 4
		ss := &synset{lex: lex}
		for i := 0; i < int(wc); i++ {
			ss.words = append(ss.words, cleanWord(f[k]))
			k += 2 // word, lex_id
		}
		pc, err := strconv.Atoi(f[k])
		if err != nil {
			return err
		}
		k++
		for i := 0; i < pc; i++ {
			if k+3 >= len(f) {
				return fmt.Errorf("short pointer list")
			}
			po, err := strconv.Atoi(f[k+1])
			if err != nil {
				return err
			}
			st := f[k+3]
			src, err1 := strconv.ParseInt(st[:2], 16, 0)
			dst, err2 := strconv.ParseInt(st[2:], 16, 0)
			if len(st) != 4 || err1 != nil || err2 != nil {
				return fmt.Errorf("bad source/target %q", st)
			}
			pos := f[k+2][0]
			if pos == 's' {
				pos = 'a'
			}
			ss.ptrs = append(ss.ptrs, pointer{sym: f[k], pos: pos, off: po, src: int(src), dst: int(dst)})
			k += 4
		}
		m[off] = ss
		return nil
	})
	return m, err
}

// readIndex adds the sense-ordered synsets of every single-word lemma in an
// index.pos file.
func readIndex(path string, pos byte, entries map[string]*entry) error {
	return eachLine(path, func(t string, _ int) error {
		f := strings.Fields(t)
		if len(f) < 6 {
			return fmt.Errorf("short index line")
		}
		lemma := f[0]
		sc, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		pc, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		offs := f[4+pc+2:]
		if len(offs) != sc {
			return fmt.Errorf("%s: %d offsets, want %d", lemma, len(offs), sc)
		}
		if !single(lemma) {
			return nil
		}
		tagged, err := strconv.Atoi(f[4+pc+1])
		if err != nil {
			return err
		}
		sl := senseList{pos: pos, tagged: tagged}
		for _, o := range offs {
			n, err := strconv.Atoi(o)
			if err != nil {
				return err
			}
			sl.offs = append(sl.offs, n)
		}
		e := entries[lemma]
		if e == nil {
			e = &entry{}
			entries[lemma] = e
		}
		e.senses = append(e.senses, sl)
		return nil
	})
}

// readCounts adds the SemCor tag counts of cntlist.rev ("sense_key
// sense_number tag_cnt") to the entries, then orders each entry's parts of
// speech.
func readCounts(path string, entries map[string]*entry) error {
	letters := map[byte]byte{'1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a'}
	err := eachLine(path, func(t string, _ int) error {
		f := strings.Fields(t)
		if len(f) != 3 {
			return fmt.Errorf("bad count line")
		}
		lemma, rest, ok := strings.Cut(f[0], "%")
		if !ok || rest == "" {
			return fmt.Errorf("bad sense key %q", f[0])
		}
		pos, ok := letters[rest[0]]
		if !ok {
			return fmt.Errorf("bad sense key %q", f[0])
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		if e := entries[lemma]; e != nil {
			for i := range e.senses {
				if e.senses[i].pos == pos {
					e.senses[i].tags += n
				}
			}
		}
		return nil
	})
	order := map[byte]int{'n': 0, 'v': 1, 'a': 2, 'r': 3}
	for _, e := range entries {
		sort.SliceStable(e.senses, func(i, j int) bool {
			a, b := e.senses[i], e.senses[j]
			if a.tags != b.tags {
				return a.tags > b.tags
			}
			if len(a.offs) != len(b.offs) {
				return len(a.offs) > len(b.offs)
			}
			return order[a.pos] < order[b.pos]
		})
	}
	return err
}

// readExc adds the base forms of a pos.exc file ("inflected base...").
// Bases that are not lemmas of that part of speech are dropped.
func readExc(path string, pos byte, entries map[string]*entry) error {
	return eachLine(path, func(t string, _ int) error {
		f := strings.Fields(t)
		if len(f) < 2 {
			return fmt.Errorf("short exception line")
		}
		infl := f[0]
		if !single(infl) {
			return nil
		}
		var bases []string
		for _, b := range f[1:] {
			if b == infl || !single(b) || !hasPOS(entries[b], pos) {
				continue
			}
			bases = append(bases, b)
		}
		if len(bases) == 0 {
			return nil
		}
		e := entries[infl]
		if e == nil {
			e = &entry{}
			entries[infl] = e
		}
		e.bases = append(e.bases, bases...)
		return nil
	})
}

func hasPOS(e *entry, pos byte) bool {
	if e == nil {
		return false
	}
	for _, s := range e.senses {
		if s.pos == pos {
			return true
		}
	}
	return false
}

// addAliases adds the unhyphenated spelling of each hyphenated lemma as an
// alias, unless that spelling is already an entry. Where several lemmas
// share one spelling, the first in byte order wins.
func addAliases(entries map[string]*entry) {
	var hyph []string
	for w, e := range entries {
		if len(e.senses) > 0 && strings.Contains(w, "-") {
			hyph = append(hyph, w)
		}
	}
	sort.Strings(hyph)
	for _, w := range hyph {
		a := strings.ReplaceAll(w, "-", "")
		if a == "" || entries[a] != nil {
			continue
		}
		entries[a] = &entry{alias: w}
	}
}
