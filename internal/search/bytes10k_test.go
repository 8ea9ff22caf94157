package search

import (
	"testing"
)

// The sharded index's promise: on a 10,000-page site a query, typos and
// filters included, downloads under 100 KB of index files, the eight
// results' fragments counted, even before a static host gzips them.
func TestQueryBytes10k(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-page index")
	}
	_, files := bigSite()
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	queries := append(benchQueries[:len(benchQueries):len(benchQueries)],
		"postgrsql migraton", "kubernets", "kind:manual", "status:accepted kind:blueprint", "team:team-7 owner:owner12",
		"replica failover rollback timeout", "数据库 回滚 方案")
	const limit = 100 << 10
	for _, q := range queries {
		ix, err := Open(files)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ix.Query(q, Filters{Limit: 8})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total == 0 {
			t.Errorf("%q finds nothing on the 10k site", q)
		}
		paths, raw := ix.Loaded()
		gz := 0
		for _, p := range paths {
			gz += gzipSize(byPath[p])
		}
		t.Logf("%-34q %5d hits %3d files %7d bytes %6d gzip", q, r.Total, len(paths), raw, gz)
		if raw >= limit {
			t.Errorf("%q downloads %d bytes (%d gzipped, %d files), want under %d", q, raw, gz, len(paths), limit)
		}
	}
}
