package site

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"keel/internal/meta"
)

// BoardColumn is one status column of the blueprint board.
type BoardColumn struct {
	Status string
	Pages  []*Page
	Cards  []BoardCard // the same pages, with their milestone figures
}

// BoardCard is one blueprint on the board.
type BoardCard struct {
	*Page
	Done, Total     int // milestones done, of all
	Overdue, AtRisk int // open milestones past due; milestones marked at-risk
}

// board groups blueprints by status, in lifecycle order; empty columns are kept
// for the main flow so the board's shape never changes.
func (s *Site) board() []BoardColumn {
	var cols []BoardColumn
	for _, st := range meta.BlueprintStatuses {
		col := BoardColumn{Status: st}
		for _, p := range s.Blueprints() {
			if p.Meta.Status == st {
				col.Pages = append(col.Pages, p)
				c := BoardCard{Page: p}
				c.Done, c.Total = p.Progress()
				for _, m := range p.Meta.Milestones {
					if s.overdue(p, m) {
						c.Overdue++
					}
					if m.Status == "at-risk" && !closed(p) {
						c.AtRisk++
					}
				}
				col.Cards = append(col.Cards, c)
			}
		}
		if len(col.Pages) > 0 || slices.Contains([]string{"proposed", "accepted", "in-progress", "done"}, st) {
			cols = append(cols, col)
		}
	}
	return cols
}

// Progress counts a blueprint's done milestones.
func (p *Page) Progress() (done, total int) {
	for _, m := range p.Meta.Milestones {
		total++
		if m.Status == "done" {
			done++
		}
	}
	return
}

// closed says a blueprint was superseded or rejected: its plan is history.
func closed(p *Page) bool { return p.Meta.Status == "superseded" || p.Meta.Status == "rejected" }

// overdue says whether a milestone is open past its due date. Milestones of a
// superseded or rejected blueprint are history, never overdue.
func (s *Site) overdue(p *Page, m meta.Milestone) bool {
	if closed(p) {
		return false
	}
	return m.Status != "done" && !s.Now.IsZero() && !m.DueDate.IsZero() && s.Now.After(m.DueDate)
}

// Roadmap is the milestone timeline: quarters as columns, one row per
// blueprint, rows grouped into team swimlanes.
type Roadmap struct {
	Quarters []string
	Lanes    []RoadmapLane
	Teams    []string // every team of a row, sorted, for the filter
	// Today is the quarter index (into Quarters) that contains today, or -1;
	// TodayTenth is how far into that quarter today is, in tenths (0–9).
	Today      int
	TodayTenth int
	// ByQuarter lists the same milestones by quarter (the phone layout).
	ByQuarter  []RoadmapQuarter
	Milestones int
	Overdue    int
	AtRisk     int
}

// RoadmapLane is one team's swimlane: the blueprints whose first team it is.
type RoadmapLane struct {
	Team string
	Rows []RoadmapRow
}

// RoadmapRow is one blueprint: its milestones by quarter (same order as
// Quarters) and the span from its first quarter to its horizon.
type RoadmapRow struct {
	Page      *Page
	Teams     []string // all teams, the lane's first
	Cells     [][]RoadmapItem
	SpanFrom  int // first quarter index the blueprint occupies
	SpanTo    int // last: its horizon, or its last milestone
	HorizonAt int // quarter index of the horizon's end, or -1
	Overdue   int
	AtRisk    int
}

// RoadmapQuarter is one quarter of the phone layout. A past quarter whose
// milestones are all done starts folded.
type RoadmapQuarter struct {
	Quarter string
	Today   bool
	Past    bool
	Settled bool // past, and nothing in it is open
	Items   []RoadmapItem
}

// RoadmapItem is one milestone placed on the roadmap.
type RoadmapItem struct {
	meta.Milestone
	Page    *Page
	Teams   []string
	Overdue bool
}

