package bot

// Stage 3 of the pipeline: Extract. Two extractors propose candidates:
//   - typed: the answer-type readers (count, who, when, where, which, why,
//     what, yes/no, derived figures, definitions, who-is) read a typed value
//     off the evidence — a quantity with its noun, a date, a person with role;
//   - span: every short span of the best passages, for the scorer to choose
//     between by its features (type, position, boundaries, overlap).

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"mssmbot/corpus"
	"mssmbot/corpus/tagger"
)

// maxSpan is the longest span, in words, the span extractor proposes.
const maxSpan = 8

// extract proposes the candidates for a from ps, each with its logit under
// the bot's model; keep keeps every candidate's features too (to fit or
// explain), which answering does without.
func (b *Bot) extract(ctx context.Context, a *Analysis, ps []*Passage, keep bool) []*Candidate {
	cands := make([]*Candidate, 0, 512) // about 75 spans a passage
	typed := b.typedCandidate(ctx, a, ps)
	if typed != nil {
		cands = append(cands, typed)
	}
	best := 0.0
	for _, p := range ps {
		best = max(best, p.ev.coverage)
	}
	var read []*Passage
	for _, p := range ps {
		if p.Rank >= maxPassages {
			break
		}
		// A span of a passage that holds too little of the question is
		// never answered (see constraintsHold): answering leaves them out.
		if !keep && p.ev.coverage < minCoverage {
			continue
		}
		read = append(read, p)
	}
	return b.spans(cands, a, read, best, typed, keep)
}

// typedCandidate asks the answer-type reader of a's intent; nil when it finds nothing.
func (b *Bot) typedCandidate(ctx context.Context, a *Analysis, ps []*Passage) *Candidate {
	q := a.q
	ans := Answer{Question: a.Raw, Intent: q.intent, Sources: []Source{}}
	var res Answer
	found := false
	// "what is mssm": a single word that the corpus defines as an acronym.
	if (q.intent == IntentWhat || q.intent == IntentOther) && len(q.terms) == 1 {
		saved := q.acronym
		if q.acronym == "" {
			q.acronym = strings.ToUpper(q.terms[0].word)
		}
		res, found = b.define(ctx, q, ans)
		q.acronym = saved
	}
	if !found && q.intent == IntentDefine {
		res, found = b.define(ctx, q, ans)
	}
	if !found && (q.intent == IntentWhat || q.intent == IntentOther || q.intent == IntentDefine) && q.acronym == "" {
		res, found = b.defineTerm(q, ans)
	}
	if !found && q.intent == IntentWhat && (containsAny(q.lower, "job", "position", "role", "title", "occupation", "profession", "post ") || q.asksWhatPersonDoes()) {
		res, found = b.whoIs(ctx, q.withoutRoleWords(), ans)
	}
	if !found && (q.intent == IntentOther || q.intent == IntentWho) {
		res, found = b.whoIs(ctx, q, ans)
	}
	if !found {
		r := b.handle(q, q.evidence)
		if r == nil {
			return nil
		}
		res = ans
		res.Answered, res.Text, res.Short, res.Confidence = true, r.text, r.short, r.conf
		for _, e := range r.evidence {
			res.Sources = append(res.Sources, sourceOf(e.hit.Sentence))
		}
	}
	c := &Candidate{Short: res.Short, Text: res.Text, Extractor: "typed", Start: -1, End: -1, typed: &res}
	// The passage it read from: the first source's sentence among those retrieved.
	for _, p := range ps {
		if len(res.Sources) > 0 && p.Sentence().Text == res.Sources[0].Text {
			c.Passage = p
			if i := strings.Index(p.Sentence().Text, res.Short); i >= 0 && res.Short != "" {
				c.Start, c.End = i, i+len(res.Short)
			}
			break
		}
	}
	c.feats = b.typedFeatures(a, c, ps)
	c.z = b.model.logit(c.feats)
	return c
}

