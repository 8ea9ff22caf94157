package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"latin lower-cased", "PostgreSQL Replication", []string{"postgresql", "replication"}},
		{"accents folded", "Café Crème Ærø straße", []string{"caf", "crem", "aero", "strass"}},
		{"stemming meets forms", "migrate migrated migrating migrates", []string{"migrat", "migrat", "migrat", "migrat"}},
		{"plurals", "queries databases indexes connections status", []string{"query", "databas", "index", "connection", "status"}},
		{"doubled consonant", "running planned installed", []string{"run", "plan", "install"}},
		{"stopwords and single letters dropped", "The cost of a migration is 5 x", []string{"cost", "migration", "5"}},
		{"punctuation separates", "rollback/restore, (fast!) state-of-the-art", []string{"rollback", "restor", "fast", "stat", "art"}},
		{"identifier whole and parts", "pg_dump max_connections", []string{"pg_dump", "pg", "dump", "max_connections", "max", "connection"}},
		{"identifier underscores trimmed", "__init__ _x_", []string{"init"}},
		{"cjk bigrams and unigrams", "数据库迁移手册", []string{"数据", "数", "据库", "据", "库迁", "库", "迁移", "迁", "移手", "移", "手册", "手", "册"}},
		{"cjk single character", "表", []string{"表"}},
		{"mixed latin and cjk", "从MySQL迁移到PostgreSQL", []string{"从", "mysql", "迁移", "迁", "移到", "移", "到", "postgresql"}},
		{"japanese and korean", "テスト 데이터", []string{"テス", "テ", "スト", "ス", "ト", "데이", "데", "이터", "이", "터"}},
		{"cjk punctuation separates", "迁移，回滚。", []string{"迁移", "迁", "移", "回滚", "回", "滚"}},
		{"full-width latin", "ＰｏｓｔｇｒｅＳＱＬ１６", []string{"postgresql16"}},
		{"combining accent", "cafe\u0301 naïve", []string{"caf", "naiv"}},
		{"dotted capital I", "İstanbul", []string{"istanbul"}},
		{"other scripts kept", "Привет мир", []string{"привет", "мир"}},
		{"numbers and versions", "MySQL 5.7 to PostgreSQL 16", []string{"mysql", "5", "7", "postgresql", "16"}},
		{"very long words dropped", strings.Repeat("ab", 30) + " ok", []string{"ok"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokenize(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "Café: pg_dump 迁移"
	var got []string
	scan(in, func(tk token) { got = append(got, in[tk.start:tk.end]) })
	want := []string{"Café", "pg_dump", "pg", "dump", "迁移", "迁", "移"}
	if !slices.Equal(got, want) {
		t.Errorf("spans = %q, want %q", got, want)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cat", "cat"}, {"string", "string"}, {"passes", "pass"}, {"analysis", "analysis"},
		{"queried", "query"}, {"agreed", "agreed"}, {"embedded", "embed"}, {"release", "releas"},
		{"releasing", "releas"}, {"released", "releas"}, {"degree", "degree"}, {"postgresql", "postgresql"},
	}
	for _, tt := range tests {
		if got := stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzTokenize checks the tokenizer's invariants on any input: terms are
// non-empty valid UTF-8 without spaces, spans lie inside the input in
// order, and tokenizing is a pure function.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"PostgreSQL 16", "pg_dump --format=custom", "数据库迁移手册", "Ærø café", "ＡＢＣ１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		scan(s, func(tk token) {
			if tk.text == "" || !utf8.ValidString(tk.text) || strings.ContainsAny(tk.text, " \t\n") {
				t.Fatalf("bad term %q from %q", tk.text, s)
			}
			if tk.start < 0 || tk.end > len(s) || tk.start >= tk.end {
				t.Fatalf("bad span [%d,%d) in %q", tk.start, tk.end, s)
			}
			if !tk.extra && tk.start < last {
				t.Fatalf("span [%d,%d) before previous term at %d in %q", tk.start, tk.end, last, s)
			}
			if !tk.extra {
				last = tk.start
			}
			if tk.cjk && utf8.RuneCountInString(tk.text) > 2 {
				t.Fatalf("CJK term %q longer than a bigram", tk.text)
			}
		})
		if a, b := Tokenize(s), Tokenize(s); !slices.Equal(a, b) {
			t.Fatalf("Tokenize not deterministic on %q", s)
		}
		for _, term := range Tokenize(s) {
			if term != strings.ToValidUTF8(term, "") {
				t.Fatalf("invalid UTF-8 term %q", term)
			}
		}
	})
}
