package bot

// Stage 1 of the pipeline: Analyze. Everything the later stages need to know
// about a question is computed here, once, into one Analysis value.

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mssmbot/corpus"
	"mssmbot/corpus/lexicon"
	"mssmbot/index"
)

// Wh is the class of a question's asking word, the coarse answer type the
// scorer's features are crossed with.
type Wh int

// The question classes, in the order of their feature blocks.
const (
	WhWhat Wh = iota
	WhWhich
	WhWho
	WhWhen
	WhWhere
	WhWhy
	WhHowMany
	WhHowMuch
	WhHowAdj // how long, how old, how far, ...
	WhHow
	WhPolar // is, does, did, can, ...
	WhOther
	numWh
)

var whNames = [...]string{"what", "which", "who", "when", "where", "why", "howmany", "howmuch", "howadj", "how", "polar", "other"}

func (w Wh) String() string { return whNames[w] }

// Analysis is one question, read: what it asks for and what must hold in the
// sentence that answers it.
type Analysis struct {
	// Raw is the question as received; Text is the question with platform
	// markup and chat padding taken off, the text every later stage reads.
	Raw, Text string
	// Intent is the kind of question reported in Answer.Intent.
	Intent string
	// Wh is the class of the asking word; WhAt its byte offset in Text (-1 when none).
	Wh   Wh
	WhAt int
	// Class is the question class the scorer crosses its features with:
	// Wh, or for a question with no asking word ("number of schools with
	// latrines", "kenya troops count?") the class its intent asks as.
	Class Wh
	// Focus is the noun asked about, lower case ("year" in "what year ...",
	// "officers" in "how many officers ..."); "" when there is none.
	Focus string
	// Negated: the question denies its predicate ("who never wrote X").
	Negated bool
	// Years are the years the question names: a sentence about another year
	// does not answer it.
	Years []int
	// Months are the months the question names ("in may", "June"), lower
	// case: a sentence that names other months, and not these, is about
	// another time.
	Months []string
	// Initial: the question asks for a first or planned figure, not the latest.
	Initial bool
	// Now: the question asks about the present ("who currently leads"):
	// of the sentences that answer it alike, the latest document's answers.
	Now bool
	// Alternatives are the two a polar question asks to choose between
	// ("high-voltage" and "low-voltage"), lower case; nil for none.
	Alternatives []string
	// q is the term-level reading (content words, their stems and synonyms,
	// names, countries, acronyms) that retrieval and the typed extractors use.
	q *question
	// words are the question's content words (see Bot.questionWords).
	words map[string]bool
	// stops marks the question's stop words (see Bot.questionStops).
	stops []bool
	// measure caches asksMeasure: 0 not yet read, 1 no, 2 yes.
	measure int8
	// Follow says how the question was completed from the conversation's
	// last turn (FollowNone when it is whole by itself).
	Follow Follow
	// extra are the words a follow-up took from the conversation: content
	// words of the question though its text does not hold them.
	extra []string
	// slots are the question's own lexical feature slots (see questionSlots).
	slots *questionSlots
	// form and anchor: see Bot.questionForm ("" until read).
	form   string
	anchor int
}

// platformMarkup is chat markup that is never a word of a question: Slack's
// <@U123>, <!channel>, <#C1|name>, <url|text>; Discord's <@123>, <@!123>,
// <#123>, <:emoji:123>; @everyone, @here; emoji codes such as :flag-ke:.
var (
	slackLink    = regexp.MustCompile(`<(?:https?|mailto):[^>|]*\|([^>]*)>`)
	slackChannel = regexp.MustCompile(`<#[A-Z0-9]+\|([^>]*)>`)
	anyMarkup    = regexp.MustCompile(`<(?:@!?|@&|#|!)[^>]*>|<a?:\w+:\d+>|<https?:[^>]*>`)
	atAll        = regexp.MustCompile(`(?i)(?:^|\s)@(?:everyone|here|channel)\b`)
	emojiCode    = regexp.MustCompile(`:[a-z0-9_+\-]+:`)
	spaces       = regexp.MustCompile(`\s+`)
)

