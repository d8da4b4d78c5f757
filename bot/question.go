package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"mssmbot/corpus"
	"mssmbot/index"
)

// qterm is one content word of a question and the stems that match it.
type qterm struct {
	word   string   // as asked
	stem   string   // its analyzed stem, before any correction
	stems  []string // the stem, its correction and its synonyms found in the corpus
	weight float64
	// country is set when the word names a country (or its people): it
	// matches sentences that mention that country in any form.
	country string
	// person is set when the word is (part of) a name: it matches sentences
	// about that person, pronouns included.
	person  bool
	key     bool // a name the evidence must contain
	missing bool // the corpus has no such word
	// kind is the figure kind the word names ("money" for "money" and
	// "funds", "percent" for "percentage"; see corpus.FigureKinds): a
	// sentence with a figure of that kind holds it.
	kind  string
	start int // byte offset in the question
}

// question is a parsed question.
type question struct {
	text   string
	lower  string
	intent string
	toks   []corpus.Token
	terms  []qterm
	// focus is the noun the question asks about ("officers" in "how many
	// officers"), as stems; empty when there is none.
	focus     []string
	focusWord string
	plural    bool
	passive   bool // "who was assassinated": the answer is the one acted on
	objectQ   bool // "who did X succeed": the answer is the object
	subjectQ  bool // "what delayed the deliveries": the answer is the subject
	// calendar holds the months and weekdays the question names (lower case):
	// not content, but a date names what is near it.
	calendar []string
	// unknownFocus: the noun asked about never appears in the corpus.
	unknownFocus bool
	// evidence is every sentence found, good or not (for later figures).
	evidence []*evidence
	howMuch  bool
	// wantPercent: the question asks for a share ("what percentage").
	wantPercent bool
	howLong     bool
	countries   []string
	names       []string
	acronym     string
}

// intentWords are question words and fillers that carry the intent, not content.
var fillerStems = map[string]bool{
	"mani": true, "much": true, "stand": true, "mean": true, "tell": true, "know": true, "pleas": true,
	"list": true, "name": true, "kind": true, "type": true, "doe": true, "did": true, "happen": true,
	"will": true, "would": true, "could": true, "can": true, "should": true, "shall": true, "might": true,
	"must": true, "mai": true, "number": true, "sai": true, "said": true, "told": true, "mention": true,
	"still": true, "far": true, "get": true, "got": true, "go": true, "take": true, "took": true, "actual": true,
	"realli": true, "ever": true, "even": true, "exactli": true, "current": true, "right": true, "give": true, "gave": true,
}

// controlFree reports whether s is valid UTF-8 without control characters
// (tabs allowed).
func controlFree(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' {
			return false
		}
	}
	return true
}

var auxStarts = []string{"is ", "are ", "was ", "were ", "will ", "would ", "did ", "does ", "do ", "has ", "have ", "had ", "can ", "could ", "should ", "shall ", "may ", "might ", "must "}

