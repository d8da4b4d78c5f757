package bot

// Yes/no questions.

import (
	"strings"
)

var negations = map[string]bool{"not": true, "no": true, "never": true, "n't": true, "neither": true, "nor": true, "without": true}

// yesno answers yes when a sentence holds nearly all of the question, no
// when it negates it or gives another figure, and abstains otherwise.
func (b *Bot) yesno(q *question, good []*evidence) *result {
	e := good[0]
	// The latest document that says as much: a plan may since have happened.
	for _, c := range good[1:min(4, len(good))] {
		if c.coverage >= minYesNo && c.coverage >= e.coverage-0.15 && c.hit.Sentence.Date.After(e.hit.Sentence.Date) {
			e = c
		}
	}
	if e.coverage < minYesNo {
		return nil
	}
	negated := false
	for _, t := range e.toks {
		l := t.Lower()
		if negations[l] || strings.HasSuffix(l, "n't") {
			negated = true
		}
	}
	for _, t := range q.toks {
		l := t.Lower()
		if negations[l] || strings.HasSuffix(l, "n't") {
			negated = !negated
		}
	}
	// A figure in the question must be the sentence's, in the clause of the
	// question's verb: "has deployed 1,000" is not "deployed 400, though it
	// had promised 1,000".
	hasPredicate := e.predicateIn(q, 0, len(e.text())) > 0
	for _, t := range q.toks {
		if v, ok := parseNum(t.Text); ok {
			found := false
			for _, qty := range e.hit.Ann.Quantities {
				lo, hi := clauseOf(e.text(), e.toks, qty.Start, qty.End)
				if qty.Value == v && (!hasPredicate || e.predicateIn(q, lo, hi) > 0) {
					found = true
				}
			}
			if !found && len(e.hit.Ann.Quantities) > 0 {
				negated = true
			}
		}
	}
	// "Has X done all ...": two figures of one thing that differ say no.
	if containsAny(" "+q.lower+" ", " all ", " every ", " entire ", " whole ") {
		var heads []string
		var vals []float64
		for _, qty := range e.hit.Ann.Quantities {
			if qty.Kind != "count" {
				continue
			}
			h := b.headNoun(qty.Noun)
			for k := range heads {
				if heads[k] == h && vals[k] != qty.Value {
					negated = true
				}
			}
			heads, vals = append(heads, h), append(vals, qty.Value)
		}
	}
	word := "Yes"
	if negated {
		word = "No"
	}
	// "Has Chile deployed officers?" against "Chile is expected to contribute": a plan, not yet a fact.
	if !negated && q.asksDone() && plans(e.clauseOfKey(q)) && !containsAny(q.lower, "expected", "plan", "will ", "going to") {
		word = "Not yet"
		// A later report on the same subject that no longer speaks of a plan tells what happened.
		for _, c := range good {
			if c.keysOK && c.matched() >= 2 && c.hit.Sentence.Date.After(e.hit.Sentence.Date) && !plans(c.clauseOfKey(q)) {
				e, word = c, "Yes"
				break
			}
		}
	}
	return &result{text: word + " — " + e.text(), short: word, conf: e.coverage, evidence: []*evidence{e}}
}

// plans: the sentence speaks of what is expected or planned, not done.
func plans(text string) bool {
	return containsAny(strings.ToLower(text), "expected to", "plans to", "planned", "will ", "is set to", "are set to", "is due to", "are due to", "intends to", "aims to", "hopes to")
}

// clauseOfKey is the part of the sentence, between contrasts, around its
// first match of a name the question asks about (the whole sentence when there is none).
func (e *evidence) clauseOfKey(q *question) string {
	for i, t := range q.terms {
		if (t.key || t.country != "") && len(e.matchAt[i]) > 0 && e.matchAt[i][0] >= 0 {
			off := e.matchAt[i][0]
			// Clauses split at contrasts, not at the commas of a list ("..., and Chile, are expected").
			lo, hi := between(len(e.text()), e.toks, off, off+1, func(k int) bool {
				switch e.toks[k].Lower() {
				case ";", "while", "whereas", "but", "though", "although", "however":
					return true
				}
				return joinsClauses(e.toks, k)
			})
			return e.text()[lo:hi]
		}
	}
	return e.text()
}
