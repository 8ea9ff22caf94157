package markdown

import (
	"strings"
	"testing"
)

// A task-list item is a real <label> around its checkbox and text, so a
// click on the text toggles it; nested lists stay outside the label.
func TestTaskItemsAreLabels(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"tight", "- [ ] Take a **backup**\n- [x] Done\n", []string{
			`<li><label class="task"><input disabled="" type="checkbox"> Take a <strong>backup</strong></label></li>`,
			`<li><label class="task"><input checked="" disabled="" type="checkbox"> Done</label></li>`}},
		{"loose", "- [ ] One\n\n- [ ] Two\n", []string{
			`<p><label class="task"><input disabled="" type="checkbox"> One</label></p>`}},
		{"nested list stays out", "- [ ] Parent\n  - [ ] Child\n", []string{
			`<label class="task"><input disabled="" type="checkbox"> Parent</label>` + "\n<ul>",
			`<label class="task"><input disabled="" type="checkbox"> Child</label></li>`}},
		{"plain items untouched", "- no box\n", []string{`<li>no box</li>`}},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, diags := c.Convert("a.md", []byte(tt.in), 1, 0)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
		})
	}
}