// handle runs the reader of q's intent over the sentences that can answer it.
func (b *Bot) handle(q *question, ev []*evidence) *result {
	good := goodEvidence(q, ev)
	if q.intent == IntentDerived && len(good) == 0 {
		// Two figures from two sentences: each half of the question finds its own.
		if i := strings.Index(q.lower, " than "); i > 0 {
			return b.crossDerived(q, i)
		}
		return nil
	}
	if len(good) == 0 {
		return nil
	}
	switch q.intent {
	case IntentCount:
		return b.count(q, good)
	case IntentDerived:
		return b.derived(q, good)
	case IntentWho:
		return b.who(q, good)
	case IntentWhen:
		return b.when(q, good)
	case IntentWhere:
		return b.where(q, good)
	case IntentWhich:
		return b.which(q, good)
	case IntentYesNo:
		return b.yesno(q, good)
	case IntentWhy:
		return b.why(q, good)
	case IntentWhat, IntentOther:
		return b.what(q, good)
	}
	return nil
}

// tokenInfo is what the span extractor knows of one word of a passage.
type tokenInfo struct {
	tok   corpus.Token
	lower string // tok.Lower()
	// numberish and nounOnly: see wordInfo; capital: it starts with a capital letter.
	numberish, nounOnly, capital bool
	word                         bool
	stop                         int  // index in the stop list, -1 when not a stop word
	matched                      bool // a question term matched it
	stem                         string
	// noun and verb: the word's commonest part of speech in WordNet.
	noun, verb bool
	num        bool // see wordInfo
	inQ        bool // the word (or its base form) is a content word of the question
	// tag is the token's Penn Treebank tag; chunk the index of the base
	// noun phrase it belongs to (-1 outside one), chunkStart and chunkEnd
	// whether it begins or ends it.
	tag                  string
	chunk                int
	chunkStart, chunkEnd bool
	// lemma is the word's base form, "<num>" for a number and "<cap>" for a
	// capitalized word inside the sentence; punctuation is itself. class is
	// its kind: num, cap, punct, stop, or its commonest part of speech in
	// WordNet (n, v, a, r), else unk.
	lemma string
	class int
	// nclass is the WordNet class of its first noun sense (see wordInfo).
	nclass string
}

// Token classes.
const (
	cPunct = iota
	cNum
	cStop
	cCap
	cNoun
	cVerb
	cAdj
	cAdv
	cUnk
	numClass
)

var classNames = [numClass]string{"punct", "num", "stop", "cap", "n", "v", "a", "r", "unk"}

// tokens is what the span extractor knows of each token of p (computed once a passage).
func (b *Bot) tokens(p *Passage) []tokenInfo {
	if p.info != nil {
		return p.info
	}
	e := p.ev
	text := e.hit.Sentence.Text
	base, _ := b.sents.Get(text)
	if len(base) != len(e.toks) {
		base = b.sentenceTokens(e)
		b.sents.Put(text, base)
	}
	info := slices.Clone(base)
	// What the question matched.
	offs := e.matchedOffsets()
	for i, t := range e.toks {
		for _, o := range offs {
			if o >= t.Start && o < t.End {
				info[i].matched = true
			}
		}
	}
	p.info = info
	return info
}

// sentenceTokens is what is known of the tokens of e's sentence whatever
// the question: their words, stems, tags and chunks.
func (b *Bot) sentenceTokens(e *evidence) []tokenInfo {
	info := make([]tokenInfo, len(e.toks))
	next := 0 // e.terms are in the order of the text, as the tokens are
	for i, t := range e.toks {
		stem := ""
		for ; next < len(e.terms) && e.terms[next].Start <= t.Start; next++ {
			if e.terms[next].Start == t.Start {
				stem = e.terms[next].Stem
			}
		}
		w := b.wordInfo(t)
		info[i] = tokenInfo{tok: t, lower: w.lower, numberish: w.numberish, nounOnly: w.nounOnly, word: w.word, stop: w.stop, stem: stem, noun: w.noun, verb: w.verb,
			num: w.num, lemma: w.lemma, class: w.class, nclass: w.nclass}
		info[i].capital = t.Capitalized()
		if i > 0 && w.class != cStop && w.class != cNum && w.word && info[i].capital {
			info[i].lemma, info[i].class = "<cap>", cCap
		}
	}
	b.chunk(info)
	return info
}

// chunk tags info's tokens, those of one sentence, and marks the base noun
// phrases.
func (b *Bot) chunk(info []tokenInfo) {
	for k := range info {
		info[k].chunk = -1
	}
	if b.tag == nil {
		return
	}
	words := make([]string, len(info))
	for k, t := range info {
		words[k] = t.tok.Text
	}
	tags := b.tag.Tag(words)
	for k := range info {
		info[k].tag = tags[k]
	}
	for c, r := range tagger.Chunks(tags) {
		for k := r[0]; k < r[1]; k++ {
			info[k].chunk = c
		}
		info[r[0]].chunkStart = true
		info[r[1]-1].chunkEnd = true
	}
}

