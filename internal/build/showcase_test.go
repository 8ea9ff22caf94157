package build

import (
	"strings"
	"testing"
)

// The sample portal's public edition is what a hospital's CIO reads: no
// staff names, no internal process or wording, no security detail kept for
// engineers, in any file (pages, Markdown twins, llms.txt, feed, search
// index). Each phrase is in the internal edition, so the test can fail.
func TestSamplePublicEditionReadsForCustomers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample portal twice")
	}
	public := buildSite(t, "../..", Options{Audience: "public"})
	internal := buildSite(t, "../..", Options{Audience: "internal"})
	staffOnly := []string{
		"Chen Jing", "Zhou Qiang", "Sun Hao", "Liu Yang", // owners
		"internal edition", "内部版", "onboarding guide", // internal wording
		"Thursdays, 14:00", "team lead", "review list", // internal process
		"X-Hexin-Canary", "six times its limit", "eight days late", // engineers' detail
		"For account managers", "客户经理须知", // [!INTERNAL] blocks of the briefs
		"with its owner", // the board's lead, where owners are not shown
	}
	var all strings.Builder
	for _, f := range internal.Files {
		all.Write(f.Data)
	}
	for _, phrase := range staffOnly {
		if !strings.Contains(all.String(), phrase) {
			t.Errorf("the internal edition never says %q: this check proves nothing", phrase)
		}
		for _, f := range public.Files {
			if strings.Contains(string(f.Data), phrase) {
				t.Errorf("public %s says %q", f.Path, phrase)
			}
		}
	}
	for _, f := range public.Files {
		if strings.Contains(string(f.Data), "Public edition") || strings.Contains(string(f.Data), "公开版") {
			t.Errorf("public %s names its edition", f.Path)
		}
	}
}
