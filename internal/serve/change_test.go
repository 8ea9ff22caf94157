package serve

import (
	"maps"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"css/keel.3fa2c1.css", "css/keel.css"},
		{"css/keel-3fa2c1d4.css", "css/keel.css"},
		{"css/keel.K4XZ2A.css", "css/keel.css"},
		{"css/keel.css", "css/keel.css"},
		{"css/print.min.css", "css/print.min.css"}, // "min" is too short to be a fingerprint
		{"keel.3fa2c1.css", "keel.css"},
		{"css/a.b_c12345.css", "css/a.b_c12345.css"},
	}
	for _, tt := range tests {
		if got := stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEqualModuloSwap(t *testing.T) {
	swap := map[string]string{"css/a.111111.css": "css/a.222222.css", "css/b.333333.css": "css/b.444444.css"}
	tests := []struct {
		name, o, n string
		want       bool
	}{
		{"identical without names", "<p>x</p>", "<p>x</p>", true},
		{"one name swapped", `<link href="/css/a.111111.css"><p>x</p>`, `<link href="/css/a.222222.css"><p>x</p>`, true},
		{"both names, repeated", "css/b.333333.css css/a.111111.css css/b.333333.css!",
			"css/b.444444.css css/a.222222.css css/b.444444.css!", true},
		{"name not swapped in the new page", `href="/css/a.111111.css"`, `href="/css/a.111111.css"`, false},
		{"text changed too", `<link href="/css/a.111111.css"><p>x</p>`, `<link href="/css/a.222222.css"><p>y</p>`, false},
		{"text changed before the name", `<p>x</p>css/a.111111.css`, `<p>y</p>css/a.222222.css`, false},
		{"new page longer", "css/a.111111.css", "css/a.222222.css tail", false},
		{"new page truncated", "abc css/a.111111.css", "abc css/a.2222", false},
	}
	for _, tt := range tests {
		if got := equalModuloSwap([]byte(tt.o), []byte(tt.n), swap); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCSSOnly(t *testing.T) {
	const css2 = "css/keel.9bd012.css"
	renamed := func() map[string][]byte {
		f := site(css1)
		delete(f, css1)
		f[css2] = []byte("body{}")
		for _, p := range []string{"index.html", "a/index.html", "a/b/index.html", "404.html"} {
			f[p] = []byte(string(page(map[string]string{"index.html": "Home", "a/index.html": "A",
				"a/b/index.html": "B", "404.html": "Not here"}[p], css2)))
		}
		return f
	}
	tests := []struct {
		name    string
		cur     map[string][]byte
		changed []string
		want    bool
	}{
		{"renamed stylesheet", renamed(), diffFiles(site(css1), renamed()), true},
		{"in-place stylesheet", func() map[string][]byte {
			f := site(css1)
			f["css/print.css"] = []byte("x")
			return f
		}(), []string{"css/print.css"}, true},
		{"no stylesheet", site(css1), []string{"a/index.html"}, false},
		{"image", site(css1), []string{"css/print.css", "img/logo.svg"}, false},
		{"stylesheet removed, none added", func() map[string][]byte {
			f := site(css1)
			delete(f, "css/print.css")
			return f
		}(), []string{"css/print.css"}, false},
		{"page removed", func() map[string][]byte {
			f := renamed()
			delete(f, "a/b/index.html")
			return f
		}(), append(diffFiles(site(css1), renamed()), "a/b/index.html"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := cssOnly(inMap(site(css1)), inMap(tt.cur), tt.changed); got != tt.want {
				t.Errorf("cssOnly = %v, want %v (changed %q)", got, tt.want, tt.changed)
			}
		})
	}
	swap, _ := cssOnly(inMap(site(css1)), inMap(renamed()), diffFiles(site(css1), renamed()))
	if !maps.Equal(swap, map[string]string{css1: css2}) {
		t.Errorf("swap = %v", swap)
	}
}

// inMap looks files up in a map, as cssOnly does in the served sites.
func inMap(files map[string][]byte) func(string) ([]byte, bool) {
	return func(p string) ([]byte, bool) {
		b, ok := files[p]
		return b, ok
	}
}

// diffFiles is what Publish finds changed from the site old to cur.
func diffFiles(old, cur map[string][]byte) []string {
	s := New(Options{})
	prev, _ := s.store(map[string]*entry{}, Snapshot{Files: old})
	_, changed := s.store(prev, Snapshot{Files: cur})
	return changed
}
