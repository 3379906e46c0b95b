// Package chart renders the charts that /nilai sends as a photo: plain data
// in, PNG bytes out.
//
// Two charts exist: MonthChart (approved and pending minutes per day of a
// month against the daily target line) and BarChart (capaian per RHK, or the
// productivity of each subordinate in a team chart, against a reference
// line such as 100 %).
//
// The package holds no user-facing words: every text on a chart comes in
// already translated through Labels, so the caller renders it through its
// locales. Numbers are drawn as whole numbers without thousands separators,
// which reads the same in Indonesian and English.
//
// Rendering uses gonum.org/v1/plot with the Liberation Sans font that the
// library embeds, so no file system font and no network is needed. A chart
// is sized for a phone: 1080×720 pixels unless told otherwise, text at least
// 28 px high at that width and scaled with the image. Degenerate input (no
// data, zeros, negative or non-finite values, huge values, many bars, empty
// or overlong labels) still renders a readable image; only an impossible
// image size is an error.
package chart

import (
	"bytes"
	"fmt"
	"image/png"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Image size bounds, in pixels.
const (
	// DefaultWidth and DefaultHeight are used when a chart's Width and
	// Height are zero (or negative): landscape 3:2, which Telegram shows
	// full width on a phone without cropping.
	DefaultWidth  = 1080
	DefaultHeight = 720
	// MinSide and MaxSide bound each side of the image. A side outside
	// these bounds is a caller bug and PNG returns an error.
	MinSide = 240
	MaxSide = 4096
)

// Labels are the texts drawn on a chart, already translated. Any of them may
// be empty: an empty title, axis label or legend entry is simply not drawn.
// Newlines and control characters are replaced by spaces; a text too long for
// its place is cut with an ellipsis.
type Labels struct {
	// Title is drawn in bold across the top, e.g. "Menit kerja Maret 2026".
	Title string
	// XAxis names the categories: the days of the month, the RHK, or the
	// subordinates. Drawn under the chart, or above the names when a
	// BarChart lays its bars out horizontally.
	XAxis string
	// YAxis names the values, e.g. "Menit" or "Capaian (%)". Drawn
	// horizontally above the value axis (not rotated: easier on a phone),
	// or under the chart when a BarChart lays its bars out horizontally.
	YAxis string
	// Target is the legend entry of the target line (MonthChart) or of the
	// reference line (BarChart). The caller may include the figure, e.g.
	// "Target harian 337 menit".
	Target string
	// Approved and Pending are the legend entries of the approved (solid)
	// and pending (light, hatched) parts of a MonthChart's bars.
	Approved, Pending string
	// Off is the legend entry of the shaded days of a MonthChart (weekend,
	// holiday, leave).
	Off string
	// NoData is written in the middle of a chart that has nothing to show
	// (no days or no minutes at all; no bars), e.g. "Belum ada data".
	NoData string
	// Unit is appended to the figures written on the bars, e.g. "%" for a
	// BarChart. Empty means the bare number.
	Unit string
}

// imageSize resolves the requested size: zero or negative means default,
// and a single given side keeps the default 3:2 aspect.
func imageSize(w, h int) (int, int, error) {
	switch {
	case w <= 0 && h <= 0:
		w, h = DefaultWidth, DefaultHeight
	case w <= 0:
		w = h * 3 / 2
	case h <= 0:
		h = w * 2 / 3
	}
	if w < MinSide || h < MinSide || w > MaxSide || h > MaxSide {
		return 0, 0, fmt.Errorf("chart: image size %d×%d outside %d..%d pixels a side", w, h, MinSide, MaxSide)
	}
	return w, h, nil
}

// render draws onto a white canvas of the size imageSize resolves from the
// requested width and height, in which one vg point is one pixel, and
// encodes the result as PNG. A panic inside the plotting library is turned
// into an error rather than taking the bot down.
func render(width, height int, paint func(c draw.Canvas, st *style)) (out []byte, err error) {
	w, h, err := imageSize(width, height)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("chart: rendering failed: %v", r)
		}
	}()
	// At 72 dots per inch one vg point is one pixel: the image is w×h.
	vc := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(72))
	c := draw.New(vc)
	st := newStyle(vg.Length(w), vg.Length(h)) // vgimg paints the background white
	paint(draw.Crop(c, st.margin, -st.margin, st.margin, -st.margin), st)

	img := vc.Image()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, fmt.Errorf("chart: rendered %d×%d pixels, want %d×%d", b.Dx(), b.Dy(), w, h)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}
