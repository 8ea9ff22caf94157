package markdown

import (
	"strings"
	"testing"
)

func TestAppendFieldsIsJoinFields(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a ", "a  b\tc\n", "\u00a0x\u0085y\u2003 z", "\xffa \xfe", "中文　字", "a\x1fb", "  lead and trail  ",
	} {
		want := strings.Join(strings.Fields(s), " ")
		if got := string(appendFields(nil, s)); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
		if got := string(appendFields([]byte("p:"), s)); got != "p:"+want {
			t.Errorf("%q after p: %q", s, got)
		}
	}
}
