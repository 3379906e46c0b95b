package chart

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/text"
)

var idLabels = Labels{
	Title:    "Menit kerja harian — Maret 2026",
	XAxis:    "Tanggal",
	YAxis:    "Menit",
	Target:   "Target harian 337 menit",
	Approved: "Disetujui",
	Pending:  "Menunggu",
	Off:      "Libur/cuti",
	NoData:   "Belum ada laporan",
}

// march2026 is a plausible month: weekends off, a holiday on the 20th, leave
// on the 26th and 27th, some minutes still pending near the end.
func march2026() []Day {
	var days []Day
	for d := 1; d <= 31; d++ {
		wd := (d + 6) % 7 // 1 March 2026 is a Sunday: 0 = Sunday
		off := wd == 0 || wd == 6 || d == 20 || d == 26 || d == 27
		day := Day{Day: d, Off: off}
		if !off && d <= 25 {
			day.Approved = 240 + (d*37)%180
			if d >= 21 {
				day.Pending = 60 + (d*13)%90
				day.Approved -= 120
			}
		}
		if d == 7 { // Saturday work
			day.Approved = 90
		}
		days = append(days, day)
	}
	return days
}

// samples is where CHART_SAMPLES=/tmp/chart-samples asks the rendered
// images to be kept to look at them, with the test cases scaled up to a
// phone's 1080 pixels across; "" otherwise. They always go to a temporary
// directory.
var samples = os.Getenv("CHART_SAMPLES")

// testSize is the size a case is rendered at: small to keep the race
// detector fast (PNG encoding dominates), 1080 wide when keeping samples.
func testSize(w, h int) (int, int) {
	if samples != "" && w > 0 && w < DefaultWidth {
		if h > 0 {
			h = h * DefaultWidth / w
		}
		return DefaultWidth, h
	}
	return w, h
}

// stats are what a rendered chart is judged by, counted in one pass.
type stats struct {
	w, h          int
	white         int  // background pixels
	bar           int  // pixels of the bar colour below the top fifth
	target        int  // pixels of the target colour in the middle rows (25 %–75 %)
	severalColors bool // more than two colours
}

// decode checks that data is a PNG of w×h pixels, saves it and counts.
func decode(t *testing.T, name string, data []byte, w, h int) stats {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	if b := m.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("%s: size %d×%d, want %d×%d", name, b.Dx(), b.Dy(), w, h)
	}
	dirs := []string{t.TempDir()}
	if samples != "" {
		if err := os.MkdirAll(samples, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, samples)
	}
	for _, dir := range dirs {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, ok := m.(*image.RGBA)
	if !ok {
		img = image.NewRGBA(m.Bounds())
		draw.Draw(img, img.Bounds(), m, image.Point{}, draw.Src)
	}
	// Every other pixel of each row, read as one word: the race detector
	// makes each memory read costly. Bars and dashes are wider than two
	// pixels.
	st := stats{w: w, h: h}
	word := func(c color.RGBA) uint32 { return uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 }
	const rgb = 0xFFFFFF
	white, bar, target := word(colBackground), word(colBar), word(colTarget)
	first := binary.LittleEndian.Uint32(img.Pix) & rgb
	other := first
	kinds := 1
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := 0; x < w; x += 2 {
			px := binary.LittleEndian.Uint32(row[4*x:]) & rgb
			switch {
			case px == white:
				st.white += 2
			case px == bar && y > h/5:
				st.bar += 2
			case px == target && y >= h/4 && y < h*3/4:
				st.target += 2
			}
			if kinds < 3 && px != first && (kinds == 1 || px != other) {
				other = px
				kinds++
			}
		}
	}
	st.severalColors = kinds >= 3
	return st
}

// check is what every chart must pass: a white background, some ink
// in more than one colour.
func (s stats) check(t *testing.T, name string) {
	t.Helper()
	if !s.severalColors {
		t.Errorf("%s: (almost) a single colour", name)
	}
	if total := s.w * s.h; s.white < total/5 || s.white == total {
		t.Errorf("%s: %d of %d pixels white", name, s.white, total)
	}
}