// detectIntent classifies a question by its wording (general English).
func detectIntent(lower string, toks []corpus.Token) string {
	l := strings.TrimSpace(strings.TrimRight(lower, "?!. "))
	hasPrefix := func(ps ...string) bool {
		for _, p := range ps {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
		return false
	}
	switch l {
	case "", "hi", "hello", "hey", "help", "hi there", "hello there", "good morning", "good afternoon",
		"good evening", "what can you do", "what can i ask", "what can i ask you", "who are you",
		"what do you know", "start", "thanks", "thank you", "yo", "howdy", "greetings":
		return IntentHelp
	}
	switch {
	case containsAny(l, "how many more", "how many fewer", "how much more", "how much less", "difference between",
		"by how many", "by how much", "how many fewer", "how far short", "how many short") ||
		strings.HasPrefix(l, "how many") && strings.Contains(l, " short of "):
		return IntentDerived
	case containsAny(l, "stand for", "short for", "full name of", "abbreviation", "acronym ") || hasPrefix("what does ", "what is ", "what's ", "define ") && isAcronymQuestion(toks):
		return IntentDefine
	case len(toks) <= 3 && isAcronymQuestion(toks):
		return IntentDefine
	case hasPrefix("how long is ", "how long are ", "how long was the ", "how long will the "):
		return IntentCount // a length
	case hasPrefix("how long ago", "when", "since when", "how long") || containsAny(l, "what date", "which date", "what day", "which day", "what year", "what month", "which year", "which month", "what time"):
		return IntentWhen
	case hasPrefix("how many", "how much", "what number", "how big", "how large", "how high", "how old", "how deep",
		"how far", "how tall", "how wide", "how heavy", "how fast", "how strong", "total ") ||
		(hasPrefix("what", "by how") && (countNoun(l) || containsAny(l, "what percentage", "what share", "what proportion",
			"what fraction", "what percent", "what amount", "what sum", "by how many", "by how much"))):
		return IntentCount
	case hasPrefix("whose government", "whose country", "whose delegation", "whose army", "whose troops",
		"whose forces", "whose police", "whose embassy", "whose navy", "whose officials"):
		return IntentWhich // a country
	case hasPrefix("who", "whom", "whose"):
		return IntentWho
	case hasPrefix("number of", "the number of", "amount of", "the amount of", "total number") ||
		containsAny(" "+l+" ", " how many ", " how much "):
		return IntentCount // "Kenya pledged how many police?"
	case hasPrefix("where", "in what country", "in which country", "in what city", "in which city"):
		return IntentWhere
	case hasPrefix("which", "what countries", "what country", "what nations", "what nation", "list", "name the"):
		return IntentWhich
	case hasPrefix("why", "what caused", "what led to", "what prompted", "for what reason", "what was the reason",
		"what is the reason", "what's the reason", "what were the reasons", "what are the reasons"):
		return IntentWhy // a reason, however it is asked
	case hasPrefix(auxStarts...):
		return IntentYesNo
	case hasPrefix("what", "how"):
		return IntentWhat
	}
	return IntentOther
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// countNoun: a "what" question asking for a figure ("what is the target number of ...").
func countNoun(l string) bool {
	for _, w := range []string{" number of ", " total ", " amount of ", " size of ", " count of ", " figure for ", " percentage of ", " total of "} {
		if strings.Contains(l+" ", w) {
			return true
		}
	}
	return false
}

// isAcronymQuestion: the question's only content is an all-caps word.
func isAcronymQuestion(toks []corpus.Token) bool {
	n := 0
	for _, t := range toks {
		if !t.IsWord() {
			continue
		}
		switch t.Lower() {
		case "what", "does", "is", "what's", "define", "the", "mean", "stand", "for", "a", "an", "s":
			continue
		}
		if !isUpperWord(t.Text) {
			return false
		}
		n++
	}
	return n == 1
}

// isUpperWord: an acronym ("MSSM").
func isUpperWord(s string) bool { return corpus.IsAllCaps(s) }

// parse reads a question: its intent, its content words and the stems that
// match them (corrected for typos, widened by synonyms), its names and focus.
func parse(ix *index.Index, text string) *question { return parseAs(ix, text, "") }

// parseAs is parse with the intent given ("" detects it from the wording).
func parseAs(ix *index.Index, text, intent string) *question {
	// A question typed in capitals is read in lower case.
	if shouting(text) {
		text = strings.ToLower(text)
	}
	q := &question{text: text, lower: strings.ToLower(text)}
	q.toks = corpus.Tokenize(text)
	q.intent = detectIntent(q.lower, q.toks)
	if intent != "" {
		q.intent = intent
	}
	l := strings.TrimSpace(q.lower)
	q.howMuch = strings.HasPrefix(l, "how much")
	q.howLong = strings.HasPrefix(l, "how long")
	q.wantPercent = containsAny(l, "percent", "share", "proportion", "fraction")
	gaz := ix.Annotator().Gazetteer()
	places := gaz.Find(q.toks, false)
	inPlace := func(start int) *corpus.Place {
		for i := range places {
			if start >= places[i].Start && start < places[i].End {
				return &places[i]
			}
		}
		return nil
	}
	// A capital stands for its country in a question ("how many officers did Nairobi commit").
	for _, t := range q.toks {
		if !t.Capitalized() || inPlaceTok(places, t.Start) {
			continue
		}
		if c := gaz.CapitalOf(t.Text); c != nil && ix.PersonFreq(t.Text) == 0 && ix.CountryFreq(c.Name) > 0 && ix.DocFreq(firstStem(ix, t.Text)) == 0 {
			places = append(places, corpus.Place{Country: c.Name, Text: t.Text, Start: t.Start, End: t.End})
		}
	}
	for _, p := range places {
		q.countries = append(q.countries, p.Country)
	}
	// Acronyms the corpus defines, asked by name or by expansion, become one
	// term that also matches the expansion's head noun ("the consortium").
	type span struct{ start, end int }
	var acrSpans []span
	var acrTerms []qterm
	acronyms := ix.Acronyms()
	shorts := make([]string, 0, len(acronyms))
	for short := range acronyms {
		shorts = append(shorts, short)
	}
	sort.Strings(shorts) // the same question, the same answer
	for _, short := range shorts {
		long := acronyms[short]
		at := -1
		end := 0
		if k := strings.Index(q.lower, strings.ToLower(long)); k >= 0 {
			at, end = k, k+len(long)
		} else if k := strings.Index(q.lower, strings.ToLower(headPhrase(long))); k >= 0 && len(strings.Fields(headPhrase(long))) > 1 {
			at, end = k, k+len(headPhrase(long))
		}
		for _, t := range q.toks {
			if at < 0 && strings.EqualFold(t.Text, short) && (isUpperWord(t.Text) || q.intent == IntentDefine || len(q.toks) <= 4) {
				at, end = t.Start, t.End
			}
		}
		if at < 0 {
			continue
		}
		acrSpans = append(acrSpans, span{at, end})
		// Not a key: articles say "the group" as often as the name.
		qt := qterm{word: short, start: at}
		for _, w := range []string{short, headNounOf(long)} {
			if ts := ix.Analyze(w); len(ts) > 0 && ix.DocFreq(ts[0].Stem) > 0 && !contains(qt.stems, ts[0].Stem) {
				qt.stems = append(qt.stems, ts[0].Stem)
			}
		}
		qt.weight = ix.MaxIDF() * 0.8
		if len(qt.stems) > 0 {
			qt.weight = ix.IDF(qt.stems[0])
		}
		acrTerms = append(acrTerms, qt)
		if q.acronym == "" {
			q.acronym = short
		}
	}
	inAcronym := func(off int) bool {
		for _, s := range acrSpans {
			if off >= s.start && off < s.end {
				return true
			}
		}
		return false
	}
	// Capitalized words: people when the corpus names such a person, else
	// names the evidence must hold (organizations, places).
	capital := map[int]bool{}
	person := map[int]bool{}
	for i, t := range q.toks {
		if !t.IsWord() || inPlace(t.Start) != nil || inAcronym(t.Start) {
			continue
		}
		if isUpperWord(t.Text) {
			capital[t.Start] = true
			if q.acronym == "" {
				q.acronym = t.Text
			}
			continue
		}
		first := i == 0 || (i == 1 && !q.toks[0].IsWord())
		partOfOrg := i+1 < len(q.toks) && q.toks[i+1].Capitalized() && corpus.IsOrgWord(q.toks[i+1].Text)
		name := strings.TrimSuffix(strings.TrimSuffix(t.Text, "'s"), "’s")
		if !partOfOrg && ix.PersonFreq(name) > 0 && (t.Capitalized() || q.intent == IntentOther || q.intent == IntentWho || ix.DocFreq(firstStem(ix, name)) == 0 || ix.PersonStemFreq(firstStem(ix, name)) >= ix.DocFreq(firstStem(ix, name))) {
			person[t.Start] = true
			capital[t.Start] = true
			q.names = append(q.names, capitalize(name))
			continue
		}
		// Capitalized names the evidence must hold; not months and weekdays, which dates cover.
		if t.Capitalized() && !first && !calendarWord(t.Text) {
			capital[t.Start] = true
		}
	}
	if q.acronym == "" && q.intent == IntentDefine {
		for _, t := range q.toks {
			if t.IsWord() && !fillerStems[t.Lower()] && !defineWords[t.Lower()] {
				q.acronym = strings.ToUpper(t.Text)
			}
		}
	}
	// "how large", "how big": the adjective asks for a size, it is not content;
	// askWord is where such a word starts.
	askWord := -1
	if len(q.toks) > 1 && q.toks[0].Lower() == "how" {
		switch q.toks[1].Lower() {
		case "many", "much", "often":
		case "long":
			if q.intent == IntentCount { // "how long is the bridge": a length, not content
				askWord = q.toks[1].Start
			}
		default:
			askWord = q.toks[1].Start
		}
	}
	// "What caused the delay": the verb asks for the reason, it is not content.
	if q.intent == IntentWhy && len(q.toks) > 1 && q.toks[0].Lower() == "what" && askWord < 0 {
		askWord = q.toks[1].Start
	}
	maxW := ix.MaxIDF()
	seenCountry := map[string]bool{}
	q.terms = append(q.terms, acrTerms...)
	for _, t := range ix.Analyze(text) {
		if fillerStems[t.Stem] || t.Start == askWord || inAcronym(t.Start) {
			continue
		}
		if q.intent == IntentDefine && defineWords[strings.ToLower(text[t.Start:t.End])] {
			continue
		}
		if q.intent == IntentWhen && dateWords[t.Stem] {
			continue
		}
		if (q.intent == IntentCount || q.intent == IntentDerived) && pureMeasure[t.Stem] {
			continue
		}
		// "latest", "current": they ask for the latest answer (Analysis.Now,
		// which Verify reads) and are no content, though a corpus uses them
		// ("the latest coin in the jug"); "now" stays content where the corpus
		// has it: a sentence that revises says it ("will now end on 18 September").
		if w := strings.ToLower(text[t.Start:t.End]); deixis[t.Stem] && (ix.DocFreq(t.Stem) == 0 || w != "now" && nowWord(w)) {
			continue
		}
		// "last September", "in May": when it happened, which the sentence's date says, not its words.
		if w := text[t.Start:t.End]; calendarWord(w) || timeModifier(text, t.End) {
			if calendarWord(w) {
				q.calendar = append(q.calendar, strings.ToLower(w))
			}
			continue
		}
		// Figures: counts and yes/no compare them themselves; elsewhere a figure
		// the question repeats ("why did it rise to $345 million") is a word to match.
		if _, isNum := parseNum(text[t.Start:t.End]); isNum {
			switch q.intent {
			case IntentCount, IntentDerived, IntentYesNo:
				continue
			}
			if ix.DocFreq(t.Stem) == 0 {
				continue
			}
		}
		word := strings.TrimSuffix(strings.TrimSuffix(text[t.Start:t.End], "'s"), "’s")
		qt := qterm{word: word, start: t.Start}
		if p := inPlace(t.Start); p != nil {
			if seenCountry[p.Country] {
				continue
			}
			seenCountry[p.Country] = true
			qt.country, qt.key = p.Country, true
			qt.weight = maxW * 0.8
			if df := ix.CountryFreq(p.Country); df > 0 {
				qt.weight = ix.IDFOf(df)
			} else {
				qt.missing = true
			}
			q.terms = append(q.terms, qt)
			continue
		}
		stem := t.Stem
		qt.stem = stem
		if ix.DocFreq(stem) == 0 && !capital[t.Start] && !anyKnown(ix, ix.Related(stem)) {
			// Only a word with no synonym in the corpus is taken for a typo.
			if c := ix.Correct(stem); c != "" {
				stem = c
			}
		}
		for _, s := range ix.Related(stem) {
			if ix.DocFreq(s) > 0 {
				qt.stems = append(qt.stems, s)
			}
		}
		qt.key = capital[t.Start]
		qt.person = person[t.Start]
		if !qt.person && stem != t.Stem && ix.PersonStemFreq(stem) > 0 {
			// A misspelt name ("godfry") corrected to one the corpus has.
			qt.person, qt.key = true, true
			word = ix.Correct(t.Stem)
			qt.word = word
			q.names = append(q.names, word)
		}
		// A misspelt name ("masengali"): the nearest word of a name the corpus gives.
		if !qt.person && !qt.key && ix.DocFreq(stem) == 0 && len(qt.stems) == 0 {
			if name := nearestNameWord(ix.People(), strings.ToLower(word)); name != "" && ix.PersonFreq(name) > 0 {
				word, qt.word, qt.person, qt.key = name, name, true, true
				q.names = append(q.names, name)
			}
		}
		switch {
		case qt.person:
			qt.weight = ix.IDFOf(ix.PersonFreq(word))
		case ix.DocFreq(stem) > 0:
			qt.weight = ix.IDF(stem)
		case len(qt.stems) > 0:
			qt.weight = ix.IDF(qt.stems[0])
		case qt.key:
			qt.missing = true
			qt.weight = maxW
		default:
			// A word the corpus never uses: likely a paraphrase, so it
			// counts, but less than a word it does use.
			qt.missing = true
			qt.weight = maxW * 0.5
		}
		q.terms = append(q.terms, qt)
	}
	q.findFocus(ix)
	if len(q.focus) > 0 && !anyKnown(ix, q.focus) && !measureWords[q.focusWord] {
		q.unknownFocus = true
	}
	// "What is the full strength ...": a measure asked with "what" is a count;
	// "what is the budget": a sum of money.
	if q.intent == IntentWhat {
		f := strings.Fields(strings.Trim(q.lower, "?!. "))
		for k := 1; k < len(f) && k <= 5; k++ {
			w := strings.TrimSuffix(strings.TrimSuffix(strings.Trim(f[k], "?,."), "'s"), "’s")
			if auxWords[w] {
				break // "what will its money pay for": the measure is another verb's subject
			}
			if measureWords[w] || moneyWords[w] {
				q.intent = IntentCount
				q.howMuch = q.howMuch || moneyWords[w]
				break
			}
		}
	}
	q.passive = q.intent == IntentWho && passiveRe(l)
	q.subjectQ = q.intent == IntentWhat && subjectQuestion(l)
	q.objectQ = q.intent == IntentWho && (strings.HasPrefix(l, "who did ") || strings.HasPrefix(l, "whom "))
	return q
}

// auxWords are auxiliaries other than "be" that start a question's own clause.
var auxWords = map[string]bool{"will": true, "did": true, "does": true, "do": true, "would": true, "can": true,
	"could": true, "has": true, "have": true, "had": true, "should": true, "shall": true, "may": true, "might": true, "must": true}

// pureMeasure words only ask for a figure ("the total", "the number").
var pureMeasure = map[string]bool{"total": true, "number": true, "amount": true, "figur": true, "count": true, "percentag": true, "share": true, "proport": true, "fraction": true, "size": true, "strength": true}

// deixis are words of the asker's now: content only when the corpus uses them.
var deixis = map[string]bool{"now": true, "current": true, "currentli": true, "todai": true, "present": true, "latest": true, "presentli": true, "next": true, "upcom": true, "come": true}

// dateWords ask for a date; in a "when" question they are not content.
var dateWords = map[string]bool{"date": true, "dai": true, "year": true, "month": true, "time": true, "exact": true}

// defineWords are the words of "what does X stand for" around the acronym.
var defineWords = map[string]bool{
	"what": true, "does": true, "is": true, "what's": true, "define": true, "the": true, "mean": true,
	"stand": true, "for": true, "short": true, "full": true, "name": true, "of": true, "abbreviation": true,
	"acronym": true, "expand": true, "meaning": true, "a": true, "an": true,
}

// shouting: most letters are capitals.
func shouting(s string) bool {
	up, low := 0, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			up++
		} else if unicode.IsLower(r) {
			low++
		}
	}
	return up > 8 && up > 3*low
}

