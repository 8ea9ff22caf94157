package chromarun

import "testing"

func TestLooseFirst(t *testing.T) {
	for _, c := range []struct {
		pattern, flags string
		starts, not    string // bytes in the set, bytes not in it
		ok             bool
	}{
		{`[0-9][0-9_]*(\.[0-9_]+|\.[0-9_]*(?!\.))`, "", "09", "a._", true},
		{`(?s)(b?r)(#*)(".*?"\2)`, "", "br", `"#a`, true},
		{`(?<=x)y`, "", "y", "x", true},
		{`(?=a)[a-c]`, "", "abc", "d", true},
		{`(?>ab|c)d`, "", "ac", "bd", true},
		{`(?<n>q)\k<n>`, "", "", "", false}, // \k is no RE2 escape
		{`(?!x)`, "", "", "", false},        // empty: tried everywhere
		{`a*`, "", "", "", false},
		{`(?i)abc`, "", "", "", false},
		{`abc`, "i", "", "", false},
		{`[\](]z`, "", "](", "z", true},
	} {
		s, ok := looseFirst(c.pattern, c.flags)
		if ok != c.ok {
			t.Errorf("%q: ok %v, want %v", c.pattern, ok, c.ok)
			continue
		}
		for i := 0; i < len(c.starts); i++ {
			if !s.has(c.starts[i]) {
				t.Errorf("%q: %q not in the set", c.pattern, c.starts[i])
			}
		}
		for i := 0; i < len(c.not); i++ {
			if s.has(c.not[i]) {
				t.Errorf("%q: %q in the set", c.pattern, c.not[i])
			}
		}
	}
}
