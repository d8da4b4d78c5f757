package corpus

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"mssmbot/corpus/lexicon"
)

// Annotations are what the annotator found in one sentence.
type Annotations struct {
	Quantities []Quantity    `json:",omitempty"`
	Dates      []DateMention `json:",omitempty"`
	People     []Person      `json:",omitempty"`
	Places     []Place       `json:",omitempty"`
	Acronyms   []Acronym     `json:",omitempty"`
}

// Person is a person named in a sentence, with the role the text gives them.
type Person struct {
	Name string // full name as first written in the document: "Godfrey Otunge"
	Role string // "Kenyan commander", "Kenya's acting inspector general of police"; may be empty
	// Start and End are the byte offsets of the mention; both are -1 when the
	// sentence refers to the person by a pronoun ("He warned ...").
	Start, End int
}

// Acronym is an acronym defined in a sentence: "Long Form (LF)".
type Acronym struct {
	Short, Long string
}

// Annotator annotates the sentences of documents. It is safe for concurrent use.
type Annotator struct {
	gaz *Gazetteer
	lex *lexicon.Lexicon
}

// NewAnnotator returns an annotator using the embedded country gazetteer
// and lex, which tells a plural common noun from a surname; nil loads the
// embedded WordNet table.
func NewAnnotator(lex *lexicon.Lexicon) (*Annotator, error) {
	g, err := NewGazetteer()
	if err != nil {
		return nil, err
	}
	if lex == nil {
		if lex, err = lexicon.Load(); err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
	}
	return &Annotator{gaz: g, lex: lex}, nil
}

// Gazetteer returns the annotator's country list.
func (a *Annotator) Gazetteer() *Gazetteer { return a.gaz }

// Lexicon returns the WordNet table the annotator reads.
func (a *Annotator) Lexicon() *lexicon.Lexicon { return a.lex }

// Document annotates every sentence of doc, in order. People mentioned by
// surname or pronoun are resolved to the people named earlier in the document.
func (a *Annotator) Document(doc Document) []Annotations {
	out := make([]Annotations, len(doc.Sentences))
	var known []Person // everyone named so far, latest last
	for i, s := range doc.Sentences {
		out[i] = a.sentence(s.Text, doc.Date, &known)
	}
	return out
}

// Sentence annotates one sentence on its own.
func (a *Annotator) Sentence(text string, docDate time.Time) Annotations {
	var known []Person
	return a.sentence(text, docDate, &known)
}

func (a *Annotator) sentence(text string, docDate time.Time, known *[]Person) Annotations {
	toks := Tokenize(text)
	used := make([]bool, len(toks))
	var an Annotations
	an.Dates = findDates(text, toks, docDate, used)
	an.Places = a.gaz.Find(toks, true)
	an.Acronyms = findAcronyms(toks)
	an.People = a.findPeople(text, toks, an, known)
	an.Quantities = findQuantities(text, toks, used)
	return an
}

// titleWords are general English titles and ranks that precede a name.
var titleWords = map[string]bool{
	"president": true, "prime": true, "minister": true, "mayor": true, "dr": true, "dr.": true, "mr": true,
	"mr.": true, "mrs": true, "mrs.": true, "ms": true, "ms.": true, "prof": true, "prof.": true, "professor": true,
	"general": true, "gen.": true, "commander": true, "admiral": true, "rear": true, "vice": true, "secretary": true,
	"director": true, "chief": true, "governor": true, "senator": true, "ambassador": true, "king": true,
	"queen": true, "prince": true, "princess": true, "pope": true, "captain": true, "capt.": true, "colonel": true,
	"col.": true, "lieutenant": true, "lt.": true, "major": true, "sergeant": true, "inspector": true,
	"commissioner": true, "chancellor": true, "judge": true, "justice": true, "sir": true, "dame": true,
	"rev.": true, "reverend": true, "father": true, "sister": true, "bishop": true, "cardinal": true,
	"representative": true, "rep.": true, "sen.": true, "gov.": true, "former": true, "acting": true,
	"deputy": true, "foreign": true, "defense": true, "defence": true, "interior": true, "police": true,
	"chairman": true, "chairwoman": true, "chair": true, "ceo": true, "spokesperson": true, "spokesman": true,
	"spokeswoman": true, "officer": true, "head": true, "leader": true, "envoy": true, "special": true,
}