// headPhrase is an expansion without a trailing qualifier ("Multinational
// Security Support Mission in Haiti" -> "Multinational Security Support Mission").
func headPhrase(long string) string {
	f := strings.Fields(long)
	for i := 1; i < len(f); i++ {
		switch strings.ToLower(f[i]) {
		case "in", "of", "for", "on", "at":
			return strings.Join(f[:i], " ")
		}
	}
	return long
}

// headNounOf is the last word of an expansion's head phrase ("Mission").
func headNounOf(long string) string {
	f := strings.Fields(headPhrase(long))
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// passiveRe: "who was/were/is/are/has been ... <participle>" with nothing after it but a by-phrase.
func passiveRe(l string) bool {
	for _, p := range []string{"who was ", "who were ", "who is ", "who are ", "who has been ", "who had been ", "who got "} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			f := strings.Fields(strings.TrimRight(rest, "?!. "))
			return len(f) >= 1 && len(f) <= 3 && (strings.HasSuffix(f[0], "ed") || strings.HasSuffix(f[0], "en") || strings.HasSuffix(f[0], "wn"))
		}
	}
	return false
}

// findFocus finds the noun the question asks about: after "how many" the
// first plural among the next words ("how many cargo ships have docked"),
// after "which"/"what" the next word ("which countries said ...").
func (q *question) findFocus(ix *index.Index) {
	if strings.HasPrefix(q.lower, "whose ") {
		q.focusWord = "country"
		return
	}
	starts := []string{"how many more", "how many fewer", "how many", "how much", "number of", "total of", "which other", "which", "what other", "what", "name the", "list the", "name all the", "list all the"}
	l := q.lower
	for _, s := range starts {
		i := strings.Index(l, s+" ")
		if i < 0 {
			continue
		}
		rest := strings.Fields(l[i+len(s)+1:])
		// A partitive: "how many of the ferries" counts ferries.
		if len(rest) > 1 && rest[0] == "of" {
			rest = rest[1:]
			for len(rest) > 1 && determiners[rest[0]] {
				rest = rest[1:]
			}
		}
		var words []string
		for _, w := range rest {
			w = strings.Trim(w, "?!.,;:")
			if focusStop[w] || w == "" {
				break
			}
			words = append(words, w)
			if len(words) == 3 {
				break
			}
		}
		if len(words) == 0 {
			if strings.HasPrefix(s, "how many") || s == "number of" {
				continue
			}
			return
		}
		head := words[0]
		// "what share of the core", "the total area": a measure, not a noun to count.
		if measureWords[head] {
			return
		}
		if strings.HasPrefix(s, "how m") || s == "number of" || s == "total of" {
			for _, w := range words {
				if strings.HasSuffix(w, "s") || pluralNouns[w] {
					head = w
					break
				}
			}
		}
		q.focusWord = head
		base := strings.TrimSuffix(strings.TrimSuffix(head, "'s"), "’s")
		q.plural = (strings.HasSuffix(base, "s") || pluralNouns[base]) && base == head
		if ts := ix.Analyze(base); len(ts) > 0 {
			stem := ts[0].Stem
			if ix.DocFreq(stem) == 0 {
				if c := ix.Correct(stem); c != "" {
					stem = c
				}
			}
			q.focus = ix.Related(stem)
		}
		// "how many polling places": the modifiers name it too ("polling stations").
		if strings.HasPrefix(s, "how m") {
			for _, w := range words {
				if w == head {
					break
				}
				if ts := ix.Analyze(w); len(ts) > 0 && ix.DocFreq(ts[0].Stem) > 0 && !contains(q.focus, ts[0].Stem) {
					q.focus = append(q.focus, ts[0].Stem)
				}
			}
		}
		return
	}
}

