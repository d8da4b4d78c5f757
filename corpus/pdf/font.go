package pdf

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
)

// font is what the text extraction needs to know about a PDF font: how
// to split a shown string into character codes, what text each code
// stands for, and how wide each glyph is.
type font struct {
	composite bool  // Type0: codes of one to four bytes, widths by CID
	codes     *cmap // code space of a composite font's encoding CMap
	toUni     *cmap // the ToUnicode CMap, nil when absent or unreadable
	enc       lpdf.TextEncoding
	diffNames map[int]string // glyph names of the simple font's Differences
	base      *[256]rune     // base encoding for codes not in Differences

	first    int
	widths   []float64 // simple fonts: Widths from FirstChar, in glyph units
	missing  float64   // MissingWidth or DW, in glyph units
	cidW     map[int]float64
	std      *[256]uint16 // standard-font metrics when the font has no Widths
	mono     bool         // Courier: every glyph 600 units
	scale    float64      // glyph units to text space (1/1000, or Type 3 FontMatrix)
	sizeMult float64      // em size relative to Tfs (1, or Type 3 FontMatrix)

	cache map[string]string // decoded text by code
}

// newFont reads the font dictionary v.
func newFont(v lpdf.Value) *font {
	f := &font{scale: 0.001, sizeMult: 1, cache: map[string]string{}}
	subtype := v.Key("Subtype").Name()
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		f.toUni = readCMap(tu)
	}
	lf := lpdf.Font{V: v}
	f.enc = lf.Encoder()
	if subtype == "Type0" {
		f.composite = true
		if e := v.Key("Encoding"); e.Kind() == lpdf.Stream {
			f.codes = readCMap(e)
		}
		desc := v.Key("DescendantFonts").Index(0)
		f.missing = 1000
		if dw := desc.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			f.missing = dw.Float64()
		}
		f.cidW = readCIDWidths(desc.Key("W"))
		return f
	}
	f.readSimpleEncoding(v.Key("Encoding"))
	f.first = int(v.Key("FirstChar").Int64())
	if w := v.Key("Widths"); w.Kind() == lpdf.Array {
		n := w.Len()
		if n > 4096 {
			n = 4096
		}
		f.widths = make([]float64, n)
		for i := range f.widths {
			f.widths[i] = w.Index(i).Float64()
		}
	}
	fd := v.Key("FontDescriptor")
	f.missing = fd.Key("MissingWidth").Float64()
	if subtype == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() == 6 {
			a, d := m.Index(0).Float64(), m.Index(3).Float64()
			if a != 0 {
				f.scale = abs(a)
			}
			if d != 0 {
				f.sizeMult = abs(d) * 1000
			}
		}
	}
	if len(f.widths) == 0 {
		f.std, f.mono = standardMetrics(v.Key("BaseFont").Name())
		if f.std == nil && !f.mono && f.missing == 0 {
			f.missing = fd.Key("AvgWidth").Float64()
		}
	}
	return f
}

// readSimpleEncoding notes the Differences glyph names of a simple
// font, so that names the library does not know (uniXXXX, ligatures)
// can still be decoded.
func (f *font) readSimpleEncoding(e lpdf.Value) {
	switch e.Kind() {
	case lpdf.Name:
		if e.Name() == "WinAnsiEncoding" {
			f.base = &winAnsi
		}
	case lpdf.Dict:
		if e.Key("BaseEncoding").Name() == "WinAnsiEncoding" {
			f.base = &winAnsi
		}
		d := e.Key("Differences")
		code := -1
		for i := 0; i < d.Len() && i < 1024; i++ {
			x := d.Index(i)
			switch x.Kind() {
			case lpdf.Integer:
				code = int(x.Int64())
			case lpdf.Name:
				if code >= 0 && code < 256 {
					if f.diffNames == nil {
						f.diffNames = map[int]string{}
					}
					f.diffNames[code] = x.Name()
				}
				code++
			}
		}
	}
}

// split cuts a shown string into character codes.
func (f *font) split(raw string) []string {
	if !f.composite {
		out := make([]string, len(raw))
		for i := 0; i < len(raw); i++ {
			out[i] = raw[i : i+1]
		}
		return out
	}
	space := f.codes
	if space == nil || !space.hasSpace() {
		space = f.toUni
	}
	var out []string
	for len(raw) > 0 {
		n := 2
		if space != nil && space.hasSpace() {
			n = space.codeLen(raw)
		}
		if n > len(raw) {
			n = len(raw)
		}
		out = append(out, raw[:n])
		raw = raw[n:]
	}
	return out
}

