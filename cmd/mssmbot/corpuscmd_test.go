package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCorpusList(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: Report A\ndate: 2025-07-15\n---\n## Budget\n\nThe fund holds $70 million.\n")
	writeFile(t, filepath.Join(dir, "b.txt"), "A note without a date.\n")
	code, out, errOut := runCLI(t, "corpus", "list", "--corpus", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"a.md\tReport A\t2025-07-15\tmarkdown\t2 units", "b.txt\tb\t-\ttext\t1 units", "warning: no date"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "corpus", "list", "--json", "--corpus", dir)
	var first docInfo
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); code != 0 || err != nil || first.File != "a.md" || first.Units != 2 || first.Format != "markdown" {
		t.Errorf("list --json: exit %d, %+v, %v", code, first, err)
	}
}

func TestCorpusCheck(t *testing.T) {
	good := t.TempDir()
	writeFile(t, filepath.Join(good, "a.md"), "Kenya sent 400 officers.\n")
	bad := t.TempDir()
	writeFile(t, filepath.Join(bad, "a.md"), "Fine.\n")
	writeFile(t, filepath.Join(bad, "b.md"), "---\ntitle: [x\n---\nText.\n")
	writeFile(t, filepath.Join(bad, "c.pdf"), "%PDF-1.4\nbroken")
	tests := []struct {
		name   string
		dir    string
		code   int
		stdout string
		stderr string
	}{
		{"good", good, 0, "ok: 1 documents, 1 units", ""},
		{"bad file named with its line", bad, 2, "", "b.md:3: front matter is not valid YAML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "corpus", "check", "--corpus", tc.dir)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errOut, tc.code, tc.stdout, tc.stderr)
			}
			if tc.code != 0 && strings.Contains(errOut, "c.pdf") {
				t.Errorf("check names more than the first bad file: %s", errOut)
			}
		})
	}
}

