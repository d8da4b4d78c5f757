package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"mssmbot/corpus"
)

// TestSynonymsHandedToBleve checks that a search handing bleve the cached
// synonyms finds the sentences, scores and order of bleve's own search,
// which reads them from the thesaurus, before and after the cache is warm.
func TestSynonymsHandedToBleve(t *testing.T) {
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), docs, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	withSynonyms := 0
	for _, tc := range []struct {
		name string
		q    Query
	}{
		{"synonyms of common words", Query{Stems: stemsOf(ix, "how many cops were sent"), Size: 20}},
		{"a country", Query{Stems: stemsOf(ix, "who pledged troops"), Entities: []string{"Kenya"}, Size: 10}},
		{"words without synonyms", Query{Stems: stemsOf(ix, "zqzz gang"), Size: 5}},
		{"heading words", Query{Stems: stemsOf(ix, "funding background mission leader"), Size: 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qs := ix.clauses(tc.q)
			fts, err := ix.synonyms(ctx, nil, qs)
			if err != nil {
				t.Fatal(err)
			}
			withSynonyms += len(fts[fieldText])
			ds := make([]query.Query, len(qs))
			for i, c := range qs {
				ds[i] = c.q
			}
			res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(ds...), tc.q.Size, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			for round := range 2 { // the second with every clause cached
				ids, scores, err := ix.best(ctx, qs, tc.q.Size)
				if err != nil {
					t.Fatal(err)
				}
				if len(ids) != len(res.Hits) {
					t.Fatalf("round %d: %d hits, bleve %d", round, len(ids), len(res.Hits))
				}
				for i, h := range res.Hits {
					if ids[i] != h.ID || scores[i] != h.Score {
						t.Errorf("round %d: hit %d is %s (%g), bleve's %s (%g)", round, i, ids[i], scores[i], h.ID, h.Score)
					}
				}
			}
		})
	}
	if withSynonyms == 0 {
		t.Error("no term has synonyms: the questions do not exercise them")
	}
}
