package bot

// Stage 5 of the pipeline: Verify, the one place that decides whether the
// best candidate answers the question. It abstains, with the reason, when
// there is no candidate, when the candidate is not of the type asked for,
// when a constraint of the question fails in its passage, or when the
// calibrated score is below the model's threshold.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"mssmbot/corpus"
)

// Reasons verify gives for abstaining.
const (
	ReasonNoCandidate = "no sentence of the sources answers it"
	ReasonWrongType   = "the best candidate is not of the type asked for"
	ReasonCoverage    = "the best sentence holds too little of the question"
	ReasonEntity      = "a country or person the question names is not in the best sentence"
	ReasonNegation    = "the question is negated and its best sentence is not"
	ReasonDenied      = "the best sentence denies what the question asks of its answer"
	ReasonTime        = "the best sentence is not about the time the question names"
	ReasonPredicate   = "the best sentence does not say the question's verb of anyone"
	ReasonLowScore    = "the best candidate's score is below the threshold"
)

// verify decides about the ranked candidates of a: it answers with the best
// candidate that meets every constraint, when its score clears the threshold.
func (b *Bot) verify(a *Analysis, ps []*Passage, cands []*Candidate) Decision {
	if len(cands) == 0 {
		for _, p := range ps[:min(len(ps), maxPassages)] {
			if p.ev.coverage < minCoverage {
				return Decision{Reason: ReasonCoverage} // its spans were not even proposed
			}
		}
		return Decision{Reason: ReasonNoCandidate}
	}
	// "What is capture myopathy": where a sentence defines the term, the
	// definition is the type asked for, not a span of some sentence.
	defined := slices.ContainsFunc(cands, func(c *Candidate) bool { return c.typed != nil && c.typed.Intent == IntentDefine })
	// The best candidate of the type asked for whose passage meets the question's constraints.
	var best *Candidate
	var why string
	for i, c := range cands {
		if i == rankedFirst {
			slices.SortFunc(cands[i:], byScore) // the rest, once the best have failed
			c = cands[i]
		}
		if defined && c.typed == nil {
			if why == "" {
				why = ReasonWrongType
			}
			continue
		}
		ok, reason := b.constraintsHold(a, c)
		if ok {
			best = c
			break
		}
		if why == "" {
			why = reason
		}
	}
	if best == nil {
		return Decision{Best: cands[0], Reason: why}
	}
	if a.Now && best.Score >= b.model.threshold {
		best = b.latest(a, best, cands)
	}
	d := Decision{Best: best}
	if best.Score < b.model.threshold {
		d.Reason = fmt.Sprintf("%s (%.2f < %.2f)", ReasonLowScore, best.Score, b.model.threshold)
		return d
	}
	d.OK = true
	return d
}

// latest is, for a question about the present, the answer a later
// document gives in best's place: when best is a name, place, date or
// figure its passage's annotations read, the like one of the latest later
// sentence that holds about as much of the question ("Trench B is now led
// by Dr. Priya Sandoval" over the launch's "led by Dr. Tomas Feld") — a
// candidate over the threshold, meeting every constraint, holding no word
// of the question, the annotation itself before any span around it.
// Else best.
func (b *Bot) latest(a *Analysis, best *Candidate, cands []*Candidate) *Candidate {
	kind, _ := annOf(best)
	if kind == "" || best.Passage.Sentence().Date.IsZero() {
		return best // no annotation in its place, or no date to be later than
	}
	first := best.Passage.Sentence().Date
	out, exact := best, false
	for _, c := range cands {
		p := c.Passage
		if p == nil || c.Start < 0 || c.Score < b.model.threshold || p.ev.coverage < best.Passage.ev.coverage-0.15 {
			continue
		}
		d, got := p.Sentence().Date, out.Passage.Sentence().Date
		k, isExact := annOf(c)
		if !d.After(first) || d.Before(got) || k != kind {
			continue
		}
		if d.Equal(got) && out != best && (exact && !isExact || exact == isExact && c.Score <= out.Score) {
			continue // as late as the one found so far, and no better
		}
		if slices.ContainsFunc(p.ev.matchedOffsets(), func(off int) bool { return off >= c.Start && off < c.End }) {
			continue
		}
		if ok, _ := b.constraintsHold(a, c); ok {
			out, exact = c, isExact
		}
	}
	return out
}

