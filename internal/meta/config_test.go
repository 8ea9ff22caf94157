package meta

import (
	"strings"
	"testing"
)

func TestConfigTeams(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []Team
		diags     string
	}{
		{"names and descriptions", "teams:\n  sre:\n    name: Site Reliability\n    description: Keeps production up.\n  data: Data Platform\n",
			[]Team{{Key: "sre", Name: "Site Reliability", Description: "Keeps production up."}, {Key: "data", Name: "Data Platform"}}, ""},
		{"unknown field", "teams:\n  sre:\n    titel: SRE\n",
			[]Team{{Key: "sre"}}, "keel.yaml:3:5: warning: unknown key teams.sre.titel"},
		{"not a mapping", "teams: [sre]\n", nil, "keel.yaml:1:8: error: teams must be a mapping"},
		{"bad team", "teams:\n  sre: [a]\n", nil, "keel.yaml:2:8: error: teams.sre must be a mapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, diags := DecodeConfig([]byte(c.src))
			var got strings.Builder
			diags.WriteText(&got)
			if c.diags == "" && got.Len() > 0 || !strings.Contains(got.String(), c.diags) {
				t.Errorf("diagnostics %q, want %q", got.String(), c.diags)
			}
			if len(cfg.Teams) != len(c.want) {
				t.Fatalf("teams %+v, want %+v", cfg.Teams, c.want)
			}
			for i := range c.want {
				if cfg.Teams[i] != c.want[i] {
					t.Errorf("team %d: %+v, want %+v", i, cfg.Teams[i], c.want[i])
				}
			}
		})
	}
}

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

func TestConfigLanguages(t *testing.T) {
	for _, c := range []struct {
		name, src string
		langs     []string
		lang      string
		diags     string
	}{
		{"none", "title: x\n", nil, "en", ""},
		{"two", "languages: [en, zh]\n", []string{"en", "zh"}, "en", ""},
		{"chinese first", "languages: [zh, en]\n", []string{"zh", "en"}, "zh", ""},
		{"one is a plain site", "languages: [zh]\n", nil, "zh", ""},
		{"agrees with language", "language: en\nlanguages: [en, zh]\n", []string{"en", "zh"}, "en", ""},
		{"disagrees with language", "language: zh\nlanguages: [en, zh]\n", []string{"en", "zh"}, "en", `keel.yaml:1:11: error: language "zh" differs from the first of languages (en)`},
		{"unknown", "languages: [en, fr]\n", nil, "en", `keel.yaml:1:12: error: languages: "fr" is not a language keel has UI strings for (en, zh)`},
		{"twice", "languages: [en, zh, en]\n", []string{"en", "zh"}, "en", `languages: "en" is listed twice`},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, diags := DecodeConfig([]byte(c.src))
			var got strings.Builder
			diags.WriteText(&got)
			if c.diags == "" && got.Len() > 0 || !strings.Contains(got.String(), c.diags) {
				t.Errorf("diagnostics %q, want %q", got.String(), c.diags)
			}
			if strings.Join(cfg.Languages, ",") != strings.Join(c.langs, ",") || cfg.Language != c.lang {
				t.Errorf("languages %v language %q, want %v %q", cfg.Languages, cfg.Language, c.langs, c.lang)
			}
		})
	}
}