// buildRoadmap lays out every published blueprint with dated milestones. A
// blueprint of several teams appears once, in the swimlane of its first team
// (the others are shown as chips and match the team filter); one with no team
// goes under "unassigned".
func (s *Site) buildRoadmap() Roadmap {
	rm := Roadmap{Today: -1}
	bps, first, last := s.roadmapBlueprints()
	if len(bps) == 0 {
		return rm
	}
	for _, b := range bps {
		// a horizon stretches the timeline, but never by more than two years
		if b.horizon != "" && b.horizon > last && b.horizon <= addQuarters(last, 8) {
			last = b.horizon
		}
	}
	// The bound is keel's years plus a horizon's two: meta refuses dates
	// outside them, so it only stops a loop that could not end (a year of
	// five digits sorts before 9999) should that ever change.
	for q := first; q <= last && len(rm.Quarters) < maxQuarters; q = nextQuarter(q) {
		rm.Quarters = append(rm.Quarters, q)
	}
	rm.setToday(s.Now)
	lanes := map[string]*RoadmapLane{}
	var laneOrder []string
	teams := map[string]bool{}
	byQ := make([][]RoadmapItem, len(rm.Quarters))
	for _, b := range bps {
		row := rm.row(b, byQ)
		rm.Overdue += row.Overdue
		rm.AtRisk += row.AtRisk
		for _, t := range b.teams {
			teams[t] = true
		}
		l := lanes[b.teams[0]]
		if l == nil {
			l = &RoadmapLane{Team: b.teams[0]}
			lanes[b.teams[0]] = l
			laneOrder = append(laneOrder, b.teams[0])
		}
		l.Rows = append(l.Rows, row)
	}
	slices.SortFunc(laneOrder, func(a, c string) int {
		// "unassigned" last; otherwise by name
		return cmp.Or(cmp.Compare(b2i(a == "unassigned"), b2i(c == "unassigned")), cmp.Compare(strings.ToLower(a), strings.ToLower(c)), cmp.Compare(a, c))
	})
	for _, t := range laneOrder {
		l := lanes[t]
		slices.SortStableFunc(l.Rows, func(a, c RoadmapRow) int {
			return cmp.Or(cmp.Compare(a.SpanFrom, c.SpanFrom), byTitle(a.Page, c.Page))
		})
		rm.Lanes = append(rm.Lanes, *l)
	}
	for t := range teams {
		rm.Teams = append(rm.Teams, t)
	}
	slices.SortFunc(rm.Teams, func(a, c string) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(c)), cmp.Compare(a, c))
	})
	rm.byQuarter(byQ)
	return rm
}

// maxQuarters is the most quarters a roadmap can span.
const maxQuarters = (meta.MaxYear-meta.MinYear+1)*4 + 8

// roadmapBP is a blueprint on the roadmap: its swimlane teams, dated
// milestones and horizon quarter.
type roadmapBP struct {
	p       *Page
	teams   []string
	items   []RoadmapItem
	horizon string
}

// roadmapBlueprints are the published blueprints with dated milestones,
// and the first and last quarter of those milestones.
func (s *Site) roadmapBlueprints() (bps []roadmapBP, first, last string) {
	for _, p := range s.Blueprints() {
		b := roadmapBP{p: p, teams: p.Meta.Teams, horizon: horizonQuarter(p.Meta.Horizon)}
		if len(b.teams) == 0 {
			b.teams = []string{"unassigned"}
		}
		for _, m := range p.Meta.Milestones {
			if m.Quarter == "" {
				continue
			}
			b.items = append(b.items, RoadmapItem{Milestone: m, Page: p, Teams: b.teams, Overdue: s.overdue(p, m)})
			if first == "" || m.Quarter < first {
				first = m.Quarter
			}
			if m.Quarter > last {
				last = m.Quarter
			}
		}
		if len(b.items) == 0 {
			continue
		}
		bps = append(bps, b)
	}
	return bps, first, last
}

