package lexicon

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func load(t testing.TB) *Lexicon {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestPOS(t *testing.T) {
	l := load(t)
	cases := []struct {
		name, word, want string
	}{
		{"noun before verb", "dog", "nv"},
		{"verb before noun by SemCor count", "run", "vn"},
		{"adjective", "happy", "a"},
		{"adverb", "quickly", "r"},
		{"uppercase input", "Dog", "nv"},
		{"exception form is no lemma", "went", ""},
		{"plural is no lemma", "officers", ""},
		{"hyphenated lemma", "bore-hole", "n"},
		{"unhyphenated alias", "borehole", "n"},
		{"unknown", "xyzzy", ""},
		{"multi-word collocations are left out", "ice_cream", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(l.POS(c.word)); got != c.want {
				t.Errorf("POS(%q) = %q, want %q", c.word, got, c.want)
			}
		})
	}
}

func TestClass(t *testing.T) {
	l := load(t)
	cases := []struct {
		name, word, want string
	}{
		{"a person", "architect", "person"},
		{"a group", "team", "group"},
		{"a place", "city", "location"},
		{"a proper noun", "Paris", "location"},
		{"a time", "afternoon", "time"},
		{"noun class though first a verb", "run", "act"},
		{"no noun", "quickly", ""},
		{"plural is no lemma", "architects", ""},
		{"unhyphenated alias", "borehole", "artifact"},
		{"unknown", "xyzzy", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := l.Class(c.word); got != c.want {
				t.Errorf("Class(%q) = %q, want %q", c.word, got, c.want)
			}
		})
	}
}

func TestIs(t *testing.T) {
	l := load(t)
	cases := []struct {
		name  string
		word  string
		f     func(string) bool
		fname string
		want  bool
	}{
		{"dog is a noun", "dog", l.IsNoun, "IsNoun", true},
		{"dog is a verb", "dog", l.IsVerb, "IsVerb", true},
		{"dog is no adjective", "dog", l.IsAdj, "IsAdj", false},
		{"happy is an adjective", "happy", l.IsAdj, "IsAdj", true},
		{"quickly is an adverb", "quickly", l.IsAdv, "IsAdv", true},
		{"quickly is no noun", "quickly", l.IsNoun, "IsNoun", false},
		{"postpone is a verb", "postpone", l.IsVerb, "IsVerb", true},
		{"postpone is no noun", "postpone", l.IsNoun, "IsNoun", false},
		{"went is no verb lemma", "went", l.IsVerb, "IsVerb", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f(c.word); got != c.want {
				t.Errorf("%s(%q) = %v, want %v", c.fname, c.word, got, c.want)
			}
		})
	}
}

// relation is one method of Lexicon that returns a word list.
type relation struct {
	name string
	f    func(*Lexicon, string) []string
}

var (
	synonyms    = relation{"Synonyms", (*Lexicon).Synonyms}
	derivations = relation{"Derivations", (*Lexicon).Derivations}
	hypernyms   = relation{"Hypernyms", (*Lexicon).Hypernyms}
)

