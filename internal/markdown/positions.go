package markdown

import "unicode/utf8"

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// positions turns byte offsets into 1-based lines and 1-based columns counted
// in characters, which is what editors jump to. Offsets mostly come in
// document order, so a column is counted on from the previous answer on the
// same line: a line with thousands of links costs linear time, not quadratic.
type positions struct {
	src            []byte
	starts         []int
	line, off, col int // the previous answer (line 0: none)
}

func (p *positions) at(off int) (int, int) {
	off = min(off, len(p.src))
	lo, hi := 0, len(p.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	from, col := p.starts[lo], 1
	if p.line == lo+1 && off >= p.off {
		from, col = p.off, p.col
	}
	col += utf8.RuneCount(p.src[from:off])
	p.line, p.off, p.col = lo+1, off, col
	return lo + 1, col
}
