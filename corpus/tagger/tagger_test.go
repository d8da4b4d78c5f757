package tagger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var (
	loadOnce sync.Once
	loaded   *Tagger
	loadErr  error
)

func load(tb testing.TB) *Tagger {
	tb.Helper()
	loadOnce.Do(func() { loaded, loadErr = Load() })
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return loaded
}

// readGolden reads testdata/golden.txt: lines of space-separated word/TAG
// tokens (split at the last "/") captured from prose v2.0.0; lines
// starting with "# " are comments.
func readGolden(t *testing.T) (words, tags [][]string) {
	t.Helper()
	f, err := os.Open("testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		var ws, ts []string
		for _, tok := range strings.Fields(line) {
			k := strings.LastIndexByte(tok, '/')
			if k <= 0 || k == len(tok)-1 {
				t.Fatalf("golden.txt:%d: bad token %q", n, tok)
			}
			ws = append(ws, tok[:k])
			ts = append(ts, tok[k+1:])
		}
		words = append(words, ws)
		tags = append(tags, ts)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return words, tags
}

func TestGolden(t *testing.T) {
	tg := load(t)
	words, want := readGolden(t)
	if len(words) < 100 {
		t.Fatalf("only %d golden sentences", len(words))
	}
	total, agree := 0, 0
	for i, ws := range words {
		got := tg.Tag(ws)
		same := true
		for j := range ws {
			total++
			if got[j] == want[i][j] {
				agree++
			} else {
				same = false
			}
		}
		if !same {
			t.Errorf("sentence %d:\n got  %v\n want %v\n words %q", i, got, want[i], ws)
		}
	}
	t.Logf("golden: %d/%d words in %d sentences agree", agree, total, len(words))
}

func TestTag(t *testing.T) {
	tg := load(t)
	cases := []struct {
		name  string
		words []string
		want  []string
	}{
		{"nil", nil, []string{}},
		{"empty", []string{}, []string{}},
		{"simple", strings.Fields("The dog barked ."), []string{"DT", "NN", "VBD", "."}},
		{"punctuation", strings.Fields(", . ; : ? ! ( )"), []string{",", ".", ":", ":", ".", ".", "(", ")"}},
		{"dash", []string{"-"}, []string{"-"}},
		{"emoticons", []string{"xD", "o_O", ":(", "¯\\(ツ)/¯"}, []string{"SYM", "SYM", "SYM", "SYM"}},
		{"links and mentions", []string{"see", "https://example.com/a", "and", "example.org", "@bob", "a@b.co"},
			[]string{"VB", "NN", "CC", "NN", "NN", "NN"}},
		{"traces", []string{"0", "*", "*T*", "*-1", "*EXP*-2"}, []string{"-NONE-", "-NONE-", "-NONE-", "-NONE-", "-NONE-"}},
		{"bracket tags", []string{"-LRB-", "x", "-RRB-"}, []string{"-LRB-", "CD", "-RRB-"}},
		{"dictionary", strings.Fields("of the and"), []string{"IN", "DT", "CC"}},
		{"year and digits", strings.Fields("In 1969 , 12 men"), []string{"IN", "CD", ",", "CD", "NNS"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := tg.Tag(c.words)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Tag(%q) = %q, want %q", c.words, got, c.want)
			}
		})
	}
}

func TestTagOddTokens(t *testing.T) {
	tg := load(t)
	// prose panics on empty tokens; Tag must not, and must return one tag
	// per word for any input.
	for _, ws := range [][]string{
		{""},
		{"", "", ""},
		{"a", "", "b"},
		{"\xff\xfe", "é", "日本語"},
		{strings.Repeat("x", 10000)},
	} {
		got := tg.Tag(ws)
		if len(got) != len(ws) {
			t.Errorf("Tag(%q): %d tags", ws, len(got))
		}
		for i, g := range got {
			if g == "" {
				t.Errorf("Tag(%q)[%d] is empty", ws, i)
			}
		}
	}
}

