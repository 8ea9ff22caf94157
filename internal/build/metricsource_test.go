package build

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// A metric's source link says what it points to, on screen and on paper:
// the host of a URL, the page and heading of an anchor, only the heading of
// one in the brief itself.
func TestMetricSourceNames(t *testing.T) {
	site := `
-- content/briefs/uptime.md --
---
title: Uptime
audience: public
metrics:
  - {value: "1", label: A, source: "https://www.std.example.org/x"}
  - {value: "2", label: B, source: "#method"}
  - {value: "3", label: C, source: "plan.md#goals"}
  - {value: "4", label: D, source: "plan.md"}
  - {value: "5", label: E, source: "mailto:audit@example.com"}
---
## Method
-- content/briefs/plan.md --
---
title: Plan
audience: public
---
## Our goals {#goals}
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	page := fileMap(res.Files)["briefs/uptime/index.html"]
	for _, want := range []string{
		`href="https://www.std.example.org/x">Source: std.example.org</a>`,
		`href="/briefs/uptime/#method">Source: Method</a>`,
		`href="/briefs/plan/#goals">Source: Plan › Our goals</a>`,
		`href="/briefs/plan/">Source: Plan</a>`,
		`href="mailto:audit@example.com">Source: audit@example.com</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("brief lacks %s", want)
		}
	}
}
