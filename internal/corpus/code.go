package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var codeLangs = []string{"sql", "go", "yaml", "bash"}

var columnDefs = []string{
	"tenant_id     bigint      NOT NULL",
	"created_at    timestamptz NOT NULL DEFAULT now()",
	"updated_at    timestamptz NOT NULL DEFAULT now()",
	"status        text        NOT NULL DEFAULT 'pending'",
	"amount_cents  bigint      NOT NULL",
	"currency      char(3)     NOT NULL",
	"external_ref  text",
	"payload       jsonb       NOT NULL DEFAULT '{}'",
	"region        text        NOT NULL",
	"version       integer     NOT NULL DEFAULT 1",
	"deleted_at    timestamptz",
	"owner_email   text",
	"retries       smallint    NOT NULL DEFAULT 0",
	"checksum      bytea",
}

// codeBlock returns a fenced code block in lang of roughly 10 to 30 lines.
func codeBlock(r *rand.Rand, lang string) string {
	svc := pick(r, services)
	table := strings.ReplaceAll(svc, "-", "_")
	var b strings.Builder
	fmt.Fprintf(&b, "```%s\n", lang)
	switch lang {
	case "sql":
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "-- %s: target schema on the new cluster\nCREATE TABLE %s_events (\n    id            bigserial   PRIMARY KEY,\n", svc, table)
			cols := pickN(r, columnDefs, 5+r.IntN(9))
			for i, c := range cols {
				sep := ","
				if i == len(cols)-1 {
					sep = ""
				}
				fmt.Fprintf(&b, "    %s%s\n", c, sep)
			}
			fmt.Fprintf(&b, ");\n\nCREATE INDEX %s_events_tenant_idx ON %s_events (tenant_id, created_at DESC);\n", table, table)
			fmt.Fprintf(&b, "ANALYZE %s_events;\n", table)
		} else {
			fmt.Fprintf(&b, "-- verification: rows that differ between source and target\nSELECT s.id,\n       s.updated_at AS source_updated,\n       t.updated_at AS target_updated\n")
			fmt.Fprintf(&b, "FROM   legacy.%s s\nLEFT JOIN public.%s t ON t.id = s.id\nWHERE  t.id IS NULL\n   OR  t.checksum <> s.checksum\n", table, table)
			fmt.Fprintf(&b, "   OR  t.updated_at < s.updated_at - interval '%d seconds'\nORDER BY s.id\nLIMIT  %d;\n", 5+r.IntN(55), 100*(1+r.IntN(10)))
			for range r.IntN(4) {
				fmt.Fprintf(&b, "\nSELECT count(*) FROM public.%s WHERE region = '%s';\n", table, pick(r, regions))
			}
			fmt.Fprintf(&b, "\nSELECT now() - pg_last_xact_replay_timestamp() AS replication_lag;\n")
		}
	case "go":
		name := exported(table)
		fmt.Fprintf(&b, "// %sClient talks to %s with bounded retries.\ntype %sClient struct {\n", name, svc, name)
		fields := pickN(r, []string{"base    *url.URL", "http    *http.Client", "retries int",
			"backoff time.Duration", "logger  *slog.Logger", "limiter *rate.Limiter", "tenant  string"}, 3+r.IntN(4))
		for _, f := range fields {
			fmt.Fprintf(&b, "\t%s\n", f)
		}
		fmt.Fprintf(&b, "}\n\nfunc (c *%sClient) Do(ctx context.Context, req *http.Request) (*http.Response, error) {\n", name)
		fmt.Fprintf(&b, "\tvar lastErr error\n\tfor attempt := range %d {\n", 2+r.IntN(4))
		fmt.Fprintf(&b, "\t\tresp, err := c.http.Do(req.WithContext(ctx))\n\t\tif err == nil && resp.StatusCode < 500 {\n\t\t\treturn resp, nil\n\t\t}\n")
		fmt.Fprintf(&b, "\t\tif err == nil {\n\t\t\tresp.Body.Close()\n\t\t\terr = fmt.Errorf(\"%s: status %%d\", resp.StatusCode)\n\t\t}\n", svc)
		fmt.Fprintf(&b, "\t\tlastErr = err\n\t\ttime.Sleep(time.Duration(attempt+1) * %d * time.Millisecond)\n\t}\n\treturn nil, lastErr\n}\n", 50*(1+r.IntN(8)))
	case "yaml":
		fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n  labels:\n    team: %s\nspec:\n  replicas: %d\n", svc, pick(r, teams), 2+r.IntN(10))
		fmt.Fprintf(&b, "  template:\n    spec:\n      containers:\n        - name: %s\n          image: registry.internal/%s:1.%d.%d\n          env:\n", svc, svc, r.IntN(30), r.IntN(10))
		for _, e := range pickN(r, []string{"DB_HOST", "DB_POOL_SIZE", "REGION", "LOG_LEVEL", "OTEL_ENDPOINT",
			"FEATURE_DUAL_WRITE", "READ_FROM_REPLICA", "CACHE_TTL"}, 2+r.IntN(6)) {
			fmt.Fprintf(&b, "            - name: %s\n              value: \"%s\"\n", e, envValue(r, e))
		}
		fmt.Fprintf(&b, "          resources:\n            requests: {cpu: %dm, memory: %dMi}\n", 100*(1+r.IntN(8)), 128*(1+r.IntN(8)))
	case "bash":
		fmt.Fprintf(&b, "#!/usr/bin/env bash\nset -euo pipefail\n\nSERVICE=%s\nREGION=%s\n", svc, pick(r, regions))
		steps := pickN(r, []string{
			"pg_dump --format=custom --jobs=4 --file=\"/backup/${SERVICE}.dump\" \"$SOURCE_URL\"",
			"pg_restore --jobs=4 --no-owner --dbname=\"$TARGET_URL\" \"/backup/${SERVICE}.dump\"",
			"kubectl -n \"$SERVICE\" scale deployment/\"$SERVICE\" --replicas=0",
			"kubectl -n \"$SERVICE\" rollout status deployment/\"$SERVICE\" --timeout=10m",
			"psql \"$TARGET_URL\" -c 'ANALYZE;'",
			"curl -fsS \"https://${SERVICE}.${REGION}.internal/healthz\"",
			"vault read -field=password \"database/creds/${SERVICE}-migrator\" > /tmp/pw",
			"terraform -chdir=infra/${SERVICE} plan -out=cutover.plan",
			"aws route53 change-resource-record-sets --cli-input-json file://cutover.json",
		}, 3+r.IntN(5))
		for i, s := range steps {
			fmt.Fprintf(&b, "\necho \"step %d/%d\"\n%s\n", i+1, len(steps), s)
		}
	}
	b.WriteString("```\n")
	return b.String()
}

func envValue(r *rand.Rand, name string) string {
	switch name {
	case "DB_POOL_SIZE":
		return fmt.Sprint(10 * (1 + r.IntN(10)))
	case "REGION":
		return pick(r, regions)
	case "LOG_LEVEL":
		return pick(r, []string{"info", "warn", "debug"})
	case "FEATURE_DUAL_WRITE", "READ_FROM_REPLICA":
		return pick(r, []string{"true", "false"})
	case "CACHE_TTL":
		return fmt.Sprintf("%ds", 30*(1+r.IntN(20)))
	}
	return "db-primary." + pick(r, regions) + ".internal"
}

func exported(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "")
}
