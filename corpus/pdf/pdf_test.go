package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// The files of testdata/ come from their sources by
// testdata/make-testdata.sh: NAME.pdf from NAME.ms by Debian's groff
// 1.22.4 (groff -ms -Tpdf), NAME-gs.pdf from the same by groff -Tps and
// Ghostscript's ps2pdf, and flood-study.pdf by pdflatex (TeX Live 2022).

var floodsPages = []Page{
	{Number: 1, Paragraphs: []string{
		"Floods in the Valley",
		"The floods of the final season overwhelmed the office of the affluent district. Chlorination was the first response.",
		"Floodwaters rose quickly while the engineers reinforced the embankments with considerable difficulty. " +
			"The fluctuating levels of the floodwaters were measured hourly by volunteers who walked the riverbank through the night, " +
			"and the floodwaters receded only after the affluent suburbs had been evacuated, recording every significant observation in waterproof notebooks.",
	}},
	{Number: 2, Paragraphs: []string{
		"On the second page the office staff discussed the efficient reconstruction of the affected bridges.",
		"Insurance claims were final by the spring.",
	}},
	{Number: 3, Paragraphs: []string{
		"The third page closes the report with thanks to the affluent donors.",
	}},
}

var columnsPages = []Page{
	{Number: 1, Paragraphs: []string{
		"Survey of the River Basin",
		"The left column opens the survey. Gauges on the upper river were read every morning, and the readings were sent by radio to the office in town, where clerks entered them in the ledger before noon.",
		"A second paragraph in the left column describes how the gauges were calibrated against the old stone marks on the bridge piers, which the engineers of the last century had cut at each foot of depth.",
		"The right column continues the account. Rainfall in the hills was measured with copper funnels, emptied at dusk into glass cylinders marked in tenths of an inch, and the totals were posted on the door of the post office for anyone to read.",
	}},
	{Number: 2, Paragraphs: []string{
		"Farmers downstream used the totals to decide when to move their cattle to higher pastures, and the survey credits them with saving most of the herds during the great flood of the spring.",
	}},
	{Number: 3, Paragraphs: []string{
		"The second page holds the conclusions. The survey recommends new gauges at the confluence and a telephone line to the dam.",
		"It also recommends that the readings be printed weekly.",
	}},
}

var studyPages = []Page{
	{Number: 1, Paragraphs: []string{
		"1 Floods",
		"The floods of the final season overwhelmed the office of the affluent district. Chlorination was the first response, and the effluent from the affected reservoirs was diverted.",
		"Floodwaters rose quickly while the engineers reinforced the embankments with considerable difficulty. " +
			"The fluctuating levels of the floodwaters were measured hourly by volunteers who walked the riverbank through the night, " +
			"and the floodwaters receded only after the affluent suburbs had been evacuated.",
		"2 Aftermath",
		"Insurance claims were final by the spring. The office staff discussed the efficient reconstruction of the affected bridges, the financing of the new embankments, and the reflooding risk of the lowest fields.",
	}},
	{Number: 2, Paragraphs: []string{
		"The second page describes the flood-defence budget that the council approved after a long debate about the fairness of the levy.",
	}},
	{Number: 3, Paragraphs: []string{
		"The third page closes the study with thanks to the volunteers.",
	}},
}

// sourceDate is the SOURCE_DATE_EPOCH of make-testdata.sh.
var sourceDate = time.Unix(1700000000, 0).UTC()

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkDoc compares a document with the expected one, and checks what
// must hold of any extracted text.
func checkDoc(t *testing.T, got Document, title string, date time.Time, pages []Page, gone []string) {
	t.Helper()
	if got.Title != title {
		t.Errorf("Title = %q, want %q", got.Title, title)
	}
	if !got.Date.Equal(date) {
		t.Errorf("Date = %v, want %v", got.Date, date)
	}
	if len(got.Pages) != len(pages) {
		t.Fatalf("got %d pages, want %d:\n%s", len(got.Pages), len(pages), dump(got.Pages))
	}
	for i, p := range got.Pages {
		want := pages[i]
		if p.Number != want.Number {
			t.Errorf("page %d: Number = %d, want %d", i+1, p.Number, want.Number)
		}
		if !reflect.DeepEqual(p.Paragraphs, want.Paragraphs) {
			t.Errorf("page %d paragraphs:\ngot  %s\nwant %s", want.Number, dump([]Page{p}), dump([]Page{want}))
		}
		for _, para := range p.Paragraphs {
			if strings.ContainsAny(para, "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06") {
				t.Errorf("page %d: ligature left in %q", p.Number, para)
			}
			if strings.Contains(para, "  ") || strings.TrimSpace(para) != para || strings.ContainsAny(para, "\n\t") {
				t.Errorf("page %d: paragraph not one line with single spaces: %q", p.Number, para)
			}
			for _, g := range gone {
				if strings.Contains(para, g) {
					t.Errorf("page %d: header or footer %q left in %q", p.Number, g, para)
				}
			}
		}
	}
}

