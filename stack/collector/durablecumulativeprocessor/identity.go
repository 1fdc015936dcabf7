package durablecumulativeprocessor

import (
	"encoding/binary"
	"hash/maphash"
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// Stream identities are hashed per process: the journal stores whole points, and the keys are recomputed from
// them on replay, so the seed never needs to be stable.
var hashSeed = maphash.MakeSeed()

type streamKey uint64

func hashResource(r pcommon.Resource, schemaURL string) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	h.WriteString(schemaURL)
	writeMap(&h, r.Attributes())
	return h.Sum64()
}

func hashScope(s pcommon.InstrumentationScope, schemaURL string) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	writeString(&h, s.Name())
	writeString(&h, s.Version())
	writeString(&h, schemaURL)
	writeMap(&h, s.Attributes())
	return h.Sum64()
}

func hashMetric(m pmetric.Metric) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	writeString(&h, m.Name())
	writeString(&h, m.Unit())
	h.WriteByte(byte(m.Type()))
	if m.Type() == pmetric.MetricTypeSum && m.Sum().IsMonotonic() {
		h.WriteByte(1)
	} else {
		h.WriteByte(0)
	}
	return h.Sum64()
}

func keyOf(resource, scope, metric uint64, attrs pcommon.Map) streamKey {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	var buf [24]byte
	binary.LittleEndian.PutUint64(buf[0:], resource)
	binary.LittleEndian.PutUint64(buf[8:], scope)
	binary.LittleEndian.PutUint64(buf[16:], metric)
	h.Write(buf[:])
	writeMap(&h, attrs)
	return streamKey(h.Sum64())
}

// writeMap hashes a map independently of its key order; each entry is length-prefixed and typed, so "a"="bc" and
// "ab"="c" or the string "1" and the int 1 never collide by construction.
func writeMap(h *maphash.Hash, m pcommon.Map) {
	keys := make([]string, 0, m.Len())
	m.Range(func(k string, _ pcommon.Value) bool {
		keys = append(keys, k)
		return true
	})
	slices.Sort(keys)
	for _, k := range keys {
		v, _ := m.Get(k)
		writeString(h, k)
		h.WriteByte(byte(v.Type()))
		writeString(h, v.AsString())
	}
}

func writeString(h *maphash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.WriteString(s)
}
