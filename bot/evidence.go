package bot

import (
	"context"
	"slices"
	"sort"
	"strings"

	"mssmbot/corpus"
	"mssmbot/index"
)

// evidence is a candidate sentence and how well it matches a question.
type evidence struct {
	hit   index.Hit
	terms []index.Term   // the sentence analyzed
	toks  []corpus.Token // the sentence tokenized
	// matchAt holds, per question term, the byte offsets in the sentence
	// where it matched (nil when it did not).
	matchAt  [][]int
	coverage float64
	keysOK   bool
}

func (e *evidence) text() string { return e.hit.Sentence.Text }

// matchedOffsets lists every offset where some question term matched.
func (e *evidence) matchedOffsets() []int {
	var out []int
	for _, m := range e.matchAt {
		for _, off := range m {
			if off >= 0 { // -1: matched by the document's title
				out = append(out, off)
			}
		}
	}
	sort.Ints(out)
	return out
}

// lastMatchEnd is the end (byte offset) of the last of the question's words
// in the sentence, each taken where it first occurs; -1 when none matched.
func (e *evidence) lastMatchEnd() int {
	end := -1
	var firsts []int
	for _, m := range e.matchAt {
		if len(m) > 0 {
			firsts = append(firsts, slices.Min(m))
		}
	}
	for _, off := range firsts {
		for _, t := range e.toks {
			if t.Start == off && t.End > end {
				end = t.End
			}
		}
	}
	return end
}

// gather finds and scores the candidate sentences for q, best first.
func (b *Bot) gather(ctx context.Context, q *question, size int) ([]*evidence, error) {
	var iq index.Query
	for _, t := range q.terms {
		if t.country != "" {
			iq.Entities = append(iq.Entities, t.country)
			continue
		}
		if t.person || isUpperWord(t.word) {
			iq.Entities = append(iq.Entities, t.word)
		}
		// One stem a word: bleve's synonym source adds the synonyms.
		switch {
		case isUpperWord(t.word): // an acronym: also its head noun, which is no synonym
			iq.Stems = append(iq.Stems, t.stems...)
		case len(t.stems) > 0:
			iq.Stems = append(iq.Stems, t.stems[0])
		}
	}
	iq.Size = size
	hits, err := b.ix.Search(ctx, iq)
	if err != nil {
		return nil, err
	}
	out := make([]*evidence, 0, len(hits))
	for _, h := range hits {
		// A heading says what the sentences under it are about (their
		// Section, which they match by); it is no answer itself.
		if h.Sentence.Heading {
			continue
		}
		out = append(out, b.score(q, h))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].keysOK != out[j].keysOK {
			return out[i].keysOK
		}
		if d := out[i].coverage - out[j].coverage; d > 1e-9 || d < -1e-9 {
			return d > 0
		}
		if out[i].hit.Score != out[j].hit.Score {
			return out[i].hit.Score > out[j].hit.Score
		}
		// Ties in document order, so that an answer never depends on chance.
		a, b := out[i].hit.Sentence, out[j].hit.Sentence
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		return a.Pos < b.Pos
	})
	return out, nil
}