func dump(pages []Page) string {
	var b strings.Builder
	for _, p := range pages {
		fmt.Fprintf(&b, "\n  page %d:", p.Number)
		for _, para := range p.Paragraphs {
			fmt.Fprintf(&b, "\n    %q", para)
		}
	}
	return b.String()
}

func TestExtractTestdata(t *testing.T) {
	floodsGone := []string{"Valley Flood Report", "Draft", "- 1 -", "- 2 -", "- 3 -"}
	columnsGone := []string{"Basin Survey", "Annex", "Page 1", "Page 2", "Page 3"}
	tests := []struct {
		name  string
		file  string
		title string
		pages []Page
		gone  []string
	}{
		{"gropdf: header, footer, ligatures and hyphenation", "floods.pdf", "Floods in the Valley", floodsPages, floodsGone},
		{"gropdf: two columns under a title", "columns.pdf", "", columnsPages, columnsGone},
		// Ghostscript spaces words with Tc and Tw and moves the text
		// position inside words.
		{"ghostscript: header, footer, ligatures and hyphenation", "floods-gs.pdf", "Floods in the Valley", floodsPages, floodsGone},
		{"ghostscript: two columns under a title", "columns-gs.pdf", "", columnsPages, columnsGone},
		// pdfTeX spaces words by TJ positioning only, and has no
		// ToUnicode maps.
		{"pdftex: header with page number, ligatures and hyphenation", "flood-study.pdf", "Flood Study", studyPages,
			[]string{"Flood Study"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc, tt.title, sourceDate, tt.pages, tt.gone)
		})
	}
}

// TestExtractGroffLive runs groff on the sources in testdata/ and reads
// what it makes; it is skipped where groff's PDF device is missing.
func TestExtractGroffLive(t *testing.T) {
	if _, err := exec.LookPath("groff"); err != nil {
		t.Skip("groff is not installed (apt-get install -y groff); the committed testdata PDFs are still tested")
	}
	version, err := exec.Command("groff", "--version").Output()
	if err != nil {
		t.Skipf("groff --version: %v", err)
	}
	want := strings.TrimSpace(string(readTestdata(t, "groff-version.txt")))
	if got := strings.SplitN(string(version), "\n", 2)[0]; got != want {
		t.Skipf("groff is %q, the expected text was made with %q (its line breaks may differ)", got, want)
	}
	tests := []struct {
		name  string
		src   string
		gs    bool // through groff -Tps and ps2pdf
		pages []Page
	}{
		{"gropdf floods", "floods.ms", false, floodsPages},
		{"gropdf columns", "columns.ms", false, columnsPages},
		{"ghostscript floods", "floods.ms", true, floodsPages},
		{"ghostscript columns", "columns.ms", true, columnsPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := filepath.Join("testdata", tt.src)
			cmd := exec.Command("groff", "-ms", "-Tpdf", src)
			if tt.gs {
				if _, err := exec.LookPath("ps2pdf"); err != nil {
					t.Skip("ps2pdf is not installed (apt-get install -y ghostscript); the committed testdata PDFs are still tested")
				}
				cmd = exec.Command("sh", "-c", `groff -ms -Tps "$1" | ps2pdf - -`, "sh", src)
			}
			cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil || len(out) == 0 {
				t.Skipf("%v failed (is Debian's full groff package installed, not only groff-base?): %v %s", cmd.Args, err, stderr.String())
			}
			doc, err := Extract(out)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(doc.Pages, tt.pages) {
				t.Errorf("got %s\nwant %s", dump(doc.Pages), dump(tt.pages))
			}
		})
	}
}