func TestTagConcurrent(t *testing.T) {
	tg := load(t)
	words, want := readGolden(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(words); i += 4 {
				if got := tg.Tag(words[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("sentence %d: got %v, want %v", i, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

func chunkTexts(words []string, chunks [][2]int) []string {
	out := []string{}
	for _, c := range chunks {
		out = append(out, strings.Join(words[c[0]:c[1]], " "))
	}
	return out
}

func TestChunksTagged(t *testing.T) {
	tg := load(t)
	cases := []struct {
		name string
		text string // space-separated tokens
		want []string
	}{
		{"apollo", "The Apollo program was designed to land humans on the Moon in 1969 .",
			[]string{"The Apollo program", "humans", "the Moon", "1969"}},
		{"genghis", "Genghis Khan united the Mongol tribes and founded the empire in 1206 .",
			[]string{"Genghis Khan", "the Mongol tribes", "the empire", "1206"}},
		{"possessive", "All the king 's horses and all the king 's men could n't put Humpty together again .",
			[]string{"All the king 's horses", "all the king 's men", "Humpty"}},
		{"participles", "The running water cooled the broken engine quickly .",
			[]string{"The running water", "the broken engine"}},
		{"pronouns", "He has seen many people running in the park .",
			[]string{"He", "many people", "the park"}},
		{"possessive pronoun", "Both his parents were teachers .",
			[]string{"his parents", "teachers"}},
		{"numbers", "Mount Everest is the highest mountain on Earth , at 8,848 metres .",
			[]string{"Mount Everest", "the highest mountain", "Earth", "8,848 metres"}},
		{"question", "Who painted the Mona Lisa ?", []string{"the Mona Lisa"}},
		{"punctuation only", ", . ! ?", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			words := strings.Fields(c.text)
			tags := tg.Tag(words)
			got := chunkTexts(words, Chunks(tags))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("chunks of %q (tags %v) = %q, want %q", c.text, tags, got, c.want)
			}
		})
	}
}

// TestChunksPattern checks the pattern on given tags, independent of the
// model.
func TestChunksPattern(t *testing.T) {
	cases := []struct {
		name string
		tags string
		want [][2]int
	}{
		{"empty", "", nil},
		{"noun", "NN", [][2]int{{0, 1}}},
		{"det noun", "DT NN", [][2]int{{0, 2}}},
		{"det alone", "DT VBZ", nil},
		{"pdt det adj noun", "PDT DT JJ NNS", [][2]int{{0, 4}}},
		{"pdt noun", "PDT NNS", [][2]int{{0, 2}}},
		{"prp$ noun", "PRP$ NN", [][2]int{{0, 2}}},
		{"adjectives need a noun", "DT JJ JJR VBZ", nil},
		{"ends on last noun", "NN NN JJ VBZ", [][2]int{{0, 2}}},
		{"cd alone", "IN CD .", [][2]int{{1, 2}}},
		{"cd run", "CD CD", [][2]int{{0, 2}}},
		{"det cd", "DT CD VBD", [][2]int{{0, 2}}},
		{"cd noun", "CD NNS", [][2]int{{0, 2}}},
		{"prp", "PRP VBD PRP", [][2]int{{0, 1}, {2, 3}}},
		{"det prp not joined", "DT PRP", [][2]int{{1, 2}}},
		{"pos joins", "DT NN POS JJ NN", [][2]int{{0, 5}}},
		{"pos twice", "NNP POS NN POS NNS", [][2]int{{0, 5}}},
		{"pos dangling", "DT NN POS VBZ", [][2]int{{0, 2}}},
		{"pos before det", "NN POS DT NN", [][2]int{{0, 1}, {2, 4}}},
		{"vbn after det", "DT VBN NN", [][2]int{{0, 3}}},
		{"vbg after adj", "JJ VBG NNS", [][2]int{{0, 3}}},
		{"vbn first", "VBN NNS", [][2]int{{1, 2}}},
		{"vbg after noun", "DT NN VBG NNS", [][2]int{{0, 2}, {3, 4}}},
		{"vbn after pos", "NNP POS VBN NN", [][2]int{{0, 4}}},
		{"adjacent", "NN DT NN", [][2]int{{0, 1}, {1, 3}}},
		{"verbs only", "VB VBD VBZ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Chunks(strings.Fields(c.tags))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Chunks(%s) = %v, want %v", c.tags, got, c.want)
			}
		})
	}
}

func TestTagHelpers(t *testing.T) {
	for _, c := range []struct {
		tag                                   string
		noun, proper, verb, adjective, adverb bool
	}{
		{"NN", true, false, false, false, false},
		{"NNPS", true, true, false, false, false},
		{"VBZ", false, false, true, false, false},
		{"MD", false, false, false, false, false},
		{"JJS", false, false, false, true, false},
		{"RBR", false, false, false, false, true},
		{"WRB", false, false, false, false, false},
		{"", false, false, false, false, false},
	} {
		if IsNoun(c.tag) != c.noun || IsProperNoun(c.tag) != c.proper || IsVerb(c.tag) != c.verb ||
			IsAdjective(c.tag) != c.adjective || IsAdverb(c.tag) != c.adverb {
			t.Errorf("helpers wrong for %q", c.tag)
		}
	}
}

func TestRead(t *testing.T) {
	tg, err := Read(bytes.NewReader(modelGz))
	if err != nil {
		t.Fatal(err)
	}
	lt := load(t)
	if !reflect.DeepEqual(tg.Classes(), lt.Classes()) {
		t.Errorf("Read classes %v, Load classes %v", tg.Classes(), lt.Classes())
	}
	words, _ := readGolden(t)
	for i, ws := range words {
		if a, b := tg.Tag(ws), lt.Tag(ws); !reflect.DeepEqual(a, b) {
			t.Fatalf("sentence %d: Read model %v, Load model %v", i, a, b)
		}
	}
}

func TestLoadParallelPath(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(modelGz))
	if err != nil {
		t.Fatal(err)
	}
	if off2, off3 := members(zr.Header.Extra, len(modelGz)); off2 == 0 || off3 == 0 {
		t.Fatalf("embedded model: no member offsets in %q", zr.Header.Extra)
	}
}