// cleanChat reads platform markup as the text it shows or drops it.
func cleanChat(s string) string {
	// Each pattern is tried only when the text holds the character it needs.
	if strings.Contains(s, "<") {
		s = slackLink.ReplaceAllString(s, "$1")
		s = slackChannel.ReplaceAllString(s, "#$1")
		s = anyMarkup.ReplaceAllString(s, " ")
	}
	if strings.Contains(s, "@") {
		s = atAll.ReplaceAllString(s, " ")
	}
	if strings.Count(s, ":") >= 2 {
		s = emojiCode.ReplaceAllString(s, " ")
	}
	if strings.ContainsAny(s, "\t\n\f\r") || strings.Contains(s, "  ") {
		s = spaces.ReplaceAllString(s, " ")
	}
	return strings.Trim(s, " -–—:,")
}

// chatWords are the greetings, thanks and chat fillers people put around a
// question in Discord and Slack; they carry nothing the sources could answer.
// A hand list: no lexicon marks these as discourse words.
var chatWords = map[string]bool{
	"hi": true, "hey": true, "hello": true, "yo": true, "hiya": true, "howdy": true, "greetings": true,
	"thanks": true, "thank": true, "thx": true, "ty": true, "cheers": true, "pls": true, "plz": true,
	"please": true, "bot": true, "lol": true, "ok": true, "okay": true, "cool": true, "great": true,
	"quick": true, "one": true, "question": true, "q": true, "sorry": true, "folks": true, "guys": true,
	"all": true, "there": true, "morning": true, "evening": true, "afternoon": true, "good": true, "so": true,
	"um": true, "uh": true, "hmm": true, "btw": true, "fyi": true, "again": true, "much": true, "you": true,
	"can": true, "hear": true, "me": true, "are": true, "is": true, "anyone": true, "anybody": true, "here": true,
	"how": true, "it": true, "going": true, "doing": true, "up": true, "whats": true, "what's": true, "sup": true,
}

// chatLead matches chat padding before the question proper: "hey bot quick
// one -", "yo,", "ok so".
var chatLead = regexp.MustCompile(`(?i)^(?:(?:hey|hi|hello|yo|ok|okay|so|um|hmm|btw|pls|please|bot|folks|guys|quick one|quick question|question|sorry|wait)\b[\s,.!:;\-–—]*)+`)

// chatTail matches chat padding after the question proper: "… stand for
// lol", "… worried or smth", "… thx".
var chatTail = regexp.MustCompile(`(?i)(?:[\s,.!:;\-–—]+(?:lol|lmao|haha|pls|plz|please|thx|thanks|ty|tia|asap|or smth|or something|or what|or sth))+[\s?!.]*$`)

// endsInPadding: q's last word is one chatTail may take off.
func endsInPadding(q string) bool {
	i := strings.LastIndexFunc(q, unicode.IsSpace)
	last := strings.ToLower(strings.TrimRight(q[i+1:], "?!.,;: "))
	switch last {
	case "lol", "lmao", "haha", "pls", "plz", "please", "thx", "thanks", "ty", "tia", "asap", "smth", "something", "what", "sth":
		return true
	}
	return false
}

// shortForms are chat abbreviations read as the words they stand for.
var shortForms = map[string]string{
	"ppl": "people", "govt": "government", "gov": "government", "pm": "prime minister",
	"u": "you", "r": "are", "ur": "your", "whats": "what is", "hows": "how is", "wheres": "where is",
	"whos": "who is", "wat": "what", "wut": "what", "thx": "thanks", "info": "information",
	"bc": "because", "cuz": "because", "b4": "before", "w/": "with", "approx": "approximately",
}