// measureWords name a quantity rather than what is counted.
var measureWords = map[string]bool{
	"share": true, "percentage": true, "percent": true, "proportion": true, "fraction": true, "amount": true,
	"sum": true, "money": true, "cost": true, "total": true, "number": true, "size": true, "area": true,
	"length": true, "distance": true, "height": true, "depth": true, "weight": true, "value": true, "price": true,
	"strength": true, "figure": true, "rate": true, "level": true,
}

// moneyWords name a sum of money.
var moneyWords = map[string]bool{"budget": true, "cost": true, "price": true, "fee": true, "fees": true, "funding": true, "salary": true, "wage": true, "spending": true, "bill": true, "fine": true, "prize": true}

// pluralNouns are English plurals that don't end in s.
var pluralNouns = map[string]bool{"people": true, "men": true, "women": true, "children": true, "personnel": true, "staff": true, "police": true, "troops": true, "cattle": true, "feet": true, "teeth": true, "mice": true}

var focusStop = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "did": true, "does": true, "do": true, "has": true,
	"have": true, "had": true, "will": true, "would": true, "can": true, "could": true, "should": true,
	"of": true, "in": true, "to": true, "from": true, "for": true, "on": true, "at": true, "by": true,
	"the": true, "a": true, "an": true, "this": true, "that": true, "other": true, "more": true, "than": true,
	"and": true, "or": true, "be": true, "been": true, "there": true, "it": true, "they": true, "he": true,
	"she": true, "kind": true, "type": true, "sort": true,
}

