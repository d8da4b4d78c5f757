package bot_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/corpus"
	"mssmbot/index"
)

// benchQuestions are asked round-robin by the answering benchmarks, on the
// embedded corpus and on the synthetic one (whose sentences use the same
// kinds of words).
var benchQuestions = []string{
	"How many Kenyan officers are deployed?",
	"Who leads the MSSM?",
	"How many officers did Kenya initially promise?",
	"Which countries are expected to contribute personnel?",
	"When did Otunge meet the Canadian delegation?",
}

// Synthetic corpus size: docs100k documents of perDoc100k sentences each.
const (
	docs100k   = 1000
	perDoc100k = 100
)

// shared100k holds, once per process, the synthetic corpus and a persisted
// index of it, closed so that each benchmark opens it itself. TestMain
// removes the index folder.
var shared100k struct {
	once sync.Once
	sc   synthCorpus
	err  error
}

type synthCorpus struct {
	docs      []corpus.Document
	dir       string
	sentences int
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared100k.sc.dir != "" {
		os.RemoveAll(shared100k.sc.dir)
	}
	os.Exit(code)
}

func build100k() (synthCorpus, error) {
	docs, err := synthDocs(docs100k, perDoc100k)
	if err != nil {
		return synthCorpus{}, err
	}
	dir, err := os.MkdirTemp("", "mssmbot-bench-100k-")
	if err != nil {
		return synthCorpus{}, err
	}
	sc := synthCorpus{docs: docs, dir: dir}
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: dir})
	if err != nil {
		return sc, err
	}
	sc.sentences = ix.Sentences()
	return sc, ix.Close()
}

func load100k(b *testing.B) synthCorpus {
	b.Helper()
	shared100k.once.Do(func() { shared100k.sc, shared100k.err = build100k() })
	sc, err := shared100k.sc, shared100k.err
	if err != nil {
		b.Fatalf("synthetic corpus: %v", err)
	}
	return sc
}

// openIndex opens the index of docs in dir (a new temporary folder when
// empty), closed when the benchmark ends.
func openIndex(b *testing.B, docs []corpus.Document, dir string) *index.Index {
	b.Helper()
	if dir == "" {
		dir = b.TempDir()
	}
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: dir})
	if err != nil {
		b.Fatalf("open index: %v", err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

func embeddedIndex(b *testing.B) *index.Index {
	b.Helper()
	docs, err := corpus.Default()
	if err != nil {
		b.Fatalf("default corpus: %v", err)
	}
	return openIndex(b, docs, "")
}

func benchAsk(b *testing.B, ix *index.Index) {
	bt := bot.New(ix, nil)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if ans := bt.Ask(ctx, benchQuestions[i%len(benchQuestions)]); ans.Text == "" {
			b.Fatalf("no reply to %q", benchQuestions[i%len(benchQuestions)])
		}
		i++
	}
}

func benchReference(b *testing.B, ix *index.Index) {
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := benchQuestions[i%len(benchQuestions)]
		if _, err := ix.MatchQuery(ctx, q, 10); err != nil {
			b.Fatalf("match %q: %v", q, err)
		}
		i++
	}
}

// BenchmarkAskEmbedded answers questions on the embedded corpus.
func BenchmarkAskEmbedded(b *testing.B) { benchAsk(b, embeddedIndex(b)) }

// BenchmarkReferenceMatchEmbedded is the reference for BenchmarkAskEmbedded:
// one bleve match query for the same question text on the same index.
func BenchmarkReferenceMatchEmbedded(b *testing.B) { benchReference(b, embeddedIndex(b)) }

