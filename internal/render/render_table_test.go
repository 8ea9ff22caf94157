package render

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"testing"
)

func TestPublishedName(t *testing.T) {
	data := []byte("body{}")
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:4])
	tests := []struct{ rel, want string }{
		{"css/keel.css", "css/keel." + h + ".css"},
		{"js/search.js", "js/search." + h + ".js"},
		{"a.b/x.min.js", "a.b/x.min." + h + ".js"},
		{"img/logo.png", "img/logo.png"}, // only CSS and JS are fingerprinted
		{"css/keel.css.map", "css/keel.css.map"},
		{"README", "README"},
	}
	for _, tt := range tests {
		if got := PublishedName(tt.rel, data); got != tt.want {
			t.Errorf("PublishedName(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
	if a, b := PublishedName("x.css", []byte("a")), PublishedName("x.css", []byte("b")); a == b {
		t.Errorf("PublishedName gives %q for two contents", a)
	}
}

func TestMessages(t *testing.T) {
	theme := []ThemeFile{
		{Path: "templates/i18n/en.json", Data: []byte(`{"search": "Search", "home": "Home"}`)},
		{Path: "templates/i18n/zh.json", Data: []byte(`{"search": "搜索"}`)},
		{Path: "templates/i18n/fr.json", Data: []byte(`{"search": `)},
	}
	tests := []struct {
		lang  string
		want  map[string]string
		diags int
	}{
		{"en", map[string]string{"search": "Search", "home": "Home"}, 0},
		{"zh", map[string]string{"search": "搜索", "home": "Home"}, 0}, // English fills the gaps
		{"fr", map[string]string{"search": "Search", "home": "Home"}, 1},
		{"de", map[string]string{"search": "Search", "home": "Home"}, 1}, // no table
	}
	for _, tt := range tests {
		got, diags := Messages(theme, tt.lang)
		if !maps.Equal(got, tt.want) || len(diags) != tt.diags {
			t.Errorf("Messages(%q) = %v, %v; want %v, %d diagnostics", tt.lang, got, diags, tt.want, tt.diags)
		}
	}
}
