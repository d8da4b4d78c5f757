package corpus

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

var docDate = time.Date(2024, 8, 28, 0, 0, 0, 0, time.UTC)

func newTestAnnotator(t *testing.T) *Annotator {
	t.Helper()
	a, err := NewAnnotator(nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestQuantities(t *testing.T) {
	a := newTestAnnotator(t)
	tests := []struct {
		name, text string
		want       []string // "value|noun|kind", in order
	}{
		{"count and its noun", "Kenya has deployed 400 elite police officers to Haiti.", []string{"400|elite police officers|count"}},
		{"elided noun inherits", "It deployed 400 police officers, though it had promised 1,000.", []string{"400|police officers|count", "1000|police officers|count"}},
		{"number word", "The force draws on at least eight countries.", []string{"8|countries|count"}},
		{"scale and currency word", "It is funded by a 65 million euro grant.", []string{"6.5e+07|grant|money"}},
		{"currency sign", "The budget rose to $3.2 million this year.", []string{"3.2e+06||money"}},
		{"currency code before", "The season budget has been raised to EUR 715,000.", []string{"715000||money"}},
		{"percent sign and word", "Turnout was 45% and support 12 percent.", []string{"45||percent", "12||percent"}},
		{"decimal", "Prices rose 2.5 points.", []string{"2.5|points|count"}},
		{"dates are not counts", "On August 25, 2024, it paid 300 nurses.", []string{"300|nurses|count"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			an := a.Sentence(tc.text, docDate)
			var got []string
			for _, q := range an.Quantities {
				got = append(got, strings.Join([]string{fmtFloat(q.Value), q.Noun, q.Kind}, "|"))
			}
			if strings.Join(got, ";") != strings.Join(tc.want, ";") {
				t.Errorf("quantities of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func fmtFloat(v float64) string {
	s := FormatNumber(v)
	if v >= 1e6 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.ReplaceAll(s, ",", "")
}

func TestDates(t *testing.T) {
	a := newTestAnnotator(t)
	tests := []struct {
		name, text, want string // want: Format() of each date, ";"-joined
		relative         bool
	}{
		{"month day year", "Speaking on August 28, 2024, he said so.", "28 August 2024", false},
		{"day month year", "It opened on 3 March 2025.", "3 March 2025", false},
		{"iso", "Filed 2024-08-25 by the clerk.", "25 August 2024", false},
		{"partial takes the document's year", "Speaking on March 3, she thanked the crews.", "3 March 2024", true},
		{"relative months ago", "The mission launched two months ago.", "June 2024", true},
		{"earlier this year", "The crisis intensified earlier this year.", "2024", true},
		{"last week", "They arrived last week.", "21 August 2024", true},
		{"month and year", "Talks resume in May 2025.", "May 2025", false},
		{"bare month after in", "The contingent is expected in May.", "May 2024", true},
		{"a planned date after the document's is next year", "Drilling is scheduled to begin on January 15.", "15 January 2025", true},
		{"a past date long after the document's was last year", "The clinics arrived on December 3, and more are planned.", "3 December 2023", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			an := a.Sentence(tc.text, docDate)
			var got []string
			for _, d := range an.Dates {
				got = append(got, d.Format())
				if d.Relative != tc.relative {
					t.Errorf("%q relative = %v, want %v", d.Text, d.Relative, tc.relative)
				}
			}
			if strings.Join(got, ";") != tc.want {
				t.Errorf("dates of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestPeople(t *testing.T) {
	a := newTestAnnotator(t)
	tests := []struct {
		name, text, wantName, wantRole string
	}{
		{"demonym and title before", "Kenyan commander Godfrey Otunge urged other nations to help.", "Godfrey Otunge", "Kenyan commander"},
		{"appositive before", "It follows a reassurance from Kenya's acting inspector general of police, Gilbert Masengeli.", "Gilbert Masengeli", "Kenya's acting inspector general of police"},
		{"appositive after", "Dr. Amara Nwosu, a Nigerian epidemiologist, led the study.", "Amara Nwosu", "a Nigerian epidemiologist"},
		{"capitalized title", "It followed the resignation of Prime Minister Ariel Henry.", "Ariel Henry", "Prime Minister"},
		{"possessive role", "Selden's mayor, Tomas Arkwright, thanked the crews.", "Tomas Arkwright", "Selden's mayor"},
		{"relative clause", "Fatoumata Keita, who runs the trial site in Bamako, said so.", "Fatoumata Keita", "runs the trial site in Bamako"},
		{"place after a preposition is not a person", "The base is at Punta Arenas.", "", ""},
		{"organization is not a person", "The grant came from the Northern Maritime Fund.", "", ""},
		{"lake is a place", "The ferries cross Lake Varrow, the border between them.", "", ""},
		{"name ending in a plural noun is an organization", "Varrow Electric Ferries said the boats are late.", "", ""},
		{"surname that is a lemma stays a person", "Chief engineer Mary Ellen Woods said the boats are late.", "Mary Ellen Woods", "Chief engineer"},
		{"surname that is no word stays a person", "Ana Lucia Reyes, the port's director, said so.", "Ana Lucia Reyes", "the port's director"},
		{"name ending in a noun for a made thing is no person", "The Sun Life Stadium hosted the game, the league said.", "", ""},
		{"name ending in a noun for a group is no person", "Rangers of the Tessaly Wildlife Conservancy said so.", "", ""},
		{"surname that is a common noun stays a person", "Chief engineer Mary Ellen Stone said so.", "Mary Ellen Stone", "Chief engineer"},
		{"team of agents stays a name", "The New England Patriots won the game.", "New England Patriots", ""},
		{"two-word name ending in a plural stays a person", "Tomas Banks said the boats are late.", "Tomas Banks", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			an := a.Sentence(tc.text, docDate)
			if tc.wantName == "" {
				if len(an.People) != 0 {
					t.Errorf("people of %q = %+v, want none", tc.text, an.People)
				}
				return
			}
			if len(an.People) == 0 || an.People[0].Name != tc.wantName || an.People[0].Role != tc.wantRole {
				t.Errorf("people of %q = %+v, want %s (%s)", tc.text, an.People, tc.wantName, tc.wantRole)
			}
		})
	}
}

func TestPronounsAndSurnames(t *testing.T) {
	a := newTestAnnotator(t)
	doc := Document{ID: "d.md", Date: docDate, Sentences: []Sentence{
		{Text: "Kenyan commander Godfrey Otunge met the delegation."},
		{Text: "He warned gangs that operations would continue."},
		{Text: "Later, Otunge praised the crews."},
	}}
	anns := a.Document(doc)
	for i := 1; i < 3; i++ {
		if len(anns[i].People) != 1 || anns[i].People[0].Name != "Godfrey Otunge" || anns[i].People[0].Role != "Kenyan commander" {
			t.Errorf("sentence %d people = %+v, want Godfrey Otunge (Kenyan commander)", i, anns[i].People)
		}
	}
}

func TestPlacesAndAcronyms(t *testing.T) {
	a := newTestAnnotator(t)
	an := a.Sentence("Kenyan commander Godfrey Otunge, leading the Multinational Security Support Mission in Haiti (MSSM), met Canadian, Chadian and Bahamian envoys from the United States.", docDate)
	var places []string
	for _, p := range an.Places {
		places = append(places, p.Country)
	}
	if got, want := strings.Join(places, ","), "Kenya,Haiti,Canada,Chad,Bahamas,United States"; got != want {
		t.Errorf("places = %s, want %s", got, want)
	}
	if len(an.Acronyms) != 1 || an.Acronyms[0].Short != "MSSM" || an.Acronyms[0].Long != "Multinational Security Support Mission in Haiti" {
		t.Errorf("acronyms = %+v", an.Acronyms)
	}
	an = a.Sentence("The Coastal Recovery Assistance Force (CRAF) began work; the U.N. (UN) watched.", docDate)
	if len(an.Acronyms) == 0 || an.Acronyms[0].Long != "Coastal Recovery Assistance Force" {
		t.Errorf("acronyms = %+v", an.Acronyms)
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"It cost $1,000.50 in the U.N. budget.", "It|cost|$|1,000.50|in|the|U.N.|budget|."},
		{"Kenya’s 2,500-strong force", "Kenya’s|2,500-strong|force"},
		{"Moïse, 40%", "Moïse|,|40|%"},
	}
	for _, tc := range tests {
		var got []string
		for _, tk := range Tokenize(tc.in) {
			got = append(got, tk.Text)
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}
