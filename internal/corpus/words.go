package corpus

// Phrase pools. Prose is built from sentence templates whose {slots} are filled
// from the word lists below, so pages read like engineering documents without
// repeating one paragraph ten thousand times.

var (
	services = []string{"billing-api", "ledger", "checkout", "search-indexer", "auth-gateway",
		"inventory", "notification-hub", "order-router", "catalog", "session-store",
		"payments-core", "reporting", "feature-flags", "media-pipeline", "audit-log",
		"pricing-engine", "tenant-admin", "webhook-relay", "rate-limiter", "geo-lookup"}
	databases = []string{"PostgreSQL 16", "MySQL 8.0", "MySQL 5.7", "Redis 7", "ClickHouse 24",
		"Kafka 3.7", "Elasticsearch 8", "OpenSearch 2", "CockroachDB 23", "SQLite"}
	teams = []string{"storage", "networking", "identity", "observability", "payments",
		"data-platform", "developer-experience", "security", "search", "mobile",
		"edge", "billing", "compute", "release-engineering", "sre"}
	owners = []string{"alice.chen", "bruno.silva", "chloe.martin", "dmitri.ivanov", "elena.rossi",
		"farid.haddad", "grace.okafor", "hiro.tanaka", "isabel.lopez", "jun.wang",
		"kavya.nair", "liam.obrien", "mei.lin", "nils.berg", "olga.petrova", "li.na"}
	tags = []string{"postgresql", "mysql", "kubernetes", "migration", "latency", "cost",
		"reliability", "security", "observability", "capacity", "compliance", "cdn",
		"caching", "replication", "backup", "sharding", "ci", "golang", "terraform", "oncall"}
	regions = []string{"eu-west-1", "us-east-1", "ap-southeast-1", "eu-central-1", "us-west-2", "cn-north-1"}
	tools   = []string{"pgloader", "Debezium", "gh-ost", "pg_dump", "Terraform", "Argo CD",
		"Prometheus", "Grafana", "OpenTelemetry", "Vault", "Envoy", "k6", "pgbench", "Flyway"}
	metricNames = []string{"p99 latency", "error rate", "replication lag", "CPU saturation",
		"queue depth", "cache hit ratio", "deploy frequency", "cost per request",
		"time to restore", "build duration"}
	verbs = []string{"reduces", "removes", "halves", "bounds", "isolates", "simplifies", "shortens", "stabilises"}
	nouns = []string{"the blast radius", "operational toil", "tail latency", "the on-call load",
		"lock contention", "the cost of cross-region traffic", "schema drift", "the release queue"}
	phases = []string{"dual writes", "backfill", "shadow reads", "cutover", "cleanup", "canary", "dark launch", "freeze window"}
	areas  = []string{"storage", "networking", "identity", "observability", "payments", "data",
		"search", "edge", "compute", "messaging", "security", "developer-tools"}
	tracks  = []string{"first-week", "tooling", "on-call", "architecture", "security-basics", "code-review"}
	runbook = []string{"databases", "queues", "dns", "certificates", "deploys", "incidents"}
)

// Sentence templates shared by every kind.
var commonSentences = []string{
	"The {svc} service currently runs on {db} in {region}, and most of its traffic is read-heavy.",
	"We measured {metric} over four weeks and saw a steady {pct}% increase during the evening peak.",
	"Owning teams agree that this {verb} {noun} without adding a new moving part.",
	"The {team} team keeps the dashboards in {tool}, so every alert links to the panel that fired it.",
	"Most of the risk sits in the {phase} phase, which is why it gets its own checklist below.",
	"A rollback must be possible at every step; anything that cannot be undone waits for the freeze window.",
	"We keep the old path alive for {n} days after the switch so that late consumers have time to move.",
	"Capacity planning assumes {n} thousand requests per second with a headroom of {pct}%.",
	"The design deliberately avoids a shared library: each consumer owns its client and its retries.",
	"Every change lands behind a feature flag and is rolled out region by region, starting with {region}.",
	"Alerts page the owning team only when the user-facing {metric} budget is at risk.",
	"The previous attempt stalled because nobody owned the data contract between {svc} and {svc2}.",
	"Numbers in this section come from production traces sampled at one percent.",
	"We chose {tool} because it is already deployed, audited and understood by the on-call rotation.",
	"Schema changes are additive first: new columns are written, then read, and only then old ones are dropped.",
	"A weekly review with the {team} team tracks the open questions until they are closed or explicitly deferred.",
	"The runbook assumes shell access to a bastion host and read-only credentials issued by Vault.",
	"Each stage has an exit criterion that can be checked by a query, not by a feeling.",
	"Load tests with {tool} reproduce the peak shape, including the burst at the top of each hour.",
	"Costs drop by roughly {pct}% once the idle replicas in {region} are decommissioned.",
	"We document the failure modes we accept as well as those we prevent.",
	"Traffic shifts in steps of ten percent, with at least an hour of observation between steps.",
	"The {svc} team signs off on each milestone before the next one starts.",
	"Data older than {n} months moves to cold storage, which keeps the hot set inside memory.",
	"This page is the source of truth; the ticket tracker only links back to it.",
	"Dependencies on {svc2} are read-only during the migration and are verified by contract tests.",
	"If {metric} stays above its threshold for fifteen minutes, the automation pauses the rollout.",
	"Engineers new to {svc} should read the architecture overview before touching the write path.",
	"Reviews focus on the failure paths, because the happy path is covered by the integration suite.",
	"Replication is asynchronous, so reads that follow a write go to the primary for {n} seconds.",
}