// orgWords mark a capitalized phrase as an organization or a place, not a person.
var orgWords = map[string]bool{
	"mission": true, "force": true, "forces": true, "fund": true, "foundation": true, "trust": true, "society": true,
	"partnership": true, "initiative": true, "consortium": true, "federation": true,
	"charity": true, "centre": true, "center": true, "hospital": true, "school": true, "college": true, "authority": true,
	"board": true, "alliance": true, "coalition": true, "network": true, "council's": true, "airport": true, "station": true, "bank": true, "council": true, "union": true,
	"nations": true, "organization": true, "organisation": true, "agency": true, "ministry": true, "department": true,
	"office": true, "party": true, "government": true, "assembly": true, "court": true, "university": true,
	"institute": true, "company": true, "corporation": true, "group": true, "association": true, "committee": true,
	"commission": true, "service": true, "services": true, "police": true, "army": true, "navy": true,
	"republic": true, "kingdom": true, "states": true, "city": true, "port": true, "street": true, "river": true,
	"sea": true, "ocean": true, "island": true, "islands": true, "lake": true, "lakes": true, "mount": true,
	"mountain": true, "mountains": true, "bay": true, "gulf": true, "cape": true, "valley": true, "strait": true,
	"peninsula": true, "desert": true, "forest": true, "canal": true, "harbour": true, "harbor": true, "county": true, "province": true, "state": true,
	"support": true, "security": true, "assistance": true, "recovery": true, "relief": true, "program": true,
	"programme": true, "project": true, "operation": true, "plan": true, "act": true, "treaty": true,
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "other": true, "in": true,
	"on": true, "at": true, "of": true, "speaking": true, "currently": true, "however": true, "meanwhile": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "north": true, "south": true, "east": true, "west": true, "northern": true, "southern": true,
	"eastern": true, "western": true, "central": true, "maritime": true, "coastal": true, "international": true,
	"national": true, "federal": true, "storm": true, "hurricane": true, "he": true, "she": true, "they": true,
	"it": true, "his": true, "her": true, "their": true, "its": true, "we": true, "i": true,
}

// findPeople finds names: runs of two or more capitalized words that are not a
// country, a month, an organization or a title; a title before the name and an
// appositive around it ("X's chief, NAME," / "NAME, a Nigerian epidemiologist,")
// give the role. A surname alone or a sentence-opening pronoun resolves to a
// person named earlier in the document.
func (a *Annotator) findPeople(text string, toks []Token, an Annotations, known *[]Person) []Person {
	inPlace := func(t Token) bool {
		for _, p := range an.Places {
			if t.Start >= p.Start && t.End <= p.End {
				return true
			}
		}
		return false
	}
	nameWord := func(k int) bool {
		t := toks[k]
		if !t.IsWord() || !t.Capitalized() || inPlace(t) {
			return false
		}
		l := strings.TrimSuffix(t.Lower(), "'s")
		if _, isMonth := months[strings.TrimSuffix(l, ".")]; isMonth {
			return false
		}
		if titleWords[l] || orgWords[l] || IsAllCaps(t.Text) {
			return false
		}
		return true
	}
	var people []Person
	for i := 0; i < len(toks); i++ {
		if !nameWord(i) {
			continue
		}
		j := i
		for j+1 < len(toks) && nameWord(j+1) && !strings.HasSuffix(toks[j].Lower(), "'s") {
			j++
		}
		// A run followed by an organization word is part of an organization's name,
		// and so is one after "of" in a capitalized name ("University of Alto Tietê").
		// An organization: its name is followed by an acronym ("... Partnership (RLCP)")
		// or ends with an organization word.
		if j+3 < len(toks) && toks[j+1].Text == "(" && IsAllCaps(toks[j+2].Text) && toks[j+3].Text == ")" ||
			orgWords[strings.TrimSuffix(toks[j].Lower(), "'s")] ||
			j+1 < len(toks) && toks[j+1].Capitalized() && orgWords[toks[j+1].Lower()] ||
			i >= 2 && (toks[i-1].Lower() == "of" || toks[i-1].Lower() == "de") && toks[i-2].Capitalized() ||
			i >= 1 && placePrepositions[toks[i-1].Lower()] ||
			j-i >= 2 && (a.thingsPlural(toks[j].Text) || a.thingsName(toks[j-1].Text, toks[j].Text)) {
			i = j
			continue
		}
		if j == i {
			// A single capitalized word: a surname (or first name) of someone known.
			w := strings.TrimSuffix(strings.TrimSuffix(toks[i].Text, "'s"), "’s")
			for k := len(*known) - 1; k >= 0; k-- {
				parts := strings.Fields((*known)[k].Name)
				if len(parts) > 1 && (parts[len(parts)-1] == w || parts[0] == w) {
					people = append(people, Person{Name: (*known)[k].Name, Role: (*known)[k].Role, Start: toks[i].Start, End: toks[i].End})
					break
				}
			}
			continue
		}
		name := strings.TrimSuffix(strings.TrimSuffix(text[toks[i].Start:toks[j].End], "'s"), "’s")
		p := Person{Name: name, Start: toks[i].Start, End: toks[j].End, Role: roleOf(text, toks, i, j)}
		for _, k := range *known {
			if k.Name == name && p.Role == "" {
				p.Role = k.Role
			}
		}
		people = append(people, p)
		i = j
	}
	// A sentence that opens with a pronoun is about the last person named.
	if len(people) == 0 && len(toks) > 0 && len(*known) > 0 {
		switch toks[0].Lower() {
		case "he", "she", "his", "her":
			last := (*known)[len(*known)-1]
			people = append(people, Person{Name: last.Name, Role: last.Role, Start: -1, End: -1})
		}
	}
	for _, p := range people {
		if p.Start >= 0 {
			*known = append(*known, p)
		}
	}
	return people
}

