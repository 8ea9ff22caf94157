package meta

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// MaxSegment is the longest URL segment (a folder name in the output) keel
// writes, in bytes: file systems allow 255, and a little is left for the
// temporary names the output stage uses beside them.
const MaxSegment = 200

// ShortSegment returns s when it has at most max bytes; otherwise its first
// bytes (cut at a character boundary) and a hash of the whole, so that two
// long names that share a beginning stay apart: "very-long-…-1a2b3c4d".
func ShortSegment(s string, max int) string {
	if len(s) <= max {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	cut := max - 9
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "-" + hex.EncodeToString(sum[:4])
}