// expandShortForms replaces chat abbreviations word by word.
func expandShortForms(s string) string {
	f := strings.Fields(s)
	changed := false
	for i, w := range f {
		core := strings.TrimRight(w, "?!.,")
		if r, ok := shortForms[strings.ToLower(core)]; ok {
			f[i] = r + w[len(core):]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(f, " ")
}

// isSmallTalk: every word is a greeting, thanks or chat filler.
func isSmallTalk(s string) bool {
	n := 0
	for _, t := range corpus.Tokenize(s) {
		if !t.IsWord() {
			continue
		}
		if !chatWords[t.Lower()] {
			return false
		}
		n++
	}
	return n > 0
}

var (
	yearRe = regexp.MustCompile(`\b(1[0-9]{3}|20[0-9]{2})\b`)
)

// whOf finds a question's asking word and the focus noun after it.
func whOf(toks []corpus.Token) (Wh, int, string) {
	words := make([]corpus.Token, 0, len(toks))
	for _, t := range toks {
		if t.IsWord() {
			words = append(words, t)
		}
	}
	next := func(i int) string {
		if i+1 < len(words) {
			return words[i+1].Lower()
		}
		return ""
	}
	// after is the word at i, or past a partitive "of the" the noun it
	// takes a part of ("how many of the ferries", "which of these towns").
	after := func(i int) string {
		if i < len(words) && words[i].Lower() == "of" {
			for i++; i < len(words) && determiners[words[i].Lower()]; i++ {
			}
		}
		if i < len(words) {
			return words[i].Lower()
		}
		return ""
	}
	for i, t := range words {
		switch t.Lower() {
		case "what", "what's", "whats":
			f := next(i)
			if f == "is" || f == "was" || f == "are" || f == "were" || f == "does" || f == "did" || f == "do" {
				f = ""
			}
			return WhWhat, t.Start, f
		case "which":
			return WhWhich, t.Start, after(i + 1)
		case "who", "whom", "whose", "who's":
			return WhWho, t.Start, ""
		case "when":
			return WhWhen, t.Start, ""
		case "where":
			return WhWhere, t.Start, ""
		case "why":
			return WhWhy, t.Start, ""
		case "how":
			switch n := next(i); n {
			case "many":
				return WhHowMany, t.Start, after(i + 2)
			case "much":
				return WhHowMuch, t.Start, ""
			case "long", "old", "far", "big", "large", "high", "tall", "deep", "wide", "often", "fast", "heavy", "early", "late", "soon":
				return WhHowAdj, t.Start, n
			}
			return WhHow, t.Start, ""
		}
	}
	if len(words) > 0 {
		switch words[0].Lower() {
		case "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "has", "have", "had", "should", "shall", "may", "might", "must":
			return WhPolar, words[0].Start, ""
		}
	}
	return WhOther, -1, ""
}

// clauseOpeners open an adverbial clause that may lead a question ("When
// the scheme was approved, how many ...").
var clauseOpeners = []string{"when", "where", "if", "after", "before", "once", "while", "since", "until"}

// opensQuestion: w alone reads as a question's opening, an asking word or
// the auxiliary of a yes/no question (by whOf's reading).
func opensQuestion(w string) bool {
	wh, _, _ := whOf(corpus.Tokenize(w))
	return wh != WhOther
}

// clauseLast moves an adverbial clause that leads a question after it, so
// that the question's own asking word comes first: "When the scheme was
// first approved, how many rhinos was it to move?" is read as "how many
// rhinos was it to move when the scheme was first approved?". A question
// that itself opens with "when" ("When was it signed, and by whom?") stays.
func clauseLast(text string) string {
	first, rest, ok := strings.Cut(text, " ")
	if !ok || !slices.Contains(clauseOpeners, strings.ToLower(first)) {
		return text
	}
	second, _, _ := strings.Cut(rest, " ")
	if opensQuestion(second) {
		return text
	}
	clause, q, ok := strings.Cut(text, ", ")
	if !ok {
		return text
	}
	w, _, _ := strings.Cut(q, " ")
	if !opensQuestion(w) {
		return text
	}
	end := ""
	if k := strings.TrimRight(q, "?!. "); len(k) < len(q) {
		q, end = k, strings.TrimSpace(q[len(k):])
	}
	return q + " " + strings.ToLower(clause[:1]) + clause[1:] + end
}

// determiners may stand between a partitive "of" and its noun.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "these": true, "those": true, "this": true,
	"that": true, "its": true, "their": true, "his": true, "her": true, "our": true, "your": true}

// classifiers are the nouns that name a kind of the noun after their "of"
// ("what type of shadow" asks for a shadow).
var classifiers = map[string]bool{"type": true, "types": true, "kind": true, "kinds": true, "sort": true, "sorts": true,
	"form": true, "forms": true, "variety": true, "varieties": true, "category": true, "categories": true, "class": true, "style": true, "genre": true}

// focusHead is the head noun of the phrase the asking word at byte offset
// at opens: the last word of the run of content words after it ("what late
// Gothic feature is ..." asks for a feature), or the noun after the "of" of
// a classifier ("what kind of shadow"). The run is no noun phrase when its
// first word is a verb's inflected form and more words follow ("what
// follows secondary education"): then there is no focus. first is whOf's
// focus, kept when the lexicon is missing.
func focusHead(toks []corpus.Token, at int, first string, stops *stopList, lex *lexicon.Lexicon) string {
	if first == "" || lex == nil || stops == nil {
		return first
	}
	k := 0
	for k < len(toks) && toks[k].Start <= at {
		k++
	}
	// verb: w is a verb's inflected form that is no noun ("represented",
	// "sank"; an "-s" form only first, where a noun would be plural), or a
	// word WordNet knows only as a verb or adverb.
	verb := func(w string, first bool) bool {
		base := lex.Base(w)
		switch {
		case base != w && lex.IsVerb(base):
			if strings.HasSuffix(w, "s") {
				return first
			}
			return !lex.IsNoun(w)
		case lex.Has(w):
			return !lex.IsNoun(w) && !lex.IsAdj(w)
		}
		return false
	}
	run := func(k int) (words []string, next int) {
		for ; k < len(toks) && toks[k].IsWord(); k++ {
			w := toks[k].Lower()
			if stops.index(w) >= 0 || verb(w, false) {
				break
			}
			words = append(words, w)
		}
		return words, k
	}
	words, k := run(k)
	if len(words) == 0 {
		return first
	}
	if len(words) > 1 && verb(words[0], true) {
		return ""
	}
	head := words[len(words)-1]
	if classifiers[head] && k+1 < len(toks) && toks[k].Lower() == "of" {
		k++
		for k < len(toks) && article(toks[k].Lower()) {
			k++
		}
		if after, _ := run(k); len(after) > 0 {
			head = after[len(after)-1]
		}
	}
	return head
}

// analyze reads one question (already stripped of polite wrappers).
func analyze(b *Bot, raw, text string) *Analysis {
	return analyzeAs(b, raw, text, "")
}

// analyzeAs is analyze with the intent given ("" reads it from the wording):
// a statement checked as a claim is read as a yes/no question.
// howMeasure reads "how" before an adjective whose noun names a measure
// ("how thick": thickness, a dimension, by WordNet) as asking how much of
// it, as "how long" is; other "how" questions stay as they are.
func (b *Bot) howMeasure(a *Analysis) (Wh, string) {
	toks := a.q.toks
	for k, t := range toks {
		if t.Start != a.WhAt || k+1 >= len(toks) {
			continue
		}
		adj := toks[k+1].Lower()
		if !b.lex.IsAdj(adj) {
			break
		}
		for _, d := range b.lex.Derivations(adj) {
			for _, h := range b.lex.Hypernyms(d) {
				if physicalMeasures[h] && b.lex.Class(d) == "attribute" {
					return WhHowAdj, adj
				}
			}
		}
		break
	}
	return a.Wh, a.Focus
}

// physicalMeasures are the WordNet concepts the noun of a measuring
// adjective stands under (thickness, a dimension; speed, a rate).
var physicalMeasures = map[string]bool{"magnitude": true, "dimension": true, "extent": true, "rate": true}

// classOf is the class the scorer reads a question as (Analysis.Class):
// wh, or with no asking word, the class that asks for what intent does.
func classOf(wh Wh, intent string) Wh {
	if wh != WhOther {
		return wh
	}
	switch intent {
	case IntentCount:
		return WhHowMany
	case IntentWho:
		return WhWho
	case IntentWhen:
		return WhWhen
	case IntentWhere:
		return WhWhere
	case IntentWhy:
		return WhWhy
	}
	return WhOther
}

func analyzeAs(b *Bot, raw, text, intent string) *Analysis {
	ix, lex := b.ix, b.lex
	text = clauseLast(text)
	a := &Analysis{Raw: raw, Text: text}
	a.q = parseAs(ix, text, intent)
	expandTerms(ix, lex, a.q)
	a.Intent = a.q.intent
	a.Wh, a.WhAt, a.Focus = whOf(a.q.toks)
	if a.Wh == WhHow && lex != nil {
		a.Wh, a.Focus = b.howMeasure(a)
	}
	// "What caused the delay": a reason asked with "what".
	if a.Intent == IntentWhy && a.Wh == WhWhat {
		a.Wh, a.Focus = WhWhy, ""
	}
	a.Class = classOf(a.Wh, a.Intent)
	if x, y := alternatives(a.q.toks, b.stops); a.Wh == WhPolar && x != "" && y != "" {
		a.Alternatives = []string{x, y}
	}
	if a.Wh == WhWhat || a.Wh == WhWhich {
		a.Focus = focusHead(a.q.toks, a.WhAt, a.Focus, b.stops, lex)
	}
	// "What position does Gilbert Masengeli hold", "what's Masengeli's job":
	// a person's role, asked as "who is Gilbert Masengeli" asks it.
	if (a.Wh == WhWhat || a.Wh == WhWhich) && b.asksRoleOf(a.q) {
		a.q = a.q.withoutRoleWords()
		a.Wh, a.Class, a.Intent, a.Focus = WhWho, WhWho, IntentWho, ""
	}
	words := textWords(text)
	a.Negated = slices.ContainsFunc(mainClause(words), isNegation)
	if strings.ContainsAny(text, "0123456789") { // no year without a digit: spare the expression
		for _, m := range yearRe.FindAllString(text, -1) {
			if y, err := strconv.Atoi(m); err == nil {
				a.Years = append(a.Years, y)
			}
		}
	}
	a.Initial = saysInitial(words)
	a.Now = !a.Initial && saysNow(words)
	a.Months = monthsOf(a.q.toks)
	return a
}

// saysNow: words ask about the present ("currently", "now", "the latest",
// "at present", "today").
func saysNow(words []string) bool {
	for i, w := range words {
		if nowWord(w) || w == "at" && i+1 < len(words) && words[i+1] == "present" {
			return true
		}
	}
	return false
}

// nowWord: w (lower case) asks about the present by itself.
func nowWord(w string) bool {
	switch w {
	case "now", "currently", "current", "presently", "latest", "today", "nowadays":
		return true
	}
	return false
}

// asksRoleOf: q asks for a person's role — a role word ("position", "job")
// and a name are its only content words, but for a verb of holding one
// ("hold", "have", "occupy").
func (b *Bot) asksRoleOf(q *question) bool {
	role, name := false, false
	for _, t := range q.terms {
		w := strings.ToLower(t.word)
		switch {
		case t.person:
			name = true
		case roleWords[w]:
			role = true
		case b.lex != nil && roleVerbs[b.lex.Base(w)]:
		default:
			return false
		}
	}
	return role && name
}

// roleVerbs say that someone holds a role.
var roleVerbs = map[string]bool{"hold": true, "have": true, "occupy": true, "fill": true}

// isMonth: w names a month in full, lower case.
func isMonth(w string) bool {
	_, ok := corpus.FullMonth(w)
	return ok
}

// timePrepositions stand before a month that is one ("in may", not "may I ask").
var timePrepositions = map[string]bool{"in": true, "by": true, "of": true, "since": true, "until": true, "from": true, "last": true,
	"next": true, "early": true, "late": true, "mid": true, "during": true, "before": true, "after": true, "end": true, "to": true, "through": true}

// monthsOf finds the months a question names; "may" only after a word of
// time ("in may"), else it is the verb.
func monthsOf(toks []corpus.Token) []string {
	var out []string
	for i, t := range toks {
		l := t.Lower()
		if !isMonth(l) {
			continue
		}
		if l == "may" && (i == 0 || !timePrepositions[toks[i-1].Lower()]) {
			continue
		}
		if !contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// namesOtherMonths: a sentence (its tokens) names a month, and none of months.
func namesOtherMonths(months []string, toks []corpus.Token) bool {
	other := false
	for _, t := range toks {
		l := t.Lower()
		if !isMonth(l) || l == "may" && !t.Capitalized() {
			continue
		}
		if contains(months, l) {
			return false
		}
		other = true
	}
	return other
}

// subordinators open a clause that is not the question's own ("who gave
// the assurance that wages would not be late": the question is not negated).
var subordinators = map[string]bool{"that": true, "whether": true, "if": true, "because": true, "although": true, "though": true}

// mainClause is words up to the first subordinate clause after the first word.
func mainClause(words []string) []string {
	for i, w := range words {
		if i > 0 && subordinators[w] {
			return words[:i]
		}
	}
	return words
}

// negationWords are the English words of negation.
var negationWords = map[string]bool{"not": true, "never": true, "no": true, "didn't": true, "didnt": true, "doesn't": true, "don't": true,
	"isn't": true, "wasn't": true, "weren't": true, "aren't": true, "won't": true, "hasn't": true, "haven't": true, "hadn't": true,
	"cannot": true, "can't": true, "nobody": true, "none": true}

// isNegation: w (lower case) is a word of negation.
func isNegation(w string) bool { return negationWords[w] }

// hasNegation: text holds a word of negation (read as textWords reads
// words, without allocating).
func hasNegation(text string) bool {
	var buf [16]byte
	n, long := 0, false
	end := func() bool {
		w := bytes.TrimRight(buf[:n], "'")
		neg := !long && n > 0 && negationWords[string(w)]
		n, long = 0, false
		return neg
	}
	for _, r := range text {
		switch {
		case r == '\'' || r == '’':
			r = '\''
			if n == 0 {
				continue // an apostrophe before a word is no part of it
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if end() {
				return true
			}
			continue
		}
		if r >= utf8.RuneSelf || n == len(buf) {
			long = true // no word of negation is that long or not ASCII
			continue
		}
		buf[n] = byte(r)
		n++
	}
	return end()
}

// saysInitial: words speak of a first plan or figure ("initially",
// "originally", "planned", "promised", "at first", "at the outset").
func saysInitial(words []string) bool {
	for i, w := range words {
		switch w {
		case "initially", "originally", "planned", "promised":
			return true
		case "at":
			if i+1 < len(words) && words[i+1] == "first" ||
				i+2 < len(words) && words[i+1] == "the" && (words[i+2] == "outset" || words[i+2] == "start") {
				return true
			}
		}
	}
	return false
}

// textWords are text's words in lower case: runs of letters and digits,
// with the apostrophes inside them (a curly one read as straight).
func textWords(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.Trim(text[start:end], "'’")
			if w != "" {
				out = append(out, strings.ReplaceAll(strings.ToLower(w), "’", "'"))
			}
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// expandTerms widens each content word of q with its WordNet base form,
// synonyms and derivations that the corpus uses ("postpone" matches
// "postponement", "killed" matches "killing"), and a verb (that is no noun)
// with its WordNet hypernyms ("relocated" matches "moved"). A word the
// corpus never uses but whose relative it does is no longer missing.
func expandTerms(ix *index.Index, lex *lexicon.Lexicon, q *question) {
	if lex == nil {
		return
	}
	for i := range q.terms {
		t := &q.terms[i]
		if t.person || t.country != "" || isUpperWord(t.word) {
			continue
		}
		w := strings.ToLower(t.word)
		base := lex.Base(w)
		related := append([]string{base}, lex.Synonyms(base)...)
		related = append(related, lex.Derivations(base)...)
		t.kind = figureKind(lex, w, base, related)
		widen := func(related []string) {
			for _, r := range related {
				if strings.Contains(r, " ") || strings.Contains(r, "_") {
					continue
				}
				st := firstStem(ix, r)
				if st == "" || ix.DocFreq(st) == 0 || contains(t.stems, st) {
					continue
				}
				t.stems = append(t.stems, st)
				if t.missing {
					t.missing = false
					t.weight = ix.IDF(st)
				}
			}
		}
		widen(related)
		// A verb may be said by its more general verb ("relocated": moved).
		if v := verbBase(lex, w); v != "" && !lex.IsNoun(v) {
			widen(lex.Hypernyms(v))
		}
	}
}

// verbBase is the WordNet verb w is a form of ("relocated": relocate,
// which WordNet's Base leaves as the adjective it also is), "" for none.
func verbBase(lex *lexicon.Lexicon, w string) string {
	if b := lex.Base(w); lex.IsVerb(b) {
		return b
	}
	var forms []string
	for _, suf := range []string{"ed", "ing", "es", "s"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) > 2 {
			forms = append(forms, stem, stem+"e")
			if n := len(stem); stem[n-1] == stem[n-2] {
				forms = append(forms, stem[:n-1]) // "stopped"
			}
		}
	}
	for _, f := range forms {
		if lex.IsVerb(f) {
			return f
		}
	}
	return ""
}

// figureKind is the kind of figure (corpus.FigureKinds) the word w names,
// by itself, its related words or its base form's WordNet hypernyms; "" for none.
func figureKind(lex *lexicon.Lexicon, w, base string, related []string) string {
	var hyper []string
	for i, k := range corpus.FigureKinds {
		if w == k || contains(related, k) {
			return k
		}
		if i == 0 {
			hyper = lex.Hypernyms(base)
		}
		if contains(hyper, k) {
			return k
		}
	}
	return ""
}

// chatText takes platform markup, chat padding and abbreviations off a question.
func chatText(q string) string {
	q = cleanChat(q)
	if loc := chatLead.FindStringIndex(q); loc != nil && loc[1] > 0 { // anchored: one match at most
		if rest := q[loc[1]:]; len(strings.Fields(rest)) >= 2 {
			q = rest
		}
	}
	if endsInPadding(q) { // spare the expression the questions it cannot match
		if loc := chatTail.FindStringIndex(q); loc != nil && len(strings.Fields(q[:loc[0]])) >= 2 {
			tail := q[loc[0]:]
			q = q[:loc[0]]
			if strings.Contains(tail, "?") {
				q += "?"
			}
		}
	}
	return strings.TrimSpace(expandShortForms(q))
}