// annOf is the kind of the annotation of c's passage that c's span holds
// or stands in ("person", "place", "date", "figure"; "" for none), and
// whether the span is that annotation, no more and no less (an exact one
// wins over one found before it).
func annOf(c *Candidate) (string, bool) {
	if c.Passage == nil || c.Start < 0 {
		return "", false
	}
	ann := c.Passage.ev.hit.Ann
	kind, exact := "", false
	try := func(k string, s, e int) {
		if s < 0 || kind != "" && !(s == c.Start && e == c.End) {
			return
		}
		if s <= c.Start && c.End <= e || c.Start <= s && e <= c.End {
			kind, exact = k, s == c.Start && e == c.End
		}
	}
	for _, x := range ann.People {
		try("person", x.Start, x.End)
	}
	for _, x := range ann.Places {
		try("place", x.Start, x.End)
	}
	for _, x := range ann.Dates {
		try("date", x.Start, x.End)
	}
	for _, x := range ann.Quantities {
		try("figure", x.Start, x.End)
	}
	return kind, exact
}

// constraintsHold checks everything about c but its score: its type and the
// question's constraints in its passage.
func (b *Bot) constraintsHold(a *Analysis, c *Candidate) (bool, string) {
	if c.typed == nil && !typeFits(a, c.Short) {
		return false, ReasonWrongType
	}
	// A sum of money, a share or a count of things ("312 silver coins") is
	// never a time, though it is a figure.
	if c.typed == nil && (a.Wh == WhWhen || a.Intent == IntentWhen) {
		if k := spanFigureKind(c); k == "money" || k == "percent" || !b.saysTime(corpus.Tokenize(c.Short)) || !b.asksTimeAmount(a) && b.countsThings(c) {
			return false, ReasonWrongType
		}
	}
	if c.typed == nil && a.Wh == WhWhy && c.Passage != nil && !b.givesReason(c.Passage.ev.toks, c.Start, c.End) {
		return false, ReasonWrongType
	}
	if c.typed == nil && c.Passage != nil && asksThing(a) && !b.namesSomething(a, c) {
		return false, ReasonWrongType
	}
	if b.asksMeasure(a) {
		if toks := corpus.Tokenize(c.Short); !holdsFigure(toks) || saysWhenForHowAdj(a, toks) {
			return false, ReasonWrongType
		}
	}
	// A stretch of time counts no passengers and measures no depth ("two
	// weeks" for how many passengers, "six weeks" for how deep).
	if (b.asksMeasure(a) || a.Wh == WhHowMany || a.Wh == WhHowMuch) && !b.asksTimeAmount(a) && b.countsTimeOnly(c) {
		return false, ReasonWrongType
	}
	// "On what date": a day of the calendar (see namesDay), not a stretch
	// of time ("three months after") nor a count ("eight rhinos").
	if (a.Focus == "date" || a.Focus == "day") && a.Intent == IntentWhen && !b.namesDay(c) {
		return false, ReasonWrongType
	}
	// "What does MSSM stand for": a span answers with words that spell it.
	if c.typed == nil && a.Intent == IntentDefine && a.q.acronym != "" && !spells(c.Short, a.q.acronym) {
		return false, ReasonWrongType
	}
	if c.typed == nil && isDateSpan(c) && !b.asksTime(a) {
		return false, ReasonWrongType
	}
	// "How much are they paid": a figure of a date ("2024, the minister")
	// is no amount.
	if c.typed == nil && (a.Wh == WhHowMany || a.Wh == WhHowMuch) && !b.asksTimeAmount(a) && datedFiguresOnly(c) {
		return false, ReasonWrongType
	}
	if spanFigureKind(c) == "money" && b.asksStuff(a) {
		return false, ReasonWrongType
	}
	// "Which countries ...": an answer names a country (or a count of them).
	if (a.Wh == WhWhich || a.Wh == WhWhat) && a.q.isPlaceFocus() && !b.namesCountry(c.Short) {
		return false, ReasonWrongType
	}
	// "Which team won": a thing, not a figure of the things ("12 teams").
	if a.Wh == WhWhich && !b.namesThing(a, c.Short) {
		return false, ReasonWrongType
	}
	if p := c.Passage; p != nil {
		if c.typed == nil && p.ev.coverage < minCoverage {
			return false, ReasonCoverage
		}
		text := p.Sentence().Text
		// A lead-in ("these schools would reopen:") says what its list
		// does; its own words are no answer.
		if c.typed == nil && strings.HasSuffix(strings.TrimSpace(text), ":") {
			return false, ReasonWrongType
		}
		// Every country the question names, and one of the names of the person it names.
		persons, personFound := 0, false
		for i, t := range a.q.terms {
			switch {
			case t.country != "" && p.ev.matchAt[i] == nil:
				return false, ReasonEntity
			case t.person:
				persons++
				personFound = personFound || p.ev.matchAt[i] != nil
			}
		}
		if persons > 0 && !personFound {
			return false, ReasonEntity
		}
		if a.Negated && a.Intent != IntentYesNo && !hasNegation(text) {
			return false, ReasonNegation
		}
		// An affirmative question is not answered by what its sentence
		// denies ("no longer expects to complete the corridor by November 2027").
		if !a.Negated && a.Intent != IntentYesNo && c.Start >= 0 && !hasNegation(a.Text) && deniedAt(p.ev.toks, p.ev.matchedOffsets(), c.Start, c.End) {
			return false, ReasonDenied
		}
		if len(a.Years) > 0 && !mentionsYear(a.Years, text, p.Prev, corpus.DateString(p.Sentence().Date)) {
			return false, ReasonTime
		}
		if len(a.Months) > 0 && !mentionsMonth(a.Months, p) {
			return false, ReasonTime
		}
		// "Who founded the NICC?": the one who did what the question asks,
		// so the sentence must hold that verb (or a relative of it).
		if a.Wh == WhWho && !b.predicateMatched(a, p) {
			return false, ReasonPredicate
		}
	}
	return true, ""
}