func TestMonthChart(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Sangat panjang sekali ", 12)
	extreme := []Day{{Day: 0, Approved: 500}, {Day: 32, Approved: 500}, {Day: 3, Approved: -50, Pending: -10}}
	for d := 1; d <= 31; d++ {
		extreme = append(extreme, Day{Day: d, Approved: 1440, Pending: 1440 * (d % 2), Off: d%7 == 0})
	}
	cases := []struct {
		name   string
		chart  MonthChart
		w, h   int  // requested size; 0 = the default 3:2
		target bool // the target line must cross the middle rows
		bars   bool // approved minutes must show
	}{
		{name: "month-normal", chart: MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337}, w: 360, h: 240, target: true, bars: true},
		{name: "month-empty", chart: MonthChart{Labels: idLabels}, w: 360, h: 240},
		{name: "month-bare", chart: MonthChart{}, w: 360, h: 240},
		{name: "month-zero-with-target", chart: MonthChart{Labels: idLabels, DailyTarget: 337, DaysInMonth: 31,
			Days: []Day{{Day: 1, Off: true}, {Day: 2}, {Day: 3}}}, w: 360, h: 240, target: true},
		{name: "month-few-days", chart: MonthChart{Labels: idLabels, DailyTarget: 300,
			Days: []Day{{Day: 1, Approved: 200}, {Day: 2, Approved: 320, Pending: 45}, {Day: 3, Off: true}, {Day: 4, Approved: 90}}},
			w: 360, h: 240, target: true, bars: true},
		// Minutes and target beyond a day are cut to 1440: the line runs
		// along the top.
		{name: "month-extreme", chart: MonthChart{Labels: Labels{Title: long, XAxis: long, YAxis: long, Target: long, Approved: long,
			Pending: "a\nb\tc", Off: long, NoData: long}, Days: extreme, DailyTarget: 99999}, w: 240, h: 427, bars: true},
		{name: "month-one-side", chart: MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337}, w: 360, target: true, bars: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDrawing(t, drawing{tc.name, tc.w, tc.h, tc.target, tc.bars}, tc.chart.DailyTarget > 0, tc.chart.pngAt)
		})
	}
}

// drawing is what a chart test case expects: its name and size, and whether
// its target (or reference) line and its bars must show.
type drawing struct {
	name         string
	w, h         int
	target, bars bool
}

// checkDrawing draws a chart (in parallel with the others) at the case's
// size and checks the picture: the target colour shows with a target line
// and never on a chart without one (hasTarget), the bar colour with bars
// and never without data.
func checkDrawing(t *testing.T, d drawing, hasTarget bool, draw func(width, height int) ([]byte, error)) {
	t.Helper()
	t.Parallel()
	width, height := testSize(d.w, d.h)
	data, err := draw(width, height)
	if err != nil {
		t.Fatal(err)
	}
	w, h, _ := imageSize(width, height)
	s := decode(t, d.name, data, w, h)
	s.check(t, d.name)
	if d.target && s.target < w/20 {
		t.Errorf("target line colour on %d pixels of the middle band", s.target)
	} else if !hasTarget && s.target > 0 {
		t.Errorf("target colour drawn without a target")
	}
	if d.bars && s.bar < w*h/200 {
		t.Errorf("only %d bar pixels", s.bar)
	} else if !d.bars && s.bar > 0 {
		t.Errorf("bar colour drawn without data")
	}
}

// pngAt draws the chart at a size.
func (mc MonthChart) pngAt(width, height int) ([]byte, error) {
	mc.Width, mc.Height = width, height
	return mc.PNG()
}

// pngAt draws the chart at a size.
func (bc BarChart) pngAt(width, height int) ([]byte, error) {
	bc.Width, bc.Height = width, height
	return bc.PNG()
}