// BenchmarkAskOverReference asks each question and runs its reference
// match query in turn, on the embedded corpus, and reports the ratio of
// the time they took (ask/ref): on a machine whose speed drifts, the two
// are measured under the same conditions.
func BenchmarkAskOverReference(b *testing.B) {
	ix := embeddedIndex(b)
	bt := bot.New(ix, nil)
	ctx := context.Background()
	var ask, ref time.Duration
	i := 0
	for b.Loop() {
		q := benchQuestions[i%len(benchQuestions)]
		t0 := time.Now()
		if ans := bt.Ask(ctx, q); ans.Text == "" {
			b.Fatalf("no reply to %q", q)
		}
		t1 := time.Now()
		if _, err := ix.MatchQuery(ctx, q, 10); err != nil {
			b.Fatalf("match %q: %v", q, err)
		}
		ask, ref = ask+t1.Sub(t0), ref+time.Since(t1)
		i++
	}
	b.ReportMetric(float64(ask)/float64(ref), "ask/ref")
}

// BenchmarkAsk100k answers questions on the synthetic 100,000-sentence corpus.
func BenchmarkAsk100k(b *testing.B) {
	sc := load100k(b)
	benchAsk(b, openIndex(b, sc.docs, sc.dir))
}

// BenchmarkReferenceMatch100k is the reference for BenchmarkAsk100k.
func BenchmarkReferenceMatch100k(b *testing.B) {
	sc := load100k(b)
	benchReference(b, openIndex(b, sc.docs, sc.dir))
}

// BenchmarkBuild100k builds the index of the synthetic corpus from scratch
// (annotation included) in a new folder each time.
func BenchmarkBuild100k(b *testing.B) {
	sc := load100k(b)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		ix, err := index.Open(ctx, sc.docs, index.Options{Dir: b.TempDir()})
		if err != nil {
			b.Fatalf("build: %v", err)
		}
		ix.Close()
		n++
	}
	b.ReportMetric(float64(sc.sentences*n)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(sc.sentences), "sentences")
}

// BenchmarkReopen100k opens the persisted index of the synthetic corpus: the
// time until it answers (the corpus is already loaded; its hash is checked).
func BenchmarkReopen100k(b *testing.B) {
	sc := load100k(b)
	ctx := context.Background()
	for b.Loop() {
		ix, err := index.Open(ctx, sc.docs, index.Options{Dir: sc.dir})
		if err != nil {
			b.Fatalf("reopen: %v", err)
		}
		if _, err := ix.MatchQuery(ctx, "officers", 1); err != nil {
			b.Fatalf("search after reopen: %v", err)
		}
		ix.Close()
	}
}

// synthDocs generates a deterministic corpus of n documents of about perDoc
// sentences of some twenty words, written as files with front matter and
// parsed by corpus.Parse so that segmentation runs too.
func synthDocs(n, perDoc int) ([]corpus.Document, error) {
	g := newSynth()
	docs := make([]corpus.Document, 0, n)
	for i := range n {
		id := fmt.Sprintf("report-%04d.md", i)
		d, err := corpus.Parse(id, []byte(g.document(i, perDoc)))
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// synth writes plausible news-like English: real words, names, countries and
// demonyms, numbers, money, percentages, dates (absolute and relative),
// abbreviations, plus a long tail of invented words drawn with a Zipf law so
// that the vocabulary is large and skewed like a real one.
type synth struct {
	r    *rand.Rand
	zipf *rand.Zipf
	tail []string
	// plain: running text is drawn from the Zipf law alone (see realText),
	// and four sentences in five are running text.
	plain bool
}

func newSynth() *synth { return newSynthVocab(6000) }

// newSynthVocab is a synth whose invented words number vocab.
func newSynthVocab(vocab int) *synth {
	r := rand.New(rand.NewPCG(2024, 828))
	syll := strings.Fields("ka lo mi ra ten vo su del bar quin to fa ne ri gol ma sen tu pe dor li can ve zo har mun bel ti ro sa")
	tail := make([]string, 0, vocab)
	seen := map[string]bool{}
	for len(tail) < cap(tail) {
		w := ""
		for range 2 + r.IntN(3) + len(tail)/20000 {
			w += syll[r.IntN(len(syll))]
		}
		if !seen[w] {
			seen[w] = true
			tail = append(tail, w)
		}
	}
	return &synth{r: r, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(tail)-1)), tail: tail}
}

