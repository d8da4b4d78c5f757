package index

import (
	"bufio"
	"context"
	"encoding/gob"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// pruneFrom is the corpus size, in sentences, from which a search finds its
// best sentences with MaxScore instead of bleve's disjunction. Below it
// bleve visits few enough postings that pruning saves nothing.
const pruneFrom = 20000

// boundFrom is how many sentences a clause must match before its best score
// is worth knowing: a rarer clause is always read in full.
const boundFrom = 1000

// clause is one disjunct of a search, with a key naming it in the bounds:
// a term of a field at a boost, or (term "") any other query.
type clause struct {
	q           query.Query
	key         string
	field, term string
	boost       float64
}

// termClause is the clause for term in field at boost.
func termClause(field, term string, boost float64) clause {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	if boost != 1 {
		tq.SetBoost(boost)
	}
	return clause{q: tq, key: "t " + field + " " + term, field: field, term: term, boost: boost}
}

// clauseOf returns the clause named key.
func clauseOf(clauses []clause, key string) clause {
	for _, c := range clauses {
		if c.key == key {
			return c
		}
	}
	return clause{}
}

// scaleOf is what the bound of the clause named key is multiplied by: a
// term's boost (its bound is kept at boost 1, for every boost it is
// searched at), else 1.
func scaleOf(clauses []clause, key string) float64 {
	if c := clauseOf(clauses, key); c.term != "" {
		return c.boost
	}
	return 1
}

// bounds holds, for the clauses of past searches that match many sentences,
// the best score each gives any sentence at query norm 1 (a clause's scores
// scale with the norm). The index never changes once built, so they hold
// for its life.
type bounds struct {
	mu  sync.Mutex
	max map[string]float64
	// warm is set once every common term's bound is held (learnt ahead,
	// or read from beside the index, which keeps them only then).
	warm bool
}

func (b *bounds) get(key string) (float64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.max[key]
	return v, ok
}

func (b *bounds) put(key string, v float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.max == nil {
		b.max = map[string]float64{}
	}
	b.max[key] = v
}

// scored is one sentence of a result: bleve's internal id and its score.
type scored struct {
	id    bindex.IndexInternalID
	score float64
}

// topK returns the ids of the k sentences bleve's disjunction of the
// clauses scores best, best first, with their scores, as bleve would return
// them (equal scores in index order). It scores only the sentences that can
// reach the k best: MaxScore (Turtle and Flood, 1995). A clause's best score
// is learnt once, from a pass over its postings; the clauses whose best
// scores together (times bleve's coordination factor) cannot beat the k-th
// score found so far stop proposing sentences, and are only read, by
// skipping ahead, for the sentences the others propose.
//
// The scores are bleve's: each term's from bleve's term searcher, summed
// in bleve's order and coordinated as its disjunctions do (a term's
// synonyms too). Only the walk is topK's own, so that a clause skips
// straight to a sentence and a synonym that has run out is left alone.
func (ix *Index) topK(ctx context.Context, clauses []clause, k int) ([]string, []float64, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("index: top k: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("index: top k: reader: %w", err)
	}
	defer r.Close()
	m := ix.bi.Mapping()
	fts, err := ix.synonyms(ctx, r, clauses)
	if err != nil {
		return nil, nil, err
	}
	var cs []*node
	defer func() {
		for _, c := range cs {
			c.close()
		}
	}()
	for _, cl := range clauses {
		c, err := newNode(ctx, r, m, fts, cl)
		if err != nil {
			return nil, nil, err
		}
		cs = append(cs, c)
	}
	pool := 1 + k
	for _, c := range cs {
		pool += len(c.leaves)
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(pool, 0)}

	// The query norm and the order of the sum, as bleve's disjunction has
	// them: clauses by how many sentences they match.
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].count < cs[j].count })
	sumSq := 0.0
	for _, c := range cs {
		for _, l := range c.leaves {
			sumSq += l.s.Weight()
		}
	}
	norm := 1 / math.Sqrt(sumSq)
	for i, c := range cs {
		c.pos = i
		for _, l := range c.leaves {
			l.s.SetQueryNorm(norm)
		}
		c.ub = math.Inf(1)
		if c.count == 0 {
			c.ub = 0
		} else if c.count >= boundFrom {
			best, err := ix.bestScore(ctx, r, m, fts, clauses, c.key)
			if err != nil {
				return nil, nil, err
			}
			c.ub = best * scaleOf(clauses, c.key) * norm * (1 + 1e-9)
		}
	}

	// byBound holds the clauses by best score, lowest first; the first
	// nonEss of them propose no sentences.
	byBound := append([]*node(nil), cs...)
	sort.SliceStable(byBound, func(i, j int) bool { return byBound[i].ub < byBound[j].ub })
	prefix := make([]float64, len(byBound)+1)
	for i, c := range byBound {
		prefix[i+1] = prefix[i] + c.ub
	}
	n := float64(len(cs))
	nonEss := 0
	theta := math.Inf(-1)
	shrink := func() {
		for nonEss < len(byBound) && prefix[nonEss+1]*float64(nonEss+1)/n <= theta {
			nonEss++
		}
	}
	shrink()

	for _, c := range cs {
		if c.ub == 0 {
			continue
		}
		if err := c.start(sctx); err != nil {
			return nil, nil, err
		}
	}
	best := &topHeap{k: k}
	scores := make([]float64, len(cs))
	matched := make([]bool, len(cs))
	var cand bindex.IndexInternalID
	for {
		cand = cand[:0]
		for _, c := range byBound[nonEss:] {
			if c.at != nil && (len(cand) == 0 || c.at.Compare(cand) < 0) {
				cand = append(cand[:0], c.at...)
			}
		}
		if len(cand) == 0 {
			break
		}
		clear(matched)
		sum, count := 0.0, 0
		for _, c := range byBound[nonEss:] {
			if c.at == nil || !c.at.Equals(cand) {
				continue
			}
			scores[c.pos], matched[c.pos] = c.score(), true
			sum += scores[c.pos]
			count++
			if err := c.next(sctx); err != nil {
				return nil, nil, err
			}
		}
		for j := nonEss - 1; j >= 0; j-- {
			if (sum+prefix[j+1])*float64(count+j+1)/n <= theta {
				break
			}
			c := byBound[j]
			if c.ub == 0 {
				continue
			}
			if err := c.advance(sctx, cand); err != nil {
				return nil, nil, err
			}
			if c.at != nil && c.at.Equals(cand) {
				scores[c.pos], matched[c.pos] = c.score(), true
				sum += scores[c.pos]
				count++
			}
		}
		// The score as bleve sums it: clause by clause in its order.
		sum = 0
		for i, ok := range matched {
			if ok {
				sum += scores[i]
			}
		}
		score := sum * (float64(count) / n)
		if len(best.h) < best.k || score > theta {
			if best.offer(scored{id: append(bindex.IndexInternalID(nil), cand...), score: score}) {
				theta = best.floor()
				shrink()
			}
		}
	}
	hits := best.sorted()
	ids := make([]string, len(hits))
	out := make([]float64, len(hits))
	for i, h := range hits {
		id, err := r.ExternalID(h.id)
		if err != nil {
			return nil, nil, fmt.Errorf("index: top k: id: %w", err)
		}
		ids[i], out[i] = id, h.score
	}
	return ids, out, nil
}