func TestCorpusAdd(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/kenya-deploys.txt":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("Kenya deployed 400 officers.\n"))
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<html><head><title>Kenya deploys | Gazette</title><meta property="og:site_name" content="Gazette">
<meta property="article:published_time" content="2024-06-25T10:00:00Z"></head><body><nav>Home</nav><article>
<h1>Kenya deploys</h1><h2>Police</h2><p>Kenya deployed 400 officers to *Haiti*.</p><p>- not a list</p></article></body></html>`))
		case "/image.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		case "/huge.txt":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte(strings.Repeat("word ", maxFetch/5+10)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	src := filepath.Join(t.TempDir(), "note.md")
	writeFile(t, src, "Chile sent 12 officers.\n")
	tests := []struct {
		name, arg string
		code      int
		file      string // added, under the corpus folder
		stderr    string
	}{
		{"a file is copied", src, 0, "note.md", ""},
		{"a page is fetched with its source", srv.URL + "/news/kenya-deploys.txt", 0, "kenya-deploys.txt", ""},
		{"a page becomes markdown with front matter", srv.URL + "/story", 0, "story.md", ""},
		{"a second copy is refused", src, 2, "", "already exists"},
		{"wrong content type", srv.URL + "/image.png", 2, "", `content type "image/png"`},
		{"too large", srv.URL + "/huge.txt", 2, "", "larger than 20 MB"},
		{"not found", srv.URL + "/missing.txt", 2, "", "404"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "corpus", "add", tc.arg, "--corpus", dir)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, errOut, tc.code, tc.stderr)
			}
			if tc.file == "" {
				return
			}
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(tc.arg, "http") && !strings.Contains(string(data), "source: \""+srv.URL) {
				t.Errorf("fetched file lacks its source: %q", data)
			}
			if tc.file == "story.md" {
				for _, want := range []string{"title: \"Kenya deploys\"", "date: 2024-06-25", "\n## Police\n", "to \\*Haiti\\*.", "\\- not a list"} {
					if !strings.Contains(string(data), want) {
						t.Errorf("story.md lacks %q:\n%s", want, data)
					}
				}
			}
		})
	}
	code, out, _ := runCLI(t, "corpus", "list", "--corpus", dir)
	if code != 0 || !strings.Contains(out, "kenya-deploys.txt") || !strings.Contains(out, "note.md") {
		t.Errorf("the added files do not load: %s", out)
	}
}

// TestAskFormats: questions answered by a table row, a list under its
// lead-in, a label-value bullet and a PDF page, through `ask --json`, with
// the source's section and page.
func TestAskFormats(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "report.md"), "---\ntitle: Mission report\ndate: 2025-07-15\n---\n# Mission report\n\n## Personnel\n\n"+
		"| Component | Authorized | Deployed |\n|---|---|---|\n| Military staff officers | 180 | 151 |\n| Police officers | 2,500 | 1,240 |\n\n"+
		"## Funding\n\nThe following governments fund the initiative:\n\n- Sweden\n- Norway\n- Canada\n\n"+
		"## Water\n\n- Boreholes drilled: 14\n- Wells repaired: 9\n\n## Latrines\n\nThe project built 36 of them in the camps by June.\n\n"+
		"## Schools\n\nThe ministry said these schools would reopen in September:\n\n- Lycée Toussaint, in the north of the city, after its roof is repaired.\n- Collège Saint-Pierre, once the police have left the building.\n")
	writeFile(t, filepath.Join(dir, "clinic.html"), `<html><head><title>Clinic news | Site</title>
<meta property="og:site_name" content="Site"><meta property="article:published_time" content="2025-05-02"></head>
<body><nav>Home</nav><article><h1>Clinic news</h1><h2>Staff</h2>
<table><tr><th>Role</th><th>Trained</th></tr><tr><td>Midwives</td><td>64</td></tr></table>
<h2>Vaccines</h2><p>The following vaccines are offered at the clinic:</p><ul><li>measles</li><li>cholera</li></ul>
<h2>Beds</h2><ul><li>Maternity beds added: 22</li><li>Cots added: 8</li></ul></article></body></html>`)
	study, err := os.ReadFile("../../corpus/pdf/testdata/flood-study.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "flood-study.pdf"), study, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, q, want, section string
		page                   int
	}{
		{"table row", "What is the authorized number of military staff officers?", "180", "Personnel", 0},
		{"list items with their lead-in", "Which governments fund the initiative?", "Norway", "Funding", 0},
		{"label-value bullet", "How many boreholes were drilled?", "14", "Water", 0},
		{"section heading", "How many latrines did the project build?", "36", "Latrines", 0},
		{"HTML table row", "How many midwives were trained?", "64", "Staff", 0},
		{"item of a long list, through its lead-in", "Which schools will reopen in September?", "Lycée Toussaint|Collège Saint-Pierre", "Schools", 0},
		{"HTML list items with their lead-in", "Which vaccines are offered at the clinic?", "measles", "Vaccines", 0},
		{"HTML label-value bullet", "How many maternity beds were added?", "22", "Beds", 0},
		{"PDF section", "What did the office staff discuss?", "reconstruction", "2 Aftermath", 1},
		{"PDF page", "Which budget did the council approve?", "flood-defence budget", "2 Aftermath", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "ask", "--json", "--corpus", dir, tc.q)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var a struct {
				Answered bool   `json:"answered"`
				Answer   string `json:"answer"`
				Sources  []struct {
					Section string `json:"section"`
					Page    int    `json:"page"`
				} `json:"sources"`
			}
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			found := false
			for _, w := range strings.Split(tc.want, "|") {
				found = found || strings.Contains(a.Answer, w)
			}
			if !a.Answered || !found || len(a.Sources) == 0 {
				t.Fatalf("got %s, want an answer with %q", out, tc.want)
			}
			if a.Sources[0].Section != tc.section || a.Sources[0].Page != tc.page {
				t.Errorf("source section %q page %d, want %q %d", a.Sources[0].Section, a.Sources[0].Page, tc.section, tc.page)
			}
		})
	}
}