// fpdfDocument writes, with fpdf, a report of three pages with a
// running header (left and right parts) and a "Page N of 3" footer.
// Some of its text is set one word at a time at explicit positions,
// with no space characters at all; some is justified by MultiCell
// (word spacing by the Tw operator).
func fpdfDocument(t testing.TB, protect bool) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetTitle("Annual Water Report", false)
	when := time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC)
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.AliasNbPages("{nb}")
	pdf.SetMargins(50, 60, 50)
	pdf.SetAutoPageBreak(false, 0)
	if protect {
		pdf.SetProtection(fpdf.CnProtectPrint, "", "owner")
	}
	pageW, pageH := pdf.GetPageSize()
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("Helvetica", "B", 9)
		pdf.Text(50, 40, "Annual Water Report")
		right := "Riverside District"
		pdf.Text(pageW-50-pdf.GetStringWidth(right), 40, right)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetFont("Helvetica", "", 9)
		s := fmt.Sprintf("Page %d of {nb}", pdf.PageNo())
		pdf.Text((pageW-pdf.GetStringWidth(s))/2, pageH-30, s)
	})
	const size, leading, width = 11.0, 14.0, 300.0
	// words sets text one word at a time, wrapping at width; it returns
	// the baseline of the last line.
	words := func(x, y float64, text string) float64 {
		pdf.SetFont("Times", "", size)
		cx := x
		for _, w := range strings.Fields(text) {
			ww := pdf.GetStringWidth(w)
			if cx > x && cx+ww > x+width {
				cx, y = x, y+leading
			}
			pdf.Text(cx, y, w)
			cx += ww + pdf.GetStringWidth(" ")
		}
		return y
	}
	justified := func(y float64, text string) float64 {
		pdf.SetFont("Helvetica", "", size)
		pdf.SetXY(50, y)
		pdf.MultiCell(width, leading, text, "", "J", false)
		return pdf.GetY()
	}

	pdf.AddPage()
	y := words(50, 90, "Each word of this sentence was set at its own position by the test, so the file holds no space characters between them.")
	next := justified(y+2*leading-10, "The reservoir held enough water for the summer, but the dry autumn lowered it to a third of its capacity and the district asked every household to save water.")
	base := next + leading/2 + 0.3*size // baseline of the line after the MultiCell
	pdf.SetFont("Helvetica", "", size)
	pdf.Text(70, base, "An indented first line starts this paragraph")
	pdf.Text(50, base+leading, "without any extra space above it.")

	pdf.AddPage()
	next = justified(80, "Rainfall in March was twice the average, and the river rose above the warning level on four days.")
	justified(next+leading, "The flood gates were opened twice.")

	pdf.AddPage()
	words(50, 90, "The last page thanks the volunteers who read the gauges.")

	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestExtractFPDF(t *testing.T) {
	want := []Page{
		{Number: 1, Paragraphs: []string{
			"Each word of this sentence was set at its own position by the test, so the file holds no space characters between them.",
			"The reservoir held enough water for the summer, but the dry autumn lowered it to a third of its capacity and the district asked every household to save water.",
			"An indented first line starts this paragraph without any extra space above it.",
		}},
		{Number: 2, Paragraphs: []string{
			"Rainfall in March was twice the average, and the river rose above the warning level on four days.",
			"The flood gates were opened twice.",
		}},
		{Number: 3, Paragraphs: []string{
			"The last page thanks the volunteers who read the gauges.",
		}},
	}
	doc, err := Extract(fpdfDocument(t, false))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, "Annual Water Report", time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC), want,
		[]string{"Annual Water Report", "Riverside", "Page 1", "Page 2", "of 3"})
}

// pdfFile assembles a PDF from numbered objects (object 1 is the
// catalog), writing a correct cross-reference table.
func pdfFile(trailerExtra string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailerExtra, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(data), dict, data)
}