// node is one clause of a search: its term and the term's synonyms, each
// read by its own bleve term searcher (or, for an entity, the one searcher
// bleve makes for it), and the sentence it stands on.
type node struct {
	key    string
	leaves []*leaf // in bleve's order of the sum
	n      float64 // how many terms its coordination factor counts
	count  uint64  // how many postings it holds
	pos    int     // place in the search's order of the sum
	ub     float64 // the best score it gives a sentence, at this search's norm
	at     bindex.IndexInternalID
	buf    bindex.IndexInternalID
}

type leaf struct {
	s   search.Searcher
	cur *search.DocumentMatch
}

// newNode makes the searchers of one clause: for a term with synonyms, one
// for the term at its boost and one for each synonym at half of it, as
// bleve's synonym searcher does.
func newNode(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, fts search.FieldTermSynonymMap, cl clause) (*node, error) {
	c := &node{key: cl.key}
	add := func(s search.Searcher) {
		c.leaves = append(c.leaves, &leaf{s: s})
		c.count += s.Count()
	}
	if cl.term == "" {
		if fts != nil {
			ctx = context.WithValue(ctx, search.FieldTermSynonymMapKey, fts)
		}
		s, err := cl.q.Searcher(ctx, r, m, search.SearcherOptions{})
		if err != nil {
			return nil, fmt.Errorf("index: top k: searcher %s: %w", cl.key, err)
		}
		add(s)
		c.n = 1
		return c, nil
	}
	// ctx holds no synonyms: each term gets a plain term searcher.
	for i, t := range append([]string{cl.term}, fts[cl.field][cl.term]...) {
		boost := cl.boost
		if i > 0 {
			boost /= 2
		}
		s, err := searcher.NewTermSearcher(ctx, r, t, cl.field, boost, search.SearcherOptions{})
		if err != nil {
			c.close()
			return nil, fmt.Errorf("index: top k: searcher %s: %w", t, err)
		}
		add(s)
	}
	c.n = float64(len(c.leaves))
	sort.SliceStable(c.leaves, func(i, j int) bool { return c.leaves[i].s.Count() < c.leaves[j].s.Count() })
	return c, nil
}

