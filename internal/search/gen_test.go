package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// A synthetic portal for the size benchmarks: 10,000 pages of about 600
// words, a tenth of them in Chinese, with a Zipf-like vocabulary of common
// words, technical terms and a long tail of names and identifiers.

var genCommon = strings.Fields(`the of and to a in is it that for on with as this be are by
from at or was an will can each we our all when after before then if not must should
new one two three first last every more less than other only also into over under
between without within during until about while where which who how what why use run
make keep check move start stop take set get see need plan step team week day hour`)

var genTech = strings.Fields(`database postgresql mysql replica replication primary
failover backup restore rollback migration schema index query latency throughput
cluster shard partition connection pool pgbouncer pgloader kafka topic consumer
producer redis cache eviction memory cpu disk storage volume snapshot kubernetes pod
node deployment service ingress gateway proxy load balancer certificate tls token
authentication authorisation audit logging metrics tracing opentelemetry dashboard
alert oncall incident runbook capacity budget cost region zone availability outage
upgrade version release canary rollout feature flag api endpoint request response
timeout retry idempotent transaction lock deadlock vacuum analyze checkpoint wal
archive compliance encryption secret vault terraform ansible pipeline build test
staging production blueprint milestone owner roadmap horizon risk estimate
prerequisite checklist cutover window downtime customer payment order inventory
search ranking recommendation model feature store warehouse lake batch stream
scheduler cron queue worker thread process container image registry network
firewall dns bandwidth packet protocol grpc http json schema contract governance`)

var genZH = strings.Fields(`数据库 迁移 手册 回滚 方案 复制 延迟 集群 备份 恢复 索引 查询
性能 监控 告警 容量 预算 平台 服务 网关 缓存 消息 队列 升级 版本 发布 灰度 流量
切换 窗口 检查 清单 负责人 团队 目标 里程碑 风险 评估 客户 支付 订单 安全 加密
审计 日志 指标 链路 追踪 存储 网络 容器 调度 任务 故障 演练 规划 架构 治理`)

func genDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	cdfs := map[*string][]float64{}
	zipf := func(list []string, s float64) string {
		// rank i is chosen with weight 1/(i+1)^s
		cdf := cdfs[&list[0]]
		if cdf == nil {
			sum := 0.0
			for i := range list {
				sum += 1 / pow(float64(i+1), s)
				cdf = append(cdf, sum)
			}
			cdfs[&list[0]] = cdf
		}
		i, _ := slices.BinarySearch(cdf, r.Float64()*cdf[len(cdf)-1])
		return list[min(i, len(list)-1)]
	}
	tail := func() string { // names and identifiers: a long tail of rare terms
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("svc%d", r.IntN(3000))
		case 1:
			return fmt.Sprintf("%s_%s", genTech[r.IntN(len(genTech))], genTech[r.IntN(len(genTech))])
		case 2:
			return fmt.Sprintf("host-%d", r.IntN(5000))
		default:
			return fmt.Sprintf("ticket%d", r.IntN(20000))
		}
	}
	sentence := func(zh bool, words int) string {
		var b strings.Builder
		for i := range words {
			switch {
			case zh && r.IntN(10) < 7:
				b.WriteString(zipf(genZH, 0.6))
				continue
			case r.IntN(100) < 3:
				b.WriteString(tail())
			case r.IntN(100) < 45:
				b.WriteString(zipf(genTech, 0.8))
			default:
				b.WriteString(zipf(genCommon, 0.9))
			}
			if i < words-1 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(". ")
		return b.String()
	}
	para := func(zh bool, words int) string {
		var b strings.Builder
		for w := 0; w < words; {
			k := 8 + r.IntN(14)
			b.WriteString(sentence(zh, k))
			w += k
		}
		return b.String()
	}
	kinds := []string{"manual", "blueprint", "brief", "page"}
	statuses := []string{"draft", "proposed", "accepted", "in-progress", "done", "superseded", "rejected"}
	docs := make([]Doc, n)
	for i := range docs {
		zh := i%10 == 9
		kind := kinds[r.IntN(len(kinds))]
		status := ""
		if kind == "blueprint" {
			status = statuses[r.IntN(len(statuses))]
		}
		title := strings.TrimSuffix(sentence(zh, 3+r.IntN(4)), ". ")
		d := Doc{
			URL: fmt.Sprintf("/%ss/page-%05d/", kind, i), Title: title, Kind: kind, Status: status,
			Section: kind + "s", Summary: strings.TrimSpace(sentence(zh, 16)),
			Tags:  []string{zipf(genTech, 0.8), zipf(genTech, 0.8)},
			Teams: []string{fmt.Sprintf("team-%d", r.IntN(40))}, Owner: fmt.Sprintf("owner%d", r.IntN(200)),
			Lead: para(zh, 60),
		}
		for s := range 4 + r.IntN(3) {
			h := strings.TrimSuffix(sentence(zh, 2+r.IntN(3)), ". ")
			d.Sections = append(d.Sections, Section{ID: fmt.Sprintf("s%d", s), Title: h, Text: para(zh, 100)})
		}
		if r.IntN(3) == 0 {
			d.Code = []string{fmt.Sprintf("pg_dump --format=custom -d %s\nALTER SYSTEM SET max_connections = %d;", tail(), 100+r.IntN(400))}
		}
		docs[i] = d
	}
	return docs
}

