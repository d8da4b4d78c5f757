package bot

// A question's form: where its asking word stands in its clause, read from
// the words after it, and its anchor, the question word an answer stands
// next to in a sentence that restates the question. "Who announced X": the
// asker is the subject (form subj), the answer stands before "announced";
// "what did DFDS cite": the object (obj), after "cite"; "what is the
// largest library": a copula (cop), next to "largest"; "classes taught by
// what teachers": the asker inside the clause (inside), after "taught".
const (
	formNone   = "none" // no asking word
	formSubj   = "subj"
	formObj    = "obj"
	formAux    = "aux" // a modal or "have" after the asker: "who may require"
	formCop    = "cop"
	formInside = "inside"
	formOther  = "other"
)

// questionForm reads a's form and its anchor term (an index in a.q.terms,
// -1 when no term is the anchor), once a question.
func (b *Bot) questionForm(a *Analysis) (string, int) {
	if a.form != "" {
		return a.form, a.anchor
	}
	a.form, a.anchor = formNone, -1
	if a.WhAt < 0 {
		return a.form, a.anchor
	}
	var words []string
	var starts []int
	// isVerb: WordNet's commonest part of speech of the word's base form is
	// a verb ("represented", "cite"; not "officers", "reasons").
	var isVerb []bool
	wh := -1
	for _, t := range a.q.toks {
		if !t.IsWord() {
			continue
		}
		if t.Start == a.WhAt {
			wh = len(words)
		}
		w := b.wordInfo(t)
		words = append(words, w.lower)
		isVerb = append(isVerb, w.class == cVerb)
		starts = append(starts, t.Start)
	}
	if wh < 0 {
		return a.form, a.anchor
	}
	termAt := func(k int) int {
		for ti, t := range a.q.terms {
			if t.start == starts[k] {
				return ti
			}
		}
		return -1
	}
	// firstTerm is the first question term at or after k that is a verb
	// (verbs true) or any term.
	firstTerm := func(k int, verbs bool) int {
		for ; k < len(words); k++ {
			if ti := termAt(k); ti >= 0 && (!verbs || isVerb[k]) {
				return ti
			}
		}
		return -1
	}
	if wh > 0 {
		a.form = formInside
		for k := wh - 1; k >= 0; k-- { // the nearest term before the asker, a verb first
			if ti := termAt(k); ti >= 0 && isVerb[k] {
				a.anchor = ti
				return a.form, a.anchor
			}
		}
		for k := wh - 1; k >= 0; k-- {
			if ti := termAt(k); ti >= 0 {
				a.anchor = ti
				break
			}
		}
		return a.form, a.anchor
	}
	// Past the asking phrase ("what type of teachers", "how many officers").
	k := wh + 1
	for k < len(words) && !isVerb[k] && !auxWords[words[k]] && !isBe(words[k]) {
		k++
	}
	switch {
	case k == len(words):
		a.form, a.anchor = formOther, firstTerm(wh+1, false)
	case isDo(words[k]):
		a.form, a.anchor = formObj, firstTerm(k+1, true)
	case isBe(words[k]):
		a.form = formCop
		if a.anchor = firstTerm(k+1, true); a.anchor < 0 {
			a.anchor = firstTerm(k+1, false)
		}
	case auxWords[words[k]]: // a modal or "have"
		a.form, a.anchor = formAux, firstTerm(k+1, true)
	default:
		a.form, a.anchor = formSubj, termAt(k)
	}
	return a.form, a.anchor
}

func isBe(w string) bool {
	switch w {
	case "is", "was", "are", "were", "be", "been", "'s":
		return true
	}
	return false
}

func isDo(w string) bool { return w == "do" || w == "does" || w == "did" }

// Where a span stands from its passage's nearest match of the anchor:
// before it or after it, by the words between them.
var anchorRels = [...]string{"none", "in", "b0", "b2", "b6", "bfar", "a0", "a2", "a6", "afar"}

// anchorRel is the index in anchorRels of the span info[i..j]'s place
// from the anchor's matches at tokens at.
func anchorRel(at []int, i, j int) int {
	if len(at) == 0 {
		return 0
	}
	best, rel := 1<<30, 0
	for _, m := range at {
		switch {
		case m >= i && m <= j:
			return 1
		case m > j && m-j-1 < best:
			best, rel = m-j-1, 2
		case m < i && i-m-1 < best:
			best, rel = i-m-1, 6
		}
	}
	switch {
	case best == 0:
	case best <= 2:
		rel++
	case best <= 6:
		rel += 2
	default:
		rel += 3
	}
	return rel
}