// wordInfo is what is known of a word whatever its sentence.
type wordInfo struct {
	lower            string // see corpus.Token.Lower
	word, noun, verb bool
	// numberish: a number word that can end an answer (see numberWordish);
	// nounOnly: a noun in WordNet and nothing else.
	numberish, nounOnly bool
	// num: a number, in digits or words.
	num   bool
	stop  int
	lemma string
	class int
	// nclass is the WordNet class of the lemma's first noun sense ("person",
	// "location"), "" when it is no noun.
	nclass string
}

// Bounds of the bot's caches (see Bot.words, Bot.sents and Bot.negs); a
// cache starts over when full.
const (
	maxCachedWords     = 50000
	maxCachedSentences = 4096 // as many sentences as the index keeps analyzed
)

// wordInfo returns what is known of t's word, looked up once a word.
func (b *Bot) wordInfo(t corpus.Token) wordInfo {
	return b.words.Of(t.Text, func(text string) wordInfo { return b.wordOf(corpus.Token{Text: text}) })
}

// wordOf looks t up: stop word, lemma, class, and its commonest parts of speech in WordNet.
func (b *Bot) wordOf(t corpus.Token) wordInfo {
	w := wordInfo{word: t.IsWord(), stop: -1, lower: t.Lower()}
	if !w.word {
		w.lemma, w.class = t.Text, cPunct
		return w
	}
	l := w.lower
	w.stop = b.stops.index(l)
	w.numberish = numberWordish(l)
	if strings.IndexFunc(t.Text, unicode.IsDigit) >= 0 {
		w.num = true
		w.lemma, w.class = "<num>", cNum
		return w
	}
	_, w.num = corpus.ParseNumber(t.Text)
	if w.num && w.stop < 0 {
		w.lemma, w.class = "<num>", cNum
		return w
	}
	if b.lex != nil {
		if pos := b.lex.POS(b.lex.Base(l)); len(pos) > 0 && pos[0] == 'n' {
			w.noun = true
			w.nounOnly = len(pos) == 1
		}
		if pos := b.lex.POS(l); len(pos) > 0 && pos[0] == 'v' {
			w.verb = true
		}
	}
	if w.stop >= 0 {
		w.lemma, w.class = l, cStop
		return w
	}
	w.lemma, w.class = l, cUnk
	if b.lex == nil {
		return w
	}
	base := b.lex.Base(l)
	w.nclass = b.lex.Class(base)
	if pos := b.lex.POS(base); len(pos) > 0 {
		w.lemma = base
		switch pos[0] {
		case 'n':
			w.class = cNoun
		case 'v':
			w.class = cVerb
		case 'a', 's':
			w.class = cAdj
		case 'r':
			w.class = cAdv
		}
	}
	return w
}

// context is what all spans of p share (computed once a passage).
func (b *Bot) context(a *Analysis, p *Passage, bestCov float64) *passageContext {
	if p.pc == nil {
		p.pc = b.spanContext(a, p, b.tokens(p), bestCov)
	}
	return p.pc
}

// breaksSpan: a span does not run across the end of a clause. A period
// inside a sentence belongs to an abbreviation ("George E. Mueller").
func breaksSpan(info []tokenInfo, j int) bool {
	t := info[j].tok.Text
	if t == "." && j+1 < len(info) && j > 0 && info[j-1].tok.End == info[j].tok.Start {
		return false
	}
	return strings.ContainsAny(t, ".;:!?()[]\"“”")
}

// passageSpans is what the span extractor found in one passage: its
// spans, and (answering) the logits of the features their first and their
// last word decide.
type passageSpans struct {
	p            *Passage
	info         []tokenInfo
	ctx          *passageContext
	found        []span
	zStart, zEnd []float64
}

// span is a span of a passage's tokens, info[i..j], of words words.
type span struct{ i, j, words int }