func TestBarChart(t *testing.T) {
	t.Parallel()
	rhk := Labels{Title: "Capaian per RHK — Maret 2026", XAxis: "RHK", YAxis: "Capaian (%)", Target: "Target 100%", NoData: "Belum ada RHK", Unit: "%"}
	team := Labels{Title: "Produktivitas tim — Maret 2026", XAxis: "Pegawai", YAxis: "Produktivitas (%)", Target: "Target 100%", Unit: "%"}
	var forty []Bar
	for i := range 40 {
		forty = append(forty, Bar{Label: "Pegawai nomor " + formatInt(int64(i+1)), Value: float64(i * 13 % 140)})
	}
	var fifteen []Bar
	for i, name := range strings.Split("Ahmad Fauzi;Bambang Suryadi, S.Sos.;Citra Dewi Anggraini;Dedi Kurniawan;Eka Putri Rahayu, S.E., M.M.;Fajar Nugroho;Gita Permatasari;Hadi Susanto;Indah Wulandari;Joko Widodo Santoso;Kartika Sari;Lukman Hakim, S.H.;Maya Puspita;Nur Aini;Oktaviani Rahmawati", ";") {
		fifteen = append(fifteen, Bar{Label: name, Value: float64(40 + i*37%90)})
	}
	forty[3].Value = 500
	forty[4].Value = -20
	forty[5].Value = math.NaN()
	forty[6].Value = math.Inf(1)
	cases := []struct {
		name   string
		chart  BarChart
		w, h   int
		target bool
		bars   bool
	}{
		{name: "bars-rhk", chart: BarChart{Labels: rhk, Reference: 100, Bars: []Bar{
			{"U1", 87.5}, {"U2", 100}, {"U3", 120.4}, {"U4", 64}, {"T1", 0}, {"T2", 99.99}}}, w: 360, h: 240, target: true, bars: true},
		{name: "bars-team", chart: BarChart{Labels: team, Reference: 100, Bars: []Bar{
			{"Dr. Siti Nurhaliza Kusumawardhani, S.Kom., M.Kom.", 104},
			{"Budi Santoso, S.E.", 91.3},
			{"Agus Prasetyo Wibowo, S.T., M.T.", 72},
			{"Rina Marlina", 100},
			{"Hendra Gunawan Setiadi Putra, S.H.", 45.9},
			{"Dewi Lestari", 0}}}, w: 360, h: 240, target: true, bars: true},
		{name: "bars-team-15", chart: BarChart{Labels: team, Reference: 100, Bars: fifteen}, w: 360, h: 240, target: true, bars: true},
		{name: "bars-empty", chart: BarChart{Labels: rhk, Reference: 100}, w: 360, h: 240, target: true},
		{name: "bars-bare", chart: BarChart{}, w: 360, h: 240},
		{name: "bars-zero", chart: BarChart{Labels: rhk, Bars: []Bar{{"U1", 0}, {"U2", 0}}}, w: 360, h: 240},
		{name: "bars-single", chart: BarChart{Labels: rhk, Bars: []Bar{{"U1", 87.5}}, Reference: 100}, w: 360, h: 240, target: true, bars: true},
		{name: "bars-extreme", chart: BarChart{Labels: Labels{Title: strings.Repeat("Judul panjang ", 20), Target: strings.Repeat("x", 300), Unit: "%"},
			Bars: forty, Reference: math.Inf(1)}, w: 360, h: 240, bars: true},
		// The reference line lies on the axis under a wild figure.
		{name: "bars-huge", chart: BarChart{Labels: rhk, Reference: 100, Bars: []Bar{{"U1", 500}, {"U2", 1e300}, {"", 3}}},
			w: 360, h: 240, bars: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDrawing(t, drawing{tc.name, tc.w, tc.h, tc.target, tc.bars}, tc.chart.Reference > 0, tc.chart.pngAt)
		})
	}
}

func TestImageSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ w, h, wantW, wantH int }{
		{0, 0, DefaultWidth, DefaultHeight},
		{-5, -5, DefaultWidth, DefaultHeight},
		{900, 0, 900, 600},
		{0, 400, 600, 400},
		{MinSide, MaxSide, MinSide, MaxSide},
	} {
		w, h, err := imageSize(c.w, c.h)
		if err != nil || w != c.wantW || h != c.wantH {
			t.Errorf("imageSize(%d, %d) = %d, %d, %v; want %d, %d", c.w, c.h, w, h, err, c.wantW, c.wantH)
		}
	}
	for _, c := range [][2]int{{MinSide - 1, 500}, {500, MaxSide + 1}, {10, 0}, {0, 3000}} {
		if _, _, err := imageSize(c[0], c[1]); err == nil {
			t.Errorf("imageSize(%d, %d): no error", c[0], c[1])
		}
	}
	if _, err := (MonthChart{Width: 100000, Height: 100000}).PNG(); err == nil {
		t.Error("MonthChart of 100000² pixels: no error")
	}
	if _, err := (BarChart{Width: 1, Height: 1}).PNG(); err == nil {
		t.Error("BarChart of 1×1 pixel: no error")
	}
}

