package chart

import (
	"image/color"
	"math"
	"strings"
	"sync"
	"unicode"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours from the Okabe–Ito palette, chosen to stay distinguishable with the
// common colour-vision deficiencies; pending minutes differ from approved
// ones by lightness and hatching too, the target line by being dashed.
var (
	colBackground = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	colText       = color.RGBA{0x1A, 0x1A, 0x1A, 0xFF}
	colAxis       = color.RGBA{0x40, 0x40, 0x40, 0xFF}
	colGrid       = color.RGBA{0xD6, 0xD6, 0xD6, 0xFF}
	colBar        = color.RGBA{0x00, 0x72, 0xB2, 0xFF} // blue: approved minutes, capaian
	colPending    = color.RGBA{0xC6, 0xE2, 0xF5, 0xFF} // light blue under blue hatching
	colOff        = color.RGBA{0xE8, 0xE8, 0xE8, 0xFF} // light grey band: day off
	colTarget     = color.RGBA{0xD5, 0x5E, 0x00, 0xFF} // vermillion: target / reference line
)

// fonts is the font cache of the Liberation fonts gonum/plot embeds. A
// font.Cache is safe for concurrent use, so every render shares it.
var fonts = sync.OnceValue(func() *font.Cache { return font.NewCache(liberation.Collection()) })

// Font sizes in pixels at the reference size of 1080×720. Everything scales
// by the smaller of width/1080 and height/720, so a chart keeps its look at
// any size; at 1080 pixels across the smallest text is 28 px, readable on a
// phone where Telegram shows the photo at the screen's width.
const (
	refWidth     = 1080
	refHeight    = 720
	sizeTitle    = 40
	sizeText     = 28
	sizeMargin   = 24
	sizeBarLabel = 28
)

// style holds the text styles and lengths of one render, scaled to its size.
type style struct {
	scale                 float64
	title, text, bold     text.Style
	margin, gap           vg.Length
	tickLen, axisW, gridW vg.Length
	targetW               vg.Length
	targetDash            []vg.Length
}

func newStyle(w, h vg.Length) *style {
	s := math.Min(float64(w)/refWidth, float64(h)/refHeight)
	l := func(v float64) vg.Length { return vg.Length(v * s) }
	hdlr := text.Plain{Fonts: fonts()}
	sans := font.Font{Typeface: "Liberation", Variant: "Sans"}
	bold := sans
	bold.Weight = xfont.WeightBold
	mk := func(f font.Font, size float64) text.Style {
		return text.Style{Color: colText, Font: font.From(f, l(size)), Handler: hdlr}
	}
	return &style{
		scale:      s,
		title:      mk(bold, sizeTitle),
		text:       mk(sans, sizeText),
		bold:       mk(bold, sizeBarLabel),
		margin:     l(sizeMargin),
		gap:        l(12),
		tickLen:    l(8),
		axisW:      l(2),
		gridW:      l(1.5),
		targetW:    max(l(5), 3), // never thinner than 3 px: solid pixels at any size
		targetDash: []vg.Length{l(20), l(10)},
	}
}

// l scales a length given in pixels at the reference size.
func (st *style) l(v float64) vg.Length { return vg.Length(v * st.scale) }

// lineHeight is the vertical room one line of sty takes.
func lineHeight(sty text.Style) vg.Length {
	return sty.FontExtents().Height
}

// capLift is how far to raise text aligned with draw.YCenter so that its
// capitals and digits, rather than its box with room for descenders, are
// centred on the point.
func capLift(sty text.Style) vg.Length { return sty.Font.Size * 0.1 }

// clean makes a label safe to draw on one line: valid UTF-8, no control
// characters (a newline would start a second line), spaces collapsed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

const ellipsis = "…"

// fit returns s cut to at most width when drawn in sty, ending in an
// ellipsis when cut; "" when not even the ellipsis fits.
func fit(sty text.Style, s string, width vg.Length) string {
	if s == "" || sty.Width(s) <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // the longest prefix that fits lies in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if sty.Width(strings.TrimRight(string(rs[:mid]), " ")+ellipsis) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		if sty.Width(ellipsis) <= width {
			return ellipsis
		}
		return ""
	}
	return strings.TrimRight(string(rs[:lo]), " .,;:-") + ellipsis
}