// score matches each question term against one sentence.
func (b *Bot) score(q *question, h index.Hit) *evidence {
	e := &evidence{hit: h, terms: h.Terms, toks: h.Tokens}
	if e.terms == nil {
		e.terms = b.ix.Analyze(h.Sentence.Text)
	}
	if e.toks == nil {
		e.toks = corpus.Tokenize(h.Sentence.Text)
	}
	e.matchAt = make([][]int, len(q.terms))
	var secStems []index.Term
	var total, got float64
	e.keysOK = true
	for i, t := range q.terms {
		total += t.weight
		switch {
		case t.country != "":
			for _, p := range h.Ann.Places {
				if p.Country == t.country {
					e.matchAt[i] = append(e.matchAt[i], p.Start)
				}
			}
		case t.person:
			for _, p := range h.Ann.People {
				if strings.Contains(strings.ToLower(p.Name), strings.ToLower(t.word)) {
					e.matchAt[i] = append(e.matchAt[i], max(p.Start, 0))
				}
			}
		}
		if e.matchAt[i] == nil && t.country == "" {
			for _, st := range e.terms {
				for _, s := range t.stems {
					if st.Stem == s {
						e.matchAt[i] = append(e.matchAt[i], st.Start)
						break
					}
				}
			}
			if isUpperWord(t.word) {
				for _, a := range h.Ann.Acronyms {
					if strings.EqualFold(a.Short, t.word) && e.matchAt[i] == nil {
						e.matchAt[i] = []int{0}
					}
				}
			}
		}
		// A word of the heading the sentence stands under ("## Boreholes" over "14 were drilled").
		// The same for the lead-in of the list it is an item of.
		if e.matchAt[i] == nil && t.country == "" && !t.person && (h.Sentence.Section != "" || h.Sentence.Lead != "") {
			if secStems == nil {
				secStems = b.ix.Analyze(h.Sentence.Section + " " + h.Sentence.Lead)
			}
			for _, st := range secStems {
				if contains(t.stems, st.Stem) || st.Stem == t.stem {
					e.matchAt[i] = []int{-1}
					break
				}
			}
		}
		// A name the article is about is often in its title only ("the fire").
		if e.matchAt[i] == nil && t.key && !t.person && t.country == "" &&
			strings.Contains(strings.ToLower(h.Sentence.Title), strings.ToLower(t.word)) {
			e.matchAt[i] = []int{-1}
		}
		// "money", "funds", "percentage": a sentence with a figure of that kind holds it.
		if e.matchAt[i] == nil && t.kind != "" {
			for _, qty := range h.Ann.Quantities {
				if qty.Kind == t.kind {
					e.matchAt[i] = append(e.matchAt[i], qty.Start)
				}
			}
		}
		// "Which countries ...": a sentence naming countries holds the focus.
		if e.matchAt[i] == nil && q.isFocus(t) && q.isPlaceFocus() {
			for _, p := range h.Ann.Places {
				if !contains(q.countries, p.Country) {
					e.matchAt[i] = append(e.matchAt[i], p.Start)
				}
			}
		}
		if e.matchAt[i] != nil {
			got += t.weight
		} else if t.key {
			e.keysOK = false
		}
	}
	if total > 0 {
		e.coverage = got / total
	}
	return e
}

// distance is the smallest gap in bytes between offset and a matched word.
func (e *evidence) distance(start, end int) int {
	best := 1 << 30
	for _, off := range e.matchedOffsets() {
		if off >= start && off < end {
			continue // the candidate itself is one of the matched words
		}
		d := off - end
		if off < start {
			d = start - off
		}
		if d < 0 {
			d = -d
		}
		if d < best {
			best = d
		}
	}
	return best
}

// ownCountry is the country a figure at [start, end) belongs to: the one
// named last before it, as a subject stands before its verb's figure ("Finland
// is providing 4.5 million"), with no other figure between them; else the one
// named first after it ("400 officers from Kenya"); "" when none is.
func (e *evidence) ownCountry(start, end int) string {
	if c := countryBefore(e.hit.Ann, start); c != "" {
		return c
	}
	for _, p := range e.hit.Ann.Places {
		if p.Start >= end && !figureBetween(e.hit.Ann, end, p.Start) {
			return p.Country
		}
	}
	return ""
}

// countryBefore is the country named last before offset start with no
// figure between them, "" when there is none.
func countryBefore(ann corpus.Annotations, start int) string {
	best, bestAt := "", -1
	for _, p := range ann.Places {
		if p.End <= start && p.Start > bestAt && !figureBetween(ann, p.End, start) {
			best, bestAt = p.Country, p.Start
		}
	}
	return best
}

