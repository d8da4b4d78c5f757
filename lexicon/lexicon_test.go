package lexicon

import (
	"bytes"
	"compress/gzip"
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

// TestTable checks the whole table: sorted unique words, and every word a
// line points to is itself in the table.
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
	for i := 0; i < l.Len(); i++ {
		ln := l.line(i)
		w := string(l.key(i))
		if w == "" || w != strings.ToLower(w) || strings.ContainsAny(w, " _,") {
			t.Fatalf("line %d: bad word %q", i, w)
		}
		if pos := field(ln, fPOS); len(pos) > 0 && pos[0] == '=' {
			if !l.Has(w) {
				t.Errorf("alias %q: target %q missing", w, pos[1:])
			}
			continue
		}
		for _, f := range []int{fSyn, fDer, fHyp, fBase} {
			for _, x := range words(field(ln, f)) {
				if x == w || !l.Has(x) {
					t.Errorf("%q field %d: bad word %q", w, f, x)
				}
			}
		}
	}
}

func TestBadTable(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not gzip", []byte(strings.Repeat("x", 40))},
		{"truncated", table[:len(table)/2]},
		{"wrong header", gz("#lexicon other v9\ndog\tn\n")},
		{"no final newline", gz(header + "dog\tn")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parse(c.data); err == nil {
				t.Errorf("parse succeeded, want an error")
			}
		})
	}
	l, err := parse(gz(header + "cat\tn\ndog\tnv\tcat\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Synonyms("dog"); !slices.Equal(got, []string{"cat"}) {
		t.Errorf("small table: Synonyms(dog) = %q", got)
	}
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