// handPages is the content of a two-page PDF whose words are separated
// only by TJ positioning, in Helvetica without a Widths array (so the
// standard font metrics are needed), with a second font whose
// Differences map codes 1-3 to the fi, fl and ffi ligature glyphs.
var handPages = []string{
	`BT /F1 9 Tf 72 760 Td [(Field)-600(Notes)] TJ ET
BT /F1 10 Tf 1 0 0 1 72 700 Tm
[(Rising)-300(w)30(ater)] TJ /F2 10 Tf [-300(\002ooded)-300(the)-300(low)-300(\001elds)] TJ /F1 10 Tf [-300(near)-300(the)-300(mill,)-300(and)-300(the)] TJ /F2 10 Tf [-300(\002ood-)] TJ
0 -12 Td [(w)30(aters)-300(reached)-300(the)-300(o\003ce)-300(before)-300(dawn.)] TJ
0 -24 Td [(A)-300(new)-300(paragraph)-300(after)-300(a)-300(gap,)-300(with)-300(a)-300(wide)-300(\002ood-)] TJ
0 -12 Td [(plain)-300(and)-300(a)-300(Hyphen-)] TJ
0 -12 Td [(Capital)-300(kept.)] TJ
20 -12 Td [(Indented)-300(start.)] TJ
ET
BT /F1 9 Tf 300 50 Td (1) Tj ET`,
	`BT /F1 9 Tf 72 760 Td [(Field)-600(Notes)] TJ ET
BT /F1 10 Tf 72 700 Td [(Second)-300(page)-300(text.)] TJ ET
BT /F1 9 Tf 300 50 Td (2) Tj ET`,
}

// handToUnicode maps the two-byte codes of font F3 to text; code 3 is
// the fi ligature.
const handToUnicode = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Test-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0001> <0057>
<0003> <FB01>
endbfchar
1 beginbfrange
<0004> <0005> [<006E> <0064>]
endbfrange
1 beginbfrange
<0002> <0002> <0065>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

// handPDF writes a PDF with one page per content stream. Its resources:
// F1, Helvetica (a standard font, without Widths); F2, Helvetica whose
// Differences map codes 1-3 to the fi, fl and ffi glyphs; F3, a Type0
// font with two-byte codes, a W array and a ToUnicode map; Fm1, a form
// XObject that shows a line of text.
func handPDF(contents ...string) []byte {
	n := len(contents)
	const first = 9 // the first page object; each page has its content next
	kids := make([]string, n)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [1 /fi /fl /ffi] >> >>",
		stream(" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 0 -100] /Resources << /Font << /F1 3 0 R >> >>",
			"BT /F1 10 Tf 72 300 Td [(T)70(ext)-300(from)-300(a)-300(form.)] TJ ET"),
		"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [1 [944 556 556 556 556]] >>",
		stream("", handToUnicode),
	}
	for i, c := range contents {
		page := first + 2*i
		kids[i] = fmt.Sprintf("%d 0 R", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 6 0 R >> /XObject << /Fm1 5 0 R >> >> /Contents %d 0 R >>", page+1),
			stream("", c))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	info := len(objs) + 1
	objs = append(objs, "<< /Title (Field Notes) /CreationDate (D:20230405060708+02'00') >>")
	return pdfFile(fmt.Sprintf(" /Info %d 0 R", info), objs...)
}

