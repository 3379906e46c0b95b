package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Day is one day of a MonthChart.
type Day struct {
	Day      int  // day of month, 1..31; other values are ignored
	Approved int  // approved minutes; negative counts as 0, more than a day (1440) as 1440
	Pending  int  // minutes not yet decided; negative counts as 0; cut so that the day adds up to at most 1440
	Off      bool // weekend, holiday or leave: the day is shaded
}

// MonthChart is the daily chart of one person's month: a bar per day of
// approved minutes with pending minutes stacked on top (lighter, hatched),
// days off shaded, and a dashed line at the daily target.
type MonthChart struct {
	Labels Labels
	// Days may come in any order and leave days out; a day given twice
	// adds up.
	Days []Day
	// DailyTarget is the height of the target line in minutes; 0 or less
	// draws no line, more than 1440 counts as 1440.
	DailyTarget int
	// DaysInMonth, when set (28..31), makes the day axis span the whole
	// month even when Days stops at today. Otherwise the axis ends at the
	// last day given (day 30 when no day is given).
	DaysInMonth int
	// Width and Height in pixels; both zero means DefaultWidth×DefaultHeight,
	// one of them zero keeps the default 3:2 aspect.
	Width, Height int
}

// minutesPerDay bounds what a day can show: minutes above it (a data error)
// are cut, so that one bad day cannot flatten every other bar.
const minutesPerDay = 24 * 60

// PNG renders the chart as a PNG image of Width×Height pixels. It fails only
// for an image size outside MinSide..MaxSide.
func (mc MonthChart) PNG() ([]byte, error) {
	return render(mc.Width, mc.Height, mc.paint)
}

func (mc MonthChart) paint(c draw.Canvas, st *style) {
	var approved, pending [32]float64
	var off [32]bool
	last := 0
	for _, d := range mc.Days {
		if d.Day < 1 || d.Day > 31 {
			continue
		}
		approved[d.Day] += float64(max(d.Approved, 0))
		pending[d.Day] += float64(max(d.Pending, 0))
		approved[d.Day] = math.Min(approved[d.Day], minutesPerDay)
		pending[d.Day] = math.Min(pending[d.Day], minutesPerDay-approved[d.Day])
		off[d.Day] = off[d.Day] || d.Off
		last = max(last, d.Day)
	}
	if mc.DaysInMonth >= 28 && mc.DaysInMonth <= 31 {
		last = max(last, mc.DaysInMonth)
	}
	if last == 0 {
		last = 30
	}
	target := math.Min(float64(max(mc.DailyTarget, 0)), minutesPerDay)

	var highest, total float64
	var offDays []int
	for d := 1; d <= last; d++ {
		highest = math.Max(highest, approved[d]+pending[d])
		total += approved[d] + pending[d]
		if off[d] {
			offDays = append(offDays, d)
		}
	}

	lb := mc.Labels
	items := []legendItem{{lb.Approved, swatchBar}, {lb.Pending, swatchPending}}
	if target > 0 {
		items = append(items, legendItem{lb.Target, swatchTarget})
	}
	items = append(items, legendItem{lb.Off, swatchOff})
	c = st.header(c, lb.Title, items)
	c = st.topLabel(c, lb.YAxis)

	p := newPlot(st)
	p.X.Min, p.X.Max = 0.5, float64(last)+0.5
	top, step := niceAxis(math.Max(math.Max(highest, target)*1.04, 60), 5, minuteSteps)
	if top > minutesPerDay {
		top, step = minutesPerDay, 360
	}
	p.Y.Min, p.Y.Max = 0, top
	ticks := valueTicks(top, step)
	p.Y.Tick.Marker = ticks
	p.X.Tick.Marker = dayTicks(last, 1)
	st.xLabel(p, c, lb.XAxis)

	// Label as many days as fit side by side, and write the minutes on the
	// bars only when every figure fits over its bar.
	dc := p.DataCanvas(c)
	slot := (dc.Max.X - dc.Min.X) / vg.Length(last)
	dayStep := 10
	for _, s := range []int{1, 2, 5} {
		if slot*vg.Length(s) >= st.text.Width("30")+st.gap {
			dayStep = s
			break
		}
	}
	p.X.Tick.Marker = dayTicks(last, dayStep)

	b := &bars{st: st, width: st.barWidth(slot)}
	var labels []valueLabel
	fits := true
	for d := 1; d <= last; d++ {
		a, pe := approved[d], pending[d]
		b.segs = append(b.segs,
			segment{pos: float64(d), lo: 0, hi: a},
			segment{pos: float64(d), lo: a, hi: a + pe, pending: true})
		if a+pe == 0 {
			continue
		}
		txt := number(a) + lb.Unit
		if pe > 0 {
			txt = number(a) + "+" + number(pe) + lb.Unit
		}
		if st.bold.Width(txt) > slot*0.95 {
			fits = false
		}
		labels = append(labels, valueLabel{pos: float64(d), val: a + pe, text: txt})
	}
	if fits {
		b.labels = labels
	}

	grid := &gridLines{st: st}
	for _, t := range ticks {
		grid.values = append(grid.values, t.Value)
	}
	p.Add(&bands{days: offDays, color: colOff}, grid, b)
	if target > 0 {
		p.Add(&refLine{st: st, value: target})
	}
	p.Add(figures{b})
	if total == 0 {
		p.Add(&noData{st: st, msg: lb.NoData})
	}
	p.Draw(c)
}

// dayTicks labels day 1 and then every step-th day (1, 3, 5, … for step 2;
// 1, 5, 10, … for step 5), with an unlabelled tick on the other days when
// labels are sparse.
func dayTicks(last, step int) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for d := 1; d <= last; d++ {
		lbl := ""
		switch {
		case step <= 2 && (d-1)%step == 0, step > 2 && (d == 1 || d%step == 0):
			lbl = formatInt(int64(d))
		}
		ts = append(ts, plot.Tick{Value: float64(d), Label: lbl})
	}
	return ts
}