var (
	synthCountries = [][2]string{
		{"Kenya", "Kenyan"}, {"Jamaica", "Jamaican"}, {"Nigeria", "Nigerian"}, {"Chad", "Chadian"},
		{"Burundi", "Burundian"}, {"Mauritius", "Mauritian"}, {"Chile", "Chilean"}, {"Bangladesh", "Bangladeshi"},
		{"Barbados", "Barbadian"}, {"Benin", "Beninese"}, {"Canada", "Canadian"}, {"Haiti", "Haitian"},
		{"France", "French"}, {"Brazil", "Brazilian"}, {"Ghana", "Ghanaian"}, {"Senegal", "Senegalese"},
		{"Peru", "Peruvian"}, {"Norway", "Norwegian"}, {"Japan", "Japanese"}, {"India", "Indian"},
		{"Mexico", "Mexican"}, {"Spain", "Spanish"}, {"Egypt", "Egyptian"}, {"Rwanda", "Rwandan"},
		{"Uganda", "Ugandan"}, {"Ethiopia", "Ethiopian"}, {"Morocco", "Moroccan"}, {"Portugal", "Portuguese"},
		{"Argentina", "Argentine"}, {"Colombia", "Colombian"}, {"Ireland", "Irish"}, {"Poland", "Polish"},
	}
	synthFirst  = strings.Fields("Amara Godfrey Gilbert Maria John Aisha Pierre Li Fatima Carlos Elena Samuel Grace Omar Ingrid Kofi Ana Daniel Mei Yusuf")
	synthLast   = strings.Fields("Otunge Masengeli Nwosu Dupont Okafor Silva Haugen Tanaka Mensah Diallo Moreau Kariuki Banda Rossi Alvarez Chen Osei Lindqvist Mwangi Petit")
	synthRoles  = []string{"police commander", "acting inspector general", "epidemiologist", "foreign minister", "mission spokesperson", "engineer", "harbor master", "district judge", "health official", "logistics chief"}
	synthOrgs   = []string{"Multinational Security Support Mission", "harbor authority", "health ministry", "national police", "U.N. office", "regional council", "water board", "port commission"}
	synthNouns  = strings.Fields("officers police troops engineers personnel nurses doctors vehicles boats schools clinics roads bridges payments salaries families gangs delegations reports meetings shipments wells generators volunteers patrols")
	synthAdj    = strings.Fields("elite new additional local foreign senior armed medical temporary regional national heavy small large urgent")
	synthVerbs  = strings.Fields("deployed sent promised pledged reached repaired opened closed inspected delivered trained recruited funded approved delayed")
	synthMonths = strings.Fields("January February March April May June July August September October November December")
	synthAgo    = []string{"two months ago", "earlier this year", "last week", "three years ago", "last month"}
)

func (g *synth) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *synth) country() (name, demonym string) {
	c := synthCountries[g.r.IntN(len(synthCountries))]
	return c[0], c[1]
}

func (g *synth) word() string { return g.tail[g.zipf.Uint64()] }

func (g *synth) number() string {
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%d", 2+g.r.IntN(98))
	case 1:
		return fmt.Sprintf("%d", 100+g.r.IntN(900))
	case 2:
		return fmt.Sprintf("%d,%03d", 1+g.r.IntN(9), g.r.IntN(1000))
	default:
		return fmt.Sprintf("%d.%d", 1+g.r.IntN(9), g.r.IntN(10))
	}
}

func (g *synth) date(year int) string {
	return fmt.Sprintf("%s %d, %d", g.pick(synthMonths), 1+g.r.IntN(28), year)
}