// A zero size means DefaultWidth×DefaultHeight, and one side alone keeps
// that 3:2 aspect. (One full-size render only: under the race detector PNG
// encoding and decoding cost about 0.2 s each at 1080×720.)
func TestDefaultSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		render func() ([]byte, error)
		w, h   int
	}{
		{"month", MonthChart{}.PNG, DefaultWidth, DefaultHeight},
		{"bars", BarChart{Height: 240}.PNG, 360, 240},
	} {
		data, err := c.render()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", c.name, err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("%s: %d×%d, want %d×%d", c.name, b.Dx(), b.Dy(), c.w, c.h)
		}
	}
}

// Charts render concurrently (one per /nilai request) without races.
func TestConcurrentRender(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := range 2 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337, Width: 360}.PNG()
			} else {
				_, err = BarChart{Labels: idLabels, Bars: []Bar{{"U1", 50}, {"U2", 150}}, Reference: 100, Width: 360}.PNG()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestFit(t *testing.T) {
	t.Parallel()
	st := newStyle(DefaultWidth, DefaultHeight)
	if got := fit(st.text, "U1", 500); got != "U1" {
		t.Errorf("short text changed: %q", got)
	}
	long := "Dr. Siti Nurhaliza Kusumawardhani, S.Kom., M.Kom."
	got := fit(st.text, long, 300)
	if !strings.HasSuffix(got, ellipsis) || st.text.Width(got) > 300 || !strings.HasPrefix(long, strings.TrimSuffix(got, ellipsis)) {
		t.Errorf("fit(%q, 300) = %q (%v wide)", long, got, st.text.Width(got))
	}
	if got := fit(st.text, long, 1); got != "" {
		t.Errorf("nothing fits in 1 px, got %q", got)
	}
	if got := clean(" a\n\tb\x00  c "); got != "a b c" {
		t.Errorf("clean = %q", got)
	}
}

func TestNumberAndAxis(t *testing.T) {
	t.Parallel()
	for v, want := range map[float64]string{0: "0", 89.99: "89", 90: "90", 1440: "1440", -3: "0", math.NaN(): "0", 1e300: "1000000000000000"} {
		if got := number(v); got != want {
			t.Errorf("number(%v) = %q, want %q", v, got, want)
		}
	}
	for _, c := range []struct {
		max       float64
		steps     []float64
		top, step float64
	}{
		{0, minuteSteps, 1, 1},
		{62.4, minuteSteps, 75, 15},
		{350, minuteSteps, 360, 120},
		{1497.6, minuteSteps, 1800, 360},
		{104, plainSteps, 125, 25},
		{520, plainSteps, 600, 200},
		{0.3, plainSteps, 1, 1},
		{math.Inf(1), plainSteps, 1, 1},
		{1e9, plainSteps, 1e9, 2e8},
	} {
		top, step := niceAxis(c.max, 5, c.steps)
		if top != c.top || step != c.step {
			t.Errorf("niceAxis(%v) = %v, %v; want %v, %v", c.max, top, step, c.top, c.step)
		}
		if n := len(valueTicks(top, step)); n < 2 || n > 7 {
			t.Errorf("niceAxis(%v): %d ticks", c.max, n)
		}
	}
}

// The embedded Liberation fonts draw text without any file or network: a
// title darkens the band at the top, and at the default size no text is
// smaller than 28 px.
func TestTextRenders(t *testing.T) {
	t.Parallel()
	// Dark pixels in the middle of the title band of a 360×240 chart.
	dark := func(lb Labels) int {
		data, err := BarChart{Labels: lb, Width: 360, Height: 240}.PNG()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for y := range 24 {
			for x := 72; x < 288; x++ {
				if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x4000 {
					n++
				}
			}
		}
		return n
	}
	if without, with := dark(Labels{}), dark(Labels{Title: "Capaian per RHK"}); without != 0 || with < 80 {
		t.Errorf("dark pixels in the title band: %d without a title, %d with one", without, with)
	}
	st := newStyle(DefaultWidth, DefaultHeight)
	for _, sty := range []text.Style{st.title, st.text, st.bold} {
		if sty.Font.Size < 28 {
			t.Errorf("font %v is %v px at the default size", sty.Font.Name(), sty.Font.Size)
		}
		if w := sty.Width("Capaian"); !(w > 0) {
			t.Errorf("font %v measures text as %v wide", sty.Font.Name(), w)
		}
	}
}