// number formats a non-negative figure as a whole number. It is cut, not
// rounded: 89.99 shows as 89, so a figure short of a threshold never looks
// as if it reached it.
func number(v float64) string {
	if math.IsNaN(v) || v < 0 {
		v = 0
	}
	if v > 1e15 {
		v = 1e15
	}
	return formatInt(int64(math.Floor(v)))
}

func formatInt(n int64) string {
	var b [24]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// finite returns v, or 0 when v is negative, NaN or infinite.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// niceAxis returns the top of a value axis that starts at 0 and shows max,
// and the step between ticks: at most maxTicks intervals, steps taken from
// steps (ascending) and then from 1-2-5 × 10ⁿ. Steps are whole numbers, so
// tick labels never need a decimal separator.
func niceAxis(max float64, maxTicks int, steps []float64) (top, step float64) {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 1
	}
	raw := max / float64(maxTicks)
	step = 0
	for _, s := range steps {
		if s >= raw {
			step = s
			break
		}
	}
	if step == 0 {
		mag := math.Pow(10, math.Floor(math.Log10(raw)))
		for _, m := range []float64{1, 2, 5, 10} {
			if m*mag >= raw {
				step = m * mag
				break
			}
		}
	}
	if step < 1 {
		step = 1
	}
	top = math.Ceil(max/step) * step
	if top < step {
		top = step
	}
	return top, step
}

// Steps for an axis of minutes: whole hours once above an hour.
var minuteSteps = []float64{1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440}

// Steps for an axis of percentages or counts.
var plainSteps = []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500}

// valueTicks returns the ticks 0, step, …, top with whole-number labels.
func valueTicks(top, step float64) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for i := 0; ; i++ {
		v := float64(i) * step
		if v > top+step/1e6 || i > 100 {
			break
		}
		ts = append(ts, plot.Tick{Value: v, Label: number(v + step/1e6)})
	}
	return ts
}

// newPlot returns a plot whose texts, axes and paddings follow st. Axis
// ranges and ticks are left to the caller.
func newPlot(st *style) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.TextHandler = st.text.Handler
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.LineStyle = draw.LineStyle{Color: colAxis, Width: st.axisW}
		a.Padding = 0
		a.Tick.LineStyle = draw.LineStyle{Color: colAxis, Width: st.axisW}
		a.Tick.Length = st.tickLen
		a.Label.TextStyle = st.text
		a.Label.TextStyle.XAlign = draw.XCenter
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = st.gap / 2
		a.Tick.Label = st.text
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	return p
}

// xLabel sets the label under the X axis, cut to the width of the data area
// it is centred on: a wider label would make the plot shrink the data area.
// Call it once the ticks are set.
func (st *style) xLabel(p *plot.Plot, c draw.Canvas, label string) {
	if label = clean(label); label == "" {
		p.X.Label.Text = ""
		return
	}
	p.X.Label.Text = "X" // takes the label's height, not its width
	dc := p.DataCanvas(c)
	p.X.Label.Text = fit(st.text, label, dc.Max.X-dc.Min.X)
}

// swatch is how a legend entry is pictured.
type swatch int

const (
	swatchBar     swatch = iota // solid bar colour
	swatchPending               // light, hatched
	swatchTarget                // dashed target line
	swatchOff                   // grey band
)

type legendItem struct {
	label string
	kind  swatch
}

// header draws the title and the legend at the top of c and returns what is
// left below them.
func (st *style) header(c draw.Canvas, title string, items []legendItem) draw.Canvas {
	width := c.Max.X - c.Min.X
	top := c.Max.Y
	if title = fit(st.title, clean(title), width); title != "" {
		sty := st.title
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: top}, title)
		top -= lineHeight(st.title) + st.gap
	}
	rows := st.legendRows(items, width)
	for _, row := range rows {
		st.drawLegendRow(c, row, top, width)
		top -= lineHeight(st.text)
	}
	if len(rows) > 0 {
		top -= st.gap
	}
	c.Max.Y = top
	return c
}

// swatchW is the width of a legend picture; entries are separated by sep.
func (st *style) swatchW() vg.Length { return st.l(44) }
func (st *style) sep() vg.Length     { return st.l(36) }

func (st *style) itemW(it legendItem) vg.Length {
	return st.swatchW() + st.gap + st.text.Width(it.label)
}

