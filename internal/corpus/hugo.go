package corpus

// The Hugo side: a config that turns on what keel does by default (GFM,
// footnotes, definition lists, linkify, GitHub heading IDs, highlighting with
// CSS classes, sitemap, one RSS feed, tags/teams/owners taxonomies) and a
// minimal theme that does about what keel's pages do: a sidebar of the current
// section pruned as keel's is (a window of 21 pages around the current one and
// a link to the section page), a table of contents, prev/next in the section and the page's metadata.
// Nothing more, so the comparison stays fair.

const hugoConfig = `baseURL = "https://portal.northwind.example/"
title = "Northwind Engineering Portal"
languageCode = "en"
enableRobotsTXT = true
# keel renders every page whatever its date; so must Hugo.
buildFuture = true
disableKinds = []

[taxonomies]
  tag = "tags"
  team = "teams"
  owner = "owners"

# keel writes one feed; Hugo's default is one per section and term.
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[services.rss]
  limit = 50

[markup.goldmark.renderer]
  unsafe = false

[markup.goldmark.parser]
  autoHeadingID = true
  autoHeadingIDType = "github"

[markup.goldmark.extensions]
  definitionList = true
  footnote = true
  linkify = true
  strikethrough = true
  table = true
  taskList = true
  typographer = false

[markup.highlight]
  codeFences = true
  noClasses = false
  style = "github"
  guessSyntax = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
  ordered = false
`

const hugoBaseof = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
</header>
<aside class="sidebar">
{{ with .CurrentSection }}{{ $pages := .RegularPages }}{{ $n := len $pages }}{{ $k := 0 }}
{{ range $i, $p := $pages }}{{ if eq $p $ }}{{ $k = $i }}{{ end }}{{ end }}
{{ $lo := sub $k 10 }}{{ if lt $lo 0 }}{{ $lo = 0 }}{{ end }}
{{ $hi := add $lo 21 }}{{ if gt $hi $n }}{{ $hi = $n }}{{ $lo = sub $hi 21 }}{{ if lt $lo 0 }}{{ $lo = 0 }}{{ end }}{{ end }}
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{ if gt $lo 0 }}<li>{{ $lo }} earlier</li>{{ end }}
{{ range after $lo (first $hi $pages) }}<li><a href="{{ .RelPermalink }}"{{ if eq . $ }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}
{{ if lt $hi $n }}<li>{{ sub $n $hi }} later</li><li><a href="{{ .RelPermalink }}">All {{ $n }} pages</a></li>{{ end }}</ul>{{ end }}
</aside>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Generated for the keel benchmark.</footer>
</body>
</html>
`

const hugoSingle = `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<dl class="meta">
{{ with .Params.owner }}<dt>Owner</dt><dd><a href="{{ printf "/owners/%s/" (urlize .) | relURL }}">{{ . }}</a></dd>{{ end }}
{{ with .Params.status }}<dt>Status</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.risk }}<dt>Risk</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.from }}<dt>From</dt><dd>{{ . }}</dd><dt>To</dt><dd>{{ $.Params.to }}</dd>{{ end }}
{{ with .GetTerms "tags" }}<dt>Tags</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "teams" }}<dt>Teams</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
</dl>
{{ with .Params.milestones }}<table class="milestones"><tr><th>Milestone</th><th>Due</th><th>Status</th></tr>
{{ range . }}<tr><td>{{ .title }}</td><td>{{ .due }}</td><td>{{ .status }}</td></tr>{{ end }}</table>{{ end }}
{{ with .Params.metrics }}<ul class="metrics">{{ range . }}<li><strong>{{ .value }}</strong> {{ .label }} <a href="{{ .source }}">{{ .note }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.prerequisites }}<h2>Prerequisites</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav class="prevnext">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}
</nav>
</article>
{{ end }}
`

const hugoList = `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
`

const hugo404 = `{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "/" | relURL }}">Home</a></p>{{ end }}
`

// A small subset of chroma's github style as CSS classes, as keel ships its own.
const hugoCSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:16rem 1fr}
header,footer{grid-column:1/3;padding:.5rem 1rem;background:#f6f8fa}
aside{padding:1rem;font-size:14px}main{padding:1rem;max-width:50rem}
pre{padding:.75rem;overflow:auto;background:#f6f8fa}
.chroma .k,.chroma .kd,.chroma .kn{color:#d73a49}.chroma .s,.chroma .s1,.chroma .s2{color:#032f62}
.chroma .c,.chroma .c1,.chroma .cm{color:#6a737d}.chroma .nf{color:#6f42c1}.chroma .m,.chroma .mi{color:#005cc5}
`

func hugoFiles() []file {
	return []file{
		{"hugo.toml", []byte(hugoConfig), treeHugo},
		{"layouts/_default/baseof.html", []byte(hugoBaseof), treeHugo},
		{"layouts/_default/single.html", []byte(hugoSingle), treeHugo},
		{"layouts/_default/list.html", []byte(hugoList), treeHugo},
		{"layouts/404.html", []byte(hugo404), treeHugo},
		{"static/css/site.css", []byte(hugoCSS), treeHugo},
	}
}
