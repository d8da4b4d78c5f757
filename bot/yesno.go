package bot

// Yes/no questions.

import (
	"strings"

	"mssmbot/corpus"
)

// negates: a word of a sentence or yes/no question that denies what it
// says — a word of negation (isNegation), a contracted one, or one that
// denies only within its clause ("neither", "nor", "without"), which the
// question's own negation (Analysis.Negated) leaves aside.
func negates(l string) bool {
	switch l {
	case "neither", "nor", "without", "n't":
		return true
	}
	return isNegation(l) || strings.HasSuffix(l, "n't")
}

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
	if r := b.alternative(q, good); r != nil {
		return r
	}
	if e.coverage < minYesNo {
		return nil
	}
	negated := false
	for _, t := range e.toks {
		l := t.Lower()
		if negates(l) {
			negated = true
		}
	}
	for _, t := range q.toks {
		l := t.Lower()
		if negates(l) {
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

// alternative answers a question that asks which of two ("were the
// experiments high-voltage or low-voltage?", "is it increasing or
// declining?") with the one a sentence holds and the other it does not,
// in the words of the sentence; nil when the question offers no two or
// no sentence tells them apart.
func (b *Bot) alternative(q *question, good []*evidence) *result {
	x, y := alternatives(q.toks, b.stops)
	if x == "" || y == "" {
		return nil
	}
	for _, e := range good[:min(4, len(good))] {
		tx, ty := e.text(), ""
		ix, iy := wordAt(tx, x), wordAt(tx, y)
		switch {
		case ix >= 0 && iy < 0:
			ty = tx[ix : ix+len(x)]
		case iy >= 0 && ix < 0:
			ty = tx[iy : iy+len(y)]
		default:
			continue
		}
		return &result{text: ty + " — " + tx, short: ty, conf: e.coverage, evidence: []*evidence{e}}
	}
	return nil
}

// alternatives are the two things a question offers to choose between,
// lower case: the content words (with the words hyphened to them) next to
// its "or" on either side; "" when it has no "or".
func alternatives(toks []corpus.Token, stops *stopList) (string, string) {
	for k, t := range toks {
		if t.Lower() != "or" {
			continue
		}
		// group is the hyphened run of tokens around word token w.
		group := func(w int) string {
			lo, hi := w, w
			for lo >= 2 && toks[lo-1].Text == "-" && toks[lo-1].Start == toks[lo-2].End && toks[lo].Start == toks[lo-1].End {
				lo -= 2
			}
			for hi+2 < len(toks) && toks[hi+1].Text == "-" && toks[hi+1].Start == toks[hi].End && toks[hi+2].Start == toks[hi+1].End {
				hi += 2
			}
			var sb strings.Builder
			for i := lo; i <= hi; i++ {
				sb.WriteString(toks[i].Lower())
			}
			return sb.String()
		}
		content := func(i int) bool { return toks[i].IsWord() && stops.index(toks[i].Lower()) < 0 }
		x, y := "", ""
		for i := k - 1; i >= 0 && x == ""; i-- {
			if content(i) {
				x = group(i)
			}
		}
		for i := k + 1; i < len(toks) && y == ""; i++ {
			if content(i) {
				y = group(i)
			}
		}
		return x, y
	}
	return "", ""
}

// wordAt is the byte offset in text of w (lower case) as a whole word,
// case aside; -1 when text does not hold it.
func wordAt(text, w string) int {
	l := strings.ToLower(text)
	if len(l) != len(text) {
		return -1 // offsets would not carry over
	}
	for from := 0; from < len(l); {
		i := strings.Index(l[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		before := i == 0 || !isWordByte(l[i-1])
		after := i+len(w) == len(l) || !isWordByte(l[i+len(w)])
		if before && after {
			return i
		}
		from = i + 1
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
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
