package site

import (
	"net/url"
	"strings"
)

// sourceHost is "std.samr.gov.cn" for https://www.std.samr.gov.cn/x, the
// address of a mailto: URL.
func sourceHost(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if pu.Scheme == "mailto" {
		return pu.Opaque
	}
	return strings.TrimPrefix(pu.Hostname(), "www.")
}

// sourceTitle names a metric's source page and, when it points at a
// heading, the heading: "OpenResty API gateway › Audit logging", or only
// "Data encryption" for a heading of the brief itself.
func sourceTitle(p *Page, t target) string {
	if t.anchor != "" && t.page.MD != nil {
		for _, h := range t.page.MD.Headings {
			if h.ID != t.anchor || h.Text == "" {
				continue
			}
			if t.page == p {
				return h.Text
			}
			return t.page.Meta.Title + " › " + h.Text
		}
	}
	return t.page.Meta.Title
}
