package kinerja

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// inputCheckErr fails unless err is an invalid-input *Error with the message
// ID want and, when args is not nil, exactly those arguments.
func inputCheckErr(t *testing.T, in string, err error, want string, args map[string]any) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%q: got error %v, want %s", in, err, want)
		return
	}
	if e.Code != CodeInvalid || e.MessageID != want {
		t.Errorf("%q: got %s/%s, want %s/%s", in, e.Code, e.MessageID, CodeInvalid, want)
		return
	}
	if args != nil && !maps.Equal(e.Args, args) {
		t.Errorf("%q: %s args %v, want %v", in, want, e.Args, args)
	}
}

// inputAccepts checks that parse reads every input of accepts as its value.
func inputAccepts[T comparable](t *testing.T, name string, parse func(string) (T, error), accepts map[string]T) {
	t.Helper()
	for in, want := range accepts {
		if got, err := parse(in); err != nil || got != want {
			t.Errorf("%s(%q) = %v, %v; want %v", name, in, got, err, want)
		}
	}
}

// inputRefusal is one way a parser refuses: its message ID, the arguments
// (nil: not checked) and the inputs refused so.
type inputRefusal struct {
	id   string
	args map[string]any
	ins  []string
}

// inputRefuses checks that parse refuses every input of refusals as said,
// returning the zero value.
func inputRefuses[T comparable](t *testing.T, name string, parse func(string) (T, error), refusals []inputRefusal) {
	t.Helper()
	var zero T
	for _, r := range refusals {
		for _, in := range r.ins {
			got, err := parse(in)
			if got != zero {
				t.Errorf("%s(%q) refused but returned %v", name, in, got)
			}
			inputCheckErr(t, in, err, r.id, r.args)
		}
	}
}

func TestParseVolumeAccepts(t *testing.T) {
	inputAccepts(t, "ParseVolume", volumeTestParse, map[string]volumeTest{
		"3":                            {3, ""},
		" 12 ":                         {12, ""},
		"007":                          {7, ""},
		"1,5":                          {1.5, ""},
		"1.5":                          {1.5, ""},
		"1.25":                         {1.25, ""},
		"1,50":                         {1.5, ""},
		"1,2500":                       {1.25, ""}, // trailing zeros do not count as decimals
		",5":                           {0.5, ""},
		".5":                           {0.5, ""},
		"0,001":                        {0.001, ""},
		"2 dokumen":                    {2, "dokumen"},
		"2,5 jam":                      {2.5, "jam"},
		"3Dokumen":                     {3, "dokumen"},
		"2  Lembar \t  Surat ":         {2, "lembar surat"},
		"1\u00a0dokumen":               {1, "dokumen"},
		"50%":                          {50, "%"},
		"50 persen":                    {50, "persen"},
		"5 lembar A4":                  {5, "lembar a4"},
		"10 m2":                        {10, "m2"},
		"3 dok.":                       {3, "dok"},
		"3 dokumen .":                  {3, "dokumen"},
		"4 surat keputusan (sk)":       {4, "surat keputusan (sk)"},
		"2 kegiatan/rapat":             {2, "kegiatan/rapat"},
		"1 orang-hari":                 {1, "orang-hari"},
		"3 " + strings.Repeat("a", 30): {3, strings.Repeat("a", 30)},
		"3 " + strings.Repeat("é", 30): {3, strings.Repeat("é", 30)}, // characters, not bytes
		// Thousands and decimal marks (readNumber).
		"1.50":           {1.5, ""},
		"1,1250":         {1.125, ""}, // a fourth decimal makes three decimals plain
		"0.500":          {0.5, ""},   // a group cannot start with 0
		"0,250":          {0.25, ""},
		"1234.500":       {1234.5, ""}, // nor have four digits
		"1234,500":       {1234.5, ""},
		"1.000,5":        {1000.5, ""},
		"1,000.5":        {1000.5, ""},
		"1.000.000":      {1000000, ""},
		"1,000,000":      {1000000, ""},
		"1.000.000,00":   {1000000, ""},
		"999.999,999":    {999999.999, ""},
		"1000000":        {1000000, ""},
		"1.000,5 lembar": {1000.5, "lembar"},
	})
}

// volumeTest is what ParseVolume returns besides its error.
type volumeTest struct {
	v   float64
	sat string
}

func volumeTestParse(s string) (volumeTest, error) {
	v, sat, err := ParseVolume(s)
	return volumeTest{v, sat}, err
}

