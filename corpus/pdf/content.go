package pdf

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"

	lpdf "github.com/ledongthuc/pdf"
)

// glyph is one shown character code, in user space.
type glyph struct {
	s      string  // its text
	x, y   float64 // origin of the glyph (on the baseline)
	w      float64 // advance width of the glyph itself
	size   float64 // font size
	dx, dy float64 // unit vector along the baseline
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(tx, ty float64) matrix { return matrix{1, 0, 0, 1, tx, ty} }

type gstate struct {
	ctm   matrix
	tc    float64
	tw    float64
	th    float64
	tl    float64
	tfs   float64
	trise float64
	font  *font
}

// fontKey identifies a font dictionary across pages.
type fontKey struct {
	id   uint64
	gen  uint64
	name string
}

// fontCache keeps parsed fonts for the whole document.
type fontCache map[fontKey]*font

// objectID reads the object number the library keeps in a Value. The
// field is unexported, so this uses reflection and reports false when
// the library's layout is not the expected one.
func objectID(v lpdf.Value) (uint64, uint64, bool) {
	rv := reflect.ValueOf(v)
	f := rv.FieldByName("ptr")
	if !f.IsValid() || f.Kind() != reflect.Struct || f.NumField() != 2 {
		return 0, 0, false
	}
	id, gen := f.Field(0), f.Field(1)
	if !isUint(id.Kind()) || !isUint(gen.Kind()) {
		return 0, 0, false
	}
	return id.Uint(), gen.Uint(), true
}

func isUint(k reflect.Kind) bool {
	switch k {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// interpreter runs a page's content stream and collects its glyphs.
type interpreter struct {
	fonts  fontCache
	glyphs []glyph
	limit  int // glyphs kept at most
	forms  int // form XObjects run
}

// Limits on form XObjects (which may draw each other): how deep, and how
// many on one page.
const (
	maxFormDepth = 8
	maxForms     = 1000
)

// run interprets the content stream strm with the resources res.
func (in *interpreter) run(strm, res lpdf.Value, ctm matrix, depth int) error {
	g := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm matrix = identity, identity
	local := map[string]*font{}

	getFont := func(name string) *font {
		if f, ok := local[name]; ok {
			return f
		}
		v := res.Key("Font").Key(name)
		var f *font
		if id, gen, ok := objectID(v); ok && v.Kind() == lpdf.Dict {
			key := fontKey{id, gen, name}
			if f = in.fonts[key]; f == nil {
				f = newFont(v)
				in.fonts[key] = f
			}
		} else {
			f = newFont(v)
		}
		local[name] = f
		return f
	}

	show := func(raw string) {
		f := g.font
		if f == nil {
			f = getFont("")
			g.font = f
		}
		for _, code := range f.split(raw) {
			text := f.text(code)
			w0 := f.width(code, text)
			m := tm.mul(g.ctm)
			hx := math.Hypot(m[0], m[1])
			vy := math.Hypot(m[2], m[3])
			if len(in.glyphs) < in.limit && text != "" && hx > 0 {
				size := abs(g.tfs) * vy * f.sizeMult
				in.glyphs = append(in.glyphs, glyph{
					s:    text,
					x:    g.trise*m[2] + m[4],
					y:    g.trise*m[3] + m[5],
					w:    w0 * abs(g.tfs) * g.th * hx,
					size: size,
					dx:   m[0] / hx,
					dy:   m[1] / hx,
				})
			}
			tx := w0*g.tfs + g.tc
			if len(code) == 1 && code[0] == ' ' {
				tx += g.tw
			}
			tm = translate(tx*g.th, 0).mul(tm)
		}
	}

	// exec runs one operator on its operands.
	exec := func(op string, args []operand) error {
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].float()
			}
			return 0
		}
		last := func(n int) []operand { // the last n operands, or nil
			if len(args) < n {
				return nil
			}
			return args[len(args)-n:]
		}
		mat := func() (matrix, bool) {
			a := last(6)
			if a == nil {
				return matrix{}, false
			}
			var m matrix
			for i := range m {
				m[i] = a[i].float()
			}
			return m, true
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if m, ok := mat(); ok {
				g.ctm = m.mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.trise = num(0)
		case "Tf":
			if a := last(2); a != nil {
				g.font = getFont(a[0].s)
				g.tfs = a[1].float()
			}
		case "Td", "TD":
			if a := last(2); a != nil {
				tx, ty := a[0].float(), a[1].float()
				if op == "TD" {
					g.tl = -ty
				}
				tlm = translate(tx, ty).mul(tlm)
				tm = tlm
			}
		case "Tm":
			if m, ok := mat(); ok {
				tm, tlm = m, m
			}
		case "T*":
			tlm = translate(0, -g.tl).mul(tlm)
			tm = tlm
		case "Tj", "'", "\"":
			if len(args) == 0 {
				return nil
			}
			if a := last(3); op == "\"" && a != nil {
				g.tw = a[0].float()
				g.tc = a[1].float()
			}
			if op != "Tj" {
				tlm = translate(0, -g.tl).mul(tlm)
				tm = tlm
			}
			show(args[len(args)-1].s)
		case "TJ":
			if len(args) == 0 {
				return nil
			}
			for _, x := range args[len(args)-1].arr {
				switch x.kind {
				case tokString:
					show(x.s)
				case tokNumber:
					tm = translate(-x.num/1000*g.tfs*g.th, 0).mul(tm)
				}
			}
		case "Do":
			if len(args) == 0 || depth >= maxFormDepth {
				return nil
			}
			xo := res.Key("XObject").Key(args[len(args)-1].s)
			if xo.Kind() != lpdf.Stream || xo.Key("Subtype").Name() != "Form" {
				return nil
			}
			m := identity
			if mv := xo.Key("Matrix"); mv.Len() == 6 {
				for i := range m {
					m[i] = mv.Index(i).Float64()
				}
			}
			r := xo.Key("Resources")
			if r.Kind() != lpdf.Dict {
				r = res
			}
			if in.forms++; in.forms > maxForms {
				return nil
			}
			return in.run(xo, r, m.mul(g.ctm), depth+1)
		}
		return nil
	}

	data, err := streamData(strm)
	if err != nil {
		return err
	}
	lx := lexer{data: data}
	var args []operand
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		switch t.kind {
		case tokOp:
			switch t.s {
			case "<<":
				skipDict(&lx)
				args = append(args, operand{kind: tokDictStart})
			case ">>", "true", "false", "null":
				args = append(args, operand{kind: tokOp})
			case "BI":
				for {
					t, ok := lx.next()
					if !ok || t.kind == tokOp && t.s == "ID" {
						break
					}
				}
				lx.skipInlineImage()
				args = args[:0]
			default:
				if err := exec(t.s, args); err != nil {
					return err
				}
				args = args[:0]
			}
		case tokArrayStart:
			args = append(args, operand{kind: tokArrayStart, arr: readArray(&lx, 0)})
		case tokArrayEnd:
		case tokNumber:
			f, _ := strconv.ParseFloat(t.s, 64)
			args = append(args, operand{kind: tokNumber, num: f})
		default:
			args = append(args, operand{kind: t.kind, s: t.s})
		}
		if len(args) > 64 {
			args = append(args[:0], args[len(args)-16:]...)
		}
	}
	return nil
}

