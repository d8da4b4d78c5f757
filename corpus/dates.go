package corpus

import (
	"strconv"
	"strings"
	"time"
)

// DateMention is a date in a sentence, resolved to a calendar date.
type DateMention struct {
	Text string    // as written: "August 28, 2024", "March 3", "two months ago"
	Time time.Time // resolved; for a month alone, its first day
	// Precision is "day", "month" or "year".
	Precision string
	// Relative is set when the text is relative to the document's date
	// ("two months ago", "earlier this year").
	Relative   bool
	Start, End int
}

// Format writes the date as a reader would: "28 August 2024", "May 2025", "2024".
func (d DateMention) Format() string {
	switch d.Precision {
	case "year":
		return d.Time.Format("2006")
	case "month":
		return d.Time.Format("January 2006")
	}
	return d.Time.Format("2 January 2006")
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12,
}

// FullMonth is the month a lower-case word names in full ("june"; not "jun").
func FullMonth(w string) (time.Month, bool) {
	m, ok := months[w]
	return m, ok && len(w) == len(m.String()) && strings.EqualFold(m.String(), w)
}

var unitDays = map[string]int{"day": 1, "week": 7, "month": 30, "year": 365}

func monthOf(t Token) (time.Month, bool) {
	if !t.Capitalized() {
		return 0, false
	}
	m, ok := months[strings.TrimSuffix(t.Lower(), ".")]
	return m, ok
}