// text returns the Unicode text of one character code.
func (f *font) text(code string) string {
	if s, ok := f.cache[code]; ok {
		return s
	}
	s := f.decode(code)
	f.cache[code] = s
	return s
}

func (f *font) decode(code string) string {
	if f.toUni != nil {
		if s, ok := f.toUni.lookup(code); ok {
			return s
		}
	}
	if !f.composite && len(code) == 1 {
		c := int(code[0])
		if name, ok := f.diffNames[c]; ok {
			if s, ok := glyphNameText(name); ok {
				return s
			}
		} else if f.base != nil {
			if r := f.base[c]; r != 0 {
				return string(r)
			}
		}
	}
	if f.enc == nil {
		return code
	}
	return f.enc.Decode(code)
}

// glyphNameText decodes the glyph names that follow a rule (uniXXXX,
// uXXXXX) or stand for ligatures; ok is false for other names, which
// the library's glyph list decodes.
func glyphNameText(name string) (string, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	switch name {
	case "ff", "fi", "fl", "ffi", "ffl":
		return name, true
	case "space", "nbspace", "nonbreakingspace":
		return " ", true
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var rs []uint16
		for i := 3; i < len(name); i += 4 {
			n, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil {
				return "", false
			}
			rs = append(rs, uint16(n))
		}
		return string(utf16.Decode(rs)), true
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		n, err := strconv.ParseUint(name[1:], 16, 32)
		if err == nil && n <= 0x10FFFF {
			return string(rune(n)), true
		}
	}
	return "", false
}

// width returns the advance of one code in text space units per unit of
// font size (that is, glyph width / 1000 for most fonts).
func (f *font) width(code string, text string) float64 {
	if f.composite {
		cid := 0
		for i := 0; i < len(code); i++ {
			cid = cid<<8 | int(code[i])
		}
		if w, ok := f.cidW[cid]; ok {
			return w * f.scale
		}
		return f.missing * f.scale
	}
	c := int(code[0])
	if i := c - f.first; len(f.widths) > 0 {
		if i >= 0 && i < len(f.widths) {
			return f.widths[i] * f.scale
		}
		return f.missing * f.scale
	}
	if f.mono {
		return 600 * f.scale
	}
	if f.std != nil {
		var w float64
		for _, r := range expandLigatures(text) {
			if code, ok := winAnsiCode[r]; ok && f.std[code] > 0 {
				w += float64(f.std[code])
			} else {
				w += 500
			}
		}
		if text == "" {
			w = float64(f.std[c])
		}
		return w * f.scale
	}
	if f.missing > 0 {
		return f.missing * f.scale
	}
	return 500 * f.scale
}

// winAnsiCode is the reverse of winAnsi.
var winAnsiCode = func() map[rune]byte {
	m := make(map[rune]byte, 256)
	for c, r := range winAnsi {
		if r != 0 {
			m[r] = byte(c)
		}
	}
	return m
}()

// standardMetrics finds the metrics for one of the standard fonts (and
// the usual names of their clones), which PDFs may use without Widths.
func standardMetrics(base string) (*[256]uint16, bool) {
	if i := strings.IndexByte(base, '+'); i >= 0 {
		base = base[i+1:]
	}
	n := strings.ToLower(base)
	bold := strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy")
	italic := strings.Contains(n, "italic") || strings.Contains(n, "oblique")
	var fam string
	switch {
	case strings.Contains(n, "courier") || strings.Contains(n, "mono"):
		return nil, true
	case strings.Contains(n, "times"):
		fam = "Times"
	case strings.Contains(n, "helvetica") || strings.Contains(n, "arial"):
		fam = "Helvetica"
	default:
		return nil, false
	}
	name := fam
	switch {
	case fam == "Times" && bold && italic:
		name = "Times-BoldItalic"
	case fam == "Times" && bold:
		name = "Times-Bold"
	case fam == "Times" && italic:
		name = "Times-Italic"
	case fam == "Times":
		name = "Times-Roman"
	case bold && italic:
		name = "Helvetica-BoldOblique"
	case bold:
		name = "Helvetica-Bold"
	case italic:
		name = "Helvetica-Oblique"
	}
	return stdWidths[name], false
}

