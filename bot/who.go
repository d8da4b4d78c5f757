package bot

// Who did something: agents, people near what matched, roles.

import (
	"strings"

	"mssmbot/corpus"
	"mssmbot/index"
)

// who answers "who did X": the agent of a matched verb ("by ..."), or the
// person nearest to what the question matched, not the one it names.
func (b *Bot) who(q *question, good []*evidence) *result {
	named := func(p corpus.Person) bool {
		for _, n := range q.names {
			if strings.Contains(p.Name, n) {
				return true
			}
		}
		return false
	}
	if !q.passive && !q.objectQ && !q.copula() {
		if r := b.agent(q, good); r != nil {
			return r
		}
	}
	for _, e := range good[:min(3, len(good))] {
		var best *corpus.Person
		bestD := 1 << 30
		for k := range e.hit.Ann.People {
			p := &e.hit.Ann.People[k]
			if named(*p) || p.Start < 0 {
				continue
			}
			d := e.distance(p.Start, p.End)
			if p.Role != "" && roleMatches(b.ix, q, p.Role) {
				d -= 1000
			}
			// "Who is the prime minister of X": the role must be the one asked.
			if q.asksRole() {
				context := e.text()[max(0, p.Start-60):p.Start] + " " + p.Role
				if !roleHoldsAll(b.ix, q, context) {
					continue
				}
				// "Who is the prime minister": not one who resigned or a former one.
				if !strings.HasPrefix(q.lower, "who was") && containsAny(strings.ToLower(context), "former", "resign", "ex-", "late ", "ousted", "outgoing", "previous") {
					continue
				}
			}
			if d < bestD {
				best, bestD = p, d
			}
		}
		if best != nil {
			text := best.Name
			if best.Role != "" {
				text += " (" + best.Role + ")"
			}
			return &result{text: text + ".", short: best.Name, conf: e.coverage, evidence: []*evidence{e}}
		}
	}
	return nil
}

// agent is the doer of a matched verb in the best sentences: a person named
// after "by" (with their role), or the noun phrase there ("raised by
// families of the troops").
func (b *Bot) agent(q *question, good []*evidence) *result {
	for _, e := range good[:min(3, len(good))] {
		if e.coverage < good[0].coverage-0.05 {
			break
		}
		text := e.text()
		for i, tok := range e.toks {
			if tok.Lower() != "by" || i == 0 {
				continue
			}
			prev := e.toks[i-1]
			if !e.isPredicate(q, prev.Start) {
				continue
			}
			// A person named right after "by" is the answer, with their role.
			npEnd := len(text)
			for k, t := range e.toks[i+1:] {
				// The period of a title ("Dr.") does not end the phrase.
				if t.Text == "." && k > 0 && e.toks[i+k].Capitalized() && len(e.toks[i+k].Text) <= 4 {
					continue
				}
				if !t.IsWord() || npStop[t.Lower()] {
					npEnd = t.Start
					break
				}
			}
			for _, p := range e.hit.Ann.People {
				if p.Start >= tok.End && p.Start < npEnd {
					text := p.Name
					if p.Role != "" {
						text += " (" + p.Role + ")"
					}
					return &result{text: text + ".", short: p.Name, conf: e.coverage, evidence: []*evidence{e}}
				}
			}
			j := i + 1
			for j < len(e.toks) && e.toks[j].IsWord() && !npStop[e.toks[j].Lower()] {
				j++
			}
			if j > i+1 {
				agent := text[e.toks[i+1].Start:e.toks[j-1].End]
				return &result{text: capitalize(agent) + ".", short: agent, conf: e.coverage, evidence: []*evidence{e}}
			}
		}
	}
	return nil
}

// namedNear answers "which company ..." with the capitalized name nearest to
// the asked noun in the best sentence ("Kaito Pharmaceuticals, a Japanese
// biotech company").
func namedNear(q *question, e *evidence) *result {
	at := -1
	for _, st := range e.terms {
		if contains(q.focus, st.Stem) {
			at = st.Start
			break
		}
	}
	if at < 0 {
		return nil
	}
	best, bestD := "", 1<<30
	for i := 0; i < len(e.toks); i++ {
		t := e.toks[i]
		if !t.Capitalized() || i == 0 || q.namesWord(t.Text) || strings.Contains(q.lower, strings.ToLower(t.Text)) || calendarWord(t.Text) || e.inPlace(t.Start) {
			continue
		}
		j := i
		for j+1 < len(e.toks) && e.toks[j+1].Capitalized() && !q.namesWord(e.toks[j+1].Text) {
			j++
		}
		name := e.text()[t.Start:e.toks[j].End]
		d := at - e.toks[j].End
		if t.Start > at {
			d = t.Start - at
		}
		if d < bestD {
			best, bestD = name, d
		}
		i = j
	}
	if best == "" || bestD > 80 {
		return nil
	}
	return &result{text: best + ".", short: best, conf: e.coverage * 0.8, evidence: []*evidence{e}}
}

// npStop ends a noun phrase read forwards.
var npStop = map[string]bool{
	"about": true, "to": true, "for": true, "in": true, "on": true, "at": true, "with": true, "that": true,
	"who": true, "which": true, "while": true, "and": true, "but": true, "after": true, "before": true,
	"during": true, "since": true, "until": true, "because": true, "when": true, "where": true,
}

func (e *evidence) isMatched(q *question, off int) bool {
	for _, m := range e.matchAt {
		for _, o := range m {
			if o == off {
				return true
			}
		}
	}
	return false
}

// roleMatches: the question's words appear in a person's role.
func roleMatches(ix *index.Index, q *question, role string) bool {
	rs := ix.Analyze(role)
	n := 0
	for _, t := range q.terms {
		for _, r := range rs {
			if contains(t.stems, r.Stem) {
				n++
				break
			}
		}
	}
	return n > 0
}

// roleHoldsAll: every role word of a "who is the ROLE" question (lower-case
// words that are not names) appears in text.
func roleHoldsAll(ix *index.Index, q *question, text string) bool {
	ts := ix.Analyze(text)
	// The role is what comes before "of" ("the prime minister of Spain").
	roleEnd := len(q.text)
	if i := strings.Index(q.lower, " of "); i > 0 {
		roleEnd = i
	}
	for _, t := range q.terms {
		if t.start >= roleEnd || isUpperWord(t.word) {
			continue
		}
		if t.key || t.country != "" || t.person || len(t.stems) == 0 {
			if t.missing && !t.key {
				return false
			}
			continue
		}
		found := false
		for _, x := range ts {
			if contains(t.stems, x.Stem) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
