package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/text"
)

// Set CHART_SAMPLES=/tmp/chart-samples to also keep the rendered images
// somewhere to look at them; they always go to a temporary directory.
func sampleDirs(t *testing.T) []string {
	dirs := []string{t.TempDir()}
	if d := os.Getenv("CHART_SAMPLES"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

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

type decoded struct {
	img  image.Image
	w, h int
}

func decode(t *testing.T, name string, data []byte, wantW, wantH int) decoded {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	b := img.Bounds()
	if b.Dx() != wantW || b.Dy() != wantH {
		t.Fatalf("%s: size %d×%d, want %d×%d", name, b.Dx(), b.Dy(), wantW, wantH)
	}
	for _, dir := range sampleDirs(t) {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return decoded{img, b.Dx(), b.Dy()}
}

func same(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	return uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B
}

// count counts the pixels of colour want within the given fractions of the
// width and height (0,0 is the top left corner).
func (d decoded) count(want color.RGBA, x0, x1, y0, y1 float64) int {
	n := 0
	for y := int(y0 * float64(d.h)); y < int(y1*float64(d.h)); y++ {
		for x := int(x0 * float64(d.w)); x < int(x1*float64(d.w)); x++ {
			if same(d.img.At(x, y), want) {
				n++
			}
		}
	}
	return n
}

// colours counts the distinct colours, up to limit.
func (d decoded) colours(limit int) int {
	seen := map[color.Color]bool{}
	for y := 0; y < d.h; y += 3 {
		for x := 0; x < d.w; x += 3 {
			seen[d.img.At(x, y)] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// check is what every chart must pass: mostly white background, some ink,
// not a single colour.
func (d decoded) check(t *testing.T, name string) {
	t.Helper()
	if d.colours(3) < 3 {
		t.Errorf("%s: (almost) a single colour", name)
	}
	white := d.count(colBackground, 0, 1, 0, 1)
	if total := d.w * d.h; white < total/3 || white == total {
		t.Errorf("%s: %d of %d pixels white", name, white, total)
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
		name       string
		chart      MonthChart
		w, h       int
		target     bool // the target line must show
		bars       bool // approved bars must show
		wantNoData bool
	}{
		{name: "month-empty", chart: MonthChart{Labels: idLabels}, w: 1080, h: 720, wantNoData: true},
		{name: "month-bare", chart: MonthChart{}, w: 1080, h: 720},
		{name: "month-zero-with-target", chart: MonthChart{Labels: idLabels, DailyTarget: 337, DaysInMonth: 31,
			Days: []Day{{Day: 1, Off: true}, {Day: 2}, {Day: 3}}}, w: 1080, h: 720, target: true},
		{name: "month-normal", chart: MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337}, w: 1080, h: 720, target: true, bars: true},
		{name: "month-few-days", chart: MonthChart{Labels: idLabels, DailyTarget: 300,
			Days: []Day{{Day: 1, Approved: 200}, {Day: 2, Approved: 320, Pending: 45}, {Day: 3, Off: true}, {Day: 4, Approved: 90}}},
			w: 1080, h: 720, target: true, bars: true},
		{name: "month-extreme", chart: MonthChart{Labels: Labels{Title: long, XAxis: long, YAxis: long, Target: long, Approved: long,
			Pending: "a\nb\tc", Off: long, NoData: long}, Days: extreme, DailyTarget: 99999, Width: 720, Height: 1280},
			w: 720, h: 1280, target: true, bars: true},
		{name: "month-small", chart: MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337, Width: 540},
			w: 540, h: 360, target: true, bars: true},
	}
	for _, tc := range cases {
		data, err := tc.chart.PNG()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		d := decode(t, tc.name, data, tc.w, tc.h)
		d.check(t, tc.name)
		// The dashed line crosses the middle band of the image.
		if n := d.count(colTarget, 0.3, 0.7, 0, 1); tc.target && n < tc.w/20 {
			t.Errorf("%s: target line colour on %d pixels of the middle band", tc.name, n)
		} else if !tc.target && n > 0 {
			t.Errorf("%s: target colour drawn without a target", tc.name)
		}
		if n := d.count(colBar, 0.15, 0.95, 0.3, 0.95); tc.bars && n < tc.w*tc.h/200 {
			t.Errorf("%s: only %d bar pixels", tc.name, n)
		} else if !tc.bars && n > 0 && tc.chart.Labels.Approved == "" {
			t.Errorf("%s: bar colour drawn without data", tc.name)
		}
	}
}

func TestBarChart(t *testing.T) {
	t.Parallel()
	rhk := Labels{Title: "Capaian per RHK — Maret 2026", XAxis: "RHK", YAxis: "Capaian (%)", Target: "Target 100%", NoData: "Belum ada RHK", Unit: "%"}
	team := Labels{Title: "Produktivitas tim — Maret 2026", XAxis: "Pegawai", YAxis: "Produktivitas (%)", Target: "Target 100%", Unit: "%"}
	var forty []Bar
	for i := range 40 {
		forty = append(forty, Bar{Label: "Pegawai nomor " + formatInt(int64(i+1)), Value: float64(i * 13 % 140)})
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
		{name: "bars-empty", chart: BarChart{Labels: rhk, Reference: 100}, w: 1080, h: 720, target: true},
		{name: "bars-bare", chart: BarChart{}, w: 1080, h: 720},
		{name: "bars-zero", chart: BarChart{Labels: rhk, Bars: []Bar{{"U1", 0}, {"U2", 0}}}, w: 1080, h: 720},
		{name: "bars-single", chart: BarChart{Labels: rhk, Bars: []Bar{{"U1", 87.5}}, Reference: 100}, w: 1080, h: 720, target: true, bars: true},
		{name: "bars-rhk", chart: BarChart{Labels: rhk, Reference: 100, Bars: []Bar{
			{"U1", 87.5}, {"U2", 100}, {"U3", 120.4}, {"U4", 64}, {"T1", 0}, {"T2", 99.99}}}, w: 1080, h: 720, target: true, bars: true},
		{name: "bars-team", chart: BarChart{Labels: team, Reference: 100, Bars: []Bar{
			{"Dr. Siti Nurhaliza Kusumawardhani, S.Kom., M.Kom.", 104},
			{"Budi Santoso, S.E.", 91.3},
			{"Agus Prasetyo Wibowo, S.T., M.T.", 72},
			{"Rina Marlina", 100},
			{"Hendra Gunawan Setiadi Putra, S.H.", 45.9},
			{"Dewi Lestari", 0}}}, w: 1080, h: 720, target: true, bars: true},
		{name: "bars-extreme", chart: BarChart{Labels: Labels{Title: strings.Repeat("Judul panjang ", 20), Target: strings.Repeat("x", 300), Unit: "%"},
			Bars: forty, Reference: math.Inf(1)}, w: 1080, h: 720, bars: true},
		// The reference line lies on the axis under a wild figure.
		{name: "bars-huge", chart: BarChart{Labels: rhk, Reference: 100, Bars: []Bar{{"U1", 500}, {"U2", 1e300}, {"", 3}}},
			w: 1080, h: 720, bars: true},
	}
	for _, tc := range cases {
		data, err := tc.chart.PNG()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		d := decode(t, tc.name, data, tc.w, tc.h)
		d.check(t, tc.name)
		if n := d.count(colTarget, 0, 1, 0.3, 0.7); tc.target && n < tc.w/20 {
			t.Errorf("%s: reference line colour on %d pixels of the middle band", tc.name, n)
		} else if !(tc.chart.Reference > 0) && n > 0 {
			t.Errorf("%s: reference colour drawn without a reference", tc.name)
		}
		if n := d.count(colBar, 0, 1, 0.2, 1); tc.bars && n < tc.w*tc.h/200 {
			t.Errorf("%s: only %d bar pixels", tc.name, n)
		} else if !tc.bars && n > 0 {
			t.Errorf("%s: bar colour drawn without data", tc.name)
		}
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

// Charts render concurrently (one per /nilai request) without races.
func TestConcurrentRender(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = MonthChart{Labels: idLabels, Days: march2026(), DailyTarget: 337, Width: 480}.PNG()
			} else {
				_, err = BarChart{Labels: idLabels, Bars: []Bar{{"U1", 50}, {"U2", 150}}, Reference: 100, Width: 480}.PNG()
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
	dark := func(lb Labels) int {
		data, err := BarChart{Labels: lb}.PNG()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for y := range 70 {
			for x := range DefaultWidth {
				if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x4000 {
					n++
				}
			}
		}
		return n
	}
	if without, with := dark(Labels{}), dark(Labels{Title: "Capaian per RHK"}); without != 0 || with < 500 {
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
