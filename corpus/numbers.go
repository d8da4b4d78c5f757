package corpus

import (
	"strconv"
	"strings"
)

// FigureKinds are the kinds of quantity beside plain counts, each named by
// the English word for what it measures.
var FigureKinds = []string{"money", "percent"}

// Quantity is a number in a sentence and what it counts.
type Quantity struct {
	Value float64
	Text  string // as written: "400", "65 million euro", "eight", "12%"
	// Noun is the noun phrase it counts ("elite police officers"); when the
	// text leaves it out ("promised 1,000") it is taken from the quantity
	// before it and Inherited is set.
	Noun      string
	Inherited bool
	Kind      string // "count", or one of FigureKinds
	partitive bool   // "N of the M ...": takes M's noun
	// Whole is M in "N of the M ...", 0 otherwise.
	Whole      float64 `json:",omitempty"`
	Start, End int     // byte offsets of Text
}

// General English number words.
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// fractionWords are shares written in words, as percentages.
var fractionWords = map[string]float64{
	"half": 50, "one-half": 50, "a-third": 33.3, "one-third": 33.3, "two-thirds": 66.7, "one-quarter": 25,
	"a-quarter": 25, "three-quarters": 75, "one-fifth": 20, "two-fifths": 40, "three-fifths": 60, "four-fifths": 80,
	"one-tenth": 10,
}

// unitWords measure something: "14,000 tonnes of steel" counts steel.
var unitWords = map[string]bool{
	"tonnes": true, "tons": true, "tonne": true, "ton": true, "kilograms": true, "kg": true, "litres": true,
	"liters": true, "gallons": true, "barrels": true, "hectares": true, "acres": true, "metres": true,
	"meters": true, "kilometres": true, "kilometers": true, "km": true, "miles": true, "doses": true,
	"units": true, "pieces": true, "bags": true, "boxes": true, "cases": true, "square": true, "cubic": true,
	"megawatts": true, "mw": true, "kilowatts": true, "gigawatts": true, "watts": true, "megalitres": true,
	"megaliters": true, "cubic metres": true, "cubic meters": true, "square kilometres": true, "square metres": true,
}

