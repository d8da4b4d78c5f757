package htmldoc

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

const newsPage = `<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Storm hits the coast | Daily Planet</title>
<meta property="og:title" content="Storm hits the coast">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-03-05T08:30:00+01:00">
<script>var tracking = "alert(1)";</script>
<style>.x { color: red }</style>
</head><body>
<div id="cookie-banner">We use cookies. Accept?</div>
<header class="site-header"><a href="/">Daily Planet</a>
  <nav><ul><li>Home</li><li>World</li></ul></nav></header>
<div class="main-menu"><a href="/sport">Sport</a></div>
<ol class="breadcrumb"><li>Home</li><li>News</li></ol>
<article class="post">
  <header><h1>Storm hits the coast</h1><time datetime="2024-03-06">6 March</time></header>
  <div class="share-buttons"><a>Share on X</a></div>
  <p>The storm arrived <em>early</em> on Tuesday.<sup><a href="#fn1">1</a></sup></p>
  <h2>Damage</h2>
  <p>Roofs were lost.<br>Roads closed.</p>
  <aside>Read also: other storms</aside>
  <div class="related-links"><a>Older storm</a></div>
</article>
<section id="comments"><p>First!</p></section>
<aside class="sidebar">Popular now</aside>
<footer>© Daily Planet</footer>
<script>alert(1)</script>
</body></html>`