// spans appends to out the candidates of every span of up to maxSpan words
// of the passages ps that starts and ends on a word and is not made of the
// question's own words; answering weighs in full only the spanBeam spans
// whose passage, first and last words weigh best.
func (b *Bot) spans(out []*Candidate, a *Analysis, ps []*Passage, bestCov float64, typed *Candidate, keep bool) []*Candidate {
	found := make([]passageSpans, 0, len(ps))
	total := 0
	for _, p := range ps {
		f := b.passageSpans(a, p, bestCov, typed, keep)
		found = append(found, f)
		total += len(f.found)
	}
	if !keep && total > spanBeam {
		// The logit each span has before its words' own features, and the
		// spanBeam-th best of them: the spans above it are kept, and those at
		// it in extraction order until spanBeam are.
		zs := make([]float64, 0, total)
		for _, f := range found {
			for _, sp := range f.found {
				zs = append(zs, f.ctx.baseZ+f.zStart[sp.i]+f.zEnd[sp.j])
			}
		}
		cut := kthLargest(slices.Clone(zs), spanBeam)
		atCut := spanBeam
		for _, z := range zs {
			if z > cut {
				atCut--
			}
		}
		n := 0
		for k := range found {
			f := &found[k]
			kept := f.found[:0]
			for _, sp := range f.found {
				if z := zs[n]; z > cut || z == cut && atCut > 0 {
					if z == cut {
						atCut--
					}
					kept = append(kept, sp)
				}
				n++
			}
			f.found = kept
		}
	}
	for _, f := range found {
		out = b.spanCandidates(out, a, f, typed, keep)
	}
	return out
}

// passageSpans finds the spans of p.
func (b *Bot) passageSpans(a *Analysis, p *Passage, bestCov float64, typed *Candidate, keep bool) passageSpans {
	info := b.tokens(p)
	ctx := b.context(a, p, bestCov)
	found := make([]span, 0, 4*len(info)) // about as many a word as short spans start on it
	for i := range info {
		if !info[i].word {
			continue
		}
		// Nor does it start on one ("is Geordie", "was bedridden for nine
		// months"), but for a number word ("one") or an article.
		if info[i].stop >= 0 && !info[i].numberish && !article(info[i].lower) {
			continue
		}
		words := 0
		for j := i; j < len(info) && words < maxSpan; j++ {
			t := info[j].tok
			if !info[j].word {
				// Spans run across a comma, a hyphen or an apostrophe, not across the end of a clause.
				if breaksSpan(info, j) {
					break
				}
				continue
			}
			words++
			if info[j].stop >= 0 && j > i && !info[j].numberish {
				continue // a span does not end on a stop word
			}
			if n := ctx.counts[j+1].minus(ctx.counts[i]); n.content == n.inq {
				continue // all its words are the question's (or stop words)
			}
			// The typed value itself is already a candidate, weighed as this span.
			if typed != nil && typed.Passage == p && typed.Start == info[i].tok.Start && typed.End == t.End {
				continue
			}
			found = append(found, span{i, j, words})
		}
	}
	if typed != nil && typed.Short != "" {
		ctx.findTyped(typed.Short, info)
	}
	f := passageSpans{p: p, info: info, ctx: ctx, found: found}
	if keep {
		return f
	}
	// Answering weighs the features its first and its last word decide
	// once a word, not once a span.
	arena := make([]feat, 0, 64)
	f.zStart, f.zEnd = make([]float64, len(info)), make([]float64, len(info))
	for k := range info {
		if info[k].word {
			arena = b.spanStartFeatures(arena[:0], a, ctx, info, k)
			f.zStart[k] = b.model.logit(arena)
			arena = b.spanEndFeatures(arena[:0], a, ctx, info, k)
			f.zEnd[k] = b.model.logit(arena)
		}
	}
	return f
}