// thingsPlural reports whether w is the plural of a common noun for things,
// not agents, and not a lemma itself: a name of three words or more that
// ends in one is an organization's ("Varrow Electric Ferries", "Northgate
// Air Charters"). Surnames that are nouns are WordNet lemmas of their own
// ("Woods", "Banks", "Adams") or no word at all ("Reyes"); a name that ends
// in people or animals ("New England Patriots", "Denver Broncos") names
// agents, who answer "who" as a person does, and stays one.
func (a *Annotator) thingsPlural(w string) bool {
	l := strings.ToLower(w)
	if len(l) < 4 || !strings.HasSuffix(l, "s") || strings.HasSuffix(l, "'s") || a.lex.Has(l) {
		return false
	}
	b := a.lex.Base(l)
	if b == l || !a.lex.IsNoun(b) {
		return false
	}
	c := a.lex.Class(b)
	return c != "person" && c != "animal"
}

// thingsName reports whether a name ends in two common words the last of
// which is, by its first WordNet sense, a noun for a group, place or made
// thing ("Sun Life Stadium", "Tessaly Wildlife Conservancy"): a person's
// name does not. ("Game Reserve" and "Ranger Unit" escape it: the first
// senses of "reserve" and "unit" are an attribute and a quantity.)
func (a *Annotator) thingsName(prev, last string) bool {
	p, l := strings.ToLower(prev), strings.ToLower(last)
	if !a.lex.Has(p) || !a.lex.IsNoun(l) {
		return false
	}
	switch a.lex.Class(l) {
	case "group", "location", "artifact", "object":
		return true
	}
	return false
}

// IsOrgWord reports whether w (any case) marks a capitalized phrase as an
// organization or a place rather than a person ("Foundation", "Fund").
func IsOrgWord(w string) bool {
	w = strings.ToLower(w)
	return orgWords[w] && w != "the" && w != "a" && w != "an" && len(w) > 3
}

// placePrepositions precede places, not people ("the base at Punta Arenas").
var placePrepositions = map[string]bool{"at": true, "in": true, "near": true, "into": true, "across": true, "from": true, "outside": true, "inside": true}

// roleStop ends a role phrase read backwards from a name.
var roleStop = map[string]bool{
	"the": true, "a": true, "an": true, "by": true, "from": true, "to": true, "with": true, "and": true,
	"or": true, "for": true, "under": true, "that": true, "as": true, "on": true, "at": true, "in": true,
	"whose": true, "who": true, "said": true, "says": true, "told": true, "when": true, "after": true,
	"while": true, "including": true, "between": true, "also": true, "but": true,
}