func TestParseVolumeRefuses(t *testing.T) {
	max := map[string]any{"Max": inputVolumeMax}
	precise := map[string]any{"Max": inputVolumeDecimals}
	unit := map[string]any{"Max": inputSatuanMaxLen}
	ambiguous := func(ribuan, desimal float64, satuan ...string) map[string]any {
		return map[string]any{"Ribuan": ribuan, "Desimal": desimal, "Satuan": strings.Join(satuan, "")}
	}
	fraction := func(desimal float64) map[string]any { return map[string]any{"Desimal": desimal} }
	inputRefuses(t, "ParseVolume", volumeTestParse, []inputRefusal{
		{"report.volume_empty", nil, []string{"", "  \t "}},
		{"report.volume_not_number", nil, []string{
			"dokumen", // a unit without a number
			"sekitar 3", "kira-kira 3 dokumen", "3 dokumen 4 laporan", "3 dokumen/4", "1 000", "3 (tiga)",
			"1e3", "1E-3", "1.5e3", "0x1f", "1_000", "2m2", "NaN", "Inf", "-Inf", "+3", "~3", "-", ".", "3.", "3,",
			"1..5", "1.2.3", "1,5,5", "1.00,5", "1,5.3", "1.000,5,5", "0.000.000", "1/0", "1/",
		}},
		// A mark and three digits after 1 to 3 digits: thousands or decimals?
		{"report.volume_ambiguous", ambiguous(1000, 1), []string{"1.000", "1,000"}},
		{"report.volume_ambiguous", ambiguous(1000, 1, "lembar"), []string{"1.000 lembar", "1,000 Lembar."}},
		{"report.volume_ambiguous", ambiguous(1500, 1.5), []string{"1.500", "1,500"}},
		{"report.volume_ambiguous", ambiguous(2500, 2.5), []string{"2,500", "2.500"}},
		{"report.volume_ambiguous", ambiguous(1125, 1.125), []string{"1,125", "1.125"}},
		{"report.volume_ambiguous", ambiguous(12500, 12.5), []string{"12.500"}},
		{"report.volume_ambiguous", ambiguous(12340, 12.34, "dokumen"), []string{"12,340 dokumen"}},
		{"report.volume_ambiguous", ambiguous(999999, 999.999), []string{"999.999"}},
		{"report.volume_fraction", fraction(0.5), []string{"1/2", "½"}},
		{"report.volume_fraction", fraction(0.75), []string{"3 / 4 dokumen"}},
		{"report.volume_fraction", fraction(1.5), []string{"1 1/2", "1½ jam"}},
		{"report.volume_fraction", fraction(0.667), []string{"2/3"}},
		{"report.volume_fraction", fraction(2.75), []string{"2 ¾"}},
		{"report.volume_not_positive", nil, []string{
			"0/5", "-1/2", "0", "0,0", "000", "0 dokumen", "-2",
			"−2", // U+2212 minus sign
			"- 3 dokumen", "-0", "-" + strings.Repeat("9", 400),
			"-1.000", "-1,000", // negative either way
		}},
		{"report.volume_too_precise", precise, []string{"1/10000", "0,0001", "1,2345", "1.2345"}},
		{"report.volume_too_large", max, []string{
			"2000000/1", "1000000,5", "1.000.001", "1000001 dokumen", strings.Repeat("9", 400),
		}},
		{"report.unit_invalid", unit, []string{
			"3 dokumen😀", "3 dok?", "3 dok\u200b", "3 dok\x00", "3 " + strings.Repeat("a", 31),
			"3 " + strings.Repeat("ab ", 11),
		}},
	})
}

func TestVolumeReadings(t *testing.T) {
	_, _, err := ParseVolume("1.500")
	if th, dec, sat, ok := VolumeReadings(err); !ok || th != 1500 || dec != 1.5 || sat != "" {
		t.Errorf("VolumeReadings(%v) = %v, %v, %q, %v", err, th, dec, sat, ok)
	}
	_, _, err = ParseVolume("1/2")
	for _, err := range []error{nil, err, errors.New("report.volume_ambiguous")} {
		if th, dec, _, ok := VolumeReadings(err); ok || th != 0 || dec != 0 {
			t.Errorf("VolumeReadings(%v) = %v, %v, %v", err, th, dec, ok)
		}
	}
}

