package tagger

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
)

//go:embed model.bin.gz
var modelGz []byte

// Magic starts every (decompressed) model.
const Magic = "PTAGGER3"

// MaxClasses is the largest number of classes (tags) a model may have:
// class indexes are stored as one byte.
const MaxClasses = 256

// ExtraID is the ID of the gzip extra subfield (RFC 1952) in the header of
// a model file's first gzip member that holds the file offsets of the
// second and third members, as two little-endian uint32.
const ExtraID = "PT"

var errCorrupt = errors.New("tagger: corrupt model")

// Load decompresses and indexes the embedded model. Load once and share
// the Tagger.
func Load() (*Tagger, error) {
	t, err := loadParallel(modelGz)
	if err != nil {
		return nil, fmt.Errorf("tagger: embedded model: %w", err)
	}
	return t, nil
}

// Read reads a model in the format written by ./gen (a gzip file of one or
// more members, decompressed as one stream).
func Read(r io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	t, rest, err := parseKeys(data)
	if err != nil {
		return nil, err
	}
	p, rest, err := parsePairs(rest)
	if err != nil {
		return nil, err
	}
	if err := t.setPairs(p, rest); err != nil {
		return nil, err
	}
	return t, nil
}

// members returns the offsets of the second and third gzip members from
// the first member's extra field, or 0, 0.
func members(field []byte, size int) (off2, off3 int) {
	for len(field) >= 4 {
		n := int(binary.LittleEndian.Uint16(field[2:4]))
		if 4+n > len(field) {
			return 0, 0
		}
		if string(field[:2]) == ExtraID && n == 8 {
			off2 = int(binary.LittleEndian.Uint32(field[4:8]))
			off3 = int(binary.LittleEndian.Uint32(field[8:12]))
			// A gzip member is at least 18 bytes.
			if off2 < 18 || off3 < off2+18 || off3 > size-18 {
				return 0, 0
			}
			return off2, off3
		}
		field = field[4+n:]
	}
	return 0, 0
}