// isPlaceFocus: the question asks for countries or nations.
func (q *question) isPlaceFocus() bool {
	switch strings.TrimSuffix(strings.TrimSuffix(q.focusWord, "'s"), "’s") {
	case "country", "countries", "nation", "nations", "state", "states", "nationality", "nationalities":
		return true
	}
	return false
}

// isPersonFocus: the question asks for people.
func (q *question) isPersonFocus() bool {
	switch q.focusWord {
	case "person", "people", "official", "officials", "leader", "leaders", "man", "woman", "men", "women":
		return true
	}
	return false
}

// isFocus: the term is the noun the question asks about.
func (q *question) isFocus(t qterm) bool {
	for _, s := range t.stems {
		if contains(q.focus, s) {
			return true
		}
	}
	return false
}

// copula: "who is/was/are ..." asks who someone is, not who did something.
func (q *question) copula() bool {
	f := strings.Fields(q.lower)
	if len(f) < 2 {
		return false
	}
	switch f[1] {
	case "is", "was", "are", "were", "'s":
		return true
	}
	return strings.HasPrefix(q.lower, "who's ")
}

// subjectQuestion: "what caused ...", "what delayed ...": "what" is the
// subject of a verb in the past tense or a verb of causing.
func subjectQuestion(l string) bool {
	f := strings.Fields(l)
	if len(f) < 3 || f[0] != "what" {
		return false
	}
	switch f[1] {
	case "caused", "causes", "happened", "led", "leads", "made", "makes", "drove", "drives", "prompted", "triggered", "forced", "stopped", "prevented":
		return true
	case "was", "were", "is", "are", "has", "have":
		// A passive: "what was put in place ...", "what has been built".
		v := f[2]
		if v == "been" && len(f) > 3 {
			v = f[3]
		}
		return strings.HasSuffix(v, "ed") || strings.HasSuffix(v, "en") || irregularParticiples[v]
	}
	return strings.HasSuffix(f[1], "ed") && !focusStop[f[1]]
}

