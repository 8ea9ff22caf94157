package meta

import (
	"slices"
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

// translations: gives the other languages their own keel.yaml text; In
// applies it (a team's name or description replaces the default's by key,
// an empty field keeps the default's), and only for that language.
func TestConfigTranslations(t *testing.T) {
	const base = "languages: [en, zh]\ncopyright: © Hexin\ndescription: Portal\nteams:\n  sre: {name: Site Reliability, description: Keeps production up.}\n  his: HIS\n"
	for _, c := range []struct {
		name, src string
		lang      string
		want      string // title|description|copyright|key=name/description;…
		diags     string
	}{
		{"none", base, "zh", "keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/", ""},
		{"zh", base + "translations:\n  zh:\n    copyright: © 禾信健康\n    teams:\n      sre: {name: 运维保障组}\n      data: 数据平台组\n", "zh",
			"keel|Portal|© 禾信健康|sre=运维保障组/Keeps production up.;his=HIS/;data=数据平台组/", ""},
		{"default language unchanged", base + "translations:\n  zh: {copyright: © 禾信健康, title: 门户}\n", "en",
			"keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/", ""},
		{"before languages", "translations:\n  zh: {description: 门户}\n" + base, "zh",
			"keel|门户|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/", ""},
		{"one language", "translations:\n  zh: {copyright: x}\n", "zh", "keel|||", "keel.yaml:2:3: error: translations: zh: the site has one language"},
		{"the default", base + "translations:\n  en: {copyright: x}\n", "en", "keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/",
			"keel.yaml:8:3: error: translations: en is the default language"},
		{"unknown field", base + "translations:\n  zh: {copyrigt: x}\n", "zh", "keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/",
			`keel.yaml:8:8: warning: unknown key translations.zh.copyrigt (did you mean "copyright"?)`},
		{"tags", base + "translations:\n  zh:\n    tags: {security: 数据安全, on-call: 值班}\n", "zh",
			"keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/|on-call=值班,security=数据安全", ""},
		{"tags not a mapping", base + "translations:\n  zh:\n    tags: [security]\n", "zh",
			"keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/", "keel.yaml:9:11: error: translations.zh.tags must be a mapping of tag to its name"},
		{"not a mapping", base + "translations: [zh]\n", "zh", "keel|Portal|© Hexin|sre=Site Reliability/Keeps production up.;his=HIS/",
			"keel.yaml:7:15: error: translations must be a mapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, diags := DecodeConfig([]byte(c.src))
			var got strings.Builder
			diags.WriteText(&got)
			if c.diags == "" && got.Len() > 0 || !strings.Contains(got.String(), c.diags) {
				t.Errorf("diagnostics %q, want %q", got.String(), c.diags)
			}
			in := cfg.In(c.lang)
			var teams []string
			for _, tm := range in.Teams {
				teams = append(teams, tm.Key+"="+tm.Name+"/"+tm.Description)
			}
			summary := in.Title + "|" + in.Description + "|" + in.Copyright + "|" + strings.Join(teams, ";")
			if len(in.TagNames) > 0 {
				var tags []string
				for k, v := range in.TagNames {
					tags = append(tags, k+"="+v)
				}
				slices.Sort(tags)
				summary += "|" + strings.Join(tags, ",")
			}
			if s := summary; s != c.want {
				t.Errorf("In(%s) = %s, want %s", c.lang, s, c.want)
			}
			if in.Language != c.lang {
				t.Errorf("In(%s).Language = %s", c.lang, in.Language)
			}
		})
	}
}