func pow(x, y float64) float64 {
	out := 1.0
	for range int(y * 10) {
		out *= x
	}
	return root10(out)
}

// root10 is the tenth root by Newton's method (keeps genDocs free of math
// so its output is the same on every platform).
func root10(v float64) float64 {
	x := 1.0
	for range 60 {
		p := x * x * x * x * x * x * x * x * x
		x -= (p*x - v) / (10 * p)
	}
	return x
}

func plainText(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title) + len(d.Summary) + len(d.Lead)
		for _, s := range d.Sections {
			n += len(s.Title) + len(s.Text)
		}
		for _, c := range d.Code {
			n += len(c)
		}
	}
	return n
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

var bigSite = sync.OnceValues(func() ([]Doc, []File) {
	docs := genDocs(10000)
	return docs, Build(docs)
})

// benchQueries are typical: common and rare words, two-word queries, a
// word being typed, Chinese, an identifier and a filter.
var benchQueries = []string{
	"rollback", "postgresql migration", "connection pool", "replica failover", "postg",
	"kubernetes upgrade canary", "数据库迁移", "回滚", "pg_dump", "cutover kind:manual", "svc1234",
}

func BenchmarkIndexSize10k(b *testing.B) {
	docs, files := bigSite()
	total, meta, gzTotal := 0, 0, 0
	for _, f := range files {
		total += len(f.Data)
		if f.Path == "search/meta.json" {
			meta = len(f.Data)
			b.ReportMetric(float64(gzipSize(f.Data)), "meta-gzip-bytes")
		}
	}
	for range b.N {
		gzTotal = 0
		for _, f := range files[:min(len(files), 200)] {
			gzTotal += gzipSize(f.Data)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(total), "index-bytes")
	b.ReportMetric(float64(plainText(docs)), "text-bytes")
	b.ReportMetric(float64(total)/float64(plainText(docs)), "index/text")
	b.ReportMetric(float64(meta), "meta-bytes")
}

func BenchmarkQuery10k(b *testing.B) {
	_, files := bigSite()
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			var loaded []string
			var n, gz, hits int
			for range b.N {
				ix, err := Open(files)
				if err != nil {
					b.Fatal(err)
				}
				r, err := ix.Query(q, Filters{Limit: 8})
				if err != nil {
					b.Fatal(err)
				}
				hits = r.Total
				loaded, n = ix.Loaded()
			}
			gz = 0
			byPath := map[string][]byte{}
			for _, f := range files {
				byPath[f.Path] = f.Data
			}
			for _, p := range loaded {
				gz += gzipSize(byPath[p])
			}
			b.ReportMetric(float64(n), "bytes/query")
			b.ReportMetric(float64(gz), "gzip-bytes/query")
			b.ReportMetric(float64(len(loaded)), "files/query")
			b.ReportMetric(float64(hits), "hits")
		})
	}
}

func BenchmarkBuild10k(b *testing.B) {
	docs, _ := bigSite()
	for b.Loop() {
		Build(docs)
	}
}