// irregularParticiples are common past participles that end in neither -ed nor -en.
var irregularParticiples = map[string]bool{"put": true, "set": true, "built": true, "sent": true, "made": true, "done": true, "found": true, "paid": true, "sold": true, "bought": true, "brought": true, "held": true, "kept": true, "left": true, "lost": true, "met": true, "said": true, "told": true, "won": true, "cut": true, "hit": true, "spent": true}

// asksRole: "who is the prime minister of X" — a copula and a role noun phrase.
func (q *question) asksRole() bool {
	var f []string
	for _, w := range strings.Fields(q.lower) {
		switch w {
		case "currently", "now", "presently", "today":
			continue // "who is currently Haiti's prime minister"
		}
		f = append(f, w)
	}
	if !q.copula() || q.passive || len(f) < 3 {
		return false
	}
	switch f[2] {
	case "the", "a", "an", "current", "new", "former":
		return true
	}
	return strings.HasSuffix(f[2], "'s") || strings.HasSuffix(f[2], "’s")
}

// withoutRoleWords is q asked as "who is NAME": only its names are kept.
func (q *question) withoutRoleWords() *question {
	c := *q
	c.terms = nil
	var names []string
	for _, t := range q.terms {
		if t.person {
			c.terms = append(c.terms, t)
			names = append(names, t.word)
		}
	}
	c.intent = IntentWho
	c.lower = "who is " + strings.ToLower(strings.Join(names, " "))
	return &c
}

