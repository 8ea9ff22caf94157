package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"keel/internal/browsertest"
	"keel/internal/build"
)

// READMEs show one logo per theme the GitHub way: an image whose URL ends in
// #gh-dark-mode-only appears in the dark theme only, #gh-light-mode-only in
// the light one, whether the theme comes from the system or the toggle; print
// is light.
func TestThemeOnlyImages(t *testing.T) {
	svg := func(fill string) string {
		return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="` + fill + `"/></svg>` + "\n"
	}
	srv := serveSite(t, "-- content/logo.md --\n# Logo\n\n![light](img/light.svg#gh-light-mode-only)\n![dark](img/dark.svg#gh-dark-mode-only)\n\n"+
		"<img alt=\"raw dark\" src=\"img/dark.svg#gh-dark-mode-only\">\n"+
		"-- content/img/light.svg --\n"+svg("#eee")+"-- content/img/dark.svg --\n"+svg("#222"), build.Options{})
	ctx := browsertest.New(t)
	const shown = `[...document.querySelectorAll(".prose img")].filter(i => getComputedStyle(i).display != "none").map(i => i.alt).join(",")`
	cases := []struct{ media, scheme, forced, want string }{
		{"", "light", "", "light"},
		{"", "dark", "", "dark,raw dark"},
		{"", "light", "dark", "dark,raw dark"}, // the toggle wins over the system
		{"", "dark", "light", "light"},
		{"print", "dark", "dark", "light"}, // paper is light
	}
	for _, c := range cases {
		step, cancel := browsertest.Within(ctx, 30*time.Second)
		err := chromedp.Do(step,
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: c.media,
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: c.scheme}}})
				return err
			}),
			chromedp.Navigate(srv.URL+"/logo/"),
			chromedp.WaitReady(".prose img"),
		)
		var got string
		if err == nil && c.forced != "" {
			_, err = chromedp.Run(step, chromedp.Evaluate[bool](`document.documentElement.setAttribute("data-theme", "`+c.forced+`"), true`))
		}
		if err == nil {
			got, err = chromedp.Run(step, chromedp.Evaluate[string](shown))
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("media %q, system %s, theme %q: images shown %q, want %q", c.media, c.scheme, c.forced, got, c.want)
		}
	}
}
