package bot

// Which countries, people or names.

import "strings"

// which answers "which countries ...": the countries (or people) of the best
// sentences; one, the nearest, when the question asks for one.
func (b *Bot) which(q *question, good []*evidence) *result {
	if !q.isPlaceFocus() && !q.isPersonFocus() {
		// "Which teams are competing": when the evidence lists countries, they are the answer.
		if q.plural {
			if names := b.listOf(q, good[:1]); len(names) >= 2 {
				list := joinList(names)
				return &result{text: list + ".", short: list, conf: good[0].coverage * 0.9, evidence: good[:1]}
			}
		}
		// "Which company developed X": the agent of the verb, else the name beside the noun.
		if r := b.agent(q, good); r != nil {
			return r
		}
		if r := namedNear(q, good[0]); r != nil {
			return r
		}
		return b.what(q, good)
	}
	top := good[0]
	if !q.plural {
		var best string
		bestD := 1 << 30
		if q.isPlaceFocus() {
			for _, p := range top.hit.Ann.Places {
				if contains(q.countries, p.Country) {
					continue
				}
				d := top.distance(p.Start, p.End)
				if len(q.calendar) > 0 { // "... expected in August": nearer the month too
					d += min(top.distanceToWords(q.calendar, p.Start, p.End), 1000)
				}
				if d < bestD {
					best, bestD = p.Country, d
				}
			}
		} else {
			for _, p := range top.hit.Ann.People {
				if d := top.distance(p.Start, p.End); p.Start >= 0 && d < bestD {
					best, bestD = p.Name, d
				}
			}
		}
		if best == "" {
			return nil
		}
		return &result{text: best + ".", short: best, conf: top.coverage, evidence: []*evidence{top}}
	}
	// A list is best answered by the sentences that list: two names or more.
	var ev []*evidence
	for _, e := range good {
		if e.coverage >= top.coverage*0.6 && len(b.listOf(q, []*evidence{e})) >= 2 {
			ev = append(ev, e)
		}
	}
	if len(ev) == 0 {
		ev = []*evidence{top}
	} else {
		best := ev[0].coverage
		kept := ev[:0]
		for _, e := range ev {
			if e.coverage >= best*0.9 {
				kept = append(kept, e)
			}
		}
		ev = kept
	}
	names := b.listOf(q, ev)
	if len(names) == 0 {
		return nil
	}
	list := joinList(names)
	return &result{text: list + ".", short: list, conf: top.coverage, evidence: ev}
}

// listOf gathers the countries (or people) of the evidence, less those the
// question names, in order of appearance.
func (b *Bot) listOf(q *question, ev []*evidence) []string {
	var names []string
	for _, e := range ev {
		if q.isPersonFocus() {
			for _, p := range e.hit.Ann.People {
				if p.Start >= 0 && !contains(names, p.Name) {
					names = append(names, p.Name)
				}
			}
			continue
		}
		for _, p := range e.hit.Ann.Places {
			if contains(q.countries, p.Country) {
				continue
			}
			// In the document's own words ("Turkey"), unless it named the people ("Turkish").
			name := p.Country
			if !p.Demonym {
				name = strings.TrimSuffix(strings.TrimSuffix(p.Text, "'s"), "’s")
			}
			if !contains(names, name) && !contains(names, p.Country) {
				names = append(names, name)
			}
		}
	}
	return names
}
