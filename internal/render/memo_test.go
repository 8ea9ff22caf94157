package render

import "testing"

// A view whose file defines templates besides "main" could override what a
// memoised part calls, so its parts are its own; the others share them.
func TestGroupOf(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`{{define "main"}}<p>{{.Title}}</p>{{end}}`, ""},
		{`{{define "main"}}{{template "card" .Page}}{{end}}`, ""},
		{``, ""},
		{`{{define "main"}}x{{end}}{{define "card"}}<li>{{.URL}}</li>{{end}}`, "section"},
		{`{{define "badges"}}{{end}}`, "section"},
		{`{{define "main"}}{{if}}{{end}}`, "section"}, // does not parse: nothing shared
	}
	for _, tt := range tests {
		if got := groupOf("section", "templates/section.html", tt.src); got != tt.want {
			t.Errorf("groupOf(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
