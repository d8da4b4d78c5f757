package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// synonyms returns the synonyms of the clauses' terms (field -> term ->
// synonyms) as bleve's own search finds them before it builds its searchers,
// reading the thesaurus only for the clauses not met before: through r, or,
// when r is nil, a reader opened when one is needed. Nil when the index has
// no synonyms.
func (ix *Index) synonyms(ctx context.Context, r bindex.IndexReader, qs []clause) (search.FieldTermSynonymMap, error) {
	m := ix.bi.Mapping()
	if sm, ok := m.(mapping.SynonymMapping); !ok || sm.SynonymCount() == 0 {
		return nil, nil
	}
	fts := search.FieldTermSynonymMap{}
	for _, c := range qs {
		syn, found := ix.syns.Get(c.key)
		if !found {
			if r == nil {
				adv, err := ix.bi.Advanced()
				if err != nil {
					return nil, fmt.Errorf("index: synonyms: %w", err)
				}
				if r, err = adv.Reader(); err != nil {
					return nil, fmt.Errorf("index: synonyms: %w", err)
				}
				defer r.Close()
			}
			var err error
			if syn, err = synonymsOf(ctx, m, r, []clause{c}); err != nil {
				return nil, err
			}
			ix.syns.Put(c.key, syn)
		}
		for field, terms := range syn {
			to := fts[field]
			if to == nil {
				to = make(map[string][]string, len(terms))
				fts[field] = to
			}
			for t, s := range terms {
				to[t] = s
			}
		}
	}
	return fts, nil
}

// synonymsOf looks up the synonyms the clauses' terms have in the index's
// synonym source, as bleve's own search does before it builds searchers.
func synonymsOf(ctx context.Context, m mapping.IndexMapping, r bindex.IndexReader, clauses []clause) (search.FieldTermSynonymMap, error) {
	sm, ok := m.(mapping.SynonymMapping)
	if !ok || sm.SynonymCount() == 0 {
		return nil, nil
	}
	tr, ok := r.(bindex.ThesaurusReader)
	if !ok {
		return nil, nil
	}
	qs := make([]query.Query, len(clauses))
	for i, c := range clauses {
		qs[i] = c.q
	}
	fts, err := query.ExtractSynonyms(ctx, sm, tr, query.NewDisjunctionQuery(qs), nil)
	if err != nil {
		return nil, fmt.Errorf("index: synonyms: %w", err)
	}
	return fts, nil
}