func TestRelations(t *testing.T) {
	l := load(t)
	cases := []struct {
		name string
		rel  relation
		word string
		has  []string // must all be in the list
		not  []string // must all be absent
	}{
		{"postpone derives postponement", derivations, "postpone", []string{"postponement"}, nil},
		{"postponement derives postpone", derivations, "postponement", []string{"postpone"}, nil},
		{"kill derives killing and killer", derivations, "kill", []string{"killing", "killer"}, nil},
		{"killing derives kill", derivations, "killing", []string{"kill"}, nil},
		{"elect derives election", derivations, "elect", []string{"election", "elector"}, nil},
		{"election derives elect", derivations, "election", []string{"elect"}, nil},
		{"teacher derives teach", derivations, "teacher", []string{"teach"}, nil},
		{"happy derives happiness", derivations, "happy", []string{"happiness"}, nil},
		{"derivations leave out the word itself", derivations, "kill", nil, []string{"kill"}},

		// WordNet 3.0 has "bore-hole" (not "borehole") in the synset
		// {bore, bore-hole, drill_hole}, a hyponym of excavation; "well"
		// is its sibling under excavation, not its hypernym.
		{"borehole is an excavation", hypernyms, "borehole", []string{"excavation"}, []string{"well"}},
		{"bore-hole is an excavation", hypernyms, "bore-hole", []string{"excavation"}, nil},
		{"well is an excavation", hypernyms, "well", []string{"excavation"}, nil},
		{"company is an institution", hypernyms, "company", []string{"institution"}, nil},
		{"firm is a business", hypernyms, "firm", []string{"business", "concern"}, nil},
		{"dog is a canine", hypernyms, "dog", []string{"canine"}, nil},
		{"teacher is an educator", hypernyms, "teacher", []string{"educator"}, nil},
		{"postpone is a delay", hypernyms, "postpone", []string{"delay"}, nil},

		{"borehole's synset has bore", synonyms, "borehole", []string{"bore"}, nil},
		{"car is an automobile", synonyms, "car", []string{"automobile", "auto"}, nil},
		{"postpone is defer", synonyms, "postpone", []string{"defer", "shelve"}, nil},
		{"firm's synset has house", synonyms, "firm", []string{"house"}, nil},
		// The first two senses of "company" (business; companions) hold no
		// other single word, and none of its senses holds "firm".
		{"company has no firm synonym", synonyms, "company", nil, []string{"firm"}},
		{"child is a kid", synonyms, "child", []string{"kid"}, nil},
		{"untagged noun senses of go are left out", synonyms, "go", []string{"travel"}, []string{"ecstasy", "turn"}},
		{"untagged second sense of dog is left out", synonyms, "dog", nil, []string{"frump"}},
		{"uppercase input", synonyms, "Car", []string{"automobile"}, nil},
		{"unknown word", synonyms, "xyzzy", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.rel.f(l, c.word)
			for _, w := range c.has {
				if !slices.Contains(got, w) {
					t.Errorf("%s(%q) = %q, missing %q", c.rel.name, c.word, got, w)
				}
			}
			for _, w := range c.not {
				if slices.Contains(got, w) {
					t.Errorf("%s(%q) = %q, has %q", c.rel.name, c.word, got, w)
				}
			}
		})
	}
}

func TestBase(t *testing.T) {
	l := load(t)
	cases := []struct {
		name, word, want string
	}{
		{"plural -s", "officers", "officer"},
		{"uppercase input", "Officers", "officer"},
		{"verb exception", "went", "go"},
		{"noun exception", "children", "child"},
		{"noun exception -men", "women", "woman"},
		{"adjective exception", "bigger", "big"},
		{"-ies to -y", "companies", "company"},
		{"-xes to -x", "boxes", "box"},
		{"-shes to -sh", "dishes", "dish"},
		{"-ed", "postponed", "postpone"},
		{"-ing to -e", "postponing", "postpone"},
		{"-ed without -e", "killed", "kill"},
		{"-es, the verb tagged more than the noun doe", "does", "do"},
		{"-est to -e", "latest", "late"},
		{"plural of an alias", "boreholes", "borehole"},
		{"lemma giving way to a more frequent verb", "killing", "kill"},
		{"lemma giving way to a more frequent singular", "glasses", "glass"},
		{"lemma giving way to an exception base", "saw", "see"},
		{"lemma kept: more frequent than grind", "ground", "ground"},
		{"lemma kept: specie is rarer", "species", "species"},
		{"lemma kept: even is rarely a verb", "evening", "evening"},
		{"lemma kept: a is rarer than as", "as", "as"},
		{"lemma", "officer", "officer"},
		{"unknown word unchanged", "Xyzzy", "Xyzzy"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := l.Base(c.word); got != c.want {
				t.Errorf("Base(%q) = %q, want %q", c.word, got, c.want)
			}
		})
	}
}

func TestLicense(t *testing.T) {
	if !strings.Contains(License(), "WordNet 3.0 Copyright 2006 by Princeton University") {
		t.Errorf("License() lacks the copyright notice")
	}
}

func TestTagCount(t *testing.T) {
	l := load(t)
	if n := l.TagCount("year"); n < 100 {
		t.Errorf("TagCount(year) = %d, want a frequent word", n)
	}
	if n := l.TagCount("bore-hole"); n != 0 {
		t.Errorf("TagCount(bore-hole) = %d, want 0", n)
	}
	if n := l.TagCount("xyzzy"); n != 0 {
		t.Errorf("TagCount(xyzzy) = %d, want 0", n)
	}
}