// namesCountry: text names a country (the gazetteer), not only its people.
func (b *Bot) namesCountry(text string) bool {
	for _, p := range b.ix.Annotator().Gazetteer().Find(corpus.Tokenize(text), true) {
		if !p.Demonym {
			return true
		}
	}
	return false
}

// namesThing: the answer to a which-question holds a word besides figures,
// stop words and the focus noun itself — unless the focus is a time or a
// measure ("which year": a figure is the answer).
func (b *Bot) namesThing(a *Analysis, short string) bool {
	f := a.q.focusWord
	if f == "" || measureWords[f] || dateWords[f] || timeFocus[f] {
		return true
	}
	for _, t := range corpus.Tokenize(short) {
		if !t.IsWord() {
			continue
		}
		w := t.Lower()
		if _, num := corpus.ParseNumber(w); num || b.stops.index(w) >= 0 || strings.HasPrefix(w, strings.TrimSuffix(f, "s")) {
			continue
		}
		return true
	}
	return false
}

// timeFocus are focus nouns a date or a figure answers.
var timeFocus = map[string]bool{"year": true, "years": true, "month": true, "months": true, "day": true, "days": true,
	"date": true, "dates": true, "decade": true, "century": true, "time": true, "week": true, "season": true, "number": true}

// predicateMatched: the passage holds the verb of a who-question — its
// first content word after "who" that WordNet has as a verb ("who founded
// it", "who leads the mission") —, or the role it asks for, or names a
// person who may hold it; or the question has none (a verb the
// corpus never uses is a paraphrase, not a verb to find).
func (b *Bot) predicateMatched(a *Analysis, p *Passage) bool {
	if b.lex == nil {
		return true
	}
	pred, at := -1, ctxStart
	for i, t := range a.q.terms {
		if t.start <= a.WhAt || t.start >= at || t.key || t.person || t.country != "" || t.missing || len(t.stems) == 0 {
			continue
		}
		pred, at = i, t.start
	}
	if pred < 0 {
		return true
	}
	if p.ev.matchAt[pred] != nil {
		return true
	}
	// Its verb ("who founded"); or the role it asks who holds ("who is the
	// chief executive": a noun whose first sense is a person), which a
	// sentence naming nobody cannot say of anyone (one naming someone may,
	// by another word: "hydrologist" for "expert").
	w := b.lex.Base(strings.ToLower(a.q.terms[pred].word))
	if b.lex.IsVerb(w) {
		return false
	}
	return b.lex.Class(w) != "person" || len(p.ev.hit.Ann.People) > 0
}