// pastTense: "when did", "when was", "when were".
func (q *question) pastTense() bool {
	return containsAny(q.lower, "when did ", "when was ", "when were ", " did ", " happened")
}

// futureTense: "when will", "is due", "is expected", "planned".
func (q *question) futureTense() bool {
	return containsAny(q.lower, " will ", " due ", " expected ", " planned", " scheduled", " going to ", " next ", " supposed ", " meant to ", " originally ")
}

// negatedPredicate: the question asks about the rest ("still unfilled", "not yet").
func (q *question) negatedPredicate() bool {
	for _, t := range q.toks {
		l := t.Lower()
		if l == "not" || l == "never" || strings.HasSuffix(l, "n't") || l == "remaining" || l == "left" ||
			l == "outstanding" || l == "unpaid" || l == "missing" || l == "short" || l == "remain" || l == "rest" ||
			(strings.HasPrefix(l, "un") && len(l) > 5 && (strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "able"))) {
			return true
		}
	}
	return false
}

// politePrefixes wrap a question without changing it ("can you tell me who ...").
var politePrefixes = []string{
	"please", "hey", "hi", "hello", "ok", "okay", "so", "and", "bot",
	"can you tell me", "could you tell me", "would you tell me", "can you please tell me", "could you please tell me",
	"tell me", "i'd like to know", "i would like to know", "i want to know", "i wonder", "i'm wondering",
	"do you know", "does anyone know", "any idea", "let me know", "can you", "could you", "would you",
	"will you", "i need to know", "quick question", "question",
}

