package bot

// Stage 6 of the pipeline: Revise. A figure that a later document states
// again for the same thing (same head noun, kind and names) is answered with
// the later value, as of its date, and the earlier one beside it; a question
// about the first or planned figure keeps the earlier one. The typed count
// reader does the same for the figures it reads; this stage does it for an
// answer the span extractor found.

import "fmt"

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
		newer := b.laterFigure(a.q, e, qty)
		// The later sentence must match the question as well as this one
		// ("the total delivered" is not revised by "delivered so far").
		if newer == nil || newer.qty.Value == qty.Value || newer.e.coverage < e.coverage-1e-9 {
			return false
		}
		ans.Short = quantityText(newer.qty)
		ans.Text = fmt.Sprintf("%s as of %s; %s on %s.", ans.Short, newer.e.hit.Sentence.Date.Format("2 January 2006"),
			quantityText(qty), e.hit.Sentence.Date.Format("2 January 2006"))
		ans.Sources = append(ans.Sources[:0], sourceOf(newer.e.hit.Sentence), sourceOf(e.hit.Sentence))
		return true
	}
	return false
}