// legendRows lays the non-empty entries out in centred rows that fit width.
func (st *style) legendRows(items []legendItem, width vg.Length) [][]legendItem {
	var rows [][]legendItem
	var row []legendItem
	var used vg.Length
	for _, it := range items {
		it.label = clean(it.label)
		if it.label == "" {
			continue
		}
		it.label = fit(st.text, it.label, width-st.swatchW()-st.gap)
		w := st.itemW(it)
		if len(row) > 0 && used+st.sep()+w > width {
			rows = append(rows, row)
			row, used = nil, 0
		}
		if len(row) > 0 {
			used += st.sep()
		}
		row = append(row, it)
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (st *style) drawLegendRow(c draw.Canvas, row []legendItem, top, width vg.Length) {
	var total vg.Length
	for i, it := range row {
		if i > 0 {
			total += st.sep()
		}
		total += st.itemW(it)
	}
	x := c.Min.X + (width-total)/2
	h := lineHeight(st.text)
	mid := top - h/2
	box := vg.Rectangle{
		Min: vg.Point{X: 0, Y: mid - st.l(13)},
		Max: vg.Point{X: st.swatchW(), Y: mid + st.l(13)},
	}
	for _, it := range row {
		r := box.Add(vg.Point{X: x})
		switch it.kind {
		case swatchBar:
			fillRect(c, r, colBar)
		case swatchPending:
			st.pendingRect(c, r)
		case swatchOff:
			fillRect(c, r, colOff)
			c.StrokeLines(draw.LineStyle{Color: colAxis, Width: st.l(1)}, rectPath(r))
		case swatchTarget:
			c.StrokeLine2(st.targetStyle(), r.Min.X, mid, r.Max.X, mid)
		}
		sty := st.text
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
		c.FillText(sty, vg.Point{X: x + st.swatchW() + st.gap, Y: mid + capLift(sty)}, it.label)
		x += st.itemW(it) + st.sep()
	}
}

func (st *style) targetStyle() draw.LineStyle {
	return draw.LineStyle{Color: colTarget, Width: st.targetW, Dashes: st.targetDash}
}

func rectPath(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}

func fillRect(c draw.Canvas, r vg.Rectangle, col color.Color) {
	if r.Max.X <= r.Min.X || r.Max.Y <= r.Min.Y {
		return
	}
	c.SetColor(col)
	var p vg.Path
	p.Move(r.Min)
	p.Line(vg.Point{X: r.Max.X, Y: r.Min.Y})
	p.Line(r.Max)
	p.Line(vg.Point{X: r.Min.X, Y: r.Max.Y})
	p.Close()
	c.Fill(p)
}

// pendingRect draws a pending segment: light fill, diagonal hatching and an
// outline in the bar colour, so it stays apart from approved minutes even
// in greyscale.
func (st *style) pendingRect(c draw.Canvas, r vg.Rectangle) {
	if r.Max.X <= r.Min.X || r.Max.Y <= r.Min.Y {
		return
	}
	fillRect(c, r, colPending)
	clip := draw.Canvas{Canvas: c.Canvas, Rectangle: r}
	spacing := st.l(12)
	w, h := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
	var lines [][]vg.Point
	for off := -h; off < w; off += spacing {
		lines = append(lines, []vg.Point{
			{X: r.Min.X + off, Y: r.Min.Y},
			{X: r.Min.X + off + h, Y: r.Max.Y},
		})
	}
	ls := draw.LineStyle{Color: colBar, Width: st.l(2.5)}
	for _, seg := range clip.ClipLinesXY(lines...) {
		if len(seg) >= 2 {
			c.StrokeLines(ls, seg)
		}
	}
	c.StrokeLines(draw.LineStyle{Color: colBar, Width: st.l(2)}, rectPath(r))
}

// drawNoData writes msg in a white box in the middle of the data area.
func (st *style) drawNoData(c draw.Canvas, msg string) {
	msg = fit(st.bold, clean(msg), c.Max.X-c.Min.X-2*st.gap)
	if msg == "" {
		return
	}
	ctr := c.Center()
	w, h := st.bold.Width(msg), lineHeight(st.bold)
	r := vg.Rectangle{
		Min: vg.Point{X: ctr.X - w/2 - st.gap, Y: ctr.Y - h/2 - st.gap/2},
		Max: vg.Point{X: ctr.X + w/2 + st.gap, Y: ctr.Y + h/2 + st.gap/2},
	}
	fillRect(c, r, colBackground)
	sty := st.bold
	sty.Color = colAxis
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, ctr.Add(vg.Point{Y: capLift(sty)}), msg)
}
