package index

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"mssmbot/corpus"
)

//go:embed thesaurus.txt
var thesaurusTxt []byte

// Thesaurus holds general English synonym groups.
type Thesaurus struct {
	groups [][]string
}

func loadThesaurus() (*Thesaurus, error) {
	th := &Thesaurus{}
	sc := bufio.NewScanner(bytes.NewReader(thesaurusTxt))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g []string
		for _, w := range strings.Split(line, ",") {
			if w = strings.TrimSpace(w); w != "" {
				g = append(g, w)
			}
		}
		th.groups = append(th.groups, g)
	}
	return th, sc.Err()
}

// Term is one analyzed word of a text: its stem and its byte offsets.
type Term struct {
	Stem       string
	Start, End int
}

// Analyze runs the index's English analyzer (lower case, stop words,
// possessives, stemming) over text. The terms of a word or short phrase
// are shared: read only.
func (ix *Index) Analyze(text string) []Term {
	word := len(text) <= maxCachedWord
	if word {
		if ts, ok := ix.words.Get(text); ok {
			return ts
		}
	}
	ts := ix.analyzer.Analyze([]byte(text))
	out := make([]Term, 0, len(ts))
	for _, t := range ts {
		out = append(out, Term{Stem: string(t.Term), Start: t.Start, End: t.End})
	}
	if word {
		out = out[:len(out):len(out)] // an append by the caller copies
		ix.words.Put(text, out)
	}
	return out
}

// maxCachedWord is the longest word or phrase, in bytes, whose analysis the index keeps.
const maxCachedWord = 40

// Related returns the stems equivalent to stem through the thesaurus,
// including stem itself.
func (ix *Index) Related(stem string) []string {
	if rel, ok := ix.related[stem]; ok {
		return rel
	}
	return []string{stem}
}

// stemThesaurus analyzes every thesaurus word once: stem -> equivalent stems.
func (ix *Index) stemThesaurus() {
	ix.related = map[string][]string{}
	for _, g := range ix.thesaurus.groups {
		var stems []string
		for _, w := range g {
			if s := ix.stemOf(w); s != "" && !contains(stems, s) {
				stems = append(stems, s)
			}
		}
		for _, s := range stems {
			rel := ix.related[s]
			if rel == nil {
				rel = []string{s}
			}
			for _, o := range stems {
				if !contains(rel, o) {
					rel = append(rel, o)
				}
			}
			ix.related[s] = rel
		}
	}
}

