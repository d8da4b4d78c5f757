package pdf

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"

	lpdf "github.com/ledongthuc/pdf"
)

// The library trusts a file's cross-reference data. Some damage makes
// it loop for ever or recurse until the stack overflows (which no
// recover can catch), or allocate a table as large as a forged /Size.
// The checks here refuse such files before the library reads them.

// maxObjects bounds the object numbers a file of n bytes may use.
func maxObjects(n int) int64 {
	return min(int64(n)*4+10000, 20_000_000)
}

var startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s*%%EOF\s*$`)

// checkXref walks the chain of cross-reference sections from startxref:
// it fails on a /Prev chain that loops, and on sizes and object
// numbers out of proportion with the file.
func checkXref(data []byte) error {
	m := startxrefRe.FindSubmatch(data[max(0, len(data)-1024):])
	if m == nil {
		return nil // the library reports it
	}
	off, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		return nil
	}
	limit := maxObjects(len(data))
	seen := map[int64]bool{}
	for steps := 0; off > 0 && off < int64(len(data)); steps++ {
		if seen[off] || steps > 10000 {
			return errors.New("pdf: malformed file: the cross-reference sections loop")
		}
		seen[off] = true
		lx := lexer{data: data, pos: int(off)}
		prev, err := readSection(&lx, limit)
		if err != nil {
			return err
		}
		off = prev
	}
	return nil
}

// readSection reads one cross-reference table and its trailer, or one
// cross-reference stream's dictionary, and returns its /Prev offset (0
// when none).
func readSection(lx *lexer, limit int64) (int64, error) {
	t, ok := lx.next()
	if !ok {
		return 0, nil
	}
	if t.kind == tokOp && t.s == "xref" {
		for {
			t, ok := lx.next()
			if !ok {
				return 0, nil
			}
			if t.kind == tokOp && t.s == "trailer" {
				break
			}
			c, ok := lx.next()
			if t.kind != tokNumber || !ok || c.kind != tokNumber {
				return 0, nil // the library reports it
			}
			start, _ := strconv.ParseInt(t.s, 10, 64)
			count, _ := strconv.ParseInt(c.s, 10, 64)
			if start < 0 || count < 0 || start+count > limit {
				return 0, errors.New("pdf: malformed file: cross-reference table out of range")
			}
			for i := int64(0); i < 3*count; i++ {
				if _, ok := lx.next(); !ok {
					return 0, nil
				}
			}
		}
	} else {
		// "N G obj << ... >> stream"
		g, _ := lx.next()
		o, _ := lx.next()
		if t.kind != tokNumber || g.kind != tokNumber || o.s != "obj" {
			return 0, nil
		}
	}
	keys := dictInts(lx, "Prev", "Size")
	if size, ok := keys["Size"]; ok && (size < 0 || size > limit) {
		return 0, errors.New("pdf: malformed file: cross-reference size out of range")
	}
	return keys["Prev"], nil
}

// dictInts reads the dictionary at the lexer and returns the integer
// values of the given top-level keys.
func dictInts(lx *lexer, names ...string) map[string]int64 {
	out := map[string]int64{}
	t, ok := lx.next()
	if !ok || t.kind != tokOp || t.s != "<<" {
		return out
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	depth := 1
	arrays := 0
	for depth > 0 {
		t, ok := lx.next()
		if !ok {
			return out
		}
		switch {
		case t.kind == tokOp && t.s == "<<":
			depth++
		case t.kind == tokOp && t.s == ">>":
			depth--
		case t.kind == tokArrayStart:
			arrays++
		case t.kind == tokArrayEnd:
			arrays--
		case t.kind == tokName && depth == 1 && arrays == 0 && want[t.s]:
			v, ok := lx.next()
			if ok && v.kind == tokNumber {
				n, err := strconv.ParseInt(v.s, 10, 64)
				if err == nil {
					out[t.s] = n
				}
			}
		}
	}
	return out
}

// checkObjectStreams looks at the table the library read (its fields
// are unexported, so by reflection; nothing is checked if they change):
// an object stream stored inside another object stream, or a chain of
// /Extends that loops, would make the library recurse or loop.
func checkObjectStreams(r *lpdf.Reader, data []byte) error {
	rv := reflect.ValueOf(r).Elem().FieldByName("xref")
	if !rv.IsValid() || rv.Kind() != reflect.Slice {
		return nil
	}
	field := func(e reflect.Value, name string) (reflect.Value, bool) {
		f := e.FieldByName(name)
		return f, f.IsValid()
	}
	n := rv.Len()
	streams := map[uint64]int64{} // object stream number → offset
	for i := 0; i < n; i++ {
		e := rv.Index(i)
		in, ok1 := field(e, "inStream")
		strm, ok2 := field(e, "stream")
		if !ok1 || !ok2 || in.Kind() != reflect.Bool || strm.Kind() != reflect.Struct || strm.NumField() < 1 {
			return nil
		}
		if !in.Bool() {
			continue
		}
		id := strm.Field(0).Uint()
		if id >= uint64(n) {
			continue
		}
		se := rv.Index(int(id))
		sin, _ := field(se, "inStream")
		soff, ok := field(se, "offset")
		if sin.Bool() {
			return errors.New("pdf: malformed file: an object stream inside an object stream")
		}
		if ok && soff.Kind() == reflect.Int64 {
			streams[id] = soff.Int()
		}
	}
	// Follow each stream's /Extends.
	extends := map[uint64]uint64{}
	for id, off := range streams {
		if off <= 0 || off >= int64(len(data)) {
			continue
		}
		lx := lexer{data: data, pos: int(off)}
		lx.next() // N
		lx.next() // G
		lx.next() // obj
		if ext, ok := dictInts(&lx, "Extends")["Extends"]; ok && ext > 0 {
			extends[id] = uint64(ext)
		}
	}
	for id := range extends {
		seen := map[uint64]bool{}
		for cur, ok := id, true; ok; cur, ok = extends[cur] {
			if seen[cur] {
				return errors.New("pdf: malformed file: object streams extend each other in a loop")
			}
			seen[cur] = true
		}
	}
	return nil
}