// roleOf reads the role around the name toks[i..j].
func roleOf(text string, toks []Token, i, j int) string {
	// "NAME, a Nigerian epidemiologist," / "NAME, the mayor of X,"
	if j+2 < len(toks) && toks[j+1].Text == "," {
		if art := toks[j+2].Lower(); art == "a" || art == "an" || art == "the" {
			k := j + 3
			for k < len(toks) && toks[k].Text != "," && toks[k].Text != "." && toks[k].Text != ";" && toks[k].Lower() != "who" {
				k++
			}
			if k > j+3 && k-j < 16 {
				return text[toks[j+2].Start:toks[k-1].End]
			}
		}
	}
	// Titles and modifiers right before the name: "Kenyan commander NAME".
	k := i - 1
	for k >= 0 && toks[k].IsWord() && !roleStop[toks[k].Lower()] && i-k <= 5 {
		l := toks[k].Lower()
		if l == "of" {
			break
		}
		if (strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "ing")) && !titleWords[l] {
			break
		}
		if _, num := parseNumber(l); num {
			break
		}
		k--
	}
	if k+1 < i {
		return strings.TrimSpace(text[toks[k+1].Start:toks[i-1].End])
	}
	// "X's acting chief of police, NAME": an appositive before the name.
	if i >= 2 && toks[i-1].Text == "," {
		k := i - 2
		for k >= 0 && toks[k].IsWord() && (!roleStop[toks[k].Lower()] || k > 0 && toks[k-1].Lower() == "of") && i-k <= 9 {
			if _, num := parseNumber(toks[k].Text); num {
				return ""
			}
			k--
		}
		if k+1 <= i-2 {
			role := text[toks[k+1].Start:toks[i-2].End]
			if hasLower(role) {
				return role
			}
		}
	}
	// Else a relative clause: "NAME, who runs the trial site in Bamako,"
	if j+3 < len(toks) && toks[j+1].Text == "," && toks[j+2].Lower() == "who" {
		k := j + 3
		for k < len(toks) && toks[k].Text != "," && toks[k].Text != "." && toks[k].Text != ";" {
			k++
		}
		if verb := toks[j+3].Lower(); k > j+4 && k-j < 16 && verb != "said" && verb != "says" && verb != "told" {
			return text[toks[j+3].Start:toks[k-1].End]
		}
	}
	return ""
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// IsAllCaps reports whether s has two capitals or more and no lower-case
// letter: an acronym ("MSSM", "U.N.").
func IsAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

func initialsOf(words []string) string {
	var sb strings.Builder
	for _, w := range words {
		if w != "" {
			sb.WriteString(strings.ToUpper(w[:1]))
		}
	}
	return sb.String()
}

// acronymSkip are lower-case words an expansion may contain without an initial.
var acronymSkip = map[string]bool{"of": true, "in": true, "for": true, "and": true, "the": true, "on": true, "to": true, "de": true, "&": true}

// findAcronyms finds "Long Form Words (LFW)": the capitalized words before the
// parenthesis whose initials spell the acronym (extra trailing words such as
// "in Haiti" stay in the expansion).
func findAcronyms(toks []Token) []Acronym {
	var out []Acronym
	for i := 1; i+2 < len(toks); i++ {
		if toks[i].Text != "(" || toks[i+2].Text != ")" || !IsAllCaps(toks[i+1].Text) {
			continue
		}
		short := strings.ReplaceAll(toks[i+1].Text, ".", "")
		if len(short) < 2 || len(short) > 10 {
			continue
		}
		// Try each start word going back; keep the first whose initials begin with the acronym.
		for start := i - 1; start >= 0 && i-start <= len(short)+4; start-- {
			if !toks[start].Capitalized() || !strings.HasPrefix(strings.ToUpper(toks[start].Text), short[:1]) {
				continue
			}
			var initials strings.Builder
			ok := true
			for _, t := range toks[start:i] {
				switch {
				case acronymSkip[t.Lower()]:
				case t.Capitalized():
					// "Inter-Parliamentary" gives I or IP.
					parts := strings.Split(t.Text, "-")
					if len(parts) > 1 && len(initials.String()) < len(short) && strings.HasPrefix(short[len(initials.String()):], initialsOf(parts)) {
						initials.WriteString(initialsOf(parts))
					} else {
						initials.WriteString(strings.ToUpper(t.Text[:1]))
					}
				default:
					ok = false
				}
			}
			if ok && strings.HasPrefix(initials.String(), short) {
				out = append(out, Acronym{Short: short, Long: joinTokens(toks[start:i])})
				break
			}
		}
	}
	return out
}