func TestCorrupt(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(modelGz))
	if err != nil {
		t.Fatal(err)
	}
	off2, off3 := members(zr.Header.Extra, len(modelGz))
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	// Find the first key record (the bias feature: shared 0, suffix
	// "\x00").
	r := &reader{b: raw.Bytes()[len(Magic):]}
	r.uvarint()
	for range 2 {
		for range r.uvarint() {
			r.str()
		}
	}
	for range r.uvarint() {
		r.str()
		r.byte()
	}
	r.uvarint()
	r.uvarint()
	keys := raw.Len() - len(r.b)
	if r.err != nil || !bytes.HasPrefix(r.b, []byte{0, 1, 0}) {
		t.Fatalf("first key record not found: %v %q", r.err, r.b[:3])
	}
	tg := load(t)
	np := int(tg.pairOff[len(tg.pairOff)-1])

	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	edit := func(f func(b []byte) []byte) []byte {
		return gz(f(append([]byte(nil), raw.Bytes()...)))
	}
	flip := func(b []byte, i int) []byte {
		b = append([]byte(nil), b...)
		b[i] ^= 0x55
		return b
	}
	// Corrupt models in a single gzip member (sequential decoding).
	for name, b := range map[string][]byte{
		"not gzip":   []byte("hello"),
		"bad magic":  gz([]byte("NOTATAGGER")),
		"just magic": gz([]byte(Magic)),
		"truncated":  gz(raw.Bytes()[:raw.Len()/2]),
		"trailing":   edit(func(b []byte) []byte { return append(b, 0) }),
		"bad class":  edit(func(b []byte) []byte { b[len(b)-2*np-1] = 250; return b }),
		"unsorted":   edit(func(b []byte) []byte { b[keys+2] = 0xfe; return b }),
	} {
		if _, err := Read(bytes.NewReader(b)); err == nil {
			t.Errorf("Read %s: no error", name)
		}
		if _, err := loadParallel(b); err == nil {
			t.Errorf("loadParallel %s: no error", name)
		}
	}
	// Corrupt model files on the parallel path.
	for name, b := range map[string][]byte{
		"truncated file":   modelGz[:len(modelGz)-100],
		"first member":     flip(modelGz, off2/2),
		"second member":    flip(modelGz, (off2+off3)/2),
		"third member":     flip(modelGz, (off3+len(modelGz))/2),
		"third member crc": flip(modelGz, len(modelGz)-6),
		"no third member":  modelGz[:off3],
		"extra member":     append(append([]byte(nil), modelGz...), modelGz[off3:]...),
	} {
		if _, err := loadParallel(b); err == nil {
			t.Errorf("loadParallel %s: no error", name)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTag(b *testing.B) {
	tg := load(b)
	sent := strings.Fields("The Apollo program was designed to land humans on the Moon and bring them safely back to Earth in 1969 .")
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(sent)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sent)), "ns/word")
}

func BenchmarkChunks(b *testing.B) {
	tags := strings.Fields("DT NNP NN VBD VBN TO VB NNS IN DT NNP CC VB PRP RB RB TO NN IN CD .")
	b.ReportAllocs()
	for b.Loop() {
		Chunks(tags)
	}
}