// typeFits: a question for a number is answered by a number, one for a
// year by a year.
func typeFits(a *Analysis, short string) bool {
	if asksYear(a) {
		return yearRe.MatchString(short)
	}
	toks := corpus.Tokenize(short)
	if saysWhenForHowAdj(a, toks) {
		return false
	}
	if a.Wh == WhHowMany || a.Wh == WhHowMuch || a.Intent == IntentCount || a.Intent == IntentDerived {
		return holdsFigure(toks)
	}
	return true
}

// spells: the initials of short's words hold the letters of acronym, in
// order ("Multinational Security Support Mission" spells MSSM).
func spells(short, acronym string) bool {
	letters := []rune(strings.ToUpper(acronym))
	k := 0
	for _, t := range corpus.Tokenize(short) {
		if !t.IsWord() || k == len(letters) {
			continue
		}
		if r := []rune(strings.ToUpper(t.Text)); len(r) > 0 && r[0] == letters[k] {
			k++
		}
	}
	return k == len(letters)
}

// saysWhenForHowAdj: a measure ("how long", "how far", "how old") is no
// date — a month's day or a bare year says when, not how long ("how early"
// may be answered by one).
func saysWhenForHowAdj(a *Analysis, toks []corpus.Token) bool {
	if a.Wh != WhHowAdj || timeAdjectives[a.Focus] {
		return false
	}
	for _, t := range toks {
		if corpus.IsMonth(t.Text) {
			return true
		}
	}
	return len(toks) == 1 && yearRe.MatchString(toks[0].Text)
}

// saysTime: toks name a time — a figure (a year, a day), a month, a noun
// whose first WordNet sense is a time ("spring", "weeks", "today"), or a
// preposition of time leading an event ("after the war").
func (b *Bot) saysTime(toks []corpus.Token) bool {
	for k, t := range toks {
		if !t.IsWord() {
			continue
		}
		if isNumber(t) || corpus.IsMonth(t.Text) {
			return true
		}
		l := t.Lower()
		if k == 0 && eventTimeWords[l] {
			return true
		}
		if b.timeNoun(l) {
			return true
		}
	}
	return false
}

// asksTimeAmount: a asks for an amount of time — how many of a noun
// whose first WordNet sense is a time ("how many years"), how long, how
// old, how often.
func (b *Bot) asksTimeAmount(a *Analysis) bool {
	if a.Wh == WhHowAdj {
		return b.timeAdjective(a.Focus)
	}
	if a.Focus == "" && (a.Wh == WhHowMuch || a.Wh == WhHowMany) {
		// "how much older": the word after "much" says what it measures.
		for k, t := range a.q.toks {
			if l := t.Lower(); (l == "much" || l == "many") && k+1 < len(a.q.toks) {
				return b.timeAdjective(a.q.toks[k+1].Lower())
			}
		}
	}
	return a.Focus != "" && b.timeNoun(strings.ToLower(a.Focus))
}

// timeNoun: the first WordNet noun sense of w's base form is a time
// ("weeks", "spring", "today").
func (b *Bot) timeNoun(w string) bool {
	return b.lex != nil && b.lex.Class(b.lex.Base(w)) == "time"
}