// spanCandidates appends the candidates of f's spans to out, each with its
// logit; keep keeps their features, in one arena for all of them.
func (b *Bot) spanCandidates(out []*Candidate, a *Analysis, f passageSpans, typed *Candidate, keep bool) []*Candidate {
	text := f.p.ev.hit.Sentence.Text
	info, ctx := f.info, f.ctx
	var arena []feat
	if keep {
		arena = make([]feat, 0, len(f.found)*32) // about 30 features a span; more grows it
	} else {
		arena = make([]feat, 0, 64)
	}
	slab := make([]Candidate, len(f.found))
	for k, sp := range f.found {
		slab[k] = Candidate{Extractor: "span", Passage: f.p, Start: info[sp.i].tok.Start, End: info[sp.j].tok.End,
			Short: text[info[sp.i].tok.Start:info[sp.j].tok.End]}
		c := &slab[k]
		start := len(arena)
		if keep {
			arena = b.spanFeatures(arena, a, ctx, info, sp.i, sp.j, sp.words, typed, c)
			c.feats = arena[start:len(arena):len(arena)]
			c.z = b.model.logit(c.feats)
		} else {
			arena = append(arena[:0], feat{fBias, 1}, feat{fSpan, 1})
			arena = b.spanWordsFeatures(arena, a, ctx, info, sp.i, sp.j, sp.words, typed, c)
			c.z = ctx.baseZ + f.zStart[sp.i] + f.zEnd[sp.j] + b.model.logit(arena)
		}
		out = append(out, c)
	}
	return out
}

// spanBeam is how many spans answering weighs in full.
const spanBeam = 60

// kthLargest is the k-th largest of xs (1 is the largest), found by
// partitioning xs in place.
func kthLargest(xs []float64, k int) float64 {
	lo, hi, want := 0, len(xs), k-1 // xs[lo:hi] holds the place wanted
	for hi-lo > 1 {
		pivot := xs[lo+(hi-lo)/2]
		// Three runs: greater than the pivot, equal, less.
		gt, i, lt := lo, lo, hi
		for i < lt {
			switch v := xs[i]; {
			case v > pivot:
				xs[gt], xs[i] = xs[i], xs[gt]
				gt++
				i++
			case v < pivot:
				lt--
				xs[lt], xs[i] = xs[i], xs[lt]
			default:
				i++
			}
		}
		switch {
		case want < gt:
			hi = gt
		case want >= lt:
			lo = lt
		default:
			return pivot
		}
	}
	return xs[lo]
}

// tagsOf is the part-of-speech tags of info's tokens (nil without a tagger).
func (b *Bot) tagsOf(info []tokenInfo) []string {
	if len(info) > 0 && info[0].tag != "" {
		return tagsIn(info)
	}
	tg := b.tagger()
	if tg == nil {
		return nil
	}
	words := make([]string, len(info))
	for k := range info {
		words[k] = info[k].tok.Text
	}
	return tg.Tag(words)
}

func tagsIn(info []tokenInfo) []string {
	out := make([]string, len(info))
	for k := range info {
		out[k] = info[k].tag
	}
	return out
}

// notPhraseEnd: a noun phrase does not end on a word of this Penn Treebank tag.
func notPhraseEnd(tag string) bool {
	switch tag {
	case "MD", "IN", "TO", "CC", "WDT", "WP", "WP$", "WRB", "DT", "RB":
		return true
	}
	return strings.HasPrefix(tag, "VB")
}

// trimToPhrase moves the span info[ni..nj] in off the words that neither
// end nor start a noun phrase, as long as holds finds a word of the answer
// in what is left. It leaves the span be without a tagger.
func (b *Bot) trimToPhrase(a *Analysis, info []tokenInfo, figure bool, ni, nj *int, holds func(from, to int) bool) {
	tags := b.tagsOf(info)
	if tags == nil {
		return
	}
	for !figure && *nj > *ni && (!info[*nj].word || notPhraseEnd(tags[*nj])) && holds(*ni, *nj-1) {
		*nj--
	}
	// Nor does it start on one, but for a verb when the question may ask
	// for an action ("what did Luther do": "raised his arm").
	thing := asksThing(a)
	for *ni < *nj && (!info[*ni].word || notPhraseStart(tags[*ni]) || (thing && strings.HasPrefix(tags[*ni], "VB"))) && holds(*ni+1, *nj) {
		*ni++
	}
}

// asksThing: the question asks for a person, a thing, a place, a time or a
// figure — what a noun phrase names — not for an action or a reason.
func asksThing(a *Analysis) bool {
	return a.Wh == WhWho || a.Wh == WhWhich || a.Wh == WhWhere || a.Wh == WhWhen || a.Wh == WhHowMany || a.Wh == WhHowMuch || (a.Wh == WhWhat && a.Focus != "")
}

