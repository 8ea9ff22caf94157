package search

// fixtureDocs is a small portal in English and Chinese, used by the
// round-trip and browser tests. The last page is internal: the public
// edition is built without it.
func fixtureDocs(base string) (public []Doc, internal Doc) {
	docs := []Doc{
		{
			URL: base + "manuals/mysql-to-postgresql/", Title: "MySQL to PostgreSQL migration", Kind: "manual", Status: "",
			Section: "Migration manuals", Summary: "Move a service from MySQL 5.7 to PostgreSQL 16 with pgloader and a short cut-over window.",
			Tags: []string{"database", "postgresql"}, Teams: []string{"platform"}, Owner: "li.wei",
			Lead: "This manual moves one service database at a time.",
			Sections: []Section{
				{"prerequisites", "Prerequisites", "A PostgreSQL 16 cluster (Postgres for short), pgloader installed, and a maintenance window agreed with the service owner."},
				{"export-with-pg_dump", "Export with pg_dump", "Take a logical backup of the target with pg_dump --format=custom before the cut-over."},
				{"rollback", "Rollback", "If replication lag stays above thirty seconds, point the service back to MySQL and stop the copy."},
			},
			Code: []string{"pg_dump --format=custom -f before.dump app", "ALTER SYSTEM SET max_connections = 400;"},
		},
		{
			URL: base + "manuals/redis-upgrade/", Title: "Redis 6 to Redis 7 upgrade", Kind: "manual",
			Section: "Migration manuals", Summary: "Upgrade Redis clusters one shard at a time without losing keys.",
			Tags: []string{"cache"}, Teams: []string{"platform"}, Owner: "chen.jing",
			Sections: []Section{
				{"replica-first", "Replica first", "Upgrade each replica, then fail over and upgrade the old primary."},
				{"verify", "Verify", "Compare key counts and latency percentiles before and after the failover."},
			},
		},
		{
			URL: base + "blueprints/postgresql-platform/", Title: "Managed PostgreSQL platform", Kind: "blueprint", Status: "in-progress",
			Section: "Blueprints", Summary: "One managed PostgreSQL platform for every product team by 2027.",
			Tags: []string{"database", "postgresql"}, Teams: []string{"platform", "dba"}, Owner: "li.wei",
			Sections: []Section{
				{"why", "Why", "Teams run eleven different database engines; operating them costs four engineers a year."},
				{"connection-pooling", "Connection pooling", "PgBouncer in transaction mode in front of every cluster keeps max_connections low."},
			},
		},
		{
			URL: base + "blueprints/observability/", Title: "Unified observability", Kind: "blueprint", Status: "accepted",
			Section: "Blueprints", Summary: "Metrics, logs and traces in one place with OpenTelemetry.",
			Tags: []string{"observability"}, Teams: []string{"sre"}, Owner: "wang.fang",
			Sections: []Section{
				{"tracing", "Tracing", "Every service exports traces with OpenTelemetry; sampling keeps one percent of requests."},
			},
		},
		{
			URL: base + "briefs/low-latency-payments/", Title: "Payments in under 50 ms", Kind: "brief",
			Section: "Briefs", Summary: "How our payment path answers in under fifty milliseconds at peak.",
			Tags: []string{"payments", "latency"}, Teams: []string{"payments"},
			Sections: []Section{
				{"numbers", "Numbers", "At peak the p99 latency of a payment authorisation is 48 ms across three regions."},
			},
		},
		{
			URL: base + "manuals/db-migration-zh/", Title: "数据库迁移手册", Kind: "manual",
			Section: "迁移手册", Summary: "把业务数据库从 MySQL 迁移到 PostgreSQL 的步骤、检查清单和回滚方案。",
			Tags: []string{"数据库"}, Teams: []string{"平台组"}, Owner: "li.wei",
			Lead: "本手册适用于所有在线业务。",
			Sections: []Section{
				{"准备工作", "准备工作", "确认目标集群版本为 PostgreSQL 16，并预约维护窗口。"},
				{"回滚方案", "回滚方案", "如果复制延迟超过三十秒，把流量切回 MySQL 并停止同步。"},
			},
		},
		{
			URL: base + "blueprints/cache-zh/", Title: "缓存平台规划", Kind: "blueprint", Status: "proposed",
			Section: "蓝图", Summary: "统一缓存平台，替换各团队自建的 Redis 集群。",
			Teams: []string{"平台组"}, Owner: "chen.jing",
			Sections: []Section{{"目标", "目标", "二〇二七年前所有服务使用统一的缓存平台。"}},
		},
		{
			URL: base + "about/", Title: "About this portal", Kind: "page",
			Section: "", Summary: "What the portal holds and who maintains it.",
			Lead: "Blueprints, migration manuals and briefs written by the engineering teams.",
			// a table as the plain text writes one: cells apart by " · ", rows by "; "
			Sections: []Section{{"stores", "Stores", "Daemon · Store · Pager; ledgerd · Vitess 19 · pager-ledger; " +
				"sessiond · Dragonfly 1 · pager-sessions; tallyd · ClickHouse 24 · pager-tally; quotad · Tarantool 3 · pager-quota"}},
		},
		{
			URL: base + "blueprints/kafka-retirement/", Title: "Retire the legacy Kafka cluster", Kind: "blueprint", Status: "done",
			Section: "Blueprints", Summary: "Move the last topics to the shared streaming platform.",
			Tags: []string{"streaming"}, Teams: []string{"data"}, Owner: "zhao.lei",
			Sections: []Section{{"topics", "Topics", "Forty topics moved; consumers switched with dual writes for a week."}},
		},
	}
	internal = Doc{
		URL: base + "blueprints/zephyrine-budget/", Title: "Zephyrine budget plan", Kind: "blueprint", Status: "draft",
		Section: "Blueprints", Summary: "Internal budget for the zephyrine programme.", Owner: "finance",
		Sections: []Section{{"costs", "Costs", "Zephyrine hardware costs for next year."}},
	}
	return docs, internal
}