// operand is a value on a content stream's operand stack.
type operand struct {
	kind int // tokNumber, tokString, tokName, tokArrayStart, tokDictStart, tokOp
	num  float64
	s    string
	arr  []operand
}

func (o operand) float() float64 {
	if o.kind == tokNumber {
		return o.num
	}
	return 0
}

// readArray reads the elements of an array after its "[".
func readArray(lx *lexer, depth int) []operand {
	var out []operand
	for {
		t, ok := lx.next()
		if !ok {
			return out
		}
		switch t.kind {
		case tokArrayEnd:
			return out
		case tokArrayStart:
			if depth < 16 {
				out = append(out, operand{kind: tokArrayStart, arr: readArray(lx, depth+1)})
			}
		case tokNumber:
			f, _ := strconv.ParseFloat(t.s, 64)
			out = append(out, operand{kind: tokNumber, num: f})
		case tokOp:
			if t.s == "<<" {
				skipDict(lx)
			}
		default:
			out = append(out, operand{kind: t.kind, s: t.s})
		}
	}
}

// skipDict moves past a dictionary after its "<<".
func skipDict(lx *lexer) {
	depth := 1
	for depth > 0 {
		t, ok := lx.next()
		if !ok {
			return
		}
		if t.kind == tokOp {
			switch t.s {
			case "<<":
				depth++
			case ">>":
				depth--
			}
		}
	}
}

// maxStream is the most content read from one stream.
const maxStream = 64 << 20

// streamData reads a content stream, or the concatenation of an array
// of them.
func streamData(v lpdf.Value) ([]byte, error) {
	if v.Kind() == lpdf.Array {
		var all []byte
		for i := 0; i < v.Len() && i < 4096; i++ {
			b, err := streamData(v.Index(i))
			if err != nil {
				return nil, err
			}
			all = append(append(all, b...), '\n')
		}
		return all, nil
	}
	if v.Kind() != lpdf.Stream {
		return nil, nil
	}
	rd := v.Reader()
	defer rd.Close()
	b, err := io.ReadAll(io.LimitReader(rd, maxStream))
	if err != nil {
		return nil, fmt.Errorf("reading content stream: %w", err)
	}
	return b, nil
}
