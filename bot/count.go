package bot

// Counts and the figures derived from them.

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

// count answers "how many": the number whose clause best matches the
// question and whose noun is what was asked about; when documents disagree the
// latest wins and the answer says as of when.
func (b *Bot) count(q *question, good []*evidence) *result {
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
			// "Denmark is providing 9 million euros and Finland 4.5 million":
			// a figure whose own country is another than the one asked about.
			if c := e.ownCountry(qty.Start, qty.End); c != "" && len(q.countries) > 0 && !contains(q.countries, c) {
				s -= 2
			}
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
	// A later report may give the same figure in other words ("the daily
	// ridership forecast ... 165,000 passengers"): same thing counted, named entities held.
	if newer := b.laterFigure(q, best.e, best.qty); newer != nil {
		cands = append(cands, cand{newer.e, newer.qty, best.score})
		best = *newer
	}
	// An earlier document's figure for the same thing, unless one agrees.
	var older *cand
	head := b.headNoun(best.qty.Noun)
	for i := range cands {
		c := &cands[i]
		if !c.e.hit.Sentence.Date.Before(best.e.hit.Sentence.Date) || c.qty.Kind != best.qty.Kind || b.headNoun(c.qty.Noun) != head && c.qty.Kind != "money" {
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
	if r, ok := rangeOf(best.e, best.qty); ok {
		short = r
	}
	text := short
	if older != nil {
		text += " as of " + best.e.asOf()
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
		text += fmt.Sprintf("; %s on %s", quantityText(older.qty), older.e.asOf())
		ev = append(ev, older.e)
	}
	r := &result{text: text + ".", short: short, conf: best.e.coverage, evidence: ev, qty: &best.qty}
	if older != nil {
		r.older = &older.qty
	}
	return r
}

// cand is a figure that may answer a count, with its sentence and score.
type cand struct {
	e     *evidence
	qty   corpus.Quantity
	score float64
}

// laterFigure finds, among every sentence found, one from a later document
// that counts the same thing (same head noun, kind and names) as qty.
func (b *Bot) laterFigure(q *question, than *evidence, qty corpus.Quantity) *cand {
	return b.otherFigure(q, than, qty, true)
}

// otherFigure is the figure of the same kind and head noun as qty in the
// latest sentence dated after than's (later), or in the earliest dated
// before it (!later); nil when there is none.
func (b *Bot) otherFigure(q *question, than *evidence, qty corpus.Quantity, later bool) *cand {
	head := b.headNoun(qty.Noun)
	if head == "" {
		return nil
	}
	// beyond: date d lies further from than's, in the direction asked, than ref.
	beyond := func(d, ref time.Time) bool {
		if later {
			return d.After(ref)
		}
		return d.Before(ref)
	}
	var best *cand
	for _, e := range q.evidence {
		if !e.keysOK || e.coverage < 0.35 || !beyond(e.hit.Sentence.Date, than.hit.Sentence.Date) {
			continue
		}
		if best != nil && !beyond(e.hit.Sentence.Date, best.e.hit.Sentence.Date) {
			continue
		}
		for _, x := range e.hit.Ann.Quantities {
			if x.Kind == qty.Kind && b.headNoun(x.Noun) == head && !x.Inherited {
				best = &cand{e: e, qty: x}
				break
			}
		}
	}
	return best
}

// headNoun is the stem of the last word of a noun phrase ("engineer").
func (b *Bot) headNoun(np string) string {
	ts := b.ix.Analyze(np)
	if len(ts) == 0 {
		return ""
	}
	return ts[len(ts)-1].Stem
}

// rangeOf is the range qty is one end of in e's sentence, as written
// ("between 12% and 15%", "1% to 3%", "from 300 to 400 buses"): two
// figures of one kind joined by "and" after "between", by "to" or by a
// dash.
func rangeOf(e *evidence, qty corpus.Quantity) (string, bool) {
	text := e.hit.Sentence.Text
	qs := e.hit.Ann.Quantities
	for i := 0; i+1 < len(qs); i++ {
		lo, hi := qs[i], qs[i+1]
		if lo.Kind != hi.Kind || (qty.Start != lo.Start && qty.Start != hi.Start) || lo.End > hi.Start {
			continue
		}
		joint := strings.ToLower(text[lo.End:hi.Start])
		start := lo.Start
		switch strings.TrimSpace(joint) {
		case "and":
			before := strings.ToLower(strings.TrimRight(text[:lo.Start], " "))
			if !strings.HasSuffix(before, "between") {
				continue
			}
			start = len(before) - len("between")
		case "to", "-", "–", "—":
			if before := strings.ToLower(strings.TrimRight(text[:lo.Start], " ")); strings.HasSuffix(before, "from") {
				start = len(before) - len("from")
			}
		default:
			continue
		}
		end := hi.End
		if hi.Noun != "" && hi.Kind == "count" {
			return text[start:end] + " " + hi.Noun, true
		}
		return text[start:end], true
	}
	return "", false
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
		// "By how much did X raise its grant?": the latest figure against the
		// one before — in an earlier document, else the one other figure of
		// its kind and noun its own sentence gives ("€468 million, up from
		// the €410 million agreed").
		r := b.count(q, good)
		if r != nil && r.qty != nil && r.older == nil && len(r.evidence) > 0 {
			r.older = b.sameSentenceFigure(r.evidence[0].hit.Ann.Quantities, *r.qty)
		}
		if r != nil && r.qty != nil && r.older != nil && r.older.Value != r.qty.Value {
			diff := r.qty.Value - r.older.Value
			if diff < 0 {
				diff = -diff
			}
			n := corpus.FormatNumber(diff) + " " + r.qty.Noun
			if r.qty.Kind == "money" {
				n = moneyLike(diff, r.qty.Text)
			}
			return &result{
				text:     fmt.Sprintf("%s: %s now against %s before.", n, quantityText(*r.qty), quantityText(*r.older)),
				short:    n,
				conf:     r.conf * 0.8,
				evidence: r.evidence,
			}
		}
		return r
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
		ev, err := b.gather(ctx, pq, 20)
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
		if len(qs) < 2 || qs[0].Noun == "" || b.headNoun(qs[0].Noun) != b.headNoun(qs[1].Noun) || qs[1].Value <= qs[0].Value {
			continue // a share is a part of a larger whole of the same thing
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
	// The currency word, when it was written out ("24 million dollars").
	suffix := ""
	if f := strings.Fields(like); len(f) > 1 && prefix == "" {
		if last := f[len(f)-1]; !startsWithDigit(last) && last != strings.TrimSpace(word) {
			suffix = " " + last
		}
	}
	return prefix + corpus.FormatNumber(math.Round(v/scale*100)/100) + word + suffix
}

// sameSentenceFigure is the one figure of qs (a sentence's), other than
// qty, of qty's kind and head noun and another value; nil when there is
// none or more than one.
func (b *Bot) sameSentenceFigure(qs []corpus.Quantity, qty corpus.Quantity) *corpus.Quantity {
	var found *corpus.Quantity
	for k := range qs {
		o := &qs[k]
		if o.Start == qty.Start || o.Kind != qty.Kind || o.Value == qty.Value {
			continue
		}
		if qty.Kind == "count" && b.headNoun(o.Noun) != b.headNoun(qty.Noun) {
			continue
		}
		if found != nil {
			return nil
		}
		found = o
	}
	return found
}