// timeAdjective: w, or its base form ("older"), measures a time.
func (b *Bot) timeAdjective(w string) bool {
	if b.lex != nil {
		w = b.lex.Base(w)
	}
	return timeAdjectives[w] || w == "long" || w == "old" || w == "often"
}

// countsTimeOnly: c's answer holds a figure, and each counts a time ("two
// weeks", "six months"): the word after it — in its sentence, when c is
// read from one, so that "six" read out of "six weeks" counts weeks too —
// is a noun whose first WordNet sense is a time.
func (b *Bot) countsTimeOnly(c *Candidate) bool {
	toks, from, to := corpus.Tokenize(c.Short), 0, -1
	if c.Passage != nil && c.Start >= 0 {
		toks = c.Passage.ev.toks
		for k, t := range toks {
			if t.Start < c.Start {
				from = k + 1
			}
			if t.End <= c.End {
				to = k
			}
		}
	} else {
		to = len(toks) - 1
	}
	figures, timed := 0, 0
	for k := from; k <= to && k < len(toks); k++ {
		if !holdsFigure(toks[k : k+1]) {
			continue
		}
		figures++
		if k+1 < len(toks) && toks[k+1].IsWord() && b.timeNoun(toks[k+1].Lower()) {
			timed++
		}
	}
	return figures > 0 && timed == figures
}

// countsThings: every figure of c's span, read in its passage, counts a
// plural noun that is no time ("recorded 312 silver coins"), none looks
// like a year, and no date of the annotations stands in it.
func (b *Bot) countsThings(c *Candidate) bool {
	p := c.Passage
	if p == nil || c.Start < 0 {
		return false
	}
	ann := p.ev.hit.Ann
	if slices.ContainsFunc(ann.Dates, func(d corpus.DateMention) bool { return d.Start < c.End && c.Start < d.End }) {
		return false
	}
	return everyFigure(c, func(t corpus.Token) bool {
		if isYear(t.Text) {
			return false // "the 2011 Green Bay Packers"
		}
		return slices.ContainsFunc(ann.Quantities, func(q corpus.Quantity) bool {
			if q.Start > t.Start || t.End > q.End || q.Kind != "count" || q.Noun == "" || q.Inherited {
				return false
			}
			// The noun is a plural (a count of one thing is rare, and
			// "Luther's 1538 hymnic version" is a year before a noun).
			f := strings.Fields(q.Noun)
			head := strings.ToLower(f[len(f)-1])
			return b.lex != nil && b.lex.Base(head) != head && !b.timeNoun(head)
		})
	})
}

// everyFigure: c's span, read in its passage, holds figures and each of
// them meets ok.
func everyFigure(c *Candidate, ok func(corpus.Token) bool) bool {
	if c.Passage == nil || c.Start < 0 {
		return false
	}
	figures := 0
	for _, t := range c.Passage.ev.toks {
		if t.End <= c.Start || t.Start >= c.End || !isNumber(t) {
			continue
		}
		if !ok(t) {
			return false
		}
		figures++
	}
	return figures > 0
}

// namesDay: c names a day of the calendar: a month or a weekday, a date
// its passage's annotations read in it finer than a year ("2027" names
// none), or — read from no passage — a figure that counts no stretch of
// time ("2024-08-28").
func (b *Bot) namesDay(c *Candidate) bool {
	toks := corpus.Tokenize(c.Short)
	if slices.ContainsFunc(toks, func(t corpus.Token) bool { return calendarWord(t.Text) }) {
		return true
	}
	if c.Passage == nil || c.Start < 0 {
		return holdsFigure(toks) && !b.countsTimeOnly(c)
	}
	return slices.ContainsFunc(c.Passage.ev.hit.Ann.Dates, func(d corpus.DateMention) bool {
		return d.Start < c.End && c.Start < d.End && d.Precision != "year"
	})
}

// eventTimeWords lead a time told by an event.
var eventTimeWords = map[string]bool{"after": true, "before": true, "during": true, "until": true, "since": true, "when": true, "while": true, "following": true}