func TestExtractHandWritten(t *testing.T) {
	date := time.Date(2023, 4, 5, 6, 7, 8, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		name  string
		pages []string
		want  []Page
	}{
		{"words placed by TJ with no spaces", handPages, []Page{
			{Number: 1, Paragraphs: []string{
				"Rising water flooded the low fields near the mill, and the floodwaters reached the office before dawn.",
				"A new paragraph after a gap, with a wide floodplain and a Hyphen- Capital kept.",
				"Indented start.",
			}},
			{Number: 2, Paragraphs: []string{"Second page text."}},
		}},
		{"inline image data with a stray parenthesis", []string{
			"BT /F1 10 Tf 72 700 Td (Before the image.) Tj ET\n" +
				"q 10 0 0 10 72 600 cm BI /W 4 /H 2 /BPC 8 /CS /G ID \x00(\xff\x28)\x5c(abc\nEI Q\n" +
				"BT /F1 10 Tf 72 500 Td (After the image.) Tj ET",
		}, []Page{{Number: 1, Paragraphs: []string{"Before the image.", "After the image."}}}},
		{"text in a form XObject", []string{
			"BT /F1 10 Tf 72 700 Td (Page text.) Tj ET q /Fm1 Do Q",
		}, []Page{{Number: 1, Paragraphs: []string{"Page text.", "Text from a form."}}}},
		{"two-byte codes and ToUnicode", []string{
			"BT /F3 10 Tf 72 700 Td [<00010002> -400 <000300040005>] TJ ET",
		}, []Page{{Number: 1, Paragraphs: []string{"We find"}}}},
		{"rotated margin note dropped", []string{
			"BT /F1 10 Tf 72 700 Td (The main text runs across the page.) Tj ET BT /F1 8 Tf 0 1 -1 0 30 400 Tm (arXiv:1234.5678) Tj ET",
		}, []Page{{Number: 1, Paragraphs: []string{"The main text runs across the page."}}}},
		{"landscape page turned by cm", []string{
			"q 0 1 -1 0 612 0 cm BT /F1 10 Tf 72 500 Td (Turned line one) Tj 0 -12 Td (and line two.) Tj ET Q",
		}, []Page{{Number: 1, Paragraphs: []string{"Turned line one and line two."}}}},
		{"word spacing by Tw and character spacing by Tc", []string{
			"BT /F1 10 Tf 72 700 Td 3 Tw (Wide spaces here.) Tj 0 Tw 0 -12 Td 2 Tc (L)Tj 8 0 Td (o) Tj ET",
		}, []Page{{Number: 1, Paragraphs: []string{"Wide spaces here. L o"}}}},
		{"empty page", []string{""}, []Page{{Number: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(handPDF(tt.pages...))
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc, "Field Notes", date, tt.want, []string{"Field Notes"})
		})
	}
}

// TestExtractErrors feeds Extract what it cannot read.
func TestExtractErrors(t *testing.T) {
	good := readTestdata(t, "floods.pdf")
	badFlate := handPDF(handPages[0], "")
	// Page 2's content claims to be compressed but is not.
	badFlate = bytes.Replace(badFlate, []byte("<< /Length 0 >>\nstream\n\nendstream"), []byte("<< /Length 9 /Filter /FlateDecode >>\nstream\nnot zlib!\nendstream"), 1)
	fixXref := func(b []byte) []byte { return rebuildXref(t, b) }
	tests := []struct {
		name        string
		data        []byte
		want        string // in the error message
		is          error
		pagesBefore int // pages returned with the error
	}{
		{"empty", nil, "not a PDF", ErrNotPDF, 0},
		{"not a pdf", []byte("not a pdf"), "not a PDF", ErrNotPDF, 0},
		{"html", []byte("<!DOCTYPE html><html><body>%PDF-1.4 not really</body></html>"), "", nil, 0},
		{"truncated", good[:len(good)/2], "truncated", ErrNotPDF, 0},
		{"header only", []byte("%PDF-1.4\n%%EOF\n"), "pdf:", nil, 0},
		{"garbage body", append([]byte("%PDF-1.7\n"), append(bytes.Repeat([]byte("\x00\xff garbage ("), 200), []byte("\nstartxref\n9\n%%EOF\n")...)...), "pdf:", nil, 0},
		{"bad xref offset", bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n1"), 1), "pdf:", nil, 0},
		{"broken page stream", fixXref(badFlate), "pdf: page 2:", nil, 1},
		{"encrypted (fpdf, empty user password)", fpdfDocument(t, true), "encrypted", ErrEncrypted, 0},
		{"encrypted (unknown handler)", pdfFile(" /Encrypt << /Filter /Unknown /V 9 /R 9 /O (x) /U (y) /P -4 >> /ID [(a) (a)]",
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"), "encrypted", ErrEncrypted, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(tt.data)
			if err == nil {
				t.Fatalf("no error; got %s", dump(doc.Pages))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if len(doc.Pages) != tt.pagesBefore {
				t.Errorf("got %d pages with the error, want the %d before the failure", len(doc.Pages), tt.pagesBefore)
			}
		})
	}
}

// rebuildXref rewrites a hand-made file's cross-reference table after
// an edit changed the objects' offsets.
func rebuildXref(t *testing.T, b []byte) []byte {
	t.Helper()
	i := bytes.Index(b, []byte("\nxref\n"))
	j := bytes.Index(b, []byte("trailer\n"))
	if i < 0 || j < 0 {
		t.Fatal("no xref table")
	}
	var objs []string
	body := string(b[:i+1])
	for n := 1; ; n++ {
		start := strings.Index(body, fmt.Sprintf("\n%d 0 obj\n", n))
		if start < 0 {
			break
		}
		start += len(fmt.Sprintf("\n%d 0 obj\n", n))
		end := strings.Index(body[start:], "\nendobj\n")
		objs = append(objs, body[start:start+end])
	}
	tr := string(b[j:])
	extra := tr[strings.Index(tr, "/Root 1 0 R")+len("/Root 1 0 R") : strings.Index(tr, " >>\nstartxref")]
	return pdfFile(extra, objs...)
}

// TestExtractNoPanic cuts and flips bytes of valid files: Extract may
// fail but must not panic.
func TestExtractNoPanic(t *testing.T) {
	files := map[string][]byte{
		"groff": readTestdata(t, "floods.pdf"),
		"fpdf":  fpdfDocument(t, false),
		"hand":  handPDF(handPages...),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			for i := 0; i < len(data); i += 1 + len(data)/300 {
				mutated := append([]byte(nil), data...)
				mutated[i] ^= 0x5a
				Extract(mutated)
				cut := append(append([]byte(nil), data[:i]...), []byte("\n%%EOF\n")...)
				Extract(cut)
			}
		})
	}
}

