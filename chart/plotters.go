package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below draw in data coordinates on a plot whose axis ranges
// the caller sets; none of them changes the ranges.

// segment is one rectangle of a bar: from lo to hi on the value axis,
// centred on pos on the category axis.
type segment struct {
	pos, lo, hi float64
	pending     bool
}

// valueLabel is a figure written just past the end of a bar.
type valueLabel struct {
	pos, val float64
	text     string
}

// bars draws bar segments and their figures. With horizontal set the
// category axis is Y and bars grow to the right; otherwise they grow up.
type bars struct {
	st         *style
	horizontal bool
	width      float64 // bar thickness in category units
	segs       []segment
	labels     []valueLabel
}

func (b *bars) rect(c draw.Canvas, plt *plot.Plot, s segment) vg.Rectangle {
	trX, trY := plt.Transforms(&c)
	if b.horizontal {
		return vg.Rectangle{
			Min: vg.Point{X: trX(s.lo), Y: trY(s.pos - b.width/2)},
			Max: vg.Point{X: trX(s.hi), Y: trY(s.pos + b.width/2)},
		}
	}
	return vg.Rectangle{
		Min: vg.Point{X: trX(s.pos - b.width/2), Y: trY(s.lo)},
		Max: vg.Point{X: trX(s.pos + b.width/2), Y: trY(s.hi)},
	}
}

func (b *bars) labelStyle() text.Style {
	sty := b.st.bold
	if b.horizontal {
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	} else {
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	}
	return sty
}

// labelOffset is where a figure goes relative to the end of its bar.
func (b *bars) labelOffset() vg.Point {
	if b.horizontal {
		return vg.Point{X: b.st.gap / 2, Y: capLift(b.st.bold)}
	}
	return vg.Point{Y: b.st.gap / 3}
}

func (b *bars) Plot(c draw.Canvas, plt *plot.Plot) {
	for _, s := range b.segs {
		if s.hi <= s.lo {
			continue
		}
		r := b.rect(c, plt, s)
		if s.pending {
			b.st.pendingRect(c, r)
		} else {
			fillRect(c, r, colBar)
		}
	}
}

// figures writes the figures of bars on a white patch, so that a grid or
// target line passing behind stays out of the digits. It is added after the
// target line.
type figures struct{ *bars }

func (f figures) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := f.labelStyle()
	pad := f.st.l(3)
	for _, l := range f.labels {
		pt := vg.Point{X: trX(l.pos), Y: trY(l.val)}
		if f.horizontal {
			pt = vg.Point{X: trX(l.val), Y: trY(l.pos)}
		}
		end := pt // the end of the bar: the patch must not touch it
		pt = pt.Add(f.labelOffset())
		r := sty.Rectangle(l.text).Add(pt)
		r.Min = r.Min.Sub(vg.Point{X: pad, Y: 0})
		r.Max = r.Max.Add(vg.Point{X: pad, Y: 0})
		// Keep the patch off the bar and within the bar's slot, so that it
		// never bites into a neighbouring bar.
		if f.horizontal {
			r.Min.X = max(r.Min.X, end.X+1)
			r.Min.Y = max(r.Min.Y, trY(l.pos-0.5))
			r.Max.Y = min(r.Max.Y, trY(l.pos+0.5))
		} else {
			r.Min.Y = max(r.Min.Y, end.Y+1)
			r.Min.X = max(r.Min.X, trX(l.pos-0.5))
			r.Max.X = min(r.Max.X, trX(l.pos+0.5))
		}
		fillRect(c, r, colBackground)
		c.FillText(sty, pt, l.text)
	}
}

// GlyphBoxes makes the plot leave room for the figures past the bars.
func (f figures) GlyphBoxes(plt *plot.Plot) []plot.GlyphBox {
	sty := f.labelStyle()
	var out []plot.GlyphBox
	for _, l := range f.labels {
		gb := plot.GlyphBox{X: plt.X.Norm(l.pos), Y: plt.Y.Norm(l.val)}
		if f.horizontal {
			gb = plot.GlyphBox{X: plt.X.Norm(l.val), Y: plt.Y.Norm(l.pos)}
		}
		gb.Rectangle = sty.Rectangle(l.text).Add(f.labelOffset())
		out = append(out, gb)
	}
	return out
}

// bands shades whole columns of the data area: one column per day off,
// consecutive days in one piece (no seams between them).
type bands struct {
	days  []int // ascending
	color color.Color
}

func (b *bands) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	for i := 0; i < len(b.days); {
		j := i
		for j+1 < len(b.days) && b.days[j+1] == b.days[j]+1 {
			j++
		}
		fillRect(c, vg.Rectangle{
			Min: vg.Point{X: trX(float64(b.days[i]) - 0.5), Y: c.Min.Y},
			Max: vg.Point{X: trX(float64(b.days[j]) + 0.5), Y: c.Max.Y},
		}, b.color)
		i = j + 1
	}
}

// gridLines draws light lines across the data area at the value ticks.
type gridLines struct {
	st         *style
	horizontal bool // bars horizontal: value axis is X, lines are vertical
	values     []float64
}

func (g *gridLines) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	ls := draw.LineStyle{Color: colGrid, Width: g.st.gridW}
	for _, v := range g.values {
		if v == 0 {
			continue // the axis line is there
		}
		if g.horizontal {
			c.StrokeLine2(ls, trX(v), c.Min.Y, trX(v), c.Max.Y)
		} else {
			c.StrokeLine2(ls, c.Min.X, trY(v), c.Max.X, trY(v))
		}
	}
}

// refLine is the dashed target or reference line across the data area.
type refLine struct {
	st         *style
	horizontal bool // bars horizontal: the line is vertical
	value      float64
}

func (r *refLine) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	if r.horizontal {
		c.StrokeLine2(r.st.targetStyle(), trX(r.value), c.Min.Y, trX(r.value), c.Max.Y)
		return
	}
	c.StrokeLine2(r.st.targetStyle(), c.Min.X, trY(r.value), c.Max.X, trY(r.value))
}

// noData writes the "nothing to show" message in the data area.
type noData struct {
	st  *style
	msg string
}

func (n *noData) Plot(c draw.Canvas, _ *plot.Plot) { n.st.drawNoData(c, n.msg) }

// topLabel writes an axis name horizontally at the top left corner of c
// (above the value axis's tick labels) and returns the area below it.
func (st *style) topLabel(c draw.Canvas, label string) draw.Canvas {
	if label = fit(st.text, clean(label), c.Max.X-c.Min.X); label != "" {
		sty := st.text
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		c.FillText(sty, vg.Point{X: c.Min.X, Y: c.Max.Y}, label)
	}
	return st.belowTopLabel(c, label)
}

// belowTopLabel returns the area topLabel leaves, without drawing.
func (st *style) belowTopLabel(c draw.Canvas, label string) draw.Canvas {
	if fit(st.text, clean(label), c.Max.X-c.Min.X) != "" {
		c.Max.Y -= lineHeight(st.text) + st.gap/2
	}
	return c
}
