package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// synonymCache keeps, for each clause a search has used (by its key), the
// synonyms bleve's thesaurus gives its terms, so that a search hands them to
// bleve as pre-search data instead of bleve reading the thesaurus for every
// term of every question: an index and its thesaurus never change once
// built. When full it starts again. The zero value is ready to use. Safe for
// concurrent use.
type synonymCache struct {
	mu  sync.Mutex
	key map[string]search.FieldTermSynonymMap
}

// maxCachedClauses bounds a synonymCache.
const maxCachedClauses = 1 << 14

func (c *synonymCache) get(key string) (search.FieldTermSynonymMap, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.key[key]
	return m, ok
}

func (c *synonymCache) put(key string, m search.FieldTermSynonymMap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == nil || len(c.key) >= maxCachedClauses {
		c.key = make(map[string]search.FieldTermSynonymMap)
	}
	c.key[key] = m
}

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
		syn, found := ix.syns.get(c.key)
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
			ix.syns.put(c.key, syn)
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
