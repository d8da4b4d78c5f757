package corpus

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// countriesJSON lists every country with its names and English demonyms. It is
// generated from the world-countries package (mledoze/countries, ODbL 1.0):
// name.common, name.official, altSpellings longer than 3 letters, demonyms.eng, capital,
// and as adjectives the languages that are named after one country alone
// ("Icelandic": the demonym there is the noun "Icelander").
//
//go:embed countries.json
var countriesJSON []byte

// Country is one entry of the gazetteer.
type Country struct {
	Name      string   `json:"name"`
	Names     []string `json:"names"`
	Demonyms  []string `json:"demonyms"`
	Capitals  []string `json:"capitals"`
	Region    string   `json:"region"`
	Subregion string   `json:"subregion"`
}

// Gazetteer finds countries by name or demonym ("Kenyan" -> Kenya).
type Gazetteer struct {
	// byPhrase maps a lower-case name or demonym (possibly several words) to its country.
	byPhrase map[string]*Country
	// byCapital maps a lower-case capital city to its country.
	byCapital map[string]*Country
	// longest is, per first word, the most words of a name starting with it.
	longest   map[string]int
	maxWords  int
	countries []Country
}

// NewGazetteer loads the embedded country list.
func NewGazetteer() (*Gazetteer, error) {
	g := &Gazetteer{byPhrase: map[string]*Country{}, byCapital: map[string]*Country{}, longest: map[string]int{}}
	if err := json.Unmarshal(countriesJSON, &g.countries); err != nil {
		return nil, fmt.Errorf("corpus: countries.json: %w", err)
	}
	for i := range g.countries {
		c := &g.countries[i]
		names := append([]string{}, c.Names...)
		// "Republic of Turkey" names Turkey too.
		for _, n := range c.Names {
			for _, p := range []string{"Republic of ", "Kingdom of ", "State of ", "Commonwealth of "} {
				if rest, ok := strings.CutPrefix(n, p); ok && !strings.Contains(rest, " of ") {
					names = append(names, rest)
				}
			}
		}
		for _, cp := range c.Capitals {
			g.byCapital[strings.ToLower(cp)] = c
		}
		for _, p := range append(names, c.Demonyms...) {
			key := strings.ToLower(p)
			if _, taken := g.byPhrase[key]; taken {
				continue
			}
			// "The Bahamas", "the Gambia": the article is optional.
			for _, k := range []string{key, strings.TrimPrefix(key, "the ")} {
				g.byPhrase[k] = c
				f := strings.Fields(k)
				if len(f) > g.longest[f[0]] {
					g.longest[f[0]] = len(f)
				}
				if len(f) > g.maxWords {
					g.maxWords = len(f)
				}
			}
		}
	}
	return g, nil
}

// Lookup returns the country a phrase names, or nil.
func (g *Gazetteer) Lookup(phrase string) *Country {
	return g.byPhrase[strings.ToLower(strings.ReplaceAll(phrase, "’", "'"))]
}

// CapitalOf returns the country whose capital is named, or nil ("Nairobi" ->
// Kenya). Questions use it ("did Nairobi commit"); sentences don't, where a
// city is a place of its own.
func (g *Gazetteer) CapitalOf(name string) *Country {
	return g.byCapital[strings.ToLower(name)]
}

// Place is a country found in a sentence.
type Place struct {
	Country    string // canonical name, e.g. "Kenya"
	Text       string // as written, e.g. "Kenyan"
	Demonym    bool
	Start, End int
}

// Find returns the countries named in tokens. With caseSensitive, only
// capitalized words count (running text); questions are matched in any case.
func (g *Gazetteer) Find(toks []Token, caseSensitive bool) []Place {
	var out []Place
	for i := 0; i < len(toks); i++ {
		if !toks[i].IsWord() || (caseSensitive && !toks[i].Capitalized()) {
			continue
		}
		first := possessiveBase(toks[i].Lower())
		longest := g.longest[first]
		if longest == 0 {
			continue // no country name starts with this word
		}
		for n := min(longest, len(toks)-i); n >= 1; n-- {
			words := make([]string, 0, n)
			words = append(words, first)
			for _, t := range toks[i+1 : i+n] {
				words = append(words, possessiveBase(t.Lower()))
			}
			c := g.byPhrase[strings.Join(words, " ")]
			if c == nil || (n == 1 && len(words[0]) < 3) {
				continue
			}
			end := toks[i+n-1].End
			isDem := false
			for _, d := range c.Demonyms {
				if strings.EqualFold(d, words[0]) {
					isDem = true
				}
			}
			out = append(out, Place{Country: c.Name, Text: toks[i].Text[:0] + joinTokens(toks[i:i+n]), Demonym: isDem, Start: toks[i].Start, End: end})
			i += n - 1
			break
		}
	}
	return out
}

// possessiveBase strips a trailing possessive ('s or ').
func possessiveBase(w string) string {
	w = strings.TrimSuffix(w, "'s")
	return strings.TrimSuffix(w, "'")
}

func joinTokens(toks []Token) string {
	var sb strings.Builder
	for i, t := range toks {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t.Text)
	}
	return sb.String()
}
