package markdown

import "testing"

// TestPlainTextSeparatesCellsAndItems: the plain text that search snippets
// are cut from keeps table cells, rows and list items apart.
func TestPlainTextSeparatesCellsAndItems(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"table", "## T\n\n| MySQL | PostgreSQL |\n|---|---|\n| TINYINT(1) | boolean |\n| DATETIME | timestamp |\n",
			"MySQL · PostgreSQL; TINYINT(1) · boolean; DATETIME · timestamp"},
		{"tight list", "## T\n\n- Stop the writers\n- Check the lag\n- Switch the DNS\n\nThen wait.\n",
			"Stop the writers; Check the lag; Switch the DNS Then wait."},
		{"items ending a sentence", "## T\n\n1. Stop the writers.\n2. Check the lag!\n3. Done\n",
			"Stop the writers. Check the lag! Done"},
		{"loose list", "## T\n\n- one\n\n- two\n",
			"one; two"},
		{"nested list", "## T\n\n- a\n  - b\n  - c\n- d\n",
			"a b; c; d"},
		{"chinese items", "## T\n\n- 停止写入。\n- 检查延迟\n- 切换\n", "停止写入。检查延迟；切换"},
		{"chinese table", "## T\n\n| 回答的问题 | 简报 |\n|---|---|\n| 会不会崩？ | 高峰（2026） |\n| 安全吗 | HIS |\n", "回答的问题 · 简报；会不会崩？ · 高峰（2026）；安全吗 · HIS"},
		{"english after chinese", "## T\n\n- 切换 DNS\n- Check\n", "切换 DNS; Check"},
		{"paragraphs unchanged", "## T\n\nOne line\nand the next.\n\nAnother paragraph.\n", "One line and the next. Another paragraph."},
	}
	c := New(Options{})
	for _, tt := range tests {
		res, _ := c.Convert("a.md", []byte(tt.body), 1, 0)
		if len(res.Sections) != 1 || res.Sections[0].Text != tt.want {
			t.Errorf("%s: sections %+v, want text %q", tt.name, res.Sections, tt.want)
		}
	}
}
