package search

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bucketJSON is the term bucket holding terms[list...], as encoding/json
// writes a map[string][]any: keys sorted, {"term":[idf,postings or n]}.
func bucketJSON(terms []termInfo, big []int, list []int32) []byte {
	n := 2
	for _, i := range list {
		n += len(terms[i].term) + len(terms[i].enc) + 16
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for k, i := range list {
		ti := &terms[i]
		if k > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, ti.term)
		b = append(b, ":["...)
		b = strconv.AppendInt(b, int64(ti.idf), 10)
		b = append(b, ',')
		if big[i] > 0 {
			b = strconv.AppendInt(b, int64(big[i]-1), 10)
		} else {
			b = append(b, '"')
			b = append(b, ti.enc...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONString appends s as encoding/json (without HTML escaping)
// writes it: plain text as it is, anything that may need escaping through
// encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' || c >= 0x80
	}
	if !plain || !utf8.ValidString(s) || strings.ContainsAny(s, "\u2028\u2029") {
		return append(b, marshal(s)...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// bucketOf is FNV-1a (32 bit) of the term's UTF-8 bytes, modulo n.
func bucketOf(term string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(n))
}

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// vlqLen is the number of digits putVLQ writes for v.
func vlqLen(v int) int {
	n := 1
	for v >>= 5; v > 0; v >>= 5 {
		n++
	}
	return n
}

// putVLQ writes v into b at i in base-64 digits, five bits at a time, low
// bits first; the 32 bit of a digit means another digit follows. It
// returns the index after the digits.
func putVLQ(b []byte, i int32, v int) int32 {
	for {
		d := v & 31
		v >>= 5
		if v > 0 {
			b[i] = digits[d|32]
			i++
		} else {
			b[i] = digits[d]
			return i + 1
		}
	}
}

func writeFixed(b *strings.Builder, v, width int) {
	for i := width - 1; i >= 0; i-- {
		b.WriteByte(digits[(v>>(6*i))&63])
	}
}

func marshal(v any) []byte {
	var m marshaler
	return m.marshal(v)
}

// marshaler encodes JSON reusing one buffer; its results are exact-size
// copies.
type marshaler struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (m *marshaler) marshal(v any) []byte {
	if m.enc == nil {
		m.enc = json.NewEncoder(&m.buf)
		m.enc.SetEscapeHTML(false)
	}
	m.buf.Reset()
	if err := m.enc.Encode(v); err != nil {
		panic(err) // only our own plain types are encoded
	}
	return bytes.Clone(bytes.TrimSuffix(m.buf.Bytes(), []byte("\n")))
}