var scaleWords = map[string]float64{"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

var currencyWords = map[string]bool{
	"euro": true, "euros": true, "dollar": true, "dollars": true, "pound": true, "pounds": true, "yen": true,
	"shilling": true, "shillings": true, "franc": true, "francs": true, "usd": true, "eur": true, "gbp": true,
	"gourdes": true, "gourde": true, "rupees": true, "pesos": true,
}

// nounStop ends the noun phrase after a number.
var nounStop = map[string]bool{
	"to": true, "and": true, "or": true, "but": true, "from": true, "in": true, "on": true, "at": true, "of": true,
	"for": true, "by": true, "with": true, "into": true, "since": true, "than": true, "as": true, "who": true,
	"which": true, "that": true, "were": true, "was": true, "are": true, "is": true, "have": true, "has": true,
	"had": true, "will": true, "would": true, "could": true, "can": true, "be": true, "been": true, "ago": true,
	"while": true, "though": true, "although": true, "after": true, "before": true, "per": true, "more": true,
	"still": true, "already": true, "now": true, "each": true, "every": true, "this": true, "these": true,
	"their": true, "its": true, "his": true, "her": true, "the": true, "a": true, "an": true, "under": true,
	"it": true, "they": true, "he": true, "she": true, "we": true, "you": true, "i": true, "them": true, "when": true, "where": true, "because": true, "if": true, "so": true, "drawn": true,
	"over": true, "about": true, "across": true, "between": true, "during": true, "until": true, "there": true,
}

// parseNumber reads a number written in digits ("1,000", "2.5") or words
// ("eight"); ok is false otherwise.
func parseNumber(w string) (float64, bool) {
	w = strings.ToLower(w)
	if v, ok := numberWords[w]; ok {
		return v, true
	}
	// "twenty-six"
	if tens, ones, ok := strings.Cut(w, "-"); ok {
		t, ok1 := numberWords[tens]
		o, ok2 := numberWords[ones]
		if ok1 && ok2 && t >= 20 && t <= 90 && o < 10 {
			return t + o, true
		}
	}
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
	return v, err == nil
}

// findQuantities finds numbers and what they count. skip marks tokens already
// taken by dates.
func findQuantities(text string, toks []Token, skip []bool) []Quantity {
	var out []Quantity
	for i := 0; i < len(toks); i++ {
		if skip[i] {
			continue
		}
		t := toks[i]
		if pct, ok := fractionWords[t.Lower()]; ok && t.Lower() != "half" || ok && i+1 < len(toks) && toks[i+1].Lower() == "of" {
			// "two-thirds of them", "half of the budget": a share.
			out = append(out, Quantity{Value: pct, Text: t.Text, Kind: "percent", Start: t.Start, End: t.End})
			continue
		}
		// "1,120 workers, of whom 710 are ...": a part of the figure before.
		ofWhom := i >= 2 && toks[i-2].Lower() == "of" && (toks[i-1].Lower() == "whom" || toks[i-1].Lower() == "which")
		v, ok := parseNumber(t.Text)
		unit := ""
		if !ok {
			// "2.4-kilometre": a figure and its unit in one word.
			if num, u, cut := strings.Cut(t.Text, "-"); cut {
				if nv, isNum := parseNumber(num); isNum && num[0] >= '0' && num[0] <= '9' {
					v, ok, unit = nv, true, u
				}
			}
			if !ok {
				continue
			}
		}
		start, end := t.Start, t.End
		q := Quantity{Kind: "count"}
		if i > 0 && (toks[i-1].Text == "$" || toks[i-1].Text == "€" || toks[i-1].Text == "£") {
			q.Kind, start = "money", toks[i-1].Start
		}
		// A currency's code before the sum: "EUR 715,000", "USD 5 million".
		if i > 0 && currencyWords[toks[i-1].Lower()] && toks[i-1].Text == strings.ToUpper(toks[i-1].Text) {
			q.Kind, start = "money", toks[i-1].Start
		}
		j := i + 1
		for j < len(toks) {
			if s, ok := scaleWords[toks[j].Lower()]; ok {
				v *= s
				end = toks[j].End
				j++
				continue
			}
			break
		}
		if j < len(toks) {
			w := toks[j].Lower()
			switch {
			case toks[j].Text == "%" || w == "percent":
				q.Kind, end = "percent", toks[j].End
				j++
			case currencyWords[w]:
				q.Kind, end = "money", toks[j].End
				j++
			case j+1 < len(toks) && toks[j].Capitalized() && currencyWords[toks[j+1].Lower()]:
				// "48 million US dollars", "5 Canadian dollars"
				q.Kind, end = "money", toks[j+1].End
				j += 2
			case w == "per" && j+1 < len(toks) && toks[j+1].Lower() == "cent":
				q.Kind, end = "percent", toks[j+1].End
				j += 2
			}
		}
		// The noun phrase it counts: up to four words before a stop word or punctuation.
		nStart, nEnd := -1, -1
		for k := j; k < len(toks) && k < j+4; k++ {
			w := toks[k]
			if !w.IsWord() || nounStop[w.Lower()] || skip[k] {
				break
			}
			if _, isNum := parseNumber(w.Text); isNum {
				break
			}
			if strings.HasSuffix(w.Lower(), "ed") && k > j {
				break
			}
			if nStart < 0 {
				nStart = w.Start
			}
			nEnd = w.End
		}
		// "tonnes of steel": a unit takes in what it measures.
		if nStart >= 0 && unitWords[lastWord(strings.ToLower(text[nStart:nEnd]))] {
			if k := indexAt(toks, nEnd); k >= 0 && k+2 < len(toks) && toks[k+1].Lower() == "of" && toks[k+2].IsWord() && !nounStop[toks[k+2].Lower()] {
				nEnd = toks[k+2].End
			}
		}
		if unit != "" {
			if nStart < 0 {
				nStart, nEnd = t.End-len(unit), t.End
			}
			q.Noun = unit + " " + strings.TrimSpace(text[min(nStart, t.End):nEnd])
			if nStart == t.End-len(unit) {
				q.Noun = unit
			}
		} else if nStart >= 0 {
			q.Noun = text[nStart:nEnd]
		} else {
			// An elided noun is the last one of the same kind ("7,450 children, 62% of its target of 12,000").
			for k := len(out) - 1; k >= 0; k-- {
				if out[k].Kind == q.Kind {
					q.Noun, q.Inherited = out[k].Noun, true
					break
				}
			}
		}
		q.Value, q.Text, q.Start, q.End = v, text[start:end], start, end
		// "870 of the 2,340 polling stations": a part counts what its whole counts.
		if q.Noun == "" || q.Inherited || q.Kind == "money" {
			// "of the 2,340", "of its $12.5 million"
			k := j + 2
			if k < len(toks) && (toks[k].Text == "$" || toks[k].Text == "€" || toks[k].Text == "£") {
				k++
			}
			if k < len(toks) && toks[j].Lower() == "of" && partitiveDeterminers[toks[j+1].Lower()] {
				if _, ok := parseNumber(toks[k].Text); ok {
					q.partitive = true
				}
			}
		}
		if ofWhom && len(out) > 0 && q.Kind == out[len(out)-1].Kind {
			q.Whole = out[len(out)-1].Value
			if q.Noun == "" || q.Inherited || !nounStartsLike(q.Noun, out[len(out)-1].Noun) {
				q.Noun, q.Inherited = out[len(out)-1].Noun, true
			}
		}
		out = append(out, q)
		i = j - 1
	}
	for i := range out {
		if out[i].partitive && i+1 < len(out) {
			out[i].Whole = out[i+1].Value
			if out[i+1].Noun != "" {
				out[i].Noun, out[i].Inherited = out[i+1].Noun, true
			}
		}
	}
	return out
}

// partitiveDeterminers stand between "of" and a whole ("6,200 of the 14,000").
var partitiveDeterminers = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true, "our": true}

// nounStartsLike: two noun phrases share their first word.
func nounStartsLike(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return len(fa) > 0 && len(fb) > 0 && strings.EqualFold(fa[0], fb[0])
}

// indexAt is the index of the token ending at end, or -1.
func indexAt(toks []Token, end int) int {
	for k, t := range toks {
		if t.End == end {
			return k
		}
	}
	return -1
}

// FormatNumber writes v with thousands separators ("1,000", "2.5").
func FormatNumber(v float64) string {
	if v != float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatInt(int64(v), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var sb strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(r)
	}
	if neg {
		return "-" + sb.String()
	}
	return sb.String()
}

// ParseNumber reads a number written in digits ("1,000", "2.5") or words
// ("eight", "twenty-six"); ok is false otherwise.
func ParseNumber(w string) (float64, bool) { return parseNumber(w) }

// IsMonth reports whether w names a month ("May", "sept").
func IsMonth(w string) bool { _, ok := months[strings.ToLower(w)]; return ok }