// timeAdjectives ask "how" of a time, which a date answers.
var timeAdjectives = map[string]bool{"early": true, "late": true, "soon": true}

// holdsFigure: one of toks is a figure — digits, a number word or a vague
// count ("dozens").
func holdsFigure(toks []corpus.Token) bool {
	for _, t := range toks {
		if isNumber(t) || vagueCount(t.Lower()) {
			return true
		}
	}
	return false
}

// isNumber: t is a number, in digits or in words.
func isNumber(t corpus.Token) bool {
	if strings.IndexFunc(t.Text, unicode.IsDigit) >= 0 {
		return true
	}
	_, ok := corpus.ParseNumber(t.Text)
	return ok
}

// measureRoots are the WordNet concepts a noun naming a measure or a
// charge stands directly under ("speed" is a rate, "height" a dimension,
// "toll" a fee, "percentage" a proportion, "price" a value); measureClasses
// the lexicographer files such nouns are in ("feature", under dimension
// too, is a cognition).
var (
	measureRoots = map[string]bool{"magnitude": true, "dimension": true, "extent": true, "rate": true, "fee": true,
		"proportion": true, "quotient": true, "value": true, "amount": true}
	measureClasses = map[string]bool{"attribute": true, "time": true, "possession": true, "relation": true, "quantity": true}
)

// asksMeasure: the question asks how much of a measure ("how tall", "what
// top speed", "what toll", "what is the depth of": the head of the phrase
// the asking word opens), which only a figure answers.
func (b *Bot) asksMeasure(a *Analysis) bool {
	if a.measure == 0 { // read once a question, not once a candidate
		a.measure = 1
		if b.readsMeasure(a) {
			a.measure = 2
		}
	}
	return a.measure == 2
}

func (b *Bot) readsMeasure(a *Analysis) bool {
	if a.Wh == WhHowAdj {
		return true
	}
	if a.Wh != WhWhat { // "which budget" asks which one, not how much
		return false
	}
	// The words the asking word opens, past a copula and an article.
	toks := a.q.toks
	k := slices.IndexFunc(toks, func(t corpus.Token) bool { return t.Start == a.WhAt })
	if k < 0 {
		return false
	}
	for k++; k < len(toks); k++ {
		if w := toks[k].Lower(); w != "is" && w != "are" && w != "was" && w != "were" && w != "'s" && !article(w) {
			break
		}
	}
	head := ""
	for ; k < len(toks) && toks[k].IsWord() && b.stops.index(toks[k].Lower()) < 0 && !auxWords[toks[k].Lower()]; k++ {
		head = toks[k].Lower()
	}
	return head != "" && b.measureNoun(head)
}

// measureNoun: w names a measure or a charge.
func (b *Bot) measureNoun(w string) bool {
	if moneyWords[w] {
		return true
	}
	if b.lex == nil {
		return false
	}
	base := b.lex.Base(w)
	if !measureClasses[b.lex.Class(base)] {
		return false
	}
	for _, h := range b.lex.Hypernyms(base) {
		if measureRoots[h] {
			return true
		}
	}
	return false
}

// reasonWords open a reason: "because", "due to", "since", "so that",
// "as a result of", "owing to", "in order to", "citing", "after"; and "to"
// before a verb ("to protect the port").
var reasonWords = map[string]bool{"because": true, "due": true, "since": true, "so": true, "result": true,
	"owing": true, "order": true, "citing": true, "after": true, "for": true, "to": true, "thanks": true, "as": true}

