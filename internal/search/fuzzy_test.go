package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"postgres", "postgres", 2, 0},
		{"postgress", "postgres", 2, 1},
		{"opentelemtry", "opentelemetry", 2, 1},
		{"kafak", "kafka", 2, 1}, // transposition
		{"redsi", "redis", 1, 1},
		{"rollbakc", "rollback", 2, 1},
		{"migartion", "migration", 2, 1},
		{"abcdef", "badcfe", 5, 3},
		{"kubernetes", "kubernetis", 2, 1},
		{"cache", "latency", 2, 3}, // more than max: max+1
		{"数据", "数据库", 2, 1},
		{"", "abc", 3, 3},
	}
	for _, tt := range tests {
		if got := osa(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

func TestFacetValue(t *testing.T) {
	for in, want := range map[string]string{"li.wei": "li-wei", "Platform": "platform", "Data Platform": "data-platform",
		"  sre ": "sre", "平台组": "平台组", "a__b--c": "a-b-c", "": "", "!!": ""} {
		if got := facetValue(in); got != want {
			t.Errorf("facetValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFuzzyIndex checks the deletion index: every eligible term is in the
// bucket of each of its keys, and no facet term, number or CJK term is.
func TestFuzzyIndex(t *testing.T) {
	pub, _ := fixtureDocs("/")
	files := Build(pub)
	ix, err := Open(files)
	if err != nil {
		t.Fatal(err)
	}
	nb := ix.meta.Fuzzy
	if nb < 1 {
		t.Fatalf("meta.zb = %d", nb)
	}
	buckets := map[string]map[string]int{}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "search/z/") {
			var m map[string]int
			if err := json.Unmarshal(f.Data, &m); err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
			buckets[f.Path] = m
			for term := range m {
				if !fuzzyTerm(term) {
					t.Errorf("%s holds %q", f.Path, term)
				}
			}
		}
	}
	for _, term := range []string{"opentelemetry", "postgr", "rollback", "replica"} {
		deletions(term, func(k string) {
			p := fmt.Sprintf("search/z/%x.json", bucketOf(k, nb))
			if _, ok := buckets[p][term]; !ok {
				t.Errorf("key %q of %q: not in %s", k, term, p)
			}
		})
	}
}

func TestQueryTypos(t *testing.T) {
	pub, _ := fixtureDocs("/")
	ix, err := Open(Build(pub))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q, first, suggest string
	}{
		{"postgress", "/manuals/mysql-to-postgresql/", "postgres"},
		{"opentelemtry", "/blueprints/observability/#tracing", "opentelemetry"},
		{"opentelemtry ", "/blueprints/observability/#tracing", "opentelemetry"},
		{"rollbakc", "/manuals/mysql-to-postgresql/#rollback", "rollback"}, // transposition
		{"replicaton lag", "/manuals/mysql-to-postgresql/#rollback", "replication lag"},
		{"kafak", "/blueprints/kafka-retirement/", "kafka"},
		{"redsi", "/manuals/redis-upgrade/", "redis"},
		{"rdis", "/manuals/redis-upgrade/", "redis"},
		{"opentlemetryy", "/blueprints/observability/#tracing", "opentelemetry"}, // two edits in a long word
		{"Observabilty kind:blueprint", "/blueprints/observability/", "observability kind:blueprint"},
	}
	for _, tt := range tests {
		r, err := ix.Query(tt.q, Filters{})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 || r.Hits[0].URL != tt.first {
			t.Errorf("%q: hits %+v, want %s first", tt.q, r.Hits, tt.first)
			continue
		}
		if r.Suggest != tt.suggest {
			t.Errorf("%q: suggest %q, want %q", tt.q, r.Suggest, tt.suggest)
		}
	}
	// Too far, or too short to correct.
	for _, q := range []string{"posgtrexxx", "rds", "kubernetes", "pgloadr_x"} {
		if r, _ := ix.Query(q, Filters{}); r.Total != 0 || r.Suggest != "" {
			t.Errorf("%q: %d results, suggest %q; want none", q, r.Total, r.Suggest)
		}
	}
	// An exact word is not corrected.
	if r, _ := ix.Query("redis", Filters{}); r.Suggest != "" {
		t.Errorf("redis: suggest %q", r.Suggest)
	}
}

// TestTypoRanksBelowExact: a page matching the word as written ranks above
// pages matching only its correction, whatever their scores.
func TestTypoRanksBelowExact(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "Postgres tuning", Summary: "postgres postgres postgres"},
		{URL: "/b/", Title: "Other", Lead: "A page with the typo postgress once."},
	}
	ix, err := Open(Build(docs))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Query("postgress", Filters{})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(r.Hits); !slices.Equal(got, []string{"/b/", "/a/"}) {
		t.Errorf("hits %q, want the exact match first", got)
	}
}

func urls(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.URL)
	}
	return out
}

