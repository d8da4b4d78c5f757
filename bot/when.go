package bot

// When something happened.

import (
	"context"
	"strings"
	"time"

	"mssmbot/corpus"
)

// when answers with the date nearest to what the question matched.
func (b *Bot) when(q *question, good []*evidence) *result {
	var best *corpus.DateMention
	var bestE *evidence
	bestD := 1 << 30
	for _, e := range good[:min(3, len(good))] {
		docDate := e.hit.Sentence.Date
		for k := range e.hit.Ann.Dates {
			d := &e.hit.Ann.Dates[k]
			dist := e.distance(d.Start, d.End) + int((good[0].coverage-e.coverage)*2000)
			switch {
			case q.howLong && d.Relative:
				dist -= 1000
			case d.Relative && !strings.ContainsAny(d.Text, "0123456789"):
				dist += 500 // an exact date ("July 6"), where there is one, says more than "three weeks ago"
			}
			if containsAny(q.lower, " first ", " originally", " initially", " earliest") {
				dist += int(d.Time.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24 / 30) // earlier is better
			}
			lo, hi := clauseOf(e.text(), e.toks, d.Start, d.End)
			dist -= int(e.matchesIn(q, lo, hi) * 100)
			// "Greek crews arrived on July 19, while the Italian contingent is
			// expected early next month": a date whose own country is another.
			if c := countryBefore(e.hit.Ann, d.Start); c != "" && len(q.countries) > 0 && !contains(q.countries, c) {
				dist += 1500
			}
			// "When did ...": a date after the document's own is a plan, not the event; and the reverse.
			if !docDate.IsZero() {
				future := d.Time.After(docDate)
				if (q.pastTense() && future) || (q.futureTense() && !future) {
					dist += 400
				}
			}
			// A date in another part of the sentence than what the question asks
			// about dates something else ("intensified earlier this year with the
			// resignation of X, who succeeded Y, assassinated by ...").
			if e.hasPredicate(q) && !e.predicateNear(q, d.Start, d.End) {
				continue
			}
			if dist < bestD {
				best, bestE, bestD = d, e, dist
			}
		}
	}
	if best == nil {
		// "He assured that ...": a sentence without a date carries on from the one before.
		top := good[0]
		if prev, ok := b.ix.Sentence(context.Background(), top.hit.Sentence.Doc, top.hit.Sentence.Pos-1); ok && top.hit.Sentence.Pos > 0 && len(prev.Ann.Dates) > 0 && carriesOn(top.text()) {
			d := prev.Ann.Dates[0]
			pe := b.score(q, prev)
			return &result{text: capitalize(d.Format()) + ".", short: d.Format(), conf: top.coverage * 0.7, evidence: []*evidence{pe, top}}
		}
		return nil
	}
	short := best.Format()
	text := short
	vague := best.Relative && !strings.ContainsAny(best.Text, "0123456789")
	if best.Relative && !bestE.hit.Sentence.Date.IsZero() && (best.Precision != "day" || vague) {
		short = best.Text
		text = best.Text + " (as of " + bestE.hit.Sentence.Date.Format("2 January 2006") + ", so around " + best.Format() + ")"
	}
	return &result{text: capitalize(text) + ".", short: short, conf: bestE.coverage, evidence: []*evidence{bestE}}
}

// carriesOn: the sentence opens with a pronoun, continuing the one before.
func carriesOn(text string) bool {
	f := strings.Fields(text)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(f[0]) {
	case "he", "she", "they", "it", "this", "that", "his", "her", "their", "its":
		return true
	}
	return false
}

// hasPredicate: the sentence holds a question word that is neither a name nor a date word.
func (e *evidence) hasPredicate(q *question) bool {
	for i, t := range q.terms {
		if !t.key && t.country == "" && !t.person && len(e.matchAt[i]) > 0 && e.matchAt[i][0] >= 0 {
			return true
		}
	}
	return false
}

// predicateNear: such a word is in the same part of the sentence as [start,
// end), parts being split at "who", "which", "while", ";" and ", and".
func (e *evidence) predicateNear(q *question, start, end int) bool {
	lo, hi := between(len(e.text()), e.toks, start, end, func(k int) bool {
		switch e.toks[k].Lower() {
		case ";", "who", "which", "while", "whereas":
			return true
		}
		return joinsClauses(e.toks, k)
	})
	for i, t := range q.terms {
		if t.key || t.country != "" || t.person {
			continue
		}
		for _, off := range e.matchAt[i] {
			if off >= lo && off < hi {
				return true
			}
		}
	}
	return false
}
