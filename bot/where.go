package bot

// Where something is or happened.

import (
	"strings"

	"mssmbot/corpus"
)

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
