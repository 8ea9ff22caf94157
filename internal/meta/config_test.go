package meta

import (
	"strings"
	"testing"
)

func TestConfigEditor(t *testing.T) {
	tests := []struct {
		yaml, want, err string
	}{
		{"", DefaultEditor, ""},
		{"editor: idea://open?file={path}&line={line}\n", "idea://open?file={path}&line={line}", ""},
		{"editor: subl://open?url=file://{path}&line={line}\n", "subl://open?url=file://{path}&line={line}", ""},
		{"editor: vscode://file/here\n", DefaultEditor, "keel.yaml:1:9: error: editor \"vscode://file/here\": must contain {path}"},
		{"editor: javascript:alert({path})\n", DefaultEditor, "must not be a javascript: or data: URL"},
		{"editor: '{path}:{line}'\n", DefaultEditor, "must be a URL with a scheme"},
	}
	for _, tt := range tests {
		c, diags := DecodeConfig([]byte(tt.yaml))
		if tt.yaml == "" {
			c, diags = DecodeConfig(nil)
		}
		if c.Editor != tt.want {
			t.Errorf("%q: Editor = %q, want %q", tt.yaml, c.Editor, tt.want)
		}
		var got strings.Builder
		diags.WriteText(&got)
		if tt.err == "" && got.Len() > 0 || tt.err != "" && !strings.Contains(got.String(), tt.err) {
			t.Errorf("%q: diagnostics %q, want %q", tt.yaml, got.String(), tt.err)
		}
	}
}