var blueprintSentences = []string{
	"By {quarter} the platform should serve every tenant from the new {db} cluster.",
	"The target architecture removes the synchronous call from {svc} to {svc2} on the checkout path.",
	"This blueprint is reviewed each quarter; milestones that slip twice are re-planned, not extended.",
	"Success means {metric} below its objective for three consecutive months after the switch.",
	"The horizon is deliberately short: we commit to what the {team} team can staff today.",
	"Non-goals matter here: we do not rewrite {svc}, we only move its storage.",
	"The long-term direction is fewer, larger clusters with strict tenancy rather than one database per service.",
}

var manualSentences = []string{
	"Run each step from the operator host and paste its output into the change ticket.",
	"Do not start the {phase} step until the verification query returns zero rows.",
	"Expect the copy to take about {n} minutes per hundred gigabytes on the standard instance class.",
	"If a step fails, stop, run its rollback and page the owner listed in the front matter.",
	"Keep the old primary read-only rather than stopped, so that a rollback is a DNS change.",
	"The estimate below includes rehearsal on the staging copy, which we consider mandatory.",
	"Check replication lag with the query below before every traffic shift.",
}

var briefSentences = []string{
	"Customers on the new platform see {metric} improve by {pct}% without changing a line of code.",
	"The result holds across regions, including {region}, where latency used to be the main complaint.",
	"Independent load tests with {tool} confirm the figures quoted on this page.",
	"The same architecture serves our largest tenant at {n} thousand requests per second.",
	"Operations teams get one dashboard per tenant, with the same signals our own on-call uses.",
	"Upgrades happen without downtime: traffic drains from one zone at a time.",
}

// Sentences that carry a link; %s is the Markdown link.
var linkSentences = []string{
	"The steps are described in %s.",
	"See %s for the background and the decisions already taken.",
	"This depends on the work tracked in %s.",
	"%s explains the rollback in more detail.",
	"For the capacity numbers, read %s first.",
	"The approach mirrors what we did in %s.",
	"Customers who asked about this were pointed to %s.",
	"Teams already on the new path should also follow %s.",
}

var chineseSentences = []string{
	"本次迁移的目标是在不停机的前提下，把核心业务数据从旧集群平滑切换到新集群。",
	"每一个步骤都必须有对应的回滚方案，并且在预发环境中完整演练过一次。",
	"切换期间我们会持续观察复制延迟和错误率，一旦超过阈值就立即暂停。",
	"负责团队需要在每周例会上同步进度，并记录尚未解决的问题。",
	"数据校验脚本会逐表比对行数和校验和，确保新旧两边完全一致。",
	"对外发布之前，所有涉及客户数据的变更都要经过安全团队的审核。",
	"新同事入职第一周应当先阅读架构概览，再动手修改写入路径。",
	"我们优先选择已经在生产环境中运行过的工具，以降低运维风险。",
	"容量规划按照峰值流量的一点五倍预留余量，避免大促期间出现瓶颈。",
	"监控告警只在用户可感知的指标受到影响时才会通知值班工程师。",
	"这一阶段的重点是收敛依赖，让每个服务只通过明确的接口访问数据。",
	"性能测试的结果表明，新架构在高并发场景下的尾延迟下降了一半以上。",
}

// Heading pools per kind. Each page draws distinct headings from its pool.
var headingPools = map[string][]string{
	"blueprint": {"Context", "Goals and non-goals", "Target architecture", "Milestones in detail",
		"Risks & mitigations", "Open questions", "Cost model", "Migration strategy",
		"Operational readiness", "Alternatives considered", "Success criteria", "Dependencies"},
	"manual": {"Before you start", "Prerequisites", "Rehearse on staging", "Step 1: prepare the target",
		"Step 2: copy the data", "Step 3: switch traffic", "Verification", "Rollback & recovery",
		"Troubleshooting", "Clean-up", "Timeline", "Who to call"},
	"brief": {"Why it matters", "Results", "How it works", "Architecture at a glance",
		"Security and compliance", "Customer story", "Benchmarks", "Frequently asked questions",
		"What's next", "Getting started"},
	"page": {"Overview", "How we work", "Tooling", "Access and permissions", "On-call expectations",
		"Useful queries", "Common pitfalls", "Escalation paths", "Glossary", "Further reading",
		"Checklists", "Service ownership"},
}

var subheadings = []string{"Example", "Notes from the last run", "Known limits", "Configuration",
	"Queries we use", "Edge cases", "Sizing", "Failure modes", "Checks", "Commands"}

var chineseHeadings = []string{"注意事项", "迁移步骤", "常见问题", "背景说明"}

var alertKinds = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}

var alertTexts = []string{
	"Take a fresh snapshot before this step; the previous one is too old to restore from quickly.",
	"Announce the change in the team channel at least one hour before you start.",
	"This step holds a lock on the largest table; run it outside the evening peak.",
	"The numbers on this page are medians; the tail is what pages people at night.",
	"Credentials expire after eight hours, so request them on the day of the change.",
	"Nothing here is a commitment to customers until the brief is marked public.",
}

var taskTexts = []string{
	"Confirm the owner and the backup contact", "Snapshot the primary and record its ID",
	"Rehearse the full procedure on staging", "Freeze schema changes on {svc}",
	"Verify row counts on both sides", "Update the runbook links in the pager alert",
	"Remove the old read replicas in {region}", "Announce the window to dependent teams",
	"Raise the connection limit on the target", "Archive the migration logs",
}