// setToday marks the quarter holding now, and how far into it now is.
func (rm *Roadmap) setToday(now time.Time) {
	if now.IsZero() {
		return
	}
	if i := slices.Index(rm.Quarters, meta.QuarterOf(now)); i >= 0 {
		rm.Today = i
		start := quarterStart(rm.Quarters[i])
		end := quarterStart(nextQuarter(rm.Quarters[i]))
		frac := float64(now.Sub(start)) / float64(end.Sub(start))
		rm.TodayTenth = min(9, int(frac*10))
	}
}

// row lays out one blueprint's milestones by quarter, adding them to byQ
// and counting them in rm.Milestones.
func (rm *Roadmap) row(b roadmapBP, byQ [][]RoadmapItem) RoadmapRow {
	row := RoadmapRow{Page: b.p, Teams: b.teams, Cells: make([][]RoadmapItem, len(rm.Quarters)), SpanFrom: len(rm.Quarters), HorizonAt: -1}
	for _, it := range b.items {
		qi := slices.Index(rm.Quarters, it.Quarter)
		if qi < 0 { // cannot happen for a due date meta accepts; never panic on one
			continue
		}
		row.Cells[qi] = append(row.Cells[qi], it)
		byQ[qi] = append(byQ[qi], it)
		row.SpanFrom, row.SpanTo = min(row.SpanFrom, qi), max(row.SpanTo, qi)
		rm.Milestones++
		if it.Overdue {
			row.Overdue++
		}
		if it.Status == "at-risk" && !closed(b.p) {
			row.AtRisk++
		}
	}
	if i := slices.Index(rm.Quarters, b.horizon); i >= 0 {
		row.HorizonAt = i
		row.SpanTo = max(row.SpanTo, i)
	}
	for _, cell := range row.Cells {
		slices.SortFunc(cell, byDue)
	}
	return row
}

// byQuarter lists the milestones of each quarter that has any.
func (rm *Roadmap) byQuarter(byQ [][]RoadmapItem) {
	for i, q := range rm.Quarters {
		items := byQ[i]
		slices.SortStableFunc(items, func(a, c RoadmapItem) int { return cmp.Or(byDue(a, c), byTitle(a.Page, c.Page)) })
		if len(items) == 0 {
			continue
		}
		rq := RoadmapQuarter{Quarter: q, Today: i == rm.Today, Items: items}
		rq.Past = rm.Today >= 0 && i < rm.Today
		rq.Settled = rq.Past && !slices.ContainsFunc(items, func(it RoadmapItem) bool { return it.Overdue })
		rm.ByQuarter = append(rm.ByQuarter, rq)
	}
}

func byDue(a, c RoadmapItem) int {
	return cmp.Or(a.DueDate.Compare(c.DueDate), cmp.Compare(a.Title, c.Title))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var horizonRE = regexp.MustCompile(`^(\d{4})(?:-(H[12]|Q[1-4]))?$`)

// horizonQuarter is the last quarter of a horizon such as 2027-H1 (2027-Q2),
// 2027-Q3 or 2027 (2027-Q4); "" when the horizon is free text.
func horizonQuarter(h string) string {
	m := horizonRE.FindStringSubmatch(strings.TrimSpace(h))
	if m == nil {
		return ""
	}
	switch m[2] {
	case "H1":
		return m[1] + "-Q2"
	case "", "H2":
		return m[1] + "-Q4"
	}
	return m[1] + "-" + m[2]
}

func quarterStart(q string) time.Time {
	var y, n int
	if _, err := fmt.Sscanf(q, "%d-Q%d", &y, &n); err != nil {
		return time.Time{}
	}
	return time.Date(y, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC)
}

func addQuarters(q string, n int) string {
	for range n {
		q = nextQuarter(q)
	}
	return q
}

func nextQuarter(q string) string {
	_, day, err := meta.ParseDue(q)
	if err != nil {
		return "9999-Q9"
	}
	return meta.QuarterOf(day.AddDate(0, 0, 1))
}
