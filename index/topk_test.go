package index

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"mssmbot/corpus"
)

// TestTopKMatchesBleve checks that the pruned search finds the sentences,
// scores and order bleve's own disjunction finds, on a corpus whose common
// words match thousands of sentences each (so that their clauses are
// bounded and pruned), with synonyms, headings and a country.
func TestTopKMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 9,000-sentence index")
	}
	all := pruneCorpus(t)
	ix, err := Open(context.Background(), all, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    Query
	}{
		{"common words", Query{Stems: stemsOf(ix, "officers deployed police"), Size: 20}},
		{"common and rare words", Query{Stems: stemsOf(ix, "officers zqa zqb mission"), Size: 20}},
		{"with a country", Query{Stems: stemsOf(ix, "troops sent support"), Entities: []string{"Kenya"}, Size: 10}},
		{"one common word", Query{Stems: stemsOf(ix, "security"), Size: 5}},
		{"many words", Query{Stems: stemsOf(ix, "officers police deployed mission security support report council troops sent zqc"), Entities: []string{"Chad"}, Size: 20}},
		{"more wanted than match", Query{Stems: stemsOf(ix, "zqzz zqyy"), Size: 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for round := range 2 { // the second with the bounds learnt
				ix.pruneFrom = 0
				want, err := ix.Search(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				ix.pruneFrom = 1
				got, err := ix.Search(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("round %d: %d hits, bleve %d", round, len(got), len(want))
				}
				in := map[string]bool{}
				for _, h := range want {
					in[idOf(h)] = true
				}
				last := 0.0
				if len(want) > 0 {
					last = want[len(want)-1].Score
				}
				for i := range got {
					if d := math.Abs(got[i].Score - want[i].Score); d > 1e-9*want[i].Score {
						t.Errorf("round %d: hit %d scores %g, bleve %g", round, i, got[i].Score, want[i].Score)
					}
					// A sentence bleve did not keep may only tie with its last.
					if id := idOf(got[i]); !in[id] && math.Abs(got[i].Score-last) > 1e-9*last {
						t.Errorf("round %d: hit %d %s (%g) not among bleve's", round, i, id, got[i].Score)
					}
				}
			}
		})
	}
	// The clauses must include terms with synonyms, read term by term.
	r, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := r.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var cs []clause
	for _, s := range stemsOf(ix, "officers deployed police troops sent") {
		cs = append(cs, clause{q: query.NewTermQuery(s), field: fieldText, term: s})
		cs[len(cs)-1].q.(*query.TermQuery).SetField(fieldText)
	}
	fts, err := synonymsOf(ctx, ix.bi.Mapping(), rd, cs)
	if err != nil {
		t.Fatal(err)
	}
	if len(fts[fieldText]) == 0 {
		t.Error("no term has synonyms: the corpus does not exercise them")
	}
	if len(ix.bounds.max) == 0 {
		t.Error("no clause was bounded: the corpus does not exercise the pruning")
	}
}

func stemsOf(ix *Index, text string) []string {
	var out []string
	for _, t := range ix.Analyze(text) {
		out = append(out, t.Stem)
	}
	return out
}

func idOf(h Hit) string { return sentenceID(h.Sentence.Doc, h.Sentence.Pos) }

// pruneCorpus is 9,000 sentences whose ten common words are in thousands
// of them each, with 400 rarer words, four countries and headings.
func pruneCorpus(t *testing.T) []corpus.Document {
	rng := rand.New(rand.NewPCG(7, 11))
	common := []string{"officers", "police", "deployed", "mission", "security", "support", "report", "council", "troops", "sent"}
	var rare []string
	for i := range 400 {
		rare = append(rare, "zq"+wordOf(i))
	}
	countries := []string{"Kenya", "Jamaica", "Chad", "Benin"}
	var all []corpus.Document
	for d := range 90 {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Report %d\ndate: 2024-01-01\n---\n", d)
		if d%3 == 0 {
			fmt.Fprintf(&b, "# Police %s\n\n", common[d%len(common)])
		}
		for range 100 {
			n := 3 + rng.IntN(14)
			var words []string
			for range n {
				switch x := rng.Float64(); {
				case x < 0.35:
					words = append(words, common[int(math.Floor(float64(len(common))*rng.Float64()*rng.Float64()))])
				case x < 0.4:
					words = append(words, countries[rng.IntN(len(countries))])
				default:
					words = append(words, rare[int(float64(len(rare))*rng.Float64()*rng.Float64())])
				}
			}
			b.WriteString(strings.Join(words, " "))
			b.WriteString(".\n\n")
		}
		doc, err := corpus.Parse(fmt.Sprintf("r%03d.md", d), []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, doc)
	}
	return all
}

// TestWarmBoundsKeptBesideIndex checks that the bounds learnt ahead are
// kept beside a persisted index and read back when it is opened again, so
// that a restart prunes at once, and that they prune correctly.
func TestWarmBoundsKeptBesideIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 9,000-sentence index")
	}
	ctx := context.Background()
	docs, dir := pruneCorpus(t), t.TempDir()
	ix, err := Open(ctx, docs, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ix.WarmBounds(ctx); err != nil || n != 0 {
		t.Fatalf("warm below pruneFrom: %d bounds, %v; want none", n, err)
	}
	ix.pruneFrom = 1
	n, err := ix.WarmBounds(ctx)
	if err != nil || n == 0 {
		t.Fatalf("warm: %d bounds, %v", n, err)
	}
	learnt := maps.Clone(ix.bounds.max)
	if _, ok := learnt["t "+fieldText+" "+stemsOf(ix, "officers")[0]]; !ok {
		t.Errorf("no bound for a common word among %d", n)
	}
	ix.Close()

	ix, err = Open(ctx, docs, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !maps.Equal(ix.bounds.max, learnt) || !ix.bounds.warm {
		t.Fatalf("reopened with %d bounds (warm %v), want the %d learnt", len(ix.bounds.max), ix.bounds.warm, len(learnt))
	}
	q := Query{Stems: stemsOf(ix, "officers deployed police mission"), Size: 20}
	want, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	ix.pruneFrom = 1
	got, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d hits, bleve %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i].Score-want[i].Score) > 1e-9*want[i].Score {
			t.Errorf("hit %d scores %g, bleve %g", i, got[i].Score, want[i].Score)
		}
	}
	if len(ix.bounds.max) != len(learnt) {
		t.Errorf("the search learnt %d bounds more: the warm missed them", len(ix.bounds.max)-len(learnt))
	}
}
