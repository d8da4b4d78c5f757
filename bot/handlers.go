package bot

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"mssmbot/corpus"
	"mssmbot/index"
)

// help answers greetings and "what can you do", with examples from the corpus.
func (b *Bot) help(ctx context.Context, ans Answer) Answer {
	ans.Answered = true
	ans.Confidence = 1
	var examples []string
	hits, _ := b.ix.All(ctx, 50)
	seen := map[string]bool{}
	for _, h := range hits {
		for _, a := range h.Ann.Acronyms {
			if ex := "What does " + a.Short + " stand for?"; !seen[ex] && len(examples) < 3 {
				seen[ex], examples = true, append(examples, ex)
			}
		}
		for _, p := range h.Ann.People {
			if ex := "Who is " + p.Name + "?"; !seen[ex] && p.Start >= 0 && len(examples) < 3 {
				seen[ex], examples = true, append(examples, ex)
			}
		}
	}
	ans.Text = "I answer questions about my source documents — how many, who, when, where, which, what and why — quoting the sentence I took each answer from, and I say so when the sources don't answer."
	if len(examples) > 0 {
		ans.Text += " Try: " + strings.Join(examples, " ")
	}
	ans.Short = "help"
	return ans
}

// define answers "what does X stand for" from the acronyms defined in the corpus.
func (b *Bot) define(ctx context.Context, q *question, ans Answer) (Answer, bool) {
	if q.acronym == "" {
		return ans, false
	}
	hits, err := b.ix.Search(ctx, index.Query{Entities: []string{q.acronym}, Stems: b.ix.Related(strings.ToLower(q.acronym)), Size: 20})
	if err != nil {
		return ans, false
	}
	for _, h := range hits {
		for _, a := range h.Ann.Acronyms {
			if strings.EqualFold(a.Short, q.acronym) {
				return direct(ans, IntentDefine, 0.95, a.Long, a.Short+" stands for "+a.Long+".", h.Sentence), true
			}
		}
	}
	return ans, false
}

// whoIs answers "who is NAME" and a bare name with the role the text gives
// that person.
func (b *Bot) whoIs(ctx context.Context, q *question, ans Answer) (Answer, bool) {
	l := strings.TrimRight(strings.TrimSpace(q.lower), "?!. ")
	rest := l
	for _, p := range []string{"who is ", "who was ", "who's ", "tell me about ", "who are "} {
		if r, ok := strings.CutPrefix(l, p); ok {
			rest = r
			break
		}
	}
	// "(tell me) who Beatriz Campos is"
	if r, ok := strings.CutPrefix(l, "who "); ok && rest == l {
		for _, v := range []string{" is", " was"} {
			if n, ok := strings.CutSuffix(r, v); ok {
				rest = n
			}
		}
	}
	if rest == l && q.intent == IntentWho {
		return ans, false
	}
	// Every remaining word must be part of a name.
	var name []string
	for _, t := range q.terms {
		if !t.person {
			return ans, false
		}
		name = append(name, t.word)
	}
	if len(name) == 0 || len(name) != len(strings.Fields(rest)) {
		return ans, false
	}
	hits, err := b.ix.Search(ctx, index.Query{Entities: []string{strings.Join(name, " ")}, Size: 30})
	if err != nil {
		return ans, false
	}
	var best corpus.Person
	var bestHit index.Hit
	bestScore := -1
	for _, h := range hits {
		for _, p := range h.Ann.People {
			if !b.nameMatches(p.Name, name) || p.Role == "" {
				continue
			}
			// The sentence that gives the role wins, then the longest role,
			// then the later document.
			score := len(p.Role)
			if strings.Contains(h.Sentence.Text, p.Role) && p.Start >= 0 {
				score += 1000
			}
			if score > bestScore || score == bestScore && h.Sentence.Date.After(bestHit.Sentence.Date) {
				best, bestHit, bestScore = p, h, score
			}
		}
	}
	if best.Role == "" {
		return ans, false
	}
	text := best.Name + ": " + best.Role + "."
	// What the sentence goes on to say of them: "…, will head the data centre."
	if more := after(bestHit.Sentence.Text, best); more != "" {
		text = best.Name + ": " + best.Role + " — " + more
	}
	return direct(ans, IntentWho, 0.9, best.Role, text, bestHit.Sentence), true
}

