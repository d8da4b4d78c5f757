package bot

// Suggestions: questions the corpus can answer, for autocompletion as a user
// types. They are made from the corpus's people, acronyms, figures, countries
// and headings, and each is kept only if the bot answers it.

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"mssmbot/corpus"
)

// Suggestions is the list of questions a corpus answers, best first.
type Suggestions struct {
	list  []string
	lower []string
}

// Limits of Suggest.
const (
	// suggestSentences is how many sentences the candidates are drawn from.
	suggestSentences = 20000
	// maxSuggestions is how many verified questions are kept.
	maxSuggestions = 400
	// maxSuggestionLen is Discord's limit on an autocomplete choice.
	maxSuggestionLen = 100
)

// Suggest builds the suggestions for b's corpus: candidate questions about
// its people ("Who is Gilbert Masengeli?"), acronyms ("What does MSSM stand
// for?"), counted things ("How many elite police officers?"), countries and
// section headings, each asked once and kept when it is answered.
func (b *Bot) Suggest(ctx context.Context) (*Suggestions, error) {
	hits, err := b.ix.All(ctx, suggestSentences)
	if err != nil {
		return nil, err
	}
	// Candidates in kinds, each kind by how often it is named.
	count := map[string]int{}
	kinds := map[string][]string{}
	add := func(kind, q string) {
		if len(q) > maxSuggestionLen {
			return
		}
		if count[q] == 0 {
			kinds[kind] = append(kinds[kind], q)
		}
		count[q]++
	}
	for _, name := range b.ix.People() {
		add("person", "Who is "+name+"?")
	}
	shorts := make([]string, 0, len(b.ix.Acronyms()))
	for s := range b.ix.Acronyms() {
		shorts = append(shorts, s)
	}
	sort.Strings(shorts)
	for _, s := range shorts {
		add("acronym", "What does "+s+" stand for?")
	}
	for _, h := range hits {
		ann := h.Ann
		for _, qty := range ann.Quantities {
			noun := strings.TrimSpace(qty.Noun)
			if qty.Kind != "count" || noun == "" || qty.Inherited || !lowerWords(noun) {
				continue
			}
			if country := countryBefore(ann, qty.Start); country != "" {
				add("count", "How many "+noun+" from "+country+"?")
			} else {
				add("count", "How many "+noun+"?")
			}
		}
		for _, p := range ann.Places {
			add("country", "What about "+p.Country+"?")
		}
		if sec := lastSection(h.Sentence.Section); sec != "" {
			add("section", "What do the sources say about "+lowerFirst(sec)+"?")
		}
	}
	order := []string{"person", "count", "acronym", "country", "section"}
	for _, k := range order {
		list := kinds[k]
		sort.SliceStable(list, func(i, j int) bool { return count[list[i]] > count[list[j]] })
	}
	// Interleaved, so that the first few show every kind.
	var cands []string
	for i := 0; ; i++ {
		added := false
		for _, k := range order {
			if i < len(kinds[k]) {
				cands = append(cands, kinds[k][i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	s := &Suggestions{}
	seen := map[string]bool{}
	for _, q := range cands {
		if len(s.list) == maxSuggestions || ctx.Err() != nil {
			break
		}
		a := b.Ask(ctx, q)
		if !a.Answered || a.Short == "" || seen[a.Short] {
			continue // unanswered, or the same answer as a question before
		}
		seen[a.Short] = true
		s.list = append(s.list, q)
		s.lower = append(s.lower, strings.ToLower(q))
	}
	return s, ctx.Err()
}

// lowerWords: a noun phrase in lower-case words, not a name or a figure.
func lowerWords(s string) bool {
	for _, r := range s {
		if !unicode.IsLower(r) && r != ' ' && r != '-' {
			return false
		}
	}
	return true
}

// lastSection is the innermost heading of a section path ("A › B" -> "B").
func lastSection(sec string) string {
	if i := strings.LastIndex(sec, "›"); i >= 0 {
		sec = sec[i+len("›"):]
	}
	return strings.TrimSpace(sec)
}

// lowerFirst lower-cases the first letter unless the word is an acronym.
func lowerFirst(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 || corpus.IsAllCaps(f[0]) {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// Len is how many suggestions there are.
func (s *Suggestions) Len() int {
	if s == nil {
		return 0
	}
	return len(s.list)
}

// Match returns up to n suggestions that match what a user has typed so far:
// each typed word is the start of a word of the suggestion (the last one
// possibly unfinished), those where the words come earliest first. Nothing
// typed gives the first n.
func (s *Suggestions) Match(typed string, n int) []string {
	if s == nil || n <= 0 {
		return nil
	}
	words := strings.FieldsFunc(strings.ToLower(typed), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	type hit struct{ i, at int }
	var hits []hit
	for i, l := range s.lower {
		sw := strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		at, ok := 0, true
		for _, w := range words {
			found := -1
			for k, x := range sw {
				if strings.HasPrefix(x, w) {
					found = k
					break
				}
			}
			if found < 0 {
				ok = false
				break
			}
			at += found
		}
		if ok {
			hits = append(hits, hit{i, at})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].at < hits[b].at })
	out := make([]string, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, s.list[h.i])
	}
	return out
}
