package build

import (
	"fmt"
	"strings"
	"testing"

	"keel/internal/output"
)

// A template shows the body of the page it renders only: that HTML is all
// the build fetched, in memory or streaming alike. Another page's body is a
// template error naming the page, not an empty string or a read of the cache.
func TestBodyOfAnotherPageIsAnError(t *testing.T) {
	f := loadFixture(t, "decisions.txtar")
	writeFile(t, f.dir, "templates/blueprint.html", `{{define "main"}}{{body .Page}}{{range .Site.OfKind "blueprint"}}{{body .}}{{end}}{{end}}`)
	streaming := Options{Output: writeFunc(func(output.File) error { return nil })}
	for _, opts := range []Options{{}, streaming} {
		res := buildSite(t, f.dir, opts)
		if !res.Diags.HasErrors() || !strings.Contains(fmt.Sprint(res.Diags), "body of blueprints/") {
			t.Errorf("output %v: diagnostics %v", opts.Output != nil, res.Diags)
		}
	}
}