func TestParseMinutesAccepts(t *testing.T) {
	inputAccepts(t, "ParseMinutes", ParseMinutes, map[string]int{
		"90":                             90,
		"  45  ":                         45,
		"090":                            90,
		"1440":                           1440,
		"90 menit":                       90,
		"90menit":                        90,
		"90m":                            90,
		"90 mnt":                         90,
		"90 MENIT":                       90,
		"90 menit.":                      90,
		"3.":                             3,
		"3,":                             3,
		"90 menit,":                      90,
		"1 jam":                          60,
		"1j":                             60,
		"24 jam":                         1440,
		"1 jam 30 menit":                 90,
		"1jam30menit":                    90,
		"1JAM 30MENIT":                   90,
		"1 jam, 30 menit":                90,
		"1 jam dan 30 menit":             90,
		"1 jam lebih 30 menit":           90,
		"1j30m":                          90,
		"1J30M":                          90,
		"1j 30m":                         90,
		"1j30":                           90,
		"0 jam 90 menit":                 90,
		"2 jam 15":                       135,
		"2 jam 0":                        120,
		"1,5 jam":                        90,
		"1.5 jam":                        90,
		"1,5jam":                         90,
		"2,5 jam":                        150,
		"0,25 jam":                       15,
		"0,75 jam":                       45,
		"1,123 jam":                      67, // 67.38
		"0,025 jam":                      2,  // 1.5: halves round up
		"0,0125 jam":                     1,  // 0.75
		"1,5 jam 10 menit":               100,
		"1:30 jam":                       90,
		"1:05 jam":                       65,
		"setengah jam":                   30,
		"2 setengah jam":                 150,
		"1 setengah jam 10 menit":        100,
		"1 hour 30 min":                  90,
		"1 hour":                         60,
		"2 hours and 15 minutes":         135,
		"45 minutes":                     45,
		"45 min":                         45,
		"45mins":                         45,
		"1 minute":                       1,
		"1h30":                           90,
		"1h 30m":                         90,
		"1hr30min":                       90,
		"1.5h":                           90,
		"08.00-09.30":                    90,
		"08:00–09:30":                    90, // en dash
		"08:00—09:30":                    90, // em dash
		"8.00 - 9.30":                    90,
		"8:00-9:30":                      90,
		"08.00 s/d 09.30":                90,
		"08.00 S/D 09.30":                90,
		"08.00 s.d. 09.30":               90,
		"08.00s.d.09.30":                 90,
		"08.00 sd 09.30":                 90,
		"08.00 sampai 09.30":             90,
		"08.00 sampai dengan 09.30":      90,
		"08.00 hingga 09.30":             90,
		"pukul 08.00 - 09.30 WIB":        90,
		"jam 08.00 sampai pukul 09.30":   90,
		"dari 13.00 WITA s/d 14.15 WITA": 75,
		"08.00 to 09.30":                 90,
		"from 08:00 until 09:30":         90,
		"00.00-23.59":                    1439,
		"07.30-07.31":                    1,
	})
}

func TestParseMinutesRefuses(t *testing.T) {
	inputRefuses(t, "ParseMinutes", ParseMinutes, []inputRefusal{
		{"report.minutes_not_understood", nil, []string{
			"", "   ", "abc", "jam", "menit", "sekitar 2 jam", "jam 8", "08.00 s.d.", "08.00 s/dd 09.30", "satu jam",
			"1 jam 30 menit 2 jam", "30 menit 1 jam", "1 jam 2 jam", "30 menit 15", "1,5 jam 15", "1 jam 30 45",
			"1,5 menit", "30 45", "1 jam dan", "2 jam lebih", "dan 1 jam", "1 jam dan dan 30 menit", "1 jam dan 30",
			"90 detik", "1e3", "1 1/2 jam", "1-2 jam", "8-10", "08.00-", "08.00-09.30-10.00", "08.0-09.3",
			"008.00-09.30", "08.00 09.30", "sampai 09.30", "-", "-abc", "-08.00-09.30", "1:3 jam",
			"0," + strings.Repeat("5", 10) + " jam", "1.000.000", "90 menit!",
		}},
		{"report.minutes_ambiguous", nil, []string{
			"1.30", // 1 h 30 min, 1.3 h or 90?
			"1:30", "1,5", "1.5",
			"08.00", // a start time alone
			"1.30 jam", "0.25 jam", "1.000 jam", "-1.30",
		}},
		{"report.minutes_range_backwards", map[string]any{"Mulai": "09.30", "Selesai": "08.00"}, []string{"09.30-08.00"}},
		{"report.minutes_range_backwards", map[string]any{"Mulai": "22.00", "Selesai": "02.00"}, []string{"22.00 - 2.00"}},
		{"report.minutes_bad_clock", nil, []string{
			"25.00-26.00", "08.00-24.00", "08.60-09.00", "08.00-09.99", "2 jam 75", "1h60", "1:75 jam",
		}},
		{"report.minutes_not_positive", nil, []string{
			"08.00-08.00", "0", "000", "0 menit", "0 jam 0 menit",
			"0,001 jam", // rounds to 0
			"-30", "−30 menit", "- 1 jam", "-99999999999",
		}},
		{"report.minutes_too_large", map[string]any{"Max": inputMinutesMax}, []string{
			"1441", "25 jam", "24 jam 1 menit", "24,1 jam", "1500 menit", strings.Repeat("9", 40),
			strings.Repeat("9", 40) + " jam 59 menit", strings.Repeat("9", 40) + ",9 jam",
		}},
	})
}

// inputTestGrouped renders v the Indonesian way with thousands dots:
// 1234567.5 → "1.234.567,5".
func inputTestGrouped(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if fp != "" {
		b.WriteString("," + fp)
	}
	return b.String()
}