// normalize takes off polite wrappers and reads "how come" as "why", so that
// the question's own words decide its intent: "Can you tell me who leads the
// mission?" is "who leads the mission?".
func normalize(q string) string {
	for changed := true; changed; {
		changed = false
		l := strings.ToLower(q)
		for _, p := range politePrefixes {
			if !strings.HasPrefix(l, p) {
				continue
			}
			rest := q[len(p):]
			// Only whole words, and never the whole question ("tell me about X" stays).
			if rest == "" || !strings.ContainsAny(rest[:1], " ,:;!") {
				continue
			}
			rest = strings.TrimLeft(rest, " ,:;!")
			if len(strings.Fields(rest)) < 2 || strings.HasPrefix(strings.ToLower(rest), "about ") {
				continue
			}
			q, changed = rest, true
			break
		}
	}
	// "According to Otunge, why ...": the question, with its source as one more word.
	if l := strings.ToLower(q); strings.HasPrefix(l, "according to ") {
		if src, rest, ok := strings.Cut(q[len("according to "):], ","); ok && len(strings.Fields(rest)) >= 2 {
			q = strings.TrimSpace(rest)
			q = strings.TrimRight(q, "?") + " " + strings.TrimSpace(src) + "?"
		}
	}
	if l := strings.ToLower(q); strings.HasPrefix(l, "how come ") {
		q = "why " + q[len("how come "):]
	}
	if l := strings.ToLower(q); strings.HasPrefix(l, "tell me about ") {
		q = "who is " + q[len("tell me about "):]
	}
	return q
}

// firstStem is the analyzed stem of a word ("" when it has none).
func firstStem(ix *index.Index, w string) string {
	if ts := ix.Analyze(w); len(ts) > 0 {
		return ts[0].Stem
	}
	return ""
}

// asksPerson: the question names a person ("what did Diallo say").
func (q *question) asksPerson() bool {
	for _, t := range q.terms {
		if t.person {
			return true
		}
	}
	return false
}

// asksLength: "how long / far / tall / deep / high / wide is ...".
func (q *question) asksLength() bool {
	return q.intent == IntentCount && containsAny(q.lower, "how long", "how far", "how tall", "how deep", "how high", "how wide", "length", "distance")
}

// timeModifier: the word ending at end is "last"/"next"/"this"/"early"/"late"
// before a month, weekday or "year"/"month"/"week".
func timeModifier(text string, end int) bool {
	w := strings.ToLower(text[max(0, strings.LastIndexAny(text[:end], " \t")+1):end])
	switch w {
	case "last", "next", "this", "early", "late", "mid":
	default:
		return false
	}
	f := strings.Fields(text[end:])
	if len(f) == 0 {
		return false
	}
	n := strings.Trim(strings.ToLower(f[0]), "?!.,")
	return calendarWord(n) || n == "year" || n == "month" || n == "week"
}

// asksDone: "has/have/did/was/were ..." asks whether something happened.
func (q *question) asksDone() bool {
	f := strings.Fields(q.lower)
	if len(f) == 0 {
		return false
	}
	switch f[0] {
	case "has", "have", "did", "was", "were", "had":
		return true
	}
	return false
}

// asksWhatPersonDoes: "what does NAME do?" — nothing but a name between.
func (q *question) asksWhatPersonDoes() bool {
	l := strings.TrimRight(q.lower, "?!. ")
	for _, p := range []string{"what does ", "what did "} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			if name, ok := strings.CutSuffix(rest, " do"); ok {
				for _, t := range q.terms {
					if !t.person {
						return false
					}
				}
				return len(q.terms) > 0 && len(strings.Fields(name)) == len(q.terms)
			}
		}
	}
	return false
}

// anyKnown: one of the stems is in the corpus.
func anyKnown(ix *index.Index, stems []string) bool {
	for _, s := range stems {
		if ix.DocFreq(s) > 0 {
			return true
		}
	}
	return false
}

// asksSpeech: "what did X tell / say / ask / warn / urge / promise ...".
func (q *question) asksSpeech() bool {
	for _, t := range q.toks {
		switch t.Lower() {
		case "tell", "told", "say", "said", "ask", "asked", "warn", "warned", "urge", "urged", "promise", "promised", "announce", "announced":
			return true
		}
	}
	return false
}

// nearestNameWord is the word of a name within one edit of w (two for long
// words), or "".
func nearestNameWord(names []string, w string) string {
	if len([]rune(w)) < 5 {
		return ""
	}
	limit := 1
	if len([]rune(w)) >= 8 {
		limit = 2
	}
	for _, n := range names {
		for _, part := range strings.Fields(n) {
			if d := editDistance(strings.ToLower(part), w, limit); d > 0 && d <= limit {
				return part
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, or limit+1 as
// soon as it is certain to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func inPlaceTok(places []corpus.Place, off int) bool {
	for _, p := range places {
		if off >= p.Start && off < p.End {
			return true
		}
	}
	return false
}
