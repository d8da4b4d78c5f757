package bot

// Stage 6 of the pipeline: Revise. A figure that a later document states
// again for the same thing (same head noun, kind and names) is answered with
// the later value, as of its date, and the earlier one beside it; a question
// about the first or planned figure keeps the earlier one. A figure that
// itself revises an earlier one is said as of its date, the earlier beside
// it. The typed count reader does the same for the figures it reads; this
// stage does it for an answer the span extractor found.

import (
	"fmt"

	"mssmbot/corpus"
)

// revise rewrites ans when a later document revises the figure candidate c
// answers with; it reports whether it did.
func (b *Bot) revise(a *Analysis, c *Candidate, ans *Answer) bool {
	if a.Initial || c.typed != nil || c.Passage == nil {
		return false
	}
	e := c.Passage.ev
	for _, qty := range e.hit.Ann.Quantities {
		if qty.Start >= c.End || c.Start >= qty.End || qty.Inherited {
			continue
		}
		// The other sentence must match the question as well as this one
		// ("the total delivered" is not revised by "delivered so far").
		differs := func(o *cand) bool {
			return o != nil && o.qty.Value != qty.Value && o.e.coverage >= e.coverage-1e-9
		}
		if newer := b.laterFigure(a.q, e, qty); differs(newer) {
			b.asOf(ans, newer, &cand{e: e, qty: qty})
			return true
		}
		// The figure is itself the revision of an earlier one: said as of
		// its date, the earlier one beside it.
		if older := b.otherFigure(a.q, e, qty, false); differs(older) {
			b.asOf(ans, &cand{e: e, qty: qty}, older)
			return true
		}
		// The figure is where a change its sentence tells started ("at €468
		// million, up from the €410 million agreed"): the sentence's other
		// figure of its kind is the current one.
		if fromValue(e, qty) {
			if o := b.sameSentenceFigure(e.hit.Ann.Quantities, qty); o != nil && !fromValue(e, *o) {
				ans.Short = quantityText(*o)
				ans.Text = fmt.Sprintf("%s as of %s, changed from %s.", ans.Short, e.asOf(), quantityText(qty))
				return true
			}
		}
		return false
	}
	return false
}

// asOf answers with the later figure as of its date, the earlier one beside it.
func (b *Bot) asOf(ans *Answer, later, earlier *cand) {
	ans.Short = quantityText(later.qty)
	ans.Text = fmt.Sprintf("%s as of %s; %s on %s.", ans.Short, later.e.asOf(), quantityText(earlier.qty), earlier.e.asOf())
	ans.Sources = append(ans.Sources[:0], sourceOf(later.e.hit.Sentence), sourceOf(earlier.e.hit.Sentence))
}

// fromValue: qty is the object of "from" in its sentence ("up from the
// €410 million", "from 6 routes to 4"), the value a change started at.
func fromValue(e *evidence, qty corpus.Quantity) bool {
	for k, t := range e.toks {
		if t.Start < qty.Start {
			continue
		}
		for k--; k >= 0 && article(e.toks[k].Lower()); k-- {
		}
		return k >= 0 && e.toks[k].Lower() == "from"
	}
	return false
}