func (c *node) close() {
	for _, l := range c.leaves {
		_ = l.s.Close()
	}
}

// start puts every term on its first sentence.
func (c *node) start(sctx *search.SearchContext) error {
	for _, l := range c.leaves {
		var err error
		if l.cur, err = l.s.Next(sctx); err != nil {
			return fmt.Errorf("index: top k: %s: %w", c.key, err)
		}
	}
	c.settle()
	return nil
}

// settle sets at to the first sentence any of the terms stands on.
func (c *node) settle() {
	c.at = nil
	for _, l := range c.leaves {
		if l.cur != nil && (c.at == nil || l.cur.IndexInternalID.Compare(c.at) < 0) {
			c.at = l.cur.IndexInternalID
		}
	}
}

// score is the clause's score for the sentence at: its terms' scores there,
// times the share of its terms found, as bleve's disjunction counts it.
func (c *node) score() float64 {
	if len(c.leaves) == 1 {
		return c.leaves[0].cur.Score
	}
	sum, found := 0.0, 0
	for _, l := range c.leaves {
		if l.cur != nil && l.cur.IndexInternalID.Equals(c.at) {
			sum += l.cur.Score
			found++
		}
	}
	return sum * (float64(found) / c.n)
}

// next moves the terms standing on at to their next sentences.
func (c *node) next(sctx *search.SearchContext) error {
	// at is a leaf's, and the pool reuses a leaf's match once it moves on.
	c.buf = append(c.buf[:0], c.at...)
	at := c.buf
	for _, l := range c.leaves {
		if l.cur == nil || !l.cur.IndexInternalID.Equals(at) {
			continue
		}
		sctx.DocumentMatchPool.Put(l.cur)
		var err error
		if l.cur, err = l.s.Next(sctx); err != nil {
			return fmt.Errorf("index: top k: %s: %w", c.key, err)
		}
	}
	c.settle()
	return nil
}

// advance moves the terms that stand before id to id or past it; a term
// that has run out stays out.
func (c *node) advance(sctx *search.SearchContext, id bindex.IndexInternalID) error {
	if c.at == nil || c.at.Compare(id) >= 0 {
		return nil
	}
	for _, l := range c.leaves {
		if l.cur == nil || l.cur.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		sctx.DocumentMatchPool.Put(l.cur)
		var err error
		if l.cur, err = l.s.Advance(sctx, id); err != nil {
			return fmt.Errorf("index: top k: %s: %w", c.key, err)
		}
	}
	c.settle()
	return nil
}

// bestScore returns the best score the clause named key gives any sentence
// at query norm 1 (and, for a term, boost 1), from the bounds or from one
// pass over its postings.
func (ix *Index) bestScore(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, fts search.FieldTermSynonymMap, clauses []clause, key string) (float64, error) {
	if v, ok := ix.bounds.get(key); ok {
		return v, nil
	}
	cl := clauseOf(clauses, key)
	if cl.term != "" {
		cl.boost = 1 // a term's scores scale with its boost
	}
	c, err := newNode(ctx, r, m, fts, cl)
	if err != nil {
		return 0, err
	}
	defer c.close()
	for _, l := range c.leaves {
		l.s.SetQueryNorm(1)
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(len(c.leaves)+1, 0)}
	best := 0.0
	if err := c.start(sctx); err != nil {
		return 0, err
	}
	for c.at != nil {
		best = max(best, c.score())
		if err := c.next(sctx); err != nil {
			return 0, err
		}
	}
	ix.bounds.put(key, best)
	return best, nil
}

// topHeap keeps the k best sentences offered, a min-heap on the score with
// the later sentence lower among equals (bleve keeps the earlier).
type topHeap struct {
	k int
	h []scored
}

func (t *topHeap) less(a, b scored) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.id.Compare(b.id) > 0
}

// offer adds s if it is among the k best so far, and says whether the
// heap's floor may have risen.
func (t *topHeap) offer(s scored) bool {
	if len(t.h) < t.k {
		t.h = append(t.h, s)
		t.up(len(t.h) - 1)
		return len(t.h) == t.k
	}
	if s.score <= t.h[0].score {
		return false
	}
	t.h[0] = s
	t.down(0)
	return true
}

