package search

import (
	"strings"
	"testing"
)

// A snippet that cuts into its text opens at the table row, list item or
// sentence holding the match when that begins within the lead, not in the
// middle of the one before; a text that starts near the match is shown whole.
func TestSnippetStartsAtRow(t *testing.T) {
	rows := "Daemon · Store · Pager; ledgerd · Vitess 19 · pager-ledger; sessiond · Dragonfly 1 · pager-sessions; tallyd · ClickHouse 24 · pager-tally"
	for _, c := range []struct{ name, text, word, want string }{
		{"table row", rows, "clickhouse", "… tallyd · <mark>ClickHouse</mark>"},
		{"list item", "Stop the writers; drain the queue; take the replica out of the pool; promote the standby", "promote", "… <mark>promote</mark> the standby"},
		{"sentence", "The collector runs as a DaemonSet on every node of the cluster. Sampling keeps one percent of traces.", "sampling", "… <mark>Sampling</mark> keeps"},
		{"chinese sentence", "先停止写入并等待复制追平，确认没有长事务。然后切换流量到新的主库。", "切换", "… 然后<mark>切换</mark>"},
		{"short text shown whole", "Runs on every node. Sampling keeps one percent.", "sampling", "Runs on every node. <mark>Sampling</mark>"},
		{"no boundary: a word", strings.Repeat("word ", 20) + "target", "target", "… word word"},
		{"match at the start", "ClickHouse first; then the rest", "clickhouse", "<mark>ClickHouse</mark> first"},
	} {
		got := snippet(c.text, groups(c.word))
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: snippet %q, want it to start %q", c.name, got, c.want)
		}
	}
}

// groups is one query group per term of the word.
func groups(word string) []group {
	var gs []group
	for _, t := range Tokenize(word) {
		gs = append(gs, group{terms: []string{t}, raw: t})
	}
	return gs
}
