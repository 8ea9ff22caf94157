package build

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// llms.txt lists the translations too, one section per other language, and
// never a page the edition leaves out.
func TestLlmsTxtListsTranslations(t *testing.T) {
	site := `
-- keel.yaml --
title: Portal
languages: [en, zh]
-- content/_index.md --
---
title: Portal
audience: public
---
-- content/_index.zh.md --
---
title: 门户
audience: public
---
-- content/briefs/a.md --
---
title: Uptime
summary: How we stay up.
audience: public
---
-- content/briefs/a.zh.md --
---
title: 可用性
summary: 我们如何保持可用。
audience: public
---
-- content/briefs/b.zh.md --
---
title: 内部简报
---
`
	f := writeArchive(t, txtar.Parse([]byte(site)))
	res := buildSite(t, f.dir, Options{Audience: "public", BaseURL: "https://docs.example/"})
	got := fileMap(res.Files)["llms.txt"]
	for _, want := range []string{
		"- [Uptime](https://docs.example/briefs/a/index.md): How we stay up.\n",
		"\n## 门户 (zh)\n\n- [门户](https://docs.example/zh/index.md)\n",
		"- [可用性](https://docs.example/zh/briefs/a/index.md): 我们如何保持可用。\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("llms.txt lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "内部简报") {
		t.Errorf("llms.txt lists an internal translation:\n%s", got)
	}
}
