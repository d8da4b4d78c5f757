package corpus

import (
	"reflect"
	"testing"
)

func TestMarkdownSegments(t *testing.T) {
	type unit struct{ Text, Section string }
	cases := []struct {
		name string
		body string
		want []unit
	}{
		{"sections", "# Report\n\n## Security\n\nGangs hold the port.\n\n### Police\n\nKenya sent 400 officers.\n\n## Funding\n\nThe fund holds $70 million.\n",
			[]unit{{"Report", ""}, {"Security", "Security"}, {"Gangs hold the port.", "Security"}, {"Police", "Security › Police"},
				{"Kenya sent 400 officers.", "Security › Police"}, {"Funding", "Funding"}, {"The fund holds $70 million.", "Funding"}}},
		{"short list under its lead-in", "The following governments fund the initiative:\n\n- Sweden\n- Norway\n- Canada\n",
			[]unit{{"The following governments fund the initiative: Sweden, Norway and Canada.", ""}}},
		{"long items are units of their own", "Two boreholes were drilled:\n\n1. The first one, in the north, reached water at 40 metres.\n2. The second one failed.\n",
			[]unit{{"Two boreholes were drilled:", ""}, {"The first one, in the north, reached water at 40 metres.", "lead: Two boreholes were drilled:"},
				{"The second one failed.", "lead: Two boreholes were drilled:"}}},
		{"long items carry the lead-in", "Donors pledged support:\n\n- Sweden pledged funds for the police training academy in the capital.\n- Norway sent advisers.\n",
			[]unit{{"Donors pledged support:", ""}, {"Sweden pledged funds for the police training academy in the capital.", "lead: Donors pledged support:"},
				{"Norway sent advisers.", "lead: Donors pledged support:"}}},
		{"label-value bullets", "- Police officers deployed: 1,240\n- Military staff officers: 151\n",
			[]unit{{"Police officers deployed: 1,240", ""}, {"Military staff officers: 151", ""}}},
		{"table rows name their headers", "| Component | Authorized | Deployed |\n|---|---|---|\n| Military staff officers | 180 | 151 |\n| Police | 2,500 | 1,240 |\n",
			[]unit{{"Military staff officers: authorized 180, deployed 151.", ""}, {"Police: authorized 2,500, deployed 1,240.", ""}}},
		{"inline markup read as shown", "The *mission* is led by [Godfrey Otunge](https://example.org/o)[^1] and uses `radios`.\n\n[^1]: A Kenyan police commander.\n",
			[]unit{{"The mission is led by Godfrey Otunge and uses radios.", ""}, {"A Kenyan police commander.", ""}}},
		{"code and html are no text", "Text one.\n\n```\ncode here.\n```\n\n<div>raw</div>\n\nText two.\n",
			[]unit{{"Text one.", ""}, {"Text two.", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []unit
			for _, s := range markdownSegments(c.body) {
				u := unit{s.text, s.section}
				if s.lead != "" {
					u.Section += "lead: " + s.lead
				}
				got = append(got, u)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestParseMarkdownSections(t *testing.T) {
	doc, err := Parse("r.md", []byte("---\ntitle: R\n---\n## Budget\n\nThe fund holds $70 million.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 2 || doc.Sentences[1].Section != "Budget" {
		t.Fatalf("sentences %+v, want the second under section Budget", doc.Sentences)
	}
	txt, err := Parse("r.txt", []byte("## Budget\n\nThe fund holds $70 million.\n"))
	if err != nil || len(txt.Sentences) != 2 || txt.Sentences[1].Section != "" {
		t.Fatalf(".txt is read as plain text: %+v %v", txt.Sentences, err)
	}
}