// namesSomething reports whether the answer c gives holds a word that can
// name what asksThing asks for, or say of what kind it is: a figure, a
// name, a noun, an adjective or a pronoun, by the tagger's reading of the
// sentence — never a verb alone ("said" for "who is Okonkwo").
func (b *Bot) namesSomething(a *Analysis, c *Candidate) bool {
	info, ni, nj, ok := b.tightRange(a, c)
	if !ok {
		return true // c.Short itself, which typeFits has read
	}
	var tags []string
	for k := ni; k <= nj; k++ {
		t := info[k]
		if !t.word || t.stop >= 0 && !t.numberish {
			continue
		}
		if t.num || t.numberish || t.capital || t.nounOnly {
			return true
		}
		if tags == nil {
			if tags = b.tagsOf(info); tags == nil {
				return true // no tagger: nothing to tell a verb by
			}
		}
		if tg := tags[k]; strings.HasPrefix(tg, "NN") || strings.HasPrefix(tg, "JJ") || tg == "CD" || tg == "PRP" || tg == "FW" {
			return true
		}
	}
	return false
}

// asksPerson: a what- or which-question for a thing whose first WordNet
// noun sense is a person ("which German architect").
func (b *Bot) asksPerson(a *Analysis) bool {
	if (a.Wh != WhWhat && a.Wh != WhWhich) || a.Focus == "" || b.lex == nil {
		return false
	}
	return b.lex.Class(b.lex.Base(a.Focus)) == "person"
}

// notPhraseStart: no answer starts on a word of this tag.
func notPhraseStart(tag string) bool {
	switch tag {
	case "MD", "IN", "TO", "CC", "WDT", "WP", "WRB", "RB":
		return true
	}
	return false
}

// tighten is the span c answers with, widened to the whole of a name it cuts
// and without the question's own words and the stop words at its edges
// ("Austrian Polytechnic in Graz" for "where was Austrian Polytechnic?" is
// "Graz"), as long as a word the question does not hold is left; a span with
// a figure keeps its end ("400 police officers").
func (b *Bot) tighten(a *Analysis, c *Candidate) string {
	info, ni, nj, ok := b.tightRange(a, c)
	if !ok {
		return c.Short
	}
	return c.Passage.Sentence().Text[info[ni].tok.Start:info[nj].tok.End]
}

// tightRange is the tokens of c's passage and the first and last of them
// tighten answers with; false when it answers with c.Short as it is.
func (b *Bot) tightRange(a *Analysis, c *Candidate) ([]tokenInfo, int, int, bool) {
	info := b.tokens(c.Passage)
	i, j := -1, -1
	for k, t := range info {
		if t.tok.Start == c.Start {
			i = k
		}
		if t.tok.End == c.End {
			j = k
		}
	}
	if i < 0 || j < i {
		return nil, 0, 0, false
	}
	qword := func(t tokenInfo) bool { return t.word && (t.matched || t.inQ) && t.stop < 0 }
	edge := func(t tokenInfo) bool {
		return !t.word || qword(t) || (t.stop >= 0 && !article(t.lower) && !numberWordish(t.lower))
	}
	figure := false // a figure of the answer's own, not one of the question's
	for k := i; k <= j; k++ {
		figure = figure || (info[k].num && !info[k].matched && !info[k].inQ)
	}
	// A name goes whole or not at all: "Austrian Polytechnic" when the
	// question holds both words, never "Sun" of "Sun Life Stadium".
	capital := func(k int) bool { return info[k].word && info[k].capital }
	name := func(k, step, stop int) int { // the last token of the name at k, going step
		for k != stop && capital(k+step) {
			k += step
		}
		return k
	}
	holdsAnswer := func(from, to int) bool { // a word of the answer's own
		for k := from; k <= to; k++ {
			if t := info[k]; t.word && t.stop < 0 && !qword(t) {
				return true
			}
		}
		return false
	}
	whole := func(from, to int) bool {
		for k := min(from, to); k <= max(from, to); k++ {
			if !edge(info[k]) {
				return false
			}
		}
		return true
	}
	i, j = widenToName(info, i, j)
	ni, nj := i, j
	for ni < nj && edge(info[ni]) {
		if !capital(ni) {
			ni++
			continue
		}
		end := name(ni, 1, nj)
		if end == nj || !whole(ni, end) {
			break
		}
		ni = end + 1
	}
	// The focus ends its own phrase ("considerable progress").
	focus := ""
	if a.Focus != "" {
		focus = firstStem(b.ix, a.Focus)
	}
	for !figure && nj > ni && (edge(info[nj]) || article(info[nj].lower)) && (focus == "" || info[nj].stem != focus) {
		if !capital(nj) {
			nj--
			continue
		}
		end := name(nj, -1, ni)
		if end == ni || !whole(end, nj) {
			break
		}
		nj = end - 1
	}
	// A count followed only by the question's own words is the answer
	// without them ("26 countries" for "in how many countries"); a noun of
	// its own stays ("400 elite police officers" for "how many officers").
	if figure && (a.Wh == WhHowMany || a.Wh == WhHowMuch) {
		last := -1
		for k := ni; k <= nj; k++ {
			if info[k].num && !info[k].matched && !info[k].inQ {
				last = k
			}
		}
		rest := last >= 0 && last < nj
		for k := last + 1; rest && k <= nj; k++ {
			rest = !info[k].word || qword(info[k]) || info[k].stop >= 0
		}
		if rest {
			nj = last
		}
	}
	// An answer is a noun phrase: it does not end on a verb, a modal, a
	// wh-word, a preposition or a conjunction ("Mike Carey stated", "the
	// Consortium, which seeks"), by the tagger's reading of the sentence,
	// which a span whose edges are figures, names or nouns only does not need.
	phraseEdge := func(t tokenInfo) bool { return t.word && t.stop < 0 && (t.num || t.capital || t.nounOnly) }
	if !phraseEdge(info[ni]) || !phraseEdge(info[nj]) {
		b.trimToPhrase(a, info, figure, &ni, &nj, holdsAnswer)
	}
	// "Who ...": a person named at the span's end is the answer, without
	// the role before ("Denver linebacker Von Miller").
	if a.Wh == WhWho || b.asksPerson(a) {
		for _, p := range c.Passage.ev.hit.Ann.People {
			if p.Start > info[ni].tok.Start && p.End == info[nj].tok.End {
				for ni < nj && info[ni].tok.Start < p.Start {
					ni++
				}
			}
		}
	}
	for k := ni; k <= nj; k++ {
		if t := info[k]; t.word && t.stop < 0 && !qword(t) {
			return info, ni, nj, true
		}
	}
	return nil, 0, 0, false
}

