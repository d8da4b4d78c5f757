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
const Magic = "PTAGGER2"

// MaxClasses is the largest number of classes (tags) a model may have:
// class indexes are stored as one byte.
const MaxClasses = 256

// ExtraID is the ID of the gzip extra subfield (RFC 1952) in the header of
// a model's first gzip member whose 4-byte little-endian value is the file
// offset of the second member.
const ExtraID = "PT"

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
	return parse(data)
}

// secondMember returns the offset of the second gzip member from the first
// member's extra field, or 0.
func secondMember(extra []byte, size int) int {
	for len(extra) >= 4 {
		n := int(binary.LittleEndian.Uint16(extra[2:4]))
		if 4+n > len(extra) {
			return 0
		}
		if string(extra[:2]) == ExtraID && n == 4 {
			off := int(binary.LittleEndian.Uint32(extra[4:8]))
			if off >= 18 && off <= size-18 {
				return off
			}
			return 0
		}
		extra = extra[4+n:]
	}
	return 0
}

// inflateInto decompresses the single gzip member gz into dst, which must
// be exactly its size.
func inflateInto(dst, gz []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	zr.Multistream(false)
	if _, err := io.ReadFull(zr, dst); err != nil {
		return err
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		return errCorrupt
	}
	return nil
}

// loadParallel inflates the two members of gz concurrently into one
// buffer; the members' sizes are in their trailers.
func loadParallel(gz []byte) (*Tagger, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	off := secondMember(zr.Header.Extra, len(gz))
	if off == 0 {
		return Read(bytes.NewReader(gz))
	}
	size1 := int(binary.LittleEndian.Uint32(gz[off-4:]))
	size2 := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	data := make([]byte, size1+size2)
	ch := make(chan error, 1)
	go func() { ch <- inflateInto(data[size1:], gz[off:]) }()
	err = inflateInto(data[:size1], gz[:off])
	if err2 := <-ch; err == nil {
		err = err2
	}
	if err != nil {
		return nil, err
	}
	return parse(data)
}

var errCorrupt = errors.New("tagger: corrupt model")

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

// parse checks and indexes a decompressed model; t.data is data.
func parse(data []byte) (*Tagger, error) {
	if !bytes.HasPrefix(data, []byte(Magic)) {
		return nil, fmt.Errorf("tagger: not a model (want magic %q)", Magic)
	}
	if len(data) >= 1<<31 {
		return nil, errors.New("tagger: model too large")
	}
	r := &reader{b: data[len(Magic):]}
	t := &Tagger{data: data, seed: maphash.MakeSeed()}
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
	nf := r.count(len(r.b))
	if r.err != nil {
		return nil, r.err
	}
	t.recStart = len(data) - len(r.b)

	size := 1
	for size < nf+nf/2+1 {
		size <<= 1
	}
	t.table = make([]uint32, size)
	t.mask = uint64(size - 1)
	t.offBits = uint(bits.Len32(uint32(len(data))))
	d := data
	p := t.recStart
	var prev []byte
	for range nf {
		off := p
		klen, n := binary.Uvarint(d[p:])
		if n <= 0 || klen == 0 || klen > uint64(len(d)-p-n) {
			return nil, errCorrupt
		}
		p += n
		key := d[p : p+int(klen)]
		p += int(klen)
		if prev != nil && bytes.Compare(prev, key) >= 0 {
			return nil, errors.New("tagger: corrupt model: feature keys not sorted")
		}
		prev = key
		np, n := binary.Uvarint(d[p:])
		if n <= 0 {
			return nil, errCorrupt
		}
		p += n
		if np == 0 || 3*np > uint64(len(d)-p) {
			return nil, errCorrupt
		}
		for range np {
			if int(d[p]) >= nc {
				return nil, errCorrupt
			}
			p += 3
		}
		h := maphash.Bytes(t.seed, key)
		e := uint32(h>>(32+t.offBits))<<t.offBits | uint32(off)
		i := h & t.mask
		for t.table[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.table[i] = e
	}
	if p != len(d) {
		return nil, fmt.Errorf("tagger: %d trailing bytes in model", len(d)-p)
	}
	if c := t.code[tBias]; c != noCode {
		t.bias = t.lookup([]byte{c})
	}
	return t, nil
}

// lookup returns the record offset of the feature with the given key, or 0.
func (t *Tagger) lookup(key []byte) int {
	h := maphash.Bytes(t.seed, key)
	offMask := uint32(1)<<t.offBits - 1
	tag := uint32(h>>(32+t.offBits)) << t.offBits
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		e := t.table[i]
		if e == 0 {
			return 0
		}
		if e&^offMask != tag {
			continue
		}
		off := int(e & offMask)
		klen, n := uvarint(t.data[off:])
		if k := t.data[off+n:]; klen == len(key) && string(k[:klen]) == string(key) {
			return off
		}
	}
}

// uvarint is binary.Uvarint with a fast path for one byte, for sizes that
// parse has checked.
func uvarint(d []byte) (int, int) {
	if d[0] < 0x80 {
		return int(d[0]), 1
	}
	v, n := binary.Uvarint(d)
	return int(v), n
}