// inflate decompresses the single gzip member gz; its trailer (the last 4
// bytes) gives the size.
func inflate(gz []byte) ([]byte, error) {
	br := bytes.NewReader(gz)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	if size > 64*len(gz) {
		return nil, errCorrupt
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(zr, data); err != nil {
		return nil, err
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF || br.Len() != 0 {
		return nil, errCorrupt
	}
	return data, nil
}

// loadParallel decodes the keys (first member) in this goroutine and the
// pairs (second and third members) in another.
func loadParallel(gz []byte) (*Tagger, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	off2, off3 := members(zr.Header.Extra, len(gz))
	if off2 == 0 {
		return Read(bytes.NewReader(gz))
	}
	type result struct {
		p   pairs
		w   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		var b []byte
		if b, r.err = inflate(gz[off2:off3]); r.err == nil {
			var rest []byte
			r.p, rest, r.err = parsePairs(b)
			if r.err == nil && len(rest) != 0 {
				r.err = errCorrupt
			}
		}
		if r.err == nil {
			r.w, r.err = inflate(gz[off3:])
		}
		ch <- r
	}()
	var t *Tagger
	b, err := inflate(gz[:off2])
	if err == nil {
		var rest []byte
		t, rest, err = parseKeys(b)
		if err == nil && len(rest) != 0 {
			err = errCorrupt
		}
	}
	r := <-ch
	if err == nil {
		err = r.err
	}
	if err == nil {
		err = t.setPairs(r.p, r.w)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a uvarint that must be at most limit.
func (r *reader) count(limit int) int {
	v := r.uvarint()
	if v > uint64(limit) {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) str() string { return string(r.bytes(r.count(len(r.b)))) }

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.b = nil
}

// parseKeys parses the header and the keys and indexes the keys; it
// returns the rest of data.
func parseKeys(data []byte) (*Tagger, []byte, error) {
	if !bytes.HasPrefix(data, []byte(Magic)) {
		return nil, nil, fmt.Errorf("tagger: not a model (want magic %q)", Magic)
	}
	r := &reader{b: data[len(Magic):]}
	t := &Tagger{}
	t.scale = int32(r.count(1 << 30))
	nc := r.count(MaxClasses)
	t.classes = make([]string, nc)
	for i := range t.classes {
		t.classes[i] = r.str()
	}
	nt := r.count(noCode)
	for i := range t.code {
		t.code[i] = noCode
	}
	for i := range nt {
		name := r.str()
		for tm, n := range templateNames {
			if n == name {
				t.code[tm] = byte(i)
			}
		}
	}
	nd := r.count(len(r.b))
	t.dict = make(map[string]uint8, nd)
	for range nd {
		w := r.str()
		c := r.byte()
		if int(c) >= nc {
			r.fail()
		}
		t.dict[w] = c
	}
	nf := r.count(1<<31 - 2)
	nk := r.count(1<<31 - 1)
	// Every key takes at least 2 bytes in the file, and is at most as
	// long as the previous one plus its suffix.
	if r.err != nil || nf > len(r.b)/2 || nk > 64*len(data) {
		return nil, nil, errCorrupt
	}

	t.keys = make([]byte, 0, nk)
	t.keyOff = make([]uint32, nf+1)
	size := 1
	for size < nf+nf/2+1 {
		size <<= 1
	}
	t.table = make([]uint32, size)
	t.mask = uint64(size - 1)
	t.idxBits = uint(bits.Len(uint(nf)))
	t.seed = maphash.MakeSeed()
	b := r.b
	prev := 0
	for i := range nf {
		shared, n := binary.Uvarint(b)
		if n <= 0 || shared > uint64(len(t.keys)-prev) {
			return nil, nil, errCorrupt
		}
		b = b[n:]
		sl, n := binary.Uvarint(b)
		if n <= 0 || sl > uint64(len(b)-n) {
			return nil, nil, errCorrupt
		}
		suffix := b[n : n+int(sl)]
		b = b[n+int(sl):]
		if len(t.keys)+int(shared)+len(suffix) > nk {
			return nil, nil, errCorrupt
		}
		start := len(t.keys)
		t.keys = append(t.keys, t.keys[prev:prev+int(shared)]...)
		t.keys = append(t.keys, suffix...)
		key := t.keys[start:]
		if i > 0 && bytes.Compare(t.keys[prev:start], key) >= 0 {
			return nil, nil, errors.New("tagger: corrupt model: feature keys not sorted")
		}
		prev = start
		t.keyOff[i+1] = uint32(len(t.keys))

		h := maphash.Bytes(t.seed, key)
		j := h & t.mask
		for t.table[j] != 0 {
			j = (j + 1) & t.mask
		}
		t.table[j] = uint32(h>>(32+t.idxBits))<<t.idxBits | uint32(i+1)
	}
	if len(t.keys) != nk {
		return nil, nil, errCorrupt
	}
	return t, b, nil
}

// pairs is the decoded counts and classes section.
type pairs struct {
	nf, np  int
	pairOff []uint32
	cls     []byte
}

// parsePairs parses the counts and classes; it returns the rest of b.
func parsePairs(b []byte) (pairs, []byte, error) {
	r := &reader{b: b}
	var p pairs
	p.nf = r.count(len(b))
	p.np = r.count(len(b))
	if r.err != nil {
		return p, nil, r.err
	}
	b = r.b
	p.pairOff = make([]uint32, p.nf+1)
	total := 0
	for i := range p.nf {
		var c int
		if len(b) > 0 && b[0] < 0x80 {
			c, b = int(b[0]), b[1:]
		} else {
			v, n := binary.Uvarint(b)
			if n <= 0 || v > uint64(p.np) {
				return p, nil, errCorrupt
			}
			c, b = int(v), b[n:]
		}
		total += c
		if c == 0 || total > p.np {
			return p, nil, errCorrupt
		}
		p.pairOff[i+1] = uint32(total)
	}
	if total != p.np || len(b) < p.np {
		return p, nil, errCorrupt
	}
	p.cls = b[:p.np:p.np]
	return p, b[p.np:], nil
}

// setPairs checks p and the weights w against t and installs them.
func (t *Tagger) setPairs(p pairs, w []byte) error {
	if p.nf != len(t.keyOff)-1 || len(w) != 2*p.np {
		return errCorrupt
	}
	for _, c := range p.cls {
		if int(c) >= len(t.classes) {
			return errCorrupt
		}
	}
	t.pairOff, t.cls, t.w = p.pairOff, p.cls, w
	var s scratch
	s.t = t
	if c := t.code[tBias]; c != noCode {
		s.add(t.lookup([]byte{c}))
	}
	nc := len(t.classes)
	t.biasScores = append([]int32(nil), s.scores[:nc]...)
	t.biasSeen = append([]bool(nil), s.seen[:nc]...)
	return nil
}

// lookup returns the index of the feature with the given key, or -1.
func (t *Tagger) lookup(key []byte) int {
	h := maphash.Bytes(t.seed, key)
	idxMask := uint32(1)<<t.idxBits - 1
	tag := uint32(h>>(32+t.idxBits)) << t.idxBits
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		e := t.table[j]
		if e == 0 {
			return -1
		}
		if e&^idxMask != tag {
			continue
		}
		i := int(e&idxMask) - 1
		if string(t.keys[t.keyOff[i]:t.keyOff[i+1]]) == string(key) {
			return i
		}
	}
}