func TestJoinLines(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"hyphenated word", []string{"the flood-", "waters rose"}, "the floodwaters rose"},
		{"hyphen kept before capital", []string{"the North-", "West passage"}, "the North- West passage"},
		{"hyphen inside a line kept", []string{"a well-known", "fact"}, "a well-known fact"},
		{"dash after space kept", []string{"rain -", "then sun"}, "rain - then sun"},
		{"ligature starts next line", []string{"of-", "\ufb01ce"}, "of\ufb01ce"},
		{"unicode hyphen", []string{"flood\u2010", "plain"}, "floodplain"},
		{"soft hyphen", []string{"flood\u00ad", "Plain"}, "floodPlain"},
		{"plain", []string{"one", "two"}, "one two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinLines(tt.lines); got != tt.want {
				t.Errorf("joinLines(%q) = %q, want %q", tt.lines, got, tt.want)
			}
		})
	}
}

func TestIsPageNumber(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"3", true}, {"- 3 -", true}, {"Page 3", true}, {"page 12 of 40", true}, {"3 of 10", true},
		{"3/10", true}, {"[7]", true}, {"iv", true}, {"XII", true}, {"— 5 —", true},
		{"Mix", false}, {"civil", false}, {"3 floods", false}, {"Chapter 3", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := isPageNumber(tt.s); got != tt.want {
				t.Errorf("isPageNumber(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		s    string
		want time.Time
	}{
		{"D:20231114221320+00'00'", time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)},
		{"D:20230405060708-05'30'", time.Date(2023, 4, 5, 6, 7, 8, 0, time.FixedZone("", -(5*3600+30*60)))},
		{"D:20230405060708Z", time.Date(2023, 4, 5, 6, 7, 8, 0, time.UTC)},
		{"D:2023", time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"20240301", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"yesterday", time.Time{}},
		{"D:20231399", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := parseDate(tt.s); !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	files := []struct {
		name string
		data []byte
	}{
		{"groff", readTestdata(b, "floods.pdf")},
		{"groff-columns", readTestdata(b, "columns.pdf")},
		{"ghostscript", readTestdata(b, "floods-gs.pdf")},
		{"pdftex", readTestdata(b, "flood-study.pdf")},
		{"fpdf", fpdfDocument(b, false)},
		{"hand", handPDF(handPages...)},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(f.data)))
			for b.Loop() {
				if _, err := Extract(f.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzExtract checks that no input makes Extract panic or hang.
func FuzzExtract(f *testing.F) {
	f.Add(handPDF(handPages...))
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	f.Add(readTestdata(f, "floods.pdf")[:2000])
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Extract(data)
		if err != nil && len(doc.Pages) > 0 && !strings.Contains(err.Error(), "pdf: page ") {
			t.Errorf("pages returned with an error that names no page: %v", err)
		}
	})
}