// givesReason: the span [start, end) of a sentence (its tokens) is a reason: it starts with a
// word that opens one, or follows one within two words; "to" opens one only
// before a verb ("to protect the port", not "to the mission").
func (b *Bot) givesReason(toks []corpus.Token, start, end int) bool {
	if start < 0 || start >= end {
		return true // not a span of the sentence: nothing to check
	}
	first := -1
	for i, t := range toks {
		if t.Start >= start {
			first = i
			break
		}
	}
	if first < 0 {
		return false
	}
	for i := max(0, first-2); i <= first && i < len(toks); i++ {
		w := toks[i].Lower()
		if !reasonWords[w] {
			continue
		}
		// "As a result of" opens a reason; "as a result," a consequence.
		after := i + 1 // the word after "result"
		if w == "as" && i+2 < len(toks) && toks[i+1].Lower() == "a" && toks[i+2].Lower() == "result" {
			w, after = "result", i+3
		}
		if w == "result" && (after >= len(toks) || toks[after].Lower() != "of") {
			continue
		}
		if w == "to" && b.lex != nil {
			if i+1 >= len(toks) || !b.lex.IsVerb(b.lex.Base(toks[i+1].Lower())) {
				continue
			}
		}
		return true
	}
	return false
}

// isDateSpan: the span candidate c is a date and nothing else ("1977",
// "March 2009", "January"), by its passage's date annotations.
func isDateSpan(c *Candidate) bool {
	if c.Passage == nil || c.Start < 0 {
		return false
	}
	for _, d := range c.Passage.ev.hit.Ann.Dates {
		if d.Start <= c.Start && c.End <= d.End {
			return true
		}
	}
	return false
}

// datedFiguresOnly: c's span, read in its passage, holds figures and each
// stands in a date of its annotations.
func datedFiguresOnly(c *Candidate) bool {
	return everyFigure(c, func(t corpus.Token) bool {
		return slices.ContainsFunc(c.Passage.ev.hit.Ann.Dates, func(d corpus.DateMention) bool { return d.Start <= t.Start && t.End <= d.End })
	})
}

// asksTime: a date may answer a: it asks when, or for a thing whose first
// WordNet noun sense is a time ("what year", "which season"), or has no
// noun to say what it asks for. "Who", "where", "how long" and "what
// company" are not answered by a date.
func (b *Bot) asksTime(a *Analysis) bool {
	switch a.Wh {
	case WhWho, WhWhere:
		return false
	case WhHowAdj: // "how long" asks for a measure, "how early" for a time
		return timeAdjectives[a.Focus]
	case WhWhat, WhWhich:
		if a.Focus == "" || b.lex == nil {
			return true
		}
		class := b.lex.Class(b.lex.Base(a.Focus))
		return class == "" || class == "time"
	}
	return true
}

// spanFigureKind is the kind of the figure of c's passage that c overlaps
// ("money", "percent", "count"; see corpus.FigureKinds), "" when none.
func spanFigureKind(c *Candidate) string {
	if c.Passage == nil || c.Start < 0 {
		return ""
	}
	for _, q := range c.Passage.ev.hit.Ann.Quantities {
		if q.Start < c.End && c.Start < q.End {
			return q.Kind
		}
	}
	return ""
}

// stuffClasses are the WordNet noun classes of what is measured in amounts
// that are no money: grain, water, oil, electricity, rain.
var stuffClasses = map[string]bool{"object": true, "substance": true, "phenomenon": true, "food": true, "plant": true, "animal": true, "body": true}

// asksStuff: a is a "how much" question for an amount of a thing that is no
// money ("how much grain", "how much water"), by the WordNet class of the
// noun after "much".
func (b *Bot) asksStuff(a *Analysis) bool {
	if a.Wh != WhHowMuch || b.lex == nil {
		return false
	}
	toks := a.q.toks
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Lower() == "how" && toks[i+1].Lower() == "much" {
			w := toks[i+2].Lower()
			return b.stops.index(w) < 0 && stuffClasses[b.lex.Class(b.lex.Base(w))] // not "how much is"
		}
	}
	return false
}

// mentionsMonth: passage p is about one of the months a question names:
// its sentence names one (and, naming others, not only others), or the
// list lead-in or heading it stands under does, else its document is dated
// in one.
func mentionsMonth(months []string, p *Passage) bool {
	if namesOtherMonths(months, p.ev.toks) {
		return false
	}
	s := p.Sentence()
	if namesMonth(months, p.ev.toks) || namesMonth(months, corpus.Tokenize(s.Lead)) || namesMonth(months, corpus.Tokenize(s.Section)) {
		return true
	}
	if !s.Date.IsZero() {
		return contains(months, strings.ToLower(s.Date.Month().String()))
	}
	return true // an undated document: nothing says otherwise
}