// floor is the score a sentence must beat to enter: the k-th best score,
// or minus infinity while there are fewer than k.
func (t *topHeap) floor() float64 {
	if len(t.h) < t.k {
		return math.Inf(-1)
	}
	return t.h[0].score
}

func (t *topHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.less(t.h[i], t.h[p]) {
			return
		}
		t.h[i], t.h[p] = t.h[p], t.h[i]
		i = p
	}
}

func (t *topHeap) down(i int) {
	for {
		l, small := 2*i+1, i
		if l < len(t.h) && t.less(t.h[l], t.h[small]) {
			small = l
		}
		if r := l + 1; r < len(t.h) && t.less(t.h[r], t.h[small]) {
			small = r
		}
		if small == i {
			return
		}
		t.h[i], t.h[small] = t.h[small], t.h[i]
		i = small
	}
}

// sorted returns the kept sentences best first, equal scores in index order.
func (t *topHeap) sorted() []scored {
	out := append([]scored(nil), t.h...)
	sort.Slice(out, func(i, j int) bool { return t.less(out[j], out[i]) })
	return out
}

// boundsFile keeps a persisted index's learnt bounds (gob), written by
// WarmBounds.
const boundsFile = "mssmbot-bounds.gob"

// storedBounds are the bounds of the corpus of Hash.
type storedBounds struct {
	Hash string
	Max  map[string]float64
}

// readBounds takes the bounds kept beside a persisted index, if they are
// this corpus's.
func (ix *Index) readBounds() {
	if ix.dir == "" || ix.temporary {
		return
	}
	f, err := os.Open(filepath.Join(ix.dir, boundsFile))
	if err != nil {
		return
	}
	defer f.Close()
	var sb storedBounds
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&sb); err != nil || sb.Hash != ix.hash {
		return
	}
	ix.bounds.mu.Lock()
	ix.bounds.max, ix.bounds.warm = sb.Max, true
	ix.bounds.mu.Unlock()
}

// WarmBounds learns the best score of every term that a search of this
// index would bound (one in boundFrom sentences or more, in the text, the
// headings or the lead-ins), so that no question pays for the pass over a
// common term's postings, and keeps them beside a persisted index for its
// next start. It returns how many bounds the index holds. On an index that
// Search does not prune it does nothing.
func (ix *Index) WarmBounds(ctx context.Context) (int, error) {
	if len(ix.shards) != 1 || ix.pruneFrom <= 0 || ix.sentences < ix.pruneFrom {
		return 0, nil
	}
	ix.bounds.mu.Lock()
	warm, held := ix.bounds.warm, len(ix.bounds.max)
	ix.bounds.mu.Unlock()
	if warm {
		return held, nil
	}
	var todo []clause
	want := func(field string, terms []string, count func(string) int) {
		sort.Strings(terms)
		for _, t := range terms {
			if _, ok := ix.bounds.get("t " + field + " " + t); !ok && count(t) >= boundFrom {
				todo = append(todo, termClause(field, t, 1))
			}
		}
	}
	ix.vocab.mu.Lock()
	text := make([]string, 0, len(ix.vocab.m))
	for t := range ix.vocab.m {
		text = append(text, t)
	}
	ix.vocab.mu.Unlock()
	want(fieldText, text, ix.vocab.get)
	for field, v := range map[string]map[string]int{fieldSection: ix.sectionVoc, fieldLead: ix.leadVoc} {
		want(field, slices.Collect(maps.Keys(v)), func(t string) int { return v[t] })
	}
	if len(todo) > 0 {
		adv, err := ix.bi.Advanced()
		if err != nil {
			return 0, fmt.Errorf("index: bounds: %w", err)
		}
		r, err := adv.Reader()
		if err != nil {
			return 0, fmt.Errorf("index: bounds: reader: %w", err)
		}
		defer r.Close()
		m := ix.bi.Mapping()
		for _, cl := range todo {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			fts, err := ix.synonyms(ctx, r, []clause{cl})
			if err != nil {
				return 0, err
			}
			if _, err := ix.bestScore(ctx, r, m, fts, []clause{cl}, cl.key); err != nil {
				return 0, err
			}
		}
	}
	ix.bounds.mu.Lock()
	ix.bounds.warm = true
	sb := storedBounds{Hash: ix.hash, Max: maps.Clone(ix.bounds.max)}
	ix.bounds.mu.Unlock()
	if ix.dir != "" && !ix.temporary {
		writeGob(filepath.Join(ix.dir, boundsFile), sb) // best effort: the folder may be read-only
	}
	return len(sb.Max), nil
}