func TestExtract(t *testing.T) {
	cet := time.FixedZone("", 3600)
	tests := []struct {
		name   string
		page   string
		title  string
		date   time.Time
		blocks []Block
	}{
		{
			name:  "news page with boilerplate around article",
			page:  newsPage,
			title: "Storm hits the coast",
			date:  time.Date(2024, 3, 5, 8, 30, 0, 0, cet),
			blocks: []Block{
				{Kind: Heading, Level: 1, Text: "Storm hits the coast"},
				{Kind: Paragraph, Text: "6 March"},
				{Kind: Paragraph, Text: "The storm arrived early on Tuesday."},
				{Kind: Heading, Level: 2, Text: "Damage"},
				{Kind: Paragraph, Text: "Roofs were lost. Roads closed."},
			},
		},
		{
			name:  "title suffix trimmed by og:site_name, date from time element",
			page:  `<html><head><title>Quiet day | Example News</title><meta property="og:site_name" content="Example News"></head><body><main><p>Nothing <time datetime="2023-11-02T10:00:00Z">happened</time>.</p></main></body></html>`,
			title: "Quiet day",
			date:  time.Date(2023, 11, 2, 10, 0, 0, 0, time.UTC),
			blocks: []Block{
				{Kind: Paragraph, Text: "Nothing happened."},
			},
		},
		{
			name:  "title suffix trimmed when the h1 repeats the rest",
			page:  `<title>Quiet day - Example</title><h1>Quiet day</h1>`,
			title: "Quiet day",
			blocks: []Block{
				{Kind: Heading, Level: 1, Text: "Quiet day"},
			},
		},
		{
			name:  "title kept without site evidence",
			page:  `<title>Cats - a history</title><p>Text.</p>`,
			title: "Cats - a history",
			blocks: []Block{
				{Kind: Paragraph, Text: "Text."},
			},
		},
		{
			name:   "title from first h1",
			page:   `<body><h1>Only <b>heading</b></h1></body>`,
			title:  "Only heading",
			blocks: []Block{{Kind: Heading, Level: 1, Text: "Only heading"}},
		},
		{
			name:   "date from meta name and JSON-LD",
			page:   `<meta name="DC.date" content="2020-01-02"><p>x</p>`,
			date:   time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
			blocks: []Block{{Kind: Paragraph, Text: "x"}},
		},
		{
			name:   "date from JSON-LD",
			page:   `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2021-07-08T09:10:11Z"}]}</script><p>y</p>`,
			date:   time.Date(2021, 7, 8, 9, 10, 11, 0, time.UTC),
			blocks: []Block{{Kind: Paragraph, Text: "y"}},
		},
		{
			name:  "headings with levels",
			page:  `<h1>A</h1><h2>B</h2><h3>C <a href="#">link</a></h3><h4>D</h4><h5>E</h5><h6>F</h6><h2> </h2>`,
			title: "A",
			blocks: []Block{
				{Kind: Heading, Level: 1, Text: "A"},
				{Kind: Heading, Level: 2, Text: "B"},
				{Kind: Heading, Level: 3, Text: "C link"},
				{Kind: Heading, Level: 4, Text: "D"},
				{Kind: Heading, Level: 5, Text: "E"},
				{Kind: Heading, Level: 6, Text: "F"},
			},
		},
		{
			name: "list with lead-in and nested list",
			page: `<p>You need:</p><ul><li>flour</li><li>fruit:<ul><li>apples</li><li>pears</li></ul></li><li></li></ul><p>Then bake.</p><ol><li>one</li></ol>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "You need:"},
				{Kind: ListItem, Text: "flour", Lead: "You need:"},
				{Kind: ListItem, Text: "fruit:", Lead: "You need:"},
				{Kind: ListItem, Text: "apples", Lead: "fruit:"},
				{Kind: ListItem, Text: "pears", Lead: "fruit:"},
				{Kind: Paragraph, Text: "Then bake."},
				{Kind: ListItem, Text: "one"},
			},
		},
		{
			name: "table with thead",
			page: `<table><caption>Prices</caption><thead><tr><th>Item</th><th>Price</th></tr></thead>
<tbody><tr><td>Tea</td><td>2 &euro;</td></tr><tr><td>Cake</td><td></td></tr><tr><td></td><td></td></tr></tbody></table>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "Prices"},
				{Kind: TableRow, Text: "Tea | 2 €", Header: []string{"Item", "Price"}, Cells: []string{"Tea", "2 €"}},
				{Kind: TableRow, Text: "Cake", Header: []string{"Item", "Price"}, Cells: []string{"Cake", ""}},
			},
		},
		{
			name: "table with header in first tr, and without header",
			page: `<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>
<table><tr><td>x</td><td>y</td></tr></table>`,
			blocks: []Block{
				{Kind: TableRow, Text: "a | 1", Header: []string{"k", "v"}, Cells: []string{"a", "1"}},
				{Kind: TableRow, Text: "x | y", Cells: []string{"x", "y"}},
			},
		},
		{
			name:  "layout table read as containers",
			page:  `<table><tr><td><h2>Menu-less</h2><p>Body text.</p></td><td><table><tr><td>n</td></tr></table></td></tr></table>`,
			title: "",
			blocks: []Block{
				{Kind: Heading, Level: 2, Text: "Menu-less"},
				{Kind: Paragraph, Text: "Body text."},
				{Kind: Paragraph, Text: "n"},
			},
		},
		{
			name: "scripts and styles ignored, escaped markup literal",
			page: `<body><script>alert(1)</script><style>p{}</style><noscript>enable js</noscript><p>Write &lt;script&gt; tags &amp; more</p><template><p>hidden</p></template><svg><text>svg</text></svg></body>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "Write <script> tags & more"},
			},
		},
		{
			name: "entities decoded",
			page: `<p>caf&eacute; &mdash; &#8364;5 &nbsp;&quot;q&quot; &#x41;</p>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "café — €5 \"q\" A"},
			},
		},
		{
			name:  "latin-1 page",
			page:  "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e</p></body></html>",
			title: "Café",
			blocks: []Block{
				{Kind: Paragraph, Text: "Crème brûlée"},
			},
		},
		{
			name: "latin-1 via http-equiv",
			page: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>\xe0 bient\xf4t</p>",
			blocks: []Block{
				{Kind: Paragraph, Text: "à bientôt"},
			},
		},
		{
			name: "page without article or main",
			page: `<body><div class="navbar">Home About</div><div id="sidebar">Tags</div>
<div>First <span>paragraph</span> in a div.</div>
<div><div>Nested</div>tail text</div>
<dl><dt>Term</dt><dd>Definition</dd></dl>
<blockquote><p>Quoted.</p></blockquote>
<figure><img src="x.png" alt="x"><figcaption>A figure</figcaption></figure>
<div role="contentinfo">Imprint</div><div class="cookie-consent">OK</div>
<div class="ad">Buy now</div><div class="comments-list"><p>nice</p></div></body>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "First paragraph in a div."},
				{Kind: Paragraph, Text: "Nested"},
				{Kind: Paragraph, Text: "tail text"},
				{Kind: Paragraph, Text: "Term"},
				{Kind: Paragraph, Text: "Definition"},
				{Kind: Paragraph, Text: "Quoted."},
				{Kind: Paragraph, Text: "A figure"},
			},
		},
		{
			name: "footnote markers dropped, other sups kept",
			page: `<p>E = mc<sup>2</sup>, see note<sup class="reference"><a href="#n1">[12]</a></sup> and<a href="#n2"><sup>3</sup></a>.</p>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "E = mc2, see note and."},
			},
		},
		{
			name: "first article taken, not one in an aside",
			page: `<aside><article><p>teaser</p></article></aside><article><p>real</p></article><article><p>second</p></article>`,
			blocks: []Block{
				{Kind: Paragraph, Text: "real"},
			},
		},
		{
			name:   "empty page",
			page:   ``,
			blocks: nil,
		},
		{
			name:   "only boilerplate",
			page:   `<nav>menu</nav><script>x()</script>`,
			blocks: nil,
		},
		{
			name: "garbage",
			page: "\x00\x01<<>>&&;; <<p>>\xff\xfe junk",
			blocks: []Block{
				{Kind: Paragraph, Text: "<<>>&&;; <"},
				{Kind: Paragraph, Text: ">\uFFFD junk"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Extract([]byte(tc.page))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc.Title != tc.title {
				t.Errorf("Title = %q, want %q", doc.Title, tc.title)
			}
			if !doc.Date.Equal(tc.date) {
				t.Errorf("Date = %v, want %v", doc.Date, tc.date)
			}
			if !reflect.DeepEqual(doc.Blocks, tc.blocks) {
				t.Errorf("Blocks:\n got %s\nwant %s", dump(doc.Blocks), dump(tc.blocks))
			}
			for _, b := range doc.Blocks {
				if strings.Contains(b.Text, "alert(1)") {
					t.Errorf("script text in block %q", b.Text)
				}
			}
		})
	}
}