// namesMonth: toks name one of months.
func namesMonth(months []string, toks []corpus.Token) bool {
	for _, t := range toks {
		if l := t.Lower(); contains(months, l) && (l != "may" || t.Capitalized()) {
			return true
		}
	}
	return false
}

// asksYear: "what year ...", "in which year ...": the answer is a year.
func asksYear(a *Analysis) bool {
	return (a.Wh == WhWhat || a.Wh == WhWhich) && a.Focus == "year"
}

// yearOf is the year a short answer to a year question names ("December
// 1986" is 1986), or short itself when it names none or several.
func yearOf(a *Analysis, short string) string {
	if !asksYear(a) {
		return short
	}
	if ys := yearRe.FindAllString(short, 2); len(ys) == 1 {
		return ys[0]
	}
	return short
}

// vagueCount: a word that answers "how many" without a figure ("dozens").
func vagueCount(w string) bool {
	switch w {
	case "dozens", "hundreds", "thousands", "millions", "billions", "several", "few", "many", "numerous", "scores", "tens":
		return true
	}
	return false
}

// mentionsYear: one of the texts names one of the years.
func mentionsYear(years []int, texts ...string) bool {
	for _, y := range years {
		ys := strconv.Itoa(y)
		for _, t := range texts {
			if strings.Contains(t, ys) {
				return true
			}
		}
	}
	return false
}

// numberValue reads a number word or figure.
func numberValue(w string) (float64, bool) { return corpus.ParseNumber(w) }

// deniedAt: the words of the clause before the span [start, end) of the
// sentence toks deny what follows them — a word of negation with no clause
// boundary (punctuation, a quotation mark, a conjunction or a word that
// opens a clause) between it and start ("the foundation no longer expects to
// complete the corridor by [November 2027]"). A bound is no denial: "not
// ... until", "before", "unless" or "than" between the negation and start
// ("not expected to be finished before [February]"), "no later than", "not
// only". What is denied must be the question's: a word of the question
// (at the byte offsets matched) stands between the negation and end ("No
// plans were announced regarding the recognition of [Harvey Martin], who
// died in 2001" denies nothing of "which MVP died in 2001").
func deniedAt(toks []corpus.Token, matched []int, start, end int) bool {
	k := -1
	for i, t := range toks {
		if t.End > start {
			break
		}
		k = i
	}
	// A span that opens a clause of its own ("because they were nomads")
	// is no part of the clause before it.
	if k+1 < len(toks) && clauseOpener(toks[k+1].Lower()) {
		return false
	}
	for i := k; i >= 0; i-- {
		t := toks[i]
		if !t.IsWord() {
			if strings.ContainsAny(t.Text, ",;:()[]—–\"“”") {
				return false
			}
			continue
		}
		w := t.Lower()
		if clauseOpener(w) {
			return false
		}
		if !isNegation(strings.ReplaceAll(w, "’", "'")) {
			continue
		}
		next := ""
		for _, u := range toks[i+1:] {
			if u.IsWord() {
				next = u.Lower()
				break
			}
		}
		switch next {
		case "only", "just", "merely", "least", "fewer", "more", "less", "later", "earlier", "sooner", "greater", "smaller", "higher", "lower", "than":
			continue
		}
		if w == "no" && t.Text == "No" && i > 0 {
			continue // "No. 5"
		}
		return slices.ContainsFunc(matched, func(off int) bool { return off >= t.End && off < end })
	}
	return false
}

// clauseOpener: w (lower case) ends the reach of a negation before it: a
// conjunction, a word that opens a clause, or a bound ("not ... until").
func clauseOpener(w string) bool {
	switch w {
	case "until", "till", "before", "unless", "than", "except", "but", "and", "or", "that", "which", "who", "whom",
		"whose", "whether", "while", "although", "though", "whereas", "if", "when", "where", "as", "because", "since", "so":
		return true
	}
	return false
}