// filler is n words of running text.
func (g *synth) filler(n int) string {
	ws := make([]string, n)
	if g.plain {
		for i := range ws {
			ws[i] = g.word()
		}
		return strings.Join(ws, " ")
	}
	for i := range ws {
		switch g.r.IntN(5) {
		case 0:
			ws[i] = g.pick(synthNouns)
		case 1:
			ws[i] = g.pick([]string{"the", "of", "in", "and", "for", "with", "near", "after"})
		default:
			ws[i] = g.word()
		}
	}
	return strings.Join(ws, " ")
}

func (g *synth) sentence(year int) string {
	if g.plain && g.r.IntN(5) != 0 {
		s := g.filler(14 + g.r.IntN(12))
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	c1, d1 := g.country()
	c2, _ := g.country()
	c3, d3 := g.country()
	name := g.pick(synthFirst) + " " + g.pick(synthLast)
	switch g.r.IntN(7) {
	case 0:
		return fmt.Sprintf("Currently, %s has %s %s %s %s to %s, though it had initially %s %s for the %s.",
			c1, g.pick(synthVerbs), g.number(), g.pick(synthAdj), g.pick(synthNouns), c2, g.pick(synthVerbs), g.number(), g.filler(4))
	case 1:
		return fmt.Sprintf("%s commander %s, leading the %s in %s, urged other nations to contribute %s to the %s.",
			d1, name, g.pick(synthOrgs), c2, g.pick(synthNouns), g.filler(3))
	case 2:
		return fmt.Sprintf("Dr. %s, a %s %s, said on %s that the %s of %s %s would continue.",
			name, d3, g.pick(synthRoles), g.date(year), g.filler(3), g.pick(synthNouns), g.pick(synthVerbs))
	case 3:
		return fmt.Sprintf("The %s aims to reach a total of %s %s from %s, %s, and %s by %s %d.",
			g.pick(synthOrgs), g.number(), g.pick(synthNouns), c1, c2, c3, g.pick(synthMonths), year+1)
	case 4:
		return fmt.Sprintf("About %d%% of the %s in %s received $%s million %s, according to the %s.",
			1+g.r.IntN(99), g.pick(synthNouns), c1, g.number(), g.pick(synthAgo), g.pick(synthOrgs))
	case 5:
		return fmt.Sprintf("Mr. %s told reporters that the %s %s had %s %s %s near the U.N. compound.",
			g.pick(synthLast), d1, g.pick(synthNouns), g.pick(synthVerbs), g.number(), g.filler(5))
	default:
		s := g.filler(16 + g.r.IntN(8))
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
}

func (g *synth) document(i, sentences int) string {
	year := 2015 + i%10
	date := time.Date(year, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	c, _ := g.country()
	var sb strings.Builder
	fmt.Fprintf(&sb, "---\ntitle: Field report %d on %s\ndate: %s\nsource: synthetic benchmark corpus\n---\n", i, c, date.Format("2006-01-02"))
	fmt.Fprintf(&sb, "# Field report %d\n\n", i) // the heading is the first sentence
	for k := 1; k < sentences; k++ {
		switch {
		case k%10 == 0:
			fmt.Fprintf(&sb, "\n- %s\n", g.sentence(year))
		case k%6 == 0:
			fmt.Fprintf(&sb, "%s\n\n", g.sentence(year))
		default:
			fmt.Fprintf(&sb, "%s ", g.sentence(year))
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

func TestSynthDocs(t *testing.T) {
	docs, err := synthDocs(20, perDoc100k)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if len(d.Sentences) != perDoc100k {
			t.Errorf("%s: %d sentences, want %d; body:\n%s", d.ID, len(d.Sentences), perDoc100k, d.Body)
			break
		}
	}
}

var (
	synthZipf  = flag.Bool("synth.zipf", true, "TestWriteSynthCorpus: every word of running text drawn by one Zipf law, as in real text (false: the 100k benchmarks' templates)")
	synthOut   = flag.String("synth.out", "", "TestWriteSynthCorpus: write the synthetic corpus under this folder")
	synthN     = flag.Int("synth.n", 1000000, "TestWriteSynthCorpus: sentences")
	synthVocab = flag.Int("synth.vocab", 120000, "TestWriteSynthCorpus: invented words, drawn with a Zipf law")
)

// TestWriteSynthCorpus writes the large synthetic corpus the scale figures
// in the README are measured on: -synth.n sentences (1,000,000) in files of
// 100, their invented words drawn with a Zipf law over -synth.vocab words
// (120,000).
//
//	go test ./bot -run TestWriteSynthCorpus -synth.out /tmp/c1m
func TestWriteSynthCorpus(t *testing.T) {
	if *synthOut == "" {
		t.Skip("writes a corpus: run with -synth.out DIR")
	}
	if err := os.MkdirAll(*synthOut, 0o755); err != nil {
		t.Fatal(err)
	}
	g := newSynthVocab(*synthVocab)
	if *synthZipf {
		g.realText()
	}
	for i := range *synthN / perDoc100k {
		name := filepath.Join(*synthOut, fmt.Sprintf("report-%06d.md", i))
		if err := os.WriteFile(name, []byte(g.document(i, perDoc100k)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// realText makes g write as real text is distributed: every word of running
// text drawn by one Zipf law over one vocabulary — function words first,
// the template's nouns, adjectives and verbs among the first few thousand
// ranks (as "officers" or "deployed" are in English), then the invented
// tail — and four sentences in five of running text only.
func (g *synth) realText() {
	function := strings.Fields("the of and to in a is that for on was with as by at from it be this are an were which has have had not but or its their said")
	content := append(append(append([]string{}, synthNouns...), synthAdj...), synthVerbs...)
	vocab := append([]string{}, function...)
	// The content words at ranks spread from 300 to 3,000, between tail words.
	pos := map[int]string{}
	for i, w := range content {
		pos[300+i*2700/len(content)] = w
	}
	for i, k := len(vocab), 0; k < len(g.tail); i++ {
		if w, ok := pos[i]; ok {
			vocab = append(vocab, w)
			continue
		}
		vocab = append(vocab, g.tail[k])
		k++
	}
	g.tail = vocab
	g.zipf = rand.NewZipf(g.r, 1.07, 1, uint64(len(vocab)-1))
	g.plain = true
}

var (
	benchCorpus = flag.String("bench.corpus", "", "BenchmarkAskLarge: the corpus folder (e.g. the one TestWriteSynthCorpus wrote)")
	benchIndex  = flag.String("bench.index", "", "BenchmarkAskLarge: its index folder (built with `mssmbot index build`)")
)

// largeIndex reopens the persisted index of -bench.corpus in -bench.index.
func largeIndex(b *testing.B) *index.Index {
	b.Helper()
	if *benchCorpus == "" || *benchIndex == "" {
		b.Skip("needs -bench.corpus DIR -bench.index DIR (see TestWriteSynthCorpus and `mssmbot index build`)")
	}
	m, err := corpus.ScanDirs([]string{*benchCorpus}, false)
	if err != nil {
		b.Fatal(err)
	}
	ix, why := index.Reopen(*benchIndex, m, index.Options{})
	if ix == nil {
		b.Fatalf("reopen %s: %s", *benchIndex, why)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

// BenchmarkAskLarge answers questions on a large persisted corpus (the
// 1,000,000-sentence synthetic one for the README's figures).
//
//	go test ./bot -run '^$' -bench 'Large' -bench.corpus /tmp/c1m -bench.index /tmp/i1m
func BenchmarkAskLarge(b *testing.B) { benchAsk(b, largeIndex(b)) }

// BenchmarkReferenceMatchLarge is the reference for BenchmarkAskLarge.
func BenchmarkReferenceMatchLarge(b *testing.B) { benchReference(b, largeIndex(b)) }