func dump(bs []Block) string {
	var sb strings.Builder
	for _, b := range bs {
		fmt.Fprintf(&sb, "\n  %v L%d %q lead=%q h=%q c=%q", b.Kind, b.Level, b.Text, b.Lead, b.Header, b.Cells)
	}
	return sb.String()
}

func TestExtractErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"invalid declared utf-8", []byte("<meta charset=\"utf-8\"><p>bad \xff</p>"), "htmldoc: invalid utf-8"},
		{"too large", make([]byte, MaxSize+1), "htmldoc: page larger than 20 MB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(tc.data)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want prefix %q", err, tc.want)
			}
		})
	}
	if _, err := Extract(make([]byte, MaxSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestBoilerName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"site-nav", true},
		{"mainNav", true},
		{"cookie_banner", true},
		{"canvas", false},
		{"unrelated", false},
		{"shared-content", false},
		{"post body", false},
		{"Sidebar", true},
		{"ad-slot", true},
		{"load", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := boilerName(tc.in); got != tc.want {
				t.Errorf("boilerName(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// bigPage builds a page of about size bytes.
func bigPage(size int) []byte {
	var sb strings.Builder
	sb.WriteString(`<html><head><meta charset="utf-8"><title>Big | Site</title><meta property="og:site_name" content="Site"></head><body><nav><ul><li>a</li><li>b</li></ul></nav><article>`)
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, `<h2>Section %d</h2><p>Paragraph %d with <a href="/x">a link</a>, <em>emphasis</em> and &amp; entities.<sup><a href="#f">%d</a></sup></p>`, i, i, i)
		fmt.Fprintf(&sb, `<p>Items:</p><ul><li>one %d</li><li>two<ul><li>nested</li></ul></li></ul>`, i)
		fmt.Fprintf(&sb, `<table><thead><tr><th>k</th><th>v</th></tr></thead><tr><td>a</td><td>%d</td></tr></table><div class="share">share</div>`, i)
	}
	sb.WriteString(`</article><footer>f</footer></body></html>`)
	return []byte(sb.String())
}

func TestBigPage(t *testing.T) {
	doc, err := Extract(bigPage(200 << 10))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Big" || len(doc.Blocks) < 1000 {
		t.Fatalf("title %q, %d blocks", doc.Title, len(doc.Blocks))
	}
}

func BenchmarkExtract(b *testing.B) {
	page := bigPage(200 << 10)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page); err != nil {
			b.Fatal(err)
		}
	}
}