// readCIDWidths reads a CIDFont's W array.
func readCIDWidths(w lpdf.Value) map[int]float64 {
	out := map[int]float64{}
	n := w.Len()
	for i := 0; i < n; {
		first := int(w.Index(i).Int64())
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && j < 65536; j++ {
				out[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last := int(next.Int64())
		width := w.Index(i + 2).Float64()
		if last-first > 65536 {
			last = first + 65536
		}
		for c := first; c <= last; c++ {
			out[c] = width
		}
		i += 3
	}
	return out
}

// cmap is a parsed CMap: its code space ranges and its mappings from
// codes to Unicode text.
type cmap struct {
	space  [5][]codeRange // by code length 1..4
	single map[string]string
	ranges []cmapRange
}

type codeRange struct{ lo, hi string }

type cmapRange struct {
	lo, hi string
	dst    []string // one per code when the destination is an array
	start  []rune   // the destination text of lo otherwise
}

func (m *cmap) hasSpace() bool {
	for _, s := range m.space {
		if len(s) > 0 {
			return true
		}
	}
	return false
}

// codeLen returns the length of the code at the start of raw.
func (m *cmap) codeLen(raw string) int {
	shortest := 0
	for n := 1; n <= 4 && n <= len(raw); n++ {
		if len(m.space[n]) > 0 && shortest == 0 {
			shortest = n
		}
		for _, r := range m.space[n] {
			if inRange(raw[:n], r.lo, r.hi) {
				return n
			}
		}
	}
	if shortest == 0 {
		return 1
	}
	return shortest
}

// inRange compares byte by byte, as code space ranges are defined.
func inRange(code, lo, hi string) bool {
	if len(code) != len(lo) || len(lo) != len(hi) {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < lo[i] || code[i] > hi[i] {
			return false
		}
	}
	return true
}

func (m *cmap) lookup(code string) (string, bool) {
	if s, ok := m.single[code]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if len(r.lo) != len(code) || code < r.lo || code > r.hi {
			continue
		}
		off := codeValue(code) - codeValue(r.lo)
		if r.dst != nil {
			if off < len(r.dst) {
				return r.dst[off], true
			}
			return "", false
		}
		if len(r.start) == 0 {
			return "", false
		}
		rs := append([]rune(nil), r.start...)
		rs[len(rs)-1] += rune(off)
		return string(rs), true
	}
	return "", false
}

func codeValue(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v<<8 | int(s[i])
	}
	return v
}

// utf16Text decodes a CMap destination string (UTF-16BE).
func utf16Text(s string) string {
	if len(s) == 1 {
		return s
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// readCMap parses a CMap stream; it returns nil when the stream cannot
// be read.
func readCMap(v lpdf.Value) (m *cmap) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rd := v.Reader()
	defer rd.Close()
	data, err := io.ReadAll(io.LimitReader(rd, 16<<20))
	if err != nil && len(data) == 0 {
		return nil
	}
	m = &cmap{single: map[string]string{}}
	var stk []token
	base := 0
	from := func() []token {
		if base > len(stk) {
			base = len(stk)
		}
		args := stk[base:]
		stk = stk[:base]
		return args
	}
	lx := lexer{data: data}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != tokOp {
			stk = append(stk, t)
			continue
		}
		switch t.s {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidrange", "begincidchar", "beginnotdefrange":
			if len(stk) > 0 {
				stk = stk[:len(stk)-1] // the count
			}
			base = len(stk)
		case "endcodespacerange":
			args := from()
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i].s, args[i+1].s
				if n := len(lo); n >= 1 && n <= 4 && len(hi) == n {
					m.space[n] = append(m.space[n], codeRange{lo, hi})
				}
			}
		case "endbfchar":
			args := from()
			for i := 0; i+1 < len(args); i += 2 {
				m.single[args[i].s] = utf16Text(args[i+1].s)
			}
		case "endbfrange":
			args := from()
			for i := 0; i+2 < len(args); {
				r := cmapRange{lo: args[i].s, hi: args[i+1].s}
				dst := args[i+2]
				i += 3
				if dst.kind == tokArrayStart {
					r.dst = []string{}
					for i < len(args) && args[i].kind != tokArrayEnd {
						r.dst = append(r.dst, utf16Text(args[i].s))
						i++
					}
					i++ // ]
				} else {
					r.start = []rune(utf16Text(dst.s))
				}
				if len(r.lo) == 0 || len(r.lo) != len(r.hi) {
					continue
				}
				m.ranges = append(m.ranges, r)
			}
		case "endcidrange", "endcidchar", "endnotdefrange":
			from()
		default:
			stk = stk[:0]
			base = 0
		}
	}
	return m
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