// TestTable checks the whole table: sorted unique words, every section
// decompressing, and every word a line points to being in the table.
func TestTable(t *testing.T) {
	l := load(t)
	if l.Len() < 80000 {
		t.Fatalf("Len() = %d, want over 80000", l.Len())
	}
	for i := 1; i < l.Len(); i++ {
		if a, b := l.key(i-1), l.key(i); bytes.Compare(a, b) >= 0 {
			t.Fatalf("line %d: %q not after %q", i, b, a)
		}
	}
	l.Synonyms("dog") // decompress the lazy sections
	l.Derivations("dog")
	l.Hypernyms("dog")
	for i := 0; i < l.Len(); i++ {
		ln := l.words.line(i)
		w := string(l.key(i))
		if w == "" || w != strings.ToLower(w) || strings.ContainsAny(w, " _,=") {
			t.Fatalf("line %d: bad word %q", i, w)
		}
		rels := [][]byte{field(ln, fBase)}
		for r := range l.rels {
			rels = append(rels, l.rels[r].sec.line(i))
		}
		if pos := field(ln, fPOS); len(pos) > 0 && pos[0] == '=' {
			if !l.Has(w) {
				t.Errorf("alias %q: target %q missing", w, pos[1:])
			}
			for r, rel := range rels {
				if len(rel) > 0 {
					t.Errorf("alias %q: list %d not empty", w, r)
				}
			}
			continue
		}
		for r, rel := range rels {
			for _, x := range words(rel) {
				if x == w || !l.Has(x) {
					t.Errorf("%q list %d: bad word %q", w, r, x)
				}
			}
		}
	}
}

// build makes a table as ./corpus/lexicon/gen does, from section texts that
// already hold their header lines.
func build(t *testing.T, sections ...string) []byte {
	t.Helper()
	members := make([][]byte, len(sections))
	var sizes []string
	for i := len(sections) - 1; i >= 0; i-- {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		if i == 0 {
			zw.Comment = strings.Join(sizes, ",")
		}
		zw.Write([]byte(sections[i]))
		zw.Close()
		members[i] = b.Bytes()
		if i > 0 {
			sizes = append([]string{fmt.Sprintf("%s=%d", relNames[i-1], b.Len())}, sizes...)
		}
	}
	return bytes.Join(members, nil)
}

func TestSmallTable(t *testing.T) {
	good := []string{
		header + "words\ncat\tn\ndog\tnv\t3,1\ndogs\t\t\tdog\n",
		header + "synonyms\n\nhound\n\n",
		header + "derivations\n\n\n\n",
		header + "hypernyms\nfeline\ncanine\n\n",
	}
	l, err := parse(build(t, good...))
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Synonyms("dog"); !slices.Equal(got, []string{"hound"}) {
		t.Errorf("Synonyms(dog) = %q", got)
	}
	if got := l.Hypernyms("cat"); !slices.Equal(got, []string{"feline"}) {
		t.Errorf("Hypernyms(cat) = %q", got)
	}
	if got := l.Base("dogs"); got != "dog" {
		t.Errorf("Base(dogs) = %q", got)
	}
	if got := l.TagCount("dog"); got != 4 {
		t.Errorf("TagCount(dog) = %d", got)
	}

	bad := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not gzip", []byte(strings.Repeat("x", 40))},
		{"truncated", table[:len(table)/2]},
		{"one member", build(t, good[0])},
		{"wrong header", build(t, "#lexicon other v9 words\ndog\tn\n", good[1], good[2], good[3])},
		{"no final newline", build(t, header+"words\ndog\tn", good[1], good[2], good[3])},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parse(c.data); err == nil {
				t.Errorf("parse succeeded, want an error")
			}
		})
	}

	// A broken lazy section is a broken build: the first use panics.
	l, err = parse(build(t, good[0], header+"synonyms\n\n", good[2], good[3]))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Synonyms on a short section did not panic")
		}
	}()
	l.Synonyms("dog")
}

func TestConcurrent(t *testing.T) {
	l := load(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if l.Base("officers") != "officer" || !slices.Contains(l.Derivations("postpone"), "postponement") {
					t.Error("wrong answer under concurrency")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	l := load(b)
	b.ReportAllocs()
	for b.Loop() {
		l.Base("officers")
		l.Synonyms("car")
		l.IsNoun("dog")
	}
}

// BenchmarkLoadAll is Load followed by the first use of every lazy
// section: the whole start-up cost once all of the table is in use.
func BenchmarkLoadAll(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		l, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		l.Synonyms("dog")
		l.Derivations("dog")
		l.Hypernyms("dog")
	}
}