func TestQueryFilterOnly(t *testing.T) {
	pub, _ := fixtureDocs("/")
	ix, err := Open(Build(pub))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"kind:manual", []string{"/manuals/mysql-to-postgresql/", "/manuals/redis-upgrade/", "/manuals/db-migration-zh/"}},
		{"status:accepted", []string{"/blueprints/observability/"}},
		{"kind:blueprint status:done", []string{"/blueprints/kafka-retirement/"}},
		{"team:dba", []string{"/blueprints/postgresql-platform/"}},
		{"teams:平台组", []string{"/manuals/db-migration-zh/", "/blueprints/cache-zh/"}},
		{"owner:li.wei", []string{"/manuals/mysql-to-postgresql/", "/blueprints/postgresql-platform/", "/manuals/db-migration-zh/"}},
		{"owner:li.wei kind:blueprint", []string{"/blueprints/postgresql-platform/"}},
		{"tag:postgresql team:dba", []string{"/blueprints/postgresql-platform/"}},
		{"tag:cache tag:streaming", []string{"/manuals/redis-upgrade/", "/blueprints/kafka-retirement/"}},
		{"rollback owner:li.wei", []string{"/manuals/mysql-to-postgresql/#rollback"}},
		{"database tag:postgresql kind:manual", []string{"/manuals/mysql-to-postgresql/"}},
		{"team:nobody", nil},
		{"pooling team:sre", nil},
	}
	for _, tt := range tests {
		r, err := ix.Query(tt.q, Filters{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(r.Hits); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestTwoEditsAtTheEnd: a long word two edits away at its end is found
// through the completions of its first runes.
func TestTwoEditsAtTheEnd(t *testing.T) {
	docs := []Doc{
		{URL: "/pg/", Title: "PostgreSQL tuning", Lead: "Vacuum and autovacuum settings."},
		{URL: "/other/", Title: "Redis", Lead: "Keys and expiry."},
	}
	ix, err := Open(Build(docs))
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"postgress": "postgresql", "autovacuumm": "autovacuum", "postgrxx": ""} {
		r, err := ix.Query(q, Filters{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Suggest != want || (want != "" && (len(r.Hits) == 0 || r.Hits[0].URL != "/pg/")) {
			t.Errorf("%q: suggest %q, hits %q; want %q", q, r.Suggest, urls(r.Hits), want)
		}
	}
}

// TestRerankByTitle: among the best pages, a title holding every word
// comes first, and one holding them in the typed order before one that
// does not, whatever the body scores.
func TestRerankByTitle(t *testing.T) {
	body := strings.Repeat("The ledger moves from Kafka to CockroachDB with a cost plan. ", 5)
	docs := []Doc{
		{URL: "/noise/", Title: "Ledger notes", Lead: body},
		{URL: "/reverse/", Title: "Migrate ledger from CockroachDB to Kafka", Lead: "One line."},
		{URL: "/forward/", Title: "Migrate ledger from Kafka to CockroachDB", Lead: "One line."},
	}
	ix, err := Open(Build(docs))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Query("ledger kafka cockroachdb", Filters{})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(r.Hits); !slices.Equal(got, []string{"/forward/", "/reverse/", "/noise/"}) {
		t.Errorf("order %q", got)
	}
}

// FuzzOSA checks the distance's invariants: symmetric, zero only for equal
// strings, capped at max+1, and at most one edit per rune of difference.
func FuzzOSA(f *testing.F) {
	for _, s := range [][2]string{{"postgress", "postgres"}, {"kafak", "kafka"}, {"数据", "数据库"}, {"", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		const limit = 3
		d := osa(a, b, limit)
		if d != osa(b, a, limit) {
			t.Fatalf("osa(%q, %q) not symmetric", a, b)
		}
		if d < 0 || d > limit+1 || (d == 0) != ([]rune(a) == nil && []rune(b) == nil || string([]rune(a)) == string([]rune(b))) {
			t.Fatalf("osa(%q, %q) = %d", a, b, d)
		}
		if n := max(len([]rune(a)), len([]rune(b))); d > n {
			t.Fatalf("osa(%q, %q) = %d > %d", a, b, d, n)
		}
	})
}