// figureBetween: a figure stands within [from, to).
func figureBetween(ann corpus.Annotations, from, to int) bool {
	for _, q := range ann.Quantities {
		if q.Start >= from && q.End <= to {
			return true
		}
	}
	return false
}

// clauseOf returns the byte range of the clause around offset: between
// punctuation marks and subordinating conjunctions.
func clauseOf(text string, toks []corpus.Token, start, end int) (int, int) {
	return between(len(text), toks, start, end, func(k int) bool {
		t := toks[k]
		switch t.Lower() {
		case ",", ";", ":", "(", ")", "—", "though", "although", "while", "whereas", "but", "because", "whose", "who", "which":
			return true
		}
		return false
	})
}

// between returns the byte range around [start, end) that runs from the end
// of the nearest boundary token before it to the start of the nearest one
// after it (the whole text when there is none); boundary says which of the
// tokens, by index, bound a part of the sentence.
func between(textLen int, toks []corpus.Token, start, end int, boundary func(k int) bool) (int, int) {
	lo, hi := 0, textLen
	for k, t := range toks {
		if !boundary(k) {
			continue
		}
		if t.End <= start && t.End > lo {
			lo = t.End
		}
		if t.Start >= end && t.Start < hi {
			hi = t.Start
		}
	}
	return lo, hi
}

// joinsClauses: token k is ", and", which joins two clauses.
func joinsClauses(toks []corpus.Token, k int) bool {
	return toks[k].Lower() == "and" && k > 0 && toks[k-1].Text == ","
}

// matchesIn counts the weight of question terms matched inside [lo, hi).
func (e *evidence) matchesIn(q *question, lo, hi int) float64 {
	var w float64
	for i, m := range e.matchAt {
		for _, off := range m {
			if off >= lo && off < hi {
				w += q.terms[i].weight
				break
			}
		}
	}
	return w
}

// predicateIn is matchesIn without the names and the focus noun: what the
// question says happened, which tells one figure of a sentence from another.
func (e *evidence) predicateIn(q *question, lo, hi int) float64 {
	var w float64
	for i, m := range e.matchAt {
		t := q.terms[i]
		if t.key || t.country != "" || q.isFocus(t) {
			continue
		}
		for _, off := range m {
			if off >= lo && off < hi {
				w += t.weight
				break
			}
		}
	}
	return w
}

// isPredicate: the word at off matched a question word that is neither a
// name nor the focus noun.
func (e *evidence) isPredicate(q *question, off int) bool {
	for i, m := range e.matchAt {
		t := q.terms[i]
		if t.key || t.country != "" || q.isFocus(t) {
			continue
		}
		for _, o := range m {
			if o == off {
				return true
			}
		}
	}
	return false
}

// matched counts the question terms found in the sentence.
func (e *evidence) matched() int {
	n := 0
	for _, m := range e.matchAt {
		if m != nil {
			n++
		}
	}
	return n
}

// distanceToWords is the smallest gap in bytes between [start, end) and a
// token of the sentence that is one of words (lower case).
func (e *evidence) distanceToWords(words []string, start, end int) int {
	best := 1 << 30
	for _, t := range e.toks {
		if !contains(words, t.Lower()) {
			continue
		}
		d := t.Start - end
		if t.End <= start {
			d = start - t.End
		}
		if d >= 0 && d < best {
			best = d
		}
	}
	return best
}

// asOf is the date e's figures are given as of, as a reader writes it: the
// date its sentence states after "as of" or "by" ("as of 25 May"), else its
// document's date.
func (e *evidence) asOf() string {
	text := e.hit.Sentence.Text
	for _, d := range e.hit.Ann.Dates {
		before := strings.ToLower(strings.TrimRight(text[:d.Start], " "))
		if d.Precision == "day" && strings.ContainsAny(d.Text, "0123456789") && (strings.HasSuffix(before, " as of") || strings.HasSuffix(before, " by") || before == "as of" || before == "by") {
			return d.Format()
		}
	}
	return e.hit.Sentence.Date.Format("2 January 2006")
}
