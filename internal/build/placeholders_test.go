package build

import (
	"slices"
	"testing"

	keel "keel"
	"keel/internal/source"
)

// The placeholders come from the archetypes themselves: their summary-like
// values and body prose, not headings, list items or template actions.
func TestPlaceholdersOfTheShippedArchetypes(t *testing.T) {
	theme, diags := mergeTheme(keel.Theme(), source.Tree{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := placeholders(theme)
	for _, want := range []string{
		"What a reader will find here.",
		"Write the page here.",
		"One sentence on where this takes the technology and why.",
		"Current system 1.0",
		"Target system 2.0",
		"the commands, exactly as they are run",
		"Replace with a measured figure and its period",
		"https://example.com/replace-with-the-evidence",
		"One sentence a hospital CIO remembers.",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("placeholders lack %q:\n%q", want, got)
		}
	}
	for _, not := range []string{"Prepare", "Announce the window", "Keep the current setup", "platform", "migration"} {
		if slices.Contains(got, not) {
			t.Errorf("%q is not a placeholder", not)
		}
	}
}