func (ix *Index) stemOf(word string) string {
	ts := ix.analyzer.Analyze([]byte(word))
	if len(ts) == 0 {
		return ""
	}
	return string(ts[0].Term)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DocFreq is the number of sentences holding stem.
func (ix *Index) DocFreq(stem string) int { return ix.vocab.get(stem) }

// IDFOf is the inverse document frequency of a term held by df sentences.
func (ix *Index) IDFOf(df int) float64 {
	return math.Log(1 + float64(ix.sentences)/float64(max(df, 1)))
}

// MaxIDF is the weight of the rarest possible term.
func (ix *Index) MaxIDF() float64 { return ix.IDFOf(1) }

// freqIn is the number of sentences whose field vocabulary holds every word of name.
func (ix *Index) freqIn(vocab map[string]int, name string) int {
	n := -1
	for _, t := range ix.Analyze(name) {
		if df := vocab[t.Stem]; n < 0 || df < n {
			n = df
		}
	}
	return max(n, 0)
}

// CountryFreq is the number of sentences mentioning a country (by name or demonym).
func (ix *Index) CountryFreq(country string) int { return ix.freqIn(ix.entVocab, country) }

// PersonFreq is the number of sentences about a person named (in part) name,
// pronoun references included.
func (ix *Index) PersonFreq(name string) int { return ix.freqIn(ix.peopleVoc, name) }

// PersonStemFreq is the number of sentences about a person whose name has
// the analyzed term stem.
func (ix *Index) PersonStemFreq(stem string) int { return ix.peopleVoc[stem] }

// IDF is the inverse document frequency of stem (0 when absent).
func (ix *Index) IDF(stem string) float64 {
	df := ix.vocab.get(stem)
	if df == 0 {
		return 0
	}
	return math.Log(1 + float64(ix.sentences)/float64(df))
}

// Correct returns the vocabulary term nearest to a stem the corpus lacks
// (bleve's fuzzy term dictionary: edit distance 1, or 2 for long words), or ""
// when none is near.
func (ix *Index) Correct(stem string) string {
	if len(stem) < 4 || ix.vocab.get(stem) > 0 {
		return ""
	}
	if c, ok := ix.corrections.get(stem); ok {
		return c
	}
	best, bestDF := "", -1
	for fuzz := 1; fuzz <= 2 && best == ""; fuzz++ {
		if fuzz == 2 && len(stem) < 7 {
			break
		}
		for _, bi := range ix.shards {
			for _, term := range fuzzyTerms(bi, stem, fuzz) {
				// Fuzzy dictionaries carry no counts: rank by the vocabulary's.
				if df := ix.vocab.get(term); df > bestDF {
					best, bestDF = term, df
				}
			}
		}
	}
	ix.corrections.put(stem, best)
	return best
}

// corrections remembers the corrections made (the index does not change,
// and a fuzzy walk of a large term dictionary takes a good part of a
// millisecond), up to maxCorrections of them.
type corrections struct {
	mu sync.Mutex
	m  map[string]string
}

const maxCorrections = 20000

func (c *corrections) get(stem string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[stem]
	return v, ok
}

func (c *corrections) put(stem, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	if len(c.m) < maxCorrections {
		c.m[stem] = v
	}
}

func fuzzyTerms(bi bleve.Index, stem string, fuzz int) []string {
	adv, err := bi.Advanced()
	if err != nil {
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	fd, err := fr.FieldDictFuzzy(fieldText, stem, fuzz, "")
	if err != nil {
		return nil
	}
	defer fd.Close()
	var out []string
	for {
		e, err := fd.Next()
		if err != nil || e == nil {
			return out
		}
		out = append(out, e.Term)
	}
}

// holds reports that vocabulary v has stem or one of its synonyms.
func (ix *Index) holds(v map[string]int, stem string) bool {
	for _, r := range ix.Related(stem) {
		if v[r] > 0 {
			return true
		}
	}
	return false
}

// Hit is one sentence found, with its annotations.
type Hit struct {
	Sentence corpus.Sentence
	Ann      corpus.Annotations
	Score    float64
	// Terms and Tokens are the sentence analyzed and tokenized (shared: read only).
	Terms  []Term
	Tokens []corpus.Token
}

// Query is what to look for: stems matched against the sentence text
// (synonyms expand through bleve's synonym source) and entity names matched
// against the sentence's countries, people and acronyms.
type Query struct {
	Stems    []string
	Entities []string
	Size     int
}

// Search returns the best sentences for q, best first.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	qs := ix.clauses(q)
	if len(qs) == 0 {
		return nil, nil
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	ids, scores, err := ix.best(ctx, qs, size)
	if err != nil {
		return nil, err
	}
	loaded, found, err := ix.load(ctx, ids)
	if err != nil {
		return nil, err
	}
	hits := loaded[:0]
	for k := range ids {
		if found[k] {
			hit := loaded[k]
			hit.Score = scores[k]
			hits = append(hits, hit)
		}
	}
	return hits, nil
}

// clauses are the query's clauses, of which a sentence's score is bleve's disjunction.
func (ix *Index) clauses(q Query) []clause {
	var qs []clause
	term := func(field, s string, boost float64) { qs = append(qs, termClause(field, s, boost)) }
	for _, s := range q.Stems {
		term(fieldText, s, 1)
		// The headings and lead-ins weigh less; a clause on them that no
		// heading or lead-in can match (neither the stem nor a synonym) is
		// left out, sparing bleve its readers.
		if ix.holds(ix.sectionVoc, s) {
			term(fieldSection, s, 0.5)
		}
		if ix.holds(ix.leadVoc, s) {
			term(fieldLead, s, 0.5)
		}
	}
	for _, e := range q.Entities {
		mq := bleve.NewMatchQuery(e)
		mq.SetField(fieldEnts)
		mq.SetBoost(0.8)
		qs = append(qs, clause{q: mq, key: "m " + fieldEnts + " " + e + " 0.8"})
	}
	return qs
}

// best returns the ids and scores of the size sentences the disjunction of
// the clauses scores best, best first: from bleve's disjunction on a small
// corpus or over shards, from topK on one large index.
func (ix *Index) best(ctx context.Context, qs []clause, size int) ([]string, []float64, error) {
	if len(ix.shards) == 1 && ix.pruneFrom > 0 && ix.sentences >= ix.pruneFrom {
		return ix.topK(ctx, qs, size)
	}
	ds := make([]query.Query, len(qs))
	for i, c := range qs {
		ds[i] = c.q
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(ds...), size, 0, false)
	if len(ix.shards) == 1 {
		// bleve reads the synonyms from the thesaurus unless handed them.
		fts, err := ix.synonyms(ctx, nil, qs)
		if err != nil {
			return nil, nil, err
		}
		if fts != nil {
			req.PreSearchData = map[string]interface{}{search.SynonymPreSearchDataKey: fts}
		}
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("index: search: %w", err)
	}
	ids := make([]string, len(res.Hits))
	scores := make([]float64, len(res.Hits))
	for k, h := range res.Hits {
		ids[k], scores[k] = h.ID, h.Score
	}
	return ids, scores, nil
}

// load returns the sentences with the given ids, in their order, and
// which of them the index holds: from the cache, or read from the index
// (stored fields) and analyzed once.
func (ix *Index) load(ctx context.Context, ids []string) ([]Hit, []bool, error) {
	hits := make([]Hit, len(ids))
	found := make([]bool, len(ids))
	var missing []string
	for k, id := range ids {
		switch h, ok, known := ix.cache.get(id); {
		case ok:
			hits[k], found[k] = h, true
		case !known:
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return hits, found, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(missing), len(missing), 0, false)
	req.Fields = []string{fieldText, fieldDoc, fieldTitle, fieldDate, fieldPos, fieldHeading, fieldAnn, fieldSection, fieldPage, fieldLead}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, fmt.Errorf("index: load: %w", err)
	}
	read := make(map[string]Hit, len(res.Hits))
	for _, h := range res.Hits {
		hit, err := hitOf(h.Fields)
		if err != nil {
			return nil, nil, fmt.Errorf("index: hit %s: %w", h.ID, err)
		}
		hit.Terms = ix.Analyze(hit.Sentence.Text)
		hit.Tokens = corpus.Tokenize(hit.Sentence.Text)
		ix.cache.put(h.ID, hit)
		read[h.ID] = hit
	}
	for k, id := range ids {
		if h, ok := read[id]; ok {
			hits[k], found[k] = h, true
		}
	}
	for _, id := range missing {
		if _, ok := read[id]; !ok {
			ix.cache.putAbsent(id)
		}
	}
	return hits, found, nil
}

// Sentence returns the sentence at pos in document doc, if there is one.
func (ix *Index) Sentence(ctx context.Context, doc string, pos int) (Hit, bool) {
	id := sentenceID(doc, pos)
	if h, ok, known := ix.cache.get(id); known {
		return h, ok
	}
	hits, found, err := ix.load(ctx, []string{id})
	if err != nil {
		return Hit{}, false
	}
	return hits[0], found[0]
}

// All returns up to n sentences in index order (for examples).
func (ix *Index) All(ctx context.Context, n int) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), n, 0, false)
	req.Fields = []string{fieldText, fieldDoc, fieldTitle, fieldDate, fieldPos, fieldHeading, fieldAnn, fieldSection, fieldPage, fieldLead}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	var hits []Hit
	for _, h := range res.Hits {
		// Synonym definitions live in the index too; they have no text.
		if _, ok := h.Fields[fieldText].(string); !ok {
			continue
		}
		hit, err := hitOf(h.Fields)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

func hitOf(f map[string]interface{}) (Hit, error) {
	str := func(k string) string { s, _ := f[k].(string); return s }
	num := func(k string) int { v, _ := f[k].(float64); return int(v) }
	var h Hit
	h.Sentence = corpus.Sentence{Doc: str(fieldDoc), Title: str(fieldTitle), Pos: num(fieldPos), Text: str(fieldText), Heading: num(fieldHeading) == 1,
		Section: str(fieldSection), Page: num(fieldPage), Lead: str(fieldLead)}
	if d := str(fieldDate); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return h, err
		}
		h.Sentence.Date = t
	}
	if err := json.Unmarshal([]byte(str(fieldAnn)), &h.Ann); err != nil {
		return h, err
	}
	return h, nil
}
