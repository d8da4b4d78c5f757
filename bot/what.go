package bot

// What and why: the clause that answers.

import (
	"context"
	"slices"
	"strings"

	"mssmbot/corpus"
)

// roleWords ask what someone does.
var roleWords = map[string]bool{"job": true, "role": true, "position": true, "title": true, "post": true, "occupation": true, "profession": true, "work": true}

// why answers with the reason the best sentence gives: a causal clause, or
// what follows the question's words.
func (b *Bot) why(q *question, good []*evidence) *result {
	if r := b.reason(q, good); r != nil {
		return r
	}
	return b.what(q, good)
}

// reason is the cause the best sentences give: a causal clause, or the
// sentence before one that opens "As a result"; nil when they give none.
func (b *Bot) reason(q *question, good []*evidence) *result {
	e := good[0]
	// Among equally good sentences, the one that gives a reason.
	for _, c := range good[:min(3, len(good))] {
		if c.coverage >= e.coverage-0.15 && (consequence(c.text()) || containsAny(strings.ToLower(c.text()), " because ", " due to ", " since ", " so that ")) {
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
			for k, t := range pe.toks {
				if (t.Lower() == "because" || t.Lower() == "since" || t.Lower() == "after") && !pe.timeAfter(k) {
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
			if t.Lower() == "since" && e.timeAfter(i) {
				continue
			}
			span := strings.TrimRight(text[t.Start:], ".")
			return &result{text: capitalize(span) + ".", short: span, conf: e.coverage, evidence: []*evidence{e}}
		}
	}
	// One of the next two sentences may give the reason for this one
	// ("Rationing has been necessary because ..."), when it speaks of the
	// same thing.
	for ahead := 1; ahead <= 2; ahead++ {
		next, ok := b.ix.Sentence(context.Background(), e.hit.Sentence.Doc, e.hit.Sentence.Pos+ahead)
		if !ok {
			break
		}
		ne := b.score(q, next)
		if ne.matched() == 0 {
			continue
		}
		for k, t := range ne.toks {
			if l := t.Lower(); l != "because" && !(l == "due" && k+1 < len(ne.toks) && ne.toks[k+1].Lower() == "to") {
				continue
			}
			span := strings.TrimRight(ne.text()[t.Start:], ".")
			return &result{text: capitalize(span) + ".", short: span, conf: e.coverage * (0.8 - 0.1*float64(ahead)), evidence: []*evidence{e, ne}}
		}
	}
	return nil
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
	// "What did X tell / warn / ask them": among equally good sentences, the one
	// whose words go on into what was said ("warned gangs that ...").
	if q.asksSpeech() {
		for _, c := range good[:min(3, len(good))] {
			if c.coverage < e.coverage-0.05 {
				break
			}
			if end := c.lastMatchEnd(); end > 0 {
				if f := strings.Fields(c.text()[end:]); len(f) > 0 && (f[0] == "that" || f[0] == "to") {
					e = c
					break
				}
			}
		}
	}
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
		// "What pushed back the opening?": a cause, where the sentences give one.
		if causeVerb(q) {
			if r := b.reason(q, good); r != nil {
				return r
			}
		}
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
	at := -1
	if vi >= 0 && len(e.matchAt[vi]) > 0 {
		at = slices.Min(e.matchAt[vi])
	} else {
		// A passive ("what was put in place"): the first word of the question
		// matched in the sentence, when the sentence is passive too ("a new
		// mechanism was in place"); the subject ends at its auxiliary.
		for i, t := range q.terms {
			if t.key || len(e.matchAt[i]) == 0 {
				continue
			}
			if m := slices.Min(e.matchAt[i]); m >= 0 && (at < 0 || m < at) {
				at = m
			}
		}
		aux := -1
		for k, t := range e.toks {
			if t.Start >= at {
				for j := k - 1; j >= 0 && j >= k-3; j-- {
					switch e.toks[j].Lower() {
					case "was", "were", "is", "are", "been", "be":
						aux = e.toks[j].Start
					}
					if aux >= 0 {
						break
					}
				}
				break
			}
		}
		if aux < 0 {
			return nil
		}
		at = aux
	}
	if at < 0 {
		return nil
	}
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

// causeVerb: "what caused / delayed / pushed back / led to ..." asks for a cause.
func causeVerb(q *question) bool {
	f := strings.Fields(q.lower)
	if len(f) < 2 {
		return false
	}
	switch f[1] {
	case "caused", "causes", "delayed", "pushed", "led", "forced", "prompted", "triggered", "started", "sparked", "stopped", "halted", "postponed", "slowed":
		return true
	}
	return false
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// timeAfter: the word after token i is a date or a year ("since 2021",
// "after March 3"): the word before it speaks of time, not of a reason.
func (e *evidence) timeAfter(i int) bool {
	return i+1 < len(e.toks) && (e.isDate(e.toks[i+1].Start) || startsWithDigit(e.toks[i+1].Text) || calendarWord(e.toks[i+1].Text))
}