func dayOf(s string) (int, bool) {
	if !startsWithDigit(s) { // most words: no lower-casing, no parse error to build
		return 0, false
	}
	s = strings.TrimRight(strings.ToLower(s), "stndrh")
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

func yearOf(s string) (int, bool) {
	if len(s) != 4 || !startsWithDigit(s) {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && len(s) == 4 && y >= 1000 && y <= 2999
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// findDates finds absolute, partial and relative dates; partial and relative
// ones are resolved against the document's date (when it has one). It marks
// the tokens it takes in used.
func findDates(text string, toks []Token, docDate time.Time, used []bool) []DateMention {
	var out []DateMention
	add := func(i, j int, t time.Time, prec string, rel bool, text string) {
		out = append(out, DateMention{Text: text, Time: t, Precision: prec, Relative: rel, Start: toks[i].Start, End: toks[j].End})
		for k := i; k <= j; k++ {
			used[k] = true
		}
	}
	word := func(k int) string {
		if k < 0 || k >= len(toks) {
			return ""
		}
		return toks[k].Lower()
	}
	span := func(i, j int) string { return text[toks[i].Start:toks[j].End] }
	docYear := docDate.Year()
	// futureAt: the clause around token i speaks of a plan.
	futureAt := func(i int) bool {
		lo, hi := i, i
		for lo > 0 && toks[lo-1].Text != "," && toks[lo-1].Text != ";" {
			lo--
		}
		for hi < len(toks) && toks[hi].Text != "," && toks[hi].Text != ";" {
			hi++
		}
		for _, t := range toks[lo:hi] {
			switch t.Lower() {
			case "will", "scheduled", "expected", "due", "planned", "plans", "intends", "next", "upcoming", "shall":
				return true
			}
		}
		return false
	}
	// yearFor places a month and day without a year in the year that fits the
	// sentence: a plan in an October article "on January 15" is next January;
	// an event told in the past a month or more after the article's date was last year.
	yearFor := func(i int, m time.Month, d int) int {
		t := time.Date(docYear, m, d, 0, 0, 0, 0, time.UTC)
		future := futureAt(i)
		switch {
		case future && t.Before(docDate.AddDate(0, 0, -7)):
			return docYear + 1
		case !future && t.After(docDate.AddDate(0, 1, 0)):
			return docYear - 1
		}
		return docYear
	}
	// addDay adds the day date of tokens i..j; without a year it takes the one
	// its clause implies, and without a document date it is left out.
	addDay := func(i, j int, m time.Month, d, y int, hasYear bool) {
		if !hasYear {
			if docDate.IsZero() {
				return
			}
			y = yearFor(i, m, d)
		}
		add(i, j, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), "day", !hasYear, span(i, j))
	}
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		// ISO: 2024-08-28
		if w := toks[i].Text; len(w) == 10 && w[4] == '-' && w[7] == '-' {
			if t, err := time.Parse("2006-01-02", w); err == nil {
				add(i, i, t, "day", false, w)
				continue
			}
		}
		if m, ok := monthOf(toks[i]); ok {
			// Month D, YYYY | Month D | Month YYYY | Month
			if d, ok := dayOf(word(i + 1)); ok {
				j := i + 1
				y, hasYear := 0, false
				if word(j+1) == "," {
					if yy, ok := yearOf(word(j + 2)); ok {
						y, hasYear, j = yy, true, j+2
					}
				} else if yy, ok := yearOf(word(j + 1)); ok {
					y, hasYear, j = yy, true, j+1
				}
				addDay(i, j, m, d, y, hasYear)
				continue
			}
			if y, ok := yearOf(word(i + 1)); ok {
				add(i, i+1, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), "month", false, span(i, i+1))
				continue
			}
			// A bare month after "in"/"by"/"since"/"until" ("expected in May").
			if p := word(i - 1); (p == "in" || p == "by" || p == "since" || p == "until" || p == "from") && !docDate.IsZero() {
				add(i, i, time.Date(docYear, m, 1, 0, 0, 0, 0, time.UTC), "month", true, toks[i].Text)
			}
			continue
		}
		// D Month YYYY | D Month
		if d, ok := dayOf(toks[i].Text); ok && i+1 < len(toks) {
			if m, ok := monthOf(toks[i+1]); ok {
				j, y, hasYear := i+1, 0, false
				if yy, ok := yearOf(word(i + 2)); ok {
					j, y, hasYear = i+2, yy, true
				}
				addDay(i, j, m, d, y, hasYear)
				continue
			}
		}
		if docDate.IsZero() {
			continue
		}
		// N units ago
		if n, ok := parseNumber(toks[i].Text); ok && word(i+2) == "ago" {
			unit := strings.TrimSuffix(word(i+1), "s")
			if _, ok := unitDays[unit]; ok {
				t := relativeBack(docDate, unit, int(n))
				add(i, i+2, t, precisionOf(unit), true, span(i, i+2))
				continue
			}
		}
		// a unit ago / last unit / earlier this year / this year / yesterday
		w := word(i)
		switch {
		case (w == "a" || w == "an") && word(i+2) == "ago":
			unit := word(i + 1)
			if _, ok := unitDays[unit]; ok {
				add(i, i+2, relativeBack(docDate, unit, 1), precisionOf(unit), true, span(i, i+2))
			}
		case w == "last" || w == "next":
			unit := word(i + 1)
			if _, ok := unitDays[unit]; ok {
				n := 1
				if w == "next" {
					n = -1
				}
				add(i, i+1, relativeBack(docDate, unit, n), precisionOf(unit), true, span(i, i+1))
			}
		case (w == "earlier" || w == "later") && word(i+1) == "this" && word(i+2) == "year":
			add(i, i+2, time.Date(docYear, 1, 1, 0, 0, 0, 0, time.UTC), "year", true, span(i, i+2))
		case w == "this" && word(i+1) == "year":
			add(i, i+1, time.Date(docYear, 1, 1, 0, 0, 0, 0, time.UTC), "year", true, span(i, i+1))
		case w == "yesterday":
			add(i, i, docDate.AddDate(0, 0, -1), "day", true, toks[i].Text)
		case w == "today":
			add(i, i, docDate, "day", true, toks[i].Text)
		case w == "in" || w == "since" || w == "by" || w == "during":
			if y, ok := yearOf(word(i + 1)); ok {
				used[i] = true
				add(i+1, i+1, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), "year", false, toks[i+1].Text)
			}
		}
	}
	return out
}

// relativeBack goes n units back from base (forward when n is negative).
func relativeBack(base time.Time, unit string, n int) time.Time {
	switch unit {
	case "month":
		return base.AddDate(0, -n, 0)
	case "year":
		return base.AddDate(-n, 0, 0)
	}
	return base.AddDate(0, 0, -n*unitDays[unit])
}

func precisionOf(unit string) string {
	switch unit {
	case "month":
		return "month"
	case "year":
		return "year"
	}
	return "day"
}