// withoutLeadingStops is short without the stop words it starts with ("is
// Geordie", "in 1985"), but for an article, a number word or a negation
// ("not yet"); short itself when nothing else is left.
func (b *Bot) withoutLeadingStops(short string) string {
	for _, t := range corpus.Tokenize(short) {
		if !t.IsWord() {
			continue
		}
		w := t.Lower()
		if b.stops.index(w) < 0 || article(w) || numberWordish(w) || hasNegation(w) {
			if t.Start == 0 {
				return short
			}
			// What stands before its first word goes, but a currency sign
			// ("in €58 million" → "€58 million").
			from := t.Start
			for from > 0 {
				r, n := utf8.DecodeLastRuneInString(short[:from])
				if !unicode.Is(unicode.Sc, r) {
					break
				}
				from -= n
			}
			return short[from:]
		}
	}
	return short
}

// maxWiden bounds how far tighten widens a span to the whole of a name.
const maxWiden = 4

// widenToName widens the span info[i..j] that starts or ends inside a name
// to the whole name ("Albert C" of "Albert C. Outler", "Bowl XXXIII" of
// "Super Bowl XXXIII"), at most maxWiden words a side; a name is a run of
// words capitalized inside the sentence.
func widenToName(info []tokenInfo, i, j int) (int, int) {
	inName := func(k int) bool { return info[k].class == cCap }
	for k := 0; k < maxWiden && i > 0 && inName(i) && inName(i-1); k++ {
		i--
	}
	for k := 0; k < maxWiden && j+1 < len(info) && inName(j); k++ {
		switch {
		case inName(j + 1):
			j++
		case j+2 < len(info) && info[j+1].tok.Text == "." && len(info[j].tok.Text) == 1 && inName(j+2):
			j += 2 // an initial: "C. Outler"
		default:
			return i, j
		}
	}
	return i, j
}

// article: "a", "an" or "the", which may start an answer.
func article(w string) bool { return w == "a" || w == "an" || w == "the" }

// numberWordish: a stop word that can end an answer ("one", "first").
func numberWordish(w string) bool {
	_, ok := numberValue(w)
	return ok
}
