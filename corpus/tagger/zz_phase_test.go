package tagger

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"testing"
	"time"
)

func TestZZPhases(t *testing.T) {
	t0 := time.Now()
	zr, _ := gzip.NewReader(bytes.NewReader(modelGz))
	off := secondMember(zr.Header.Extra, len(modelGz))
	size1 := int(binary.LittleEndian.Uint32(modelGz[off-4:]))
	size2 := int(binary.LittleEndian.Uint32(modelGz[len(modelGz)-4:]))
	data := make([]byte, size1+size2)
	t1 := time.Now()
	inflateInto(data[:size1], modelGz[:off])
	t2 := time.Now()
	inflateInto(data[size1:], modelGz[off:])
	t3 := time.Now()
	parse(data)
	t4 := time.Now()
	t.Logf("alloc %v inflateA %v inflateB %v parse %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
	t5 := time.Now()
	Load()
	t.Logf("second Load %v", time.Since(t5))
}