// after is what a sentence says after naming p and their role ("NAME, a
// hydrologist, will head ..." -> "will head ..."), or "".
func after(text string, p corpus.Person) string {
	end := p.End
	if i := strings.Index(text, p.Role); i >= 0 && i+len(p.Role) > end {
		end = i + len(p.Role)
	}
	if end <= 0 || end >= len(text) {
		return ""
	}
	rest := strings.TrimLeft(text[end:], " ,;:")
	if len(strings.Fields(rest)) < 2 {
		return ""
	}
	return rest
}

// direct fills ans with an answer read straight off one sentence.
func direct(ans Answer, intent string, conf float64, short, text string, s corpus.Sentence) Answer {
	ans.Intent, ans.Answered, ans.Confidence = intent, true, conf
	ans.Short, ans.Text = short, text
	ans.Sources = append(ans.Sources, sourceOf(s))
	return ans
}

// nameMatches: every word (or corrected stem) is part of the name.
func (b *Bot) nameMatches(full string, words []string) bool {
	l := strings.ToLower(full)
	stems := b.ix.Analyze(full)
	for _, w := range words {
		if strings.Contains(l, strings.ToLower(w)) {
			continue
		}
		found := false
		for _, s := range stems {
			if s.Stem == strings.ToLower(w) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// count answers "how many": the number whose clause best matches the
// question and whose noun is what was asked about; when documents disagree the
// latest wins and the answer says as of when.
func (b *Bot) count(q *question, good []*evidence) *result {
	type cand struct {
		e     *evidence
		qty   corpus.Quantity
		score float64
	}
	var cands []cand
	for _, e := range good {
		for _, qty := range e.hit.Ann.Quantities {
			if q.howMuch && qty.Kind != "money" && qty.Kind != "percent" && !nounMatches(b.ix, qty.Noun, q.focus) {
				continue
			}
			if q.wantPercent && qty.Kind != "percent" {
				continue
			}
			if len(q.focus) > 0 && !nounMatches(b.ix, qty.Noun, q.focus) && !q.howMuch {
				continue
			}
			lo, hi := clauseOf(e.text(), e.toks, qty.Start, qty.End)
			s := e.coverage*2 + e.predicateIn(q, lo, hi) - float64(e.distance(qty.Start, qty.End))/1000
			if q.howMuch && qty.Kind == "money" {
				s += 3
			}
			// "How long/far/tall is ...": a length.
			if q.asksLength() && lengthUnit(qty.Noun) {
				s += 3
			}
			// "How many of the X are still unfilled": the part of a whole.
			if qty.Whole > 0 && (q.negatedPredicate() || strings.Contains(q.lower, "how many of the")) {
				s += 2
			}
			cands = append(cands, cand{e, qty, s})
		}
	}
	// A count of a list: "how many countries ..." answered by the countries named.
	if len(cands) == 0 && (q.isPlaceFocus() || q.isPersonFocus()) {
		names := b.listOf(q, good[:1])
		if len(names) >= 2 {
			n := len(names)
			return &result{
				text:     fmt.Sprintf("%d %s: %s.", n, q.focusWord, joinList(names)),
				short:    fmt.Sprintf("%d (%s)", n, joinList(names)),
				conf:     good[0].coverage * 0.9,
				evidence: good[:1],
			}
		}
	}
	if len(cands) == 0 {
		if q.wantPercent {
			return b.ratio(q, good)
		}
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	// The latest document wins among close candidates.
	for _, c := range cands[1:] {
		if c.score >= best.score-1.0 && c.e.hit.Sentence.Date.After(best.e.hit.Sentence.Date) {
			best = c
		}
	}
	// An earlier document's figure for the same thing, unless one agrees.
	var older *cand
	head := b.headNoun(best.qty.Noun)
	for i := range cands {
		c := &cands[i]
		if !c.e.hit.Sentence.Date.Before(best.e.hit.Sentence.Date) || c.qty.Kind != best.qty.Kind || b.headNoun(c.qty.Noun) != head {
			continue
		}
		if c.qty.Value == best.qty.Value {
			older = nil
			break
		}
		if older == nil {
			older = c
		}
	}
	// "How many of the X are still unfilled": the rest of a part-of-whole figure.
	if best.qty.Whole > best.qty.Value && q.negatedPredicate() {
		rest, whole := corpus.FormatNumber(best.qty.Whole-best.qty.Value), corpus.FormatNumber(best.qty.Whole)
		short, part := rest+" "+best.qty.Noun, corpus.FormatNumber(best.qty.Value)
		if best.qty.Kind == "money" {
			part = best.qty.Text
			rest, whole = moneyLike(best.qty.Whole-best.qty.Value, best.qty.Text), moneyLike(best.qty.Whole, best.qty.Text)
			short = rest
		}
		return &result{
			text:     fmt.Sprintf("%s (%s less %s).", short, whole, part),
			short:    short,
			conf:     best.e.coverage * 0.8,
			evidence: []*evidence{best.e},
		}
	}
	short := quantityText(best.qty)
	text := short
	if older != nil {
		text += " as of " + best.e.hit.Sentence.Date.Format("2 January 2006")
	}
	// Other figures of the same thing in the same sentence, in their own words.
	for _, qty := range best.e.hit.Ann.Quantities {
		if qty.Start == best.qty.Start || qty.Noun != best.qty.Noun || qty.Kind != best.qty.Kind {
			continue
		}
		lo, hi := clauseOf(best.e.text(), best.e.toks, qty.Start, qty.End)
		text += " (" + strings.TrimRight(strings.TrimSpace(best.e.text()[lo:hi]), ".!?;:") + ")"
		break
	}
	ev := []*evidence{best.e}
	if older != nil {
		text += fmt.Sprintf("; %s on %s", quantityText(older.qty), older.e.hit.Sentence.Date.Format("2 January 2006"))
		ev = append(ev, older.e)
	}
	return &result{text: text + ".", short: short, conf: best.e.coverage, evidence: ev, qty: &best.qty}
}

// headNoun is the stem of the last word of a noun phrase ("engineer").
func (b *Bot) headNoun(np string) string {
	ts := b.ix.Analyze(np)
	if len(ts) == 0 {
		return ""
	}
	return ts[len(ts)-1].Stem
}

func quantityText(q corpus.Quantity) string {
	if q.Noun == "" || q.Kind == "money" || q.Kind == "percent" {
		return q.Text
	}
	// "2.4-kilometre" with the noun "kilometre bridge" reads "2.4 kilometre bridge".
	if num, unit, ok := strings.Cut(q.Text, "-"); ok && strings.HasPrefix(q.Noun, unit) {
		return num + " " + q.Noun
	}
	return q.Text + " " + q.Noun
}

// nounMatches reports whether a noun phrase holds one of the focus stems.
func nounMatches(ix *index.Index, noun string, focus []string) bool {
	if len(focus) == 0 {
		return true
	}
	for _, t := range ix.Analyze(noun) {
		for _, f := range focus {
			if t.Stem == f {
				return true
			}
		}
	}
	return false
}

// derived answers "how many more X than Y": the difference of two figures of
// one sentence, each matched by its own half of the question.
func (b *Bot) derived(q *question, good []*evidence) *result {
	i := strings.Index(q.lower, " than ")
	if i < 0 {
		if r := b.gap(q, good); r != nil {
			return r
		}
		return b.count(q, good)
	}
	before, after := parse(b.ix, q.text[:i]), parse(b.ix, q.text[i+6:])
	for _, e := range good {
		qs := e.hit.Ann.Quantities
		if len(qs) < 2 {
			continue
		}
		pick := func(p *question, not int) int {
			best, bestS := -1, 0.0
			for k, qty := range qs {
				if k == not || !nounMatches(b.ix, qty.Noun, q.focus) {
					continue
				}
				lo, hi := clauseOf(e.text(), e.toks, qty.Start, qty.End)
				s := 0.0
				for _, t := range p.terms {
					for _, st := range b.ix.Analyze(e.text()[lo:hi]) {
						if contains(t.stems, st.Stem) && t.country == "" {
							s += t.weight
							break
						}
					}
				}
				if s > bestS {
					best, bestS = k, s
				}
			}
			return best
		}
		a := pick(before, -1)
		c := pick(after, a)
		if a < 0 || c < 0 {
			continue
		}
		diff := qs[a].Value - qs[c].Value
		word := "more"
		if diff < 0 {
			diff, word = -diff, "fewer"
		}
		if strings.Contains(q.lower, "fewer") || strings.Contains(q.lower, "less") {
			word = "fewer"
		}
		n := corpus.FormatNumber(diff)
		noun := qs[a].Noun
		return &result{
			text:     fmt.Sprintf("%s %s %s: %s against %s.", n, word, noun, qs[a].Text, qs[c].Text),
			short:    n + " " + noun,
			conf:     e.coverage * 0.9,
			evidence: []*evidence{e},
		}
	}
	return b.crossDerived(q, i)
}

// crossDerived answers "how many more X ... than ..." from two sentences:
// each half asked as a count of its own.
func (b *Bot) crossDerived(q *question, than int) *result {
	if q.focusWord == "" {
		return nil
	}
	first := q.text[:than]
	for _, w := range []string{" more ", " fewer ", " less "} {
		first = strings.Replace(first, w, " ", 1)
	}
	second := "how many " + q.focusWord + " " + q.text[than+6:]
	ctx := context.Background()
	var rs []*result
	for _, part := range []string{first, second} {
		pq := parse(b.ix, part)
		pq.intent = IntentCount
		ev, err := b.gather(ctx, pq, 30)
		if err != nil {
			return nil
		}
		good := goodEvidence(pq, ev)
		if len(good) == 0 {
			return nil
		}
		r := b.count(pq, good)
		if r == nil || r.qty == nil {
			return nil
		}
		rs = append(rs, r)
	}
	a, c := rs[0].qty, rs[1].qty
	if a.Start == c.Start && rs[0].evidence[0] == rs[1].evidence[0] {
		return nil
	}
	diff := a.Value - c.Value
	word := "more"
	if diff < 0 {
		diff, word = -diff, "fewer"
	}
	n := corpus.FormatNumber(diff)
	return &result{
		text:     fmt.Sprintf("%s %s %s: %s against %s.", n, word, q.focusWord, a.Text, c.Text),
		short:    n + " " + q.focusWord,
		conf:     min(rs[0].conf, rs[1].conf) * 0.8,
		evidence: []*evidence{rs[0].evidence[0], rs[1].evidence[0]},
	}
}

// gap answers "by how many ... exceeded/short of ...": the difference of the
// two figures of one thing in the best sentence holding two.
func (b *Bot) gap(q *question, good []*evidence) *result {
	// The latest document first: its figures are the current ones.
	top := slices.Clone(good[:min(3, len(good))])
	sort.SliceStable(top, func(i, j int) bool { return top[i].hit.Sentence.Date.After(top[j].hit.Sentence.Date) })
	for _, e := range top {
		var qs []corpus.Quantity
		for _, qty := range e.hit.Ann.Quantities {
			if qty.Kind == "count" && nounMatches(b.ix, qty.Noun, q.focus) {
				qs = append(qs, qty)
			}
		}
		if len(qs) < 2 || b.headNoun(qs[0].Noun) != b.headNoun(qs[1].Noun) {
			continue
		}
		diff := qs[0].Value - qs[1].Value
		if diff < 0 {
			diff = -diff
		}
		n := corpus.FormatNumber(diff)
		noun := qs[0].Noun
		return &result{
			text:     fmt.Sprintf("%s %s: %s against %s.", n, noun, qs[0].Text, qs[1].Text),
			short:    n + " " + noun,
			conf:     e.coverage * 0.8,
			evidence: []*evidence{e},
		}
	}
	return nil
}

// ratio answers "what fraction/percentage of X ..." when the sources give
// two figures of one thing but no share: the first as a share of the second.
func (b *Bot) ratio(q *question, good []*evidence) *result {
	for _, e := range good[:min(3, len(good))] {
		var qs []corpus.Quantity
		for _, qty := range e.hit.Ann.Quantities {
			if qty.Kind == "count" {
				qs = append(qs, qty)
			}
		}
		if len(qs) < 2 || b.headNoun(qs[0].Noun) != b.headNoun(qs[1].Noun) || qs[1].Value == 0 {
			continue
		}
		pct := 100 * qs[0].Value / qs[1].Value
		p := strconv.FormatFloat(math.Round(pct*10)/10, 'f', -1, 64) + "%"
		return &result{
			text:     fmt.Sprintf("%s (%s of %s %s).", p, qs[0].Text, qs[1].Text, qs[0].Noun),
			short:    p,
			conf:     e.coverage * 0.7,
			evidence: []*evidence{e},
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

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
			// "When did ...": a date after the document's own is a plan, not the event; and the reverse.
			if !docDate.IsZero() {
				future := d.Time.After(docDate)
				if (q.pastTense() && future) || (q.futureTense() && !future) {
					dist += 400
				}
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

// roleWords ask what someone does.
var roleWords = map[string]bool{"job": true, "role": true, "position": true, "title": true, "post": true, "occupation": true, "profession": true, "work": true}

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

// where answers with a place: a country the question doesn't name, or the
// place of a locative phrase ("in the port city of Selden").
func (b *Bot) where(q *question, good []*evidence) *result {
	// "Where is NAME from?": the country of the person's role ("Kenyan commander").
	if len(q.names) > 0 && strings.HasSuffix(strings.TrimRight(q.lower, "?!. "), " from") {
		gaz := b.ix.Annotator().Gazetteer()
		for _, e := range good {
			for _, p := range e.hit.Ann.People {
				if !b.nameMatches(p.Name, q.names) {
					continue
				}
				if places := gaz.Find(corpus.Tokenize(p.Role), true); len(places) > 0 {
					c := places[0].Country
					return &result{text: c + " (" + p.Name + ": " + p.Role + ").", short: c, conf: e.coverage, evidence: []*evidence{e}}
				}
			}
		}
	}
	for _, e := range good[:min(3, len(good))] {
		text := e.text()
		for i, t := range e.toks {
			switch t.Lower() {
			case "in", "at", "into", "near", "inside", "to", "on", "over", "across", "along":
			default:
				continue
			}
			j := i + 1
			for j < len(e.toks) && j < i+8 && e.toks[j].IsWord() && !npStop[e.toks[j].Lower()] {
				j++
			}
			// The place ends with its last capitalized word ("in Ouagadougou received ...").
			for j > i+1 && !e.toks[j-1].Capitalized() {
				j--
			}
			if j == i+1 {
				continue
			}
			phrase := e.toks[i+1 : j]
			last := phrase[len(phrase)-1]
			if !last.Capitalized() || isUpperWord(last.Text) || e.isDate(last.Start) || q.namesWord(last.Text) || calendarWord(last.Text) {
				continue
			}
			place := text[phrase[0].Start:last.End]
			return &result{text: capitalize(place) + ".", short: place, conf: e.coverage, evidence: []*evidence{e}}
		}
		for _, p := range e.hit.Ann.Places {
			if !p.Demonym && !contains(q.countries, p.Country) {
				return &result{text: p.Country + ".", short: p.Country, conf: e.coverage, evidence: []*evidence{e}}
			}
		}
	}
	return nil
}

// calendarWord: a weekday or month name.
func calendarWord(w string) bool {
	switch strings.ToLower(w) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
		"march", "april", "may", "june", "july", "august", "september", "october", "november", "december":
		return true
	}
	return false
}

// inPlace: the offset is inside a country's name or demonym.
func (e *evidence) inPlace(off int) bool {
	for _, p := range e.hit.Ann.Places {
		if off >= p.Start && off < p.End {
			return true
		}
	}
	return false
}

func (e *evidence) isDate(off int) bool {
	for _, d := range e.hit.Ann.Dates {
		if off >= d.Start && off < d.End {
			return true
		}
	}
	return false
}

func (q *question) namesWord(w string) bool {
	for _, t := range q.terms {
		if strings.EqualFold(t.word, w) {
			return true
		}
	}
	for _, c := range q.countries {
		if strings.EqualFold(c, w) {
			return true
		}
	}
	return false
}

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
				if d := top.distance(p.Start, p.End); d < bestD {
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
			if !contains(q.countries, p.Country) && !contains(names, p.Country) {
				names = append(names, p.Country)
			}
		}
	}
	return names
}

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
	// A figure in the question must be the sentence's.
	for _, t := range q.toks {
		if v, ok := parseNum(t.Text); ok {
			found := false
			for _, qty := range e.hit.Ann.Quantities {
				if qty.Value == v {
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

// why answers with the reason the best sentence gives: a causal clause, or
// what follows the question's words.
func (b *Bot) why(q *question, good []*evidence) *result {
	e := good[0]
	// Among equally good sentences, the one that gives a reason.
	for _, c := range good[:min(3, len(good))] {
		if c.coverage >= e.coverage-0.1 && containsAny(strings.ToLower(c.text()), " because ", " due to ", " since ", " so that ") {
			e = c
			break
		}
	}
	text := e.text()
	// "As a result, X": the reason is the sentence before.
	if consequence(text) && e.hit.Sentence.Pos > 0 {
		if prev, ok := b.ix.Sentence(context.Background(), e.hit.Sentence.Doc, e.hit.Sentence.Pos-1); ok {
			pe := b.score(q, prev)
			reason := strings.TrimRight(prev.Sentence.Text, ".")
			for _, t := range pe.toks {
				if t.Lower() == "because" || t.Lower() == "since" || t.Lower() == "after" {
					reason = strings.TrimRight(prev.Sentence.Text[t.Start:], ".")
					break
				}
			}
			return &result{text: capitalize(reason) + ".", short: reason, conf: e.coverage * 0.8, evidence: []*evidence{pe, e}}
		}
	}
	for i, t := range e.toks {
		switch t.Lower() {
		case "because", "since", "so", "due", "noting", "citing", "as":
			if i == 0 || t.Start < e.lastMatchEnd() && t.Lower() == "as" {
				continue
			}
			span := strings.TrimRight(text[t.Start:], ".")
			return &result{text: capitalize(span) + ".", short: span, conf: e.coverage, evidence: []*evidence{e}}
		}
	}
	return b.what(q, good)
}

// consequence: the sentence opens by saying it follows from the one before.
func consequence(text string) bool {
	l := strings.ToLower(text)
	for _, p := range []string{"as a result", "as a consequence", "consequently", "therefore", "this is why", "that is why", "for this reason", "because of this", "so "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// quotation is the text inside the first pair of quotation marks, or "".
func quotation(text string) string {
	for _, pair := range [][2]string{{"“", "”"}, {"\"", "\""}} {
		i := strings.Index(text, pair[0])
		if i < 0 {
			continue
		}
		rest := text[i+len(pair[0]):]
		j := strings.Index(rest, pair[1])
		if j <= 0 {
			continue
		}
		if q := strings.TrimRight(strings.TrimSpace(rest[:j]), ",."); len(strings.Fields(q)) >= 3 {
			return q
		}
	}
	return ""
}

// stripConsequence drops the opening "As a result," of a sentence.
func stripConsequence(text string) string {
	if i := strings.IndexAny(text, ","); i > 0 && i < 30 {
		return strings.TrimSpace(text[i+1:])
	}
	return text
}

// what answers with the part of the best sentence that the question doesn't
// already say: the phrase of the noun it asks about, or what follows the last
// word it matched.
func (b *Bot) what(q *question, good []*evidence) *result {
	e := good[0]
	text := e.text()
	// "What toll ...": when the corpus never names the thing asked for, it doesn't say.
	if q.focusWord != "" && len(q.focus) > 0 && !measureWords[q.focusWord] && !roleWords[q.focusWord] &&
		!strings.HasSuffix(q.focusWord, "ed") && !strings.HasSuffix(q.focusWord, "ing") {
		known := false
		for _, f := range q.focus {
			known = known || b.ix.DocFreq(f) > 0
		}
		if !known {
			return nil
		}
	}
	// "What did X say/want": the words X is quoted with.
	if q.asksPerson() {
		for _, c := range good[:min(3, len(good))] {
			if quoted := quotation(c.text()); quoted != "" && c.coverage >= good[0].coverage-0.1 {
				return &result{text: "“" + quoted + "”", short: quoted, conf: c.coverage * 0.9, evidence: []*evidence{c}}
			}
		}
	}
	// "What was the consequence of X": the sentence after X's that says "As a result".
	if containsAny(q.lower, "consequence", "result of", "effect of", "impact of", "outcome of", "what happened") {
		for _, c := range good[:min(3, len(good))] {
			if consequence(c.text()) {
				span := strings.TrimRight(stripConsequence(c.text()), ".")
				return &result{text: capitalize(span) + ".", short: span, conf: c.coverage * 0.8, evidence: []*evidence{c}}
			}
		}
		if next, ok := b.ix.Sentence(context.Background(), e.hit.Sentence.Doc, e.hit.Sentence.Pos+1); ok && consequence(next.Sentence.Text) {
			span := strings.TrimRight(stripConsequence(next.Sentence.Text), ".")
			return &result{text: capitalize(span) + ".", short: span, conf: e.coverage * 0.8, evidence: []*evidence{e, b.score(q, next)}}
		}
	}
	if q.subjectQ {
		if r := subjectOf(q, e); r != nil {
			return r
		}
	}
	start := -1
	// "What progress ...": the noun phrase of the focus noun in the sentence.
	if len(q.focus) > 0 {
		for _, st := range e.terms {
			if contains(q.focus, st.Stem) {
				start = st.Start
				// Take in its modifiers: the words just before it, back to a stop word.
				for k := len(e.toks) - 1; k >= 0; k-- {
					if e.toks[k].Start >= st.Start {
						continue
					}
					tk := e.toks[k]
					if !tk.IsWord() || npStop[tk.Lower()] || focusStop[tk.Lower()] || e.isMatched(q, tk.Start) {
						break
					}
					if strings.HasSuffix(tk.Lower(), "ed") {
						break
					}
					start = tk.Start
				}
				break
			}
		}
	}
	if start < 0 {
		end := e.lastMatchEnd()
		if end < 0 {
			return nil
		}
		// Skip a possessive and punctuation left by the matched word.
		rest := strings.TrimPrefix(strings.TrimPrefix(text[end:], "’s"), "'s")
		rest = strings.TrimLeft(rest, ",; ")
		if len(strings.Fields(rest)) < 2 && !strings.ContainsAny(rest, "0123456789") {
			return nil
		}
		start = len(text) - len(rest)
	}
	span := strings.TrimRight(strings.TrimSpace(text[start:]), ".")
	if span == "" {
		return nil
	}
	// "What is the name of X": a name, or nothing.
	if strings.Contains(q.lower, "name of") && !hasProperNoun(span, q) {
		return nil
	}
	return &result{text: capitalize(span) + ".", short: span, conf: e.coverage * 0.9, evidence: []*evidence{e}}
}

// hasProperNoun: span has a capitalized word that the question doesn't.
func hasProperNoun(span string, q *question) bool {
	for i, t := range corpus.Tokenize(span) {
		if i > 0 && t.Capitalized() && !q.namesWord(t.Text) && !strings.Contains(q.lower, strings.ToLower(t.Text)) {
			return true
		}
	}
	return false
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// parseNum reads a figure written in digits ("1,000", "2.5").
func parseNum(s string) (float64, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, err == nil
}

// subjectOf answers "what delayed X": the words before the first matched verb
// of the question, back to the start of its clause, less trailing auxiliaries.
func subjectOf(q *question, e *evidence) *result {
	// The verb is the question's second word ("what delayed ...").
	vi := -1
	for i, t := range q.terms {
		if len(q.toks) > 1 && t.start == q.toks[1].Start {
			vi = i
		}
	}
	if vi < 0 || len(e.matchAt[vi]) == 0 {
		return nil
	}
	at := slices.Min(e.matchAt[vi])
	// "What started the fire?" -> "... started because a power line fell".
	for _, t := range e.toks {
		if t.Start > at && (t.Lower() == "because" || t.Lower() == "after" || t.Lower() == "when") {
			span := strings.TrimRight(e.text()[t.Start:], ".")
			return &result{text: capitalize(span) + ".", short: span, conf: e.coverage * 0.9, evidence: []*evidence{e}}
		}
	}
	lo := 0
	for _, t := range e.toks {
		if t.End > at {
			break
		}
		switch t.Lower() {
		case ",", ";", ":", "that", "which", "who", "because", "and", "but", "while":
			lo = t.End
		}
	}
	words := strings.Fields(e.text()[lo:at])
	for len(words) > 0 {
		switch strings.ToLower(words[len(words)-1]) {
		case "had", "has", "have", "was", "were", "is", "are", "been", "also", "reportedly", "allegedly":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	if len(words) == 0 {
		return nil
	}
	span := strings.Join(words, " ")
	return &result{text: capitalize(span) + ".", short: span, conf: e.coverage * 0.9, evidence: []*evidence{e}}
}

// lengthUnit: the noun starts with a unit of length.
func lengthUnit(noun string) bool {
	f := strings.Fields(strings.ToLower(noun))
	if len(f) == 0 {
		return false
	}
	switch strings.TrimSuffix(f[0], "s") {
	case "kilometre", "kilometer", "km", "metre", "meter", "mile", "foot", "feet", "yard", "centimetre", "centimeter", "cm", "inch":
		return true
	}
	return false
}

// moneyLike writes v the way like writes money: "$3.5 million" for "$9 million".
func moneyLike(v float64, like string) string {
	prefix := ""
	if r := []rune(like); len(r) > 0 && strings.ContainsRune("$€£¥", r[0]) {
		prefix = string(r[0])
	}
	scale, word := 1.0, ""
	for _, sc := range []struct {
		word string
		v    float64
	}{{"billion", 1e9}, {"million", 1e6}, {"thousand", 1e3}} {
		if strings.Contains(like, sc.word) {
			scale, word = sc.v, " "+sc.word
			break
		}
	}
	return prefix + corpus.FormatNumber(math.Round(v/scale*100)/100) + word
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
			lo, hi := 0, len(e.text())
			for k, tk := range e.toks {
				l := tk.Lower()
				if l == "and" && k > 0 && e.toks[k-1].Text == "," {
					l = ";" // ", and" joins two clauses
				}
				switch l {
				case ";", "while", "whereas", "but", "though", "although", "however":
					if tk.End <= off && tk.End > lo {
						lo = tk.End
					}
					if tk.Start > off && tk.Start < hi {
						hi = tk.Start
					}
				}
			}
			return e.text()[lo:hi]
		}
	}
	return e.text()
}
