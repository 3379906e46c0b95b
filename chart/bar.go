package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one bar of a BarChart.
type Bar struct {
	Label string  // e.g. "U1", or a subordinate's name; cut with an ellipsis when too long
	Value float64 // e.g. capaian in %; negative, NaN and infinite count as 0, above 1,000,000 as 1,000,000
}

// BarChart draws one bar per item, in the order given, against a dashed
// reference line: capaian per RHK, or in a team chart the productivity of
// each subordinate.
//
// Bars stand upright when every label fits under its bar (short codes such
// as "U1"); otherwise (names, many bars) they lie horizontally, first bar on
// top, with the labels on the left cut to at most about 40 % of the width.
// The figures are written at the end of the bars whenever they fit.
type BarChart struct {
	Labels Labels
	Bars   []Bar
	// Reference is the value of the reference line, e.g. 100 (%); 0 or
	// less draws no line.
	Reference float64
	// Width and Height in pixels; both zero means DefaultWidth×DefaultHeight,
	// one of them zero keeps the default 3:2 aspect.
	Width, Height int
}

// maxBarValue caps the values of a BarChart so that a wild figure still
// leaves an axis with readable tick labels.
const maxBarValue = 1e6

// PNG renders the chart as a PNG image of Width×Height pixels. It fails only
// for an image size outside MinSide..MaxSide.
func (bc BarChart) PNG() ([]byte, error) {
	return render(bc.Width, bc.Height, bc.paint)
}

func (bc BarChart) paint(c draw.Canvas, st *style) {
	n := len(bc.Bars)
	vals := make([]float64, n)
	names := make([]string, n)
	ref := math.Min(finite(bc.Reference), maxBarValue)
	highest := ref
	for i, b := range bc.Bars {
		vals[i] = math.Min(finite(b.Value), maxBarValue)
		names[i] = clean(b.Label)
		highest = math.Max(highest, vals[i])
	}
	if highest == 0 {
		highest = 100
	} else {
		highest *= 1.04
	}
	top, step := niceAxis(highest, 5, plainSteps)

	var items []legendItem
	if ref > 0 {
		items = append(items, legendItem{bc.Labels.Target, swatchTarget})
	}
	c = st.header(c, bc.Labels.Title, items)

	if p, ok := bc.upright(st.belowTopLabel(c, bc.Labels.YAxis), st, vals, names, ref, top, step); ok {
		p.Draw(st.topLabel(c, bc.Labels.YAxis))
		return
	}
	c = st.topLabel(c, bc.Labels.XAxis)
	bc.lying(c, st, vals, names, ref, top, step).Draw(c)
}

// barWidth is the bar thickness in category units for slots of the given
// size: 70 % of the slot, but no thicker than 160 px at the reference size.
func (st *style) barWidth(slot vg.Length) float64 {
	if slot <= 0 {
		return 0.7
	}
	return math.Min(0.7, float64(st.l(160)/slot))
}

// upright builds the chart with upright bars to draw in c, or reports false
// when a label does not fit under its bar.
func (bc BarChart) upright(c draw.Canvas, st *style, vals []float64, names []string, ref, top, step float64) (*plot.Plot, bool) {
	n := len(vals)
	p := newPlot(st)
	p.X.Min, p.X.Max = -0.5, math.Max(float64(n)-0.5, 0.5)
	p.Y.Min, p.Y.Max = 0, top
	ticks := valueTicks(top, step)
	p.Y.Tick.Marker = ticks
	p.X.Tick.Length = 0
	var cats plot.ConstantTicks
	for i, name := range names {
		cats = append(cats, plot.Tick{Value: float64(i), Label: name})
	}
	p.X.Tick.Marker = cats
	st.xLabel(p, c, bc.Labels.XAxis)

	dc := p.DataCanvas(c)
	slot := (dc.Max.X - dc.Min.X) / vg.Length(max(n, 1))
	for _, name := range names {
		if st.text.Width(name) > slot*0.95 {
			return nil, false
		}
	}

	b := &bars{st: st, width: st.barWidth(slot)}
	fits := true
	for i, v := range vals {
		b.segs = append(b.segs, segment{pos: float64(i), hi: v})
		txt := number(v) + bc.Labels.Unit
		fits = fits && st.bold.Width(txt) <= slot*0.95
		b.labels = append(b.labels, valueLabel{pos: float64(i), val: v, text: txt})
	}
	if !fits {
		b.labels = nil
	}
	bc.add(p, st, b, ticks, ref, false)
	return p, true
}

// lying builds the chart with horizontal bars, first bar on top.
func (bc BarChart) lying(c draw.Canvas, st *style, vals []float64, names []string, ref, top, step float64) *plot.Plot {
	n := len(vals)
	p := newPlot(st)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.X.Min, p.X.Max = 0, top
	ticks := valueTicks(top, step)
	p.X.Tick.Marker = ticks
	p.Y.Tick.Length = 0

	// Label every k-th bar so that the labels do not overlap.
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}}
	st.xLabel(p, c, bc.Labels.YAxis)
	dc := p.DataCanvas(c)
	slot := (dc.Max.Y - dc.Min.Y) / vg.Length(n)
	// A name needs about its font size: capitals and descenders of
	// neighbours do not touch at that spacing.
	every := max(1, int(math.Ceil(float64(st.text.Font.Size/slot)-0.001)))
	maxName := 0.4 * (c.Max.X - c.Min.X)
	var cats plot.ConstantTicks
	for i, name := range names {
		if i%every != 0 {
			continue
		}
		cats = append(cats, plot.Tick{Value: float64(n - 1 - i), Label: fit(st.text, name, maxName)})
	}
	p.Y.Tick.Marker = cats
	st.xLabel(p, c, bc.Labels.YAxis) // again: the names narrowed the data area

	b := &bars{st: st, horizontal: true, width: st.barWidth(slot)}
	for i, v := range vals {
		b.segs = append(b.segs, segment{pos: float64(n - 1 - i), hi: v})
	}
	if st.bold.Font.Size <= slot*1.05 {
		for i, v := range vals {
			b.labels = append(b.labels, valueLabel{pos: float64(n - 1 - i), val: v, text: number(v) + bc.Labels.Unit})
		}
	}
	bc.add(p, st, b, ticks, ref, true)
	return p
}

// add puts the grid, the bars, the reference line and, with no bar, the
// no-data message on p.
func (bc BarChart) add(p *plot.Plot, st *style, b *bars, ticks plot.ConstantTicks, ref float64, horizontal bool) {
	grid := &gridLines{st: st, horizontal: horizontal}
	for _, t := range ticks {
		grid.values = append(grid.values, t.Value)
	}
	p.Add(grid, b)
	if ref > 0 {
		p.Add(&refLine{st: st, horizontal: horizontal, value: ref})
	}
	p.Add(figures{b})
	if len(bc.Bars) == 0 {
		p.Add(&noData{st: st, msg: bc.Labels.NoData})
	}
}
