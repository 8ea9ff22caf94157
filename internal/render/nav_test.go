package render

import "testing"

// window keeps 2·span+1 entries around k, shifted inside 0..n at the ends.
func TestNavWindow(t *testing.T) {
	for _, c := range []struct{ k, n, lo, hi int }{
		{0, 500, 0, 21},
		{5, 500, 0, 21},
		{10, 500, 0, 21},
		{11, 500, 1, 22},
		{250, 500, 240, 261},
		{499, 500, 479, 500},
		{490, 500, 479, 500},
		{3, 7, 0, 7},
		{0, 0, 0, 0},
		{0, 1, 0, 1},
	} {
		if lo, hi := window(c.k, c.n, navSpan); lo != c.lo || hi != c.hi {
			t.Errorf("window(%d, %d) = [%d, %d), want [%d, %d)", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
}
