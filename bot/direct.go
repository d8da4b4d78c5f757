package bot

// Answers read straight off the corpus: help, acronyms, who a person is.

import (
	"context"
	"strings"

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

// smallTalk answers a greeting or thanks as such: nothing from the sources,
// and how to ask.
func (b *Bot) smallTalk(ctx context.Context, ans Answer, q string) Answer {
	h := b.help(ctx, ans)
	ans.Intent, ans.Answered, ans.Reason = IntentSmallTalk, false, "small talk"
	greeting := "Hello! "
	if strings.Contains(strings.ToLower(q), "thank") || strings.Contains(strings.ToLower(q), "thx") {
		greeting = "You're welcome! "
	}
	ans.Text = greeting + h.Text
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

// definedTerm is the term a question asks the meaning of — "what is
// capture myopathy", "what does the term hoard mean (in archaeology)",
// "define flotation", "what is meant by backfilling" —, lower case; "" when
// it asks none.
func definedTerm(l string) string {
	l = strings.Trim(strings.TrimSpace(l), "?!. ")
	term := ""
	for _, p := range []string{"what is meant by ", "what's meant by ", "define ", "definition of ", "meaning of ", "what is the meaning of ",
		"what is ", "what's ", "what are ", "what was ", "what were "} {
		if r, ok := strings.CutPrefix(l, p); ok {
			term = r
			break
		}
	}
	if r, ok := strings.CutPrefix(l, "what does "); ok {
		if i := strings.Index(r, " mean"); i > 0 {
			term = r[:i]
		}
	}
	for _, p := range []string{"a ", "an ", "the term ", "the word ", "the phrase ", "the "} {
		if r, ok := strings.CutPrefix(term, p); ok {
			term = r
			break
		}
	}
	term = strings.Trim(term, "\"'“”‘’ ")
	if n := len(strings.Fields(term)); n == 0 || n > 4 {
		return ""
	}
	return term
}

// definitionOpeners follow a term its sentence defines: "X, a condition
// brought on by …", "X is a specialist who …", "X means …".
var definitionOpeners = []string{", a ", ", an ", " is a ", " is an ", " are a ", " are an ", " was a ", " was an ", " means ", " refers to ", " is defined as ", " is the name given to ", " describes "}

// defineTerm answers a question asking what a term means (definedTerm)
// with the definition a retrieved sentence gives of it: the words after
// the term's opener ("a condition brought on by extreme stress …") up to
// the first comma.
func (b *Bot) defineTerm(q *question, ans Answer) (Answer, bool) {
	term := definedTerm(q.lower)
	if term == "" || len(q.terms) == 0 {
		return ans, false
	}
	for _, t := range q.terms {
		if t.person || t.country != "" {
			return ans, false // "what is Kenya", "what is Otunge": no term
		}
	}
	for _, e := range q.evidence { // the sentences retrieved for the question
		h := e.hit
		text := h.Sentence.Text
		l := strings.ToLower(text)
		for from := 0; ; {
			i := strings.Index(l[from:], term)
			if i < 0 {
				break
			}
			i += from
			from = i + len(term)
			end := i + len(term)
			if end < len(l) && l[end] == 's' {
				end++ // "hoards are"
			}
			if i > 0 && isWordByte(l[i-1]) || end < len(l) && isWordByte(l[end]) {
				continue
			}
			for _, op := range definitionOpeners {
				if !strings.HasPrefix(l[end:], op) {
					continue
				}
				at := end + len(op)
				if f := strings.Fields(op); f[len(f)-1] == "a" || f[len(f)-1] == "an" {
					at -= len(f[len(f)-1]) + 1 // keep the article
				}
				def := text[at:]
				if k := strings.IndexAny(def, ",;:("); k > 0 {
					def = def[:k] // the definition, not what the sentence adds
				}
				def = strings.TrimRight(strings.TrimSpace(def), ".!?\"”")
				if len(strings.Fields(def)) < 2 {
					continue
				}
				return direct(ans, IntentDefine, 0.9, def, text, h.Sentence), true
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
