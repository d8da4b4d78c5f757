package corpus

import (
	"reflect"
	"strings"
	"testing"
)

const newsPage = `<!doctype html><html><head>
<title>Relief force expands | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2025-04-11T08:00:00Z">
<style>body{color:red}</style><script>alert(1)</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie-banner">We use cookies. Accept?</div>
<article>
<h1>Relief force expands</h1>
<p>The shipping channel into Selden <em>reopened</em> on April 9, 2025, <a href="/x">officials said</a>.<sup><a href="#f1">1</a></sup></p>
<h2>Funding</h2>
<p>The following governments fund the initiative:</p>
<ul><li>Sweden</li><li>Norway</li><li>Canada</li></ul>
<h2>Personnel</h2>
<table><thead><tr><th>Component</th><th>Authorized</th><th>Deployed</th></tr></thead>
<tbody><tr><td>Military staff officers</td><td>180</td><td>151</td></tr><tr><td>Police</td><td>2,500</td></tr></tbody></table>
<p>A document may mention &lt;script&gt; as text.</p>
<div class="share-buttons">Share on social media</div>
</article>
<footer>Copyright Harbour Gazette</footer>
</body></html>`

func TestParseHTML(t *testing.T) {
	doc, err := Parse("news/relief.html", []byte(newsPage))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Relief force expands" || DateString(doc.Date) != "2025-04-11" || doc.Format != "html" {
		t.Errorf("title %q date %q format %q", doc.Title, DateString(doc.Date), doc.Format)
	}
	type unit struct{ Text, Section string }
	var got []unit
	for _, s := range doc.Sentences {
		got = append(got, unit{s.Text, s.Section})
	}
	want := []unit{
		{"Relief force expands", ""},
		{"The shipping channel into Selden reopened on April 9, 2025, officials said.", ""},
		{"Funding", "Funding"},
		{"The following governments fund the initiative: Sweden, Norway and Canada.", "Funding"},
		{"Personnel", "Personnel"},
		{"Military staff officers: authorized 180, deployed 151.", "Personnel"},
		{"Police: authorized 2,500.", "Personnel"},
		{"A document may mention <script> as text.", "Personnel"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestParseHTMLMeta(t *testing.T) {
	cases := []struct {
		name, page, title, date string
	}{
		{"og:title wins", `<html><head><title>T | S</title><meta property="og:title" content="Real title"></head><body><p>Kenya sent 400 officers.</p></body></html>`, "Real title", ""},
		{"time datetime", `<html><head><title>Page</title></head><body><main><time datetime="2024-08-28">Aug 28</time><p>Kenya sent 400 officers.</p></main></body></html>`, "Page", "2024-08-28"},
		{"no article: the body without its furniture", `<html><body><div id="sidebar">Popular stories</div><p>Kenya sent 400 officers.</p></body></html>`, "x", ""},
		{"latin-1", "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><p>The caf\xe9 reopened.</p></body></html>", "Café", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Parse("x.html", []byte(c.page))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != c.title || DateString(doc.Date) != c.date {
				t.Errorf("title %q date %q, want %q %q", doc.Title, DateString(doc.Date), c.title, c.date)
			}
			for _, s := range doc.Sentences {
				if strings.Contains(s.Text, "Popular") {
					t.Errorf("sidebar read as text: %q", s.Text)
				}
			}
		})
	}
}

func TestParseHTMLNoText(t *testing.T) {
	_, err := Parse("empty.html", []byte(`<html><body><nav>Home</nav><script>x()</script></body></html>`))
	if err == nil || !strings.Contains(err.Error(), "empty.html") || !strings.Contains(err.Error(), "no main text") {
		t.Fatalf("got %v, want an error naming empty.html", err)
	}
}