// inputTestComma renders v as its shortest decimal with a decimal comma.
func inputTestComma(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// inputTestTypeable renders v so that ParseVolume reads it back: three
// decimals are written with a fourth, zero one.
func inputTestTypeable(v float64) string {
	s := inputTestComma(v)
	if _, fp, _ := strings.Cut(s, ","); len(fp) == 3 {
		s += "0"
	}
	return s
}

func TestInputTestGrouped(t *testing.T) {
	for v, want := range map[float64]string{1: "1", 1000: "1.000", 1234567.5: "1.234.567,5", 999.25: "999,25", 0.125: "0,125"} {
		if got := inputTestGrouped(v); got != want {
			t.Errorf("inputTestGrouped(%v) = %q, want %q", v, got, want)
		}
	}
}

func FuzzParseVolume(f *testing.F) {
	for _, s := range []string{
		"3", "1,5", "1.5", "2 dokumen", "2,5 jam", " 12 ", "1/2", "1 1/2", "½", "0", "-1", "1.000",
		"1.000,5", "1,000", "1,125", "1,000.5", "1.000.000", "1e3", "NaN", "sekitar 3", "50%",
		"5 lembar A4", "3 dok.", "0,0001", "1000000,5", "3 dokumen 4", ",5", "2m2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, sat, err := ParseVolume(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid || !(strings.HasPrefix(e.MessageID, "report.volume_") || e.MessageID == "report.unit_invalid") {
				t.Fatalf("ParseVolume(%q): unexpected error %#v", s, err)
			}
			if v != 0 || sat != "" {
				t.Fatalf("ParseVolume(%q) refused but returned %v, %q", s, v, sat)
			}
			return
		}
		if math.IsNaN(v) || v <= 0 || v > inputVolumeMax {
			t.Fatalf("ParseVolume(%q) = %v: out of range", s, v)
		}
		if m := v * 1000; math.Abs(m-math.Round(m)) > 1e-6*math.Max(1, m) {
			t.Fatalf("ParseVolume(%q) = %v: more than 3 decimals", s, v)
		}
		if utf8.RuneCountInString(sat) > inputSatuanMaxLen || sat != strings.TrimSpace(sat) || strings.Contains(sat, "  ") || !utf8.ValidString(sat) {
			t.Fatalf("ParseVolume(%q): bad satuan %q", s, sat)
		}
		// The renderings read back to the same value and satuan, or are
		// ambiguous with the value as one of the readings; the typeable one
		// always reads back.
		for i, again := range []string{inputTestTypeable(v), inputTestComma(v), inputTestGrouped(v)} {
			if sat != "" {
				again += " " + sat
			}
			v2, sat2, err := ParseVolume(again)
			if th, dec, _, ok := VolumeReadings(err); ok && i > 0 && (th == v || dec == v) {
				continue
			}
			if err != nil || v2 != v || sat2 != sat {
				t.Fatalf("ParseVolume(%q) = %v, %q but ParseVolume(%q) = %v, %q, %v", s, v, sat, again, v2, sat2, err)
			}
		}
	})
}

func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{
		"90", "90 menit", "90m", "1 jam", "1 jam 30 menit", "1j30m", "1,5 jam", "1.5 jam", "2 jam 15",
		"0,25 jam", "08.00-09.30", "08:00–09:30", "8.00 - 9.30", "08.00 s/d 09.30", "08.00 sampai 09.30",
		"1 hour 30 min", "45 minutes", "1h30", "1.30", "09.30-08.00", "25.00-26.00", "0", "-30", "1441",
		"setengah jam", "1:30 jam", "s.d.", "1 jam dan 30 menit",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMinutes(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid || !strings.HasPrefix(e.MessageID, "report.minutes_") {
				t.Fatalf("ParseMinutes(%q): unexpected error %#v", s, err)
			}
			if m != 0 {
				t.Fatalf("ParseMinutes(%q) refused but returned %d", s, m)
			}
			return
		}
		if m < 1 || m > inputMinutesMax {
			t.Fatalf("ParseMinutes(%q) = %d: out of range", s, m)
		}
		renderings := []string{
			strconv.Itoa(m),
			fmt.Sprintf("%d menit", m),
			fmt.Sprintf("%d jam %d menit", m/60, m%60),
			fmt.Sprintf("%dj%02d", m/60, m%60),
		}
		if m < inputMinutesMax {
			renderings = append(renderings, fmt.Sprintf("00.00-%02d.%02d", m/60, m%60))
		}
		for _, again := range renderings {
			if m2, err := ParseMinutes(again); err != nil || m2 != m {
				t.Fatalf("ParseMinutes(%q) = %d but ParseMinutes(%q) = %d, %v", s, m, again, m2, err)
			}
		}
	})
}
