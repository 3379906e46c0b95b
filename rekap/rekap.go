// Package rekap writes the monthly recap workbook of an OPD or of the whole
// city (kinerjabot rekap, /rekap): one row per person (Rekap), one per
// report of the month (Progres Harian, in the order of e-Kinerja's daily
// progress form), the reports still waiting per supervisor (Menunggu) and
// each unit's compliance (Kepatuhan). Every sheet is streamed (excelize's
// stream writer), so a city of 17,500 people and 770,000 reports is written
// with one person in memory at a time, plus the waiting reports and the
// units' totals. The figures are /nilai's: kinerja.ScorePeriod for the
// month, on the same business date.
package rekap

import (
	"archive/zip"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
)

// Person is one person's month, as the store reads it.
type Person struct {
	NIP, Nama, Jabatan string
	Unit, OPD          string
	Atasan, AtasanNIP  string // "" when none
	Linked             bool   // linked to Telegram
	Reports            []kinerja.Aktivitas
	Deciders           []string // who decided each report ("" while undecided)
	RHK                []kinerja.RHK
	Leave              []kinerja.LeaveSpan
	Predikat           kinerja.Predikat // "" when not rated
}

// Options are what the recap is computed with.
type Options struct {
	Month    kinerja.Date // any day of the month
	Today    kinerja.Date // the business date: the month is scored as of today (as /nilai does)
	Score    kinerja.ScoreConfig
	Rules    kinerja.Rules
	Holidays map[kinerja.Date]string // at least the month's
	Location *time.Location          // the business zone, for the times of decisions
}

// Summary is what the recap found, for the five lines said with it.
type Summary struct {
	People         int
	Linked         int
	Reported       int // people with a report in the month
	Reports        int // reports dated in the month (withdrawn ones included)
	Approved       int // of them, approved
	Waiting        int // of them, still waiting for a decision
	MinutesOK      int // approved minutes
	MeanProduktiv  float64
	WithProduktiv  int // people with a minutes target (in the mean)
	OldestWaitDays int // the age of the oldest waiting report, in days
}

// Sheet names, as the workbook shows them.
const (
	SheetRekap    = "Rekap"
	SheetProgres  = "Progres Harian"
	SheetMenunggu = "Menunggu"
	SheetPatuh    = "Kepatuhan"
)

// Headers of each sheet, in order (the tests and the README name them).
var (
	RekapHeader = []string{"No", "NIP", "Nama", "Jabatan", "Unit Kerja", "OPD", "Atasan", "NIP Atasan",
		"Hari Kerja Tersedia", "Hari Melapor", "Laporan Disetujui", "Laporan Menunggu", "Laporan Dikembalikan",
		"Laporan Ditolak", "Laporan Ditarik", "Menit Disetujui", "Target Menit", "Produktivitas (%)",
		"Capaian RHK Utama (%)", "Capaian per RHK Utama", "Predikat", "TPP Indikatif (%)", "Terhubung Telegram"}
	ProgresHeader = []string{"NIP", "Nama", "Tanggal", "RHK", "Indikator", "Uraian", "Volume", "Satuan",
		"Durasi (menit)", "Bukti (berkas)", "Status", "Diputuskan Oleh", "Waktu Keputusan", "Alasan"}
	MenungguHeader = []string{"NIP Atasan", "Atasan", "NIP", "Nama", "Unit Kerja", "Tanggal", "Uraian",
		"Durasi (menit)", "Diajukan", "Menunggu (hari)"}
	PatuhHeader = []string{"OPD", "Unit Kerja", "Pegawai", "Terhubung Telegram", "Melapor Bulan Ini",
		"Melapor Setiap Hari Kerja", "Rata-rata Menit Disetujui"}
)

// layout is the workbook's sheets, in order, with their column widths.
var layout = []struct {
	name   string
	header []string
	widths []float64
}{
	{SheetRekap, RekapHeader, []float64{5, 21, 32, 30, 30, 30, 28, 21, 11, 10, 11, 11, 13, 10, 10, 11, 11, 13, 13, 30, 16, 11, 11}},
	{SheetProgres, ProgresHeader, []float64{21, 30, 12, 40, 36, 60, 9, 14, 10, 9, 13, 28, 17, 40}},
	{SheetMenunggu, MenungguHeader, []float64{21, 28, 21, 30, 30, 12, 60, 10, 17, 11}},
	{SheetPatuh, PatuhHeader, []float64{34, 34, 10, 12, 12, 14, 14}},
}

var statusLabel = map[kinerja.Status]string{
	kinerja.StatusDiajukan: "Menunggu", kinerja.StatusDisetujui: "Disetujui", kinerja.StatusDikembalikan: "Dikembalikan",
	kinerja.StatusDitolak: "Ditolak", kinerja.StatusDitarik: "Ditarik",
}

var kategoriLabel = map[kinerja.Kategori]string{
	kinerja.KategoriTugasTambahan: "Tugas tambahan", kinerja.KategoriNonSKP: "Di luar SKP",
}

var predikatLabel = map[kinerja.Predikat]string{
	kinerja.PredikatSangatBaik: "Sangat Baik", kinerja.PredikatBaik: "Baik", kinerja.PredikatButuhPerbaikan: "Butuh Perbaikan",
	kinerja.PredikatKurang: "Kurang", kinerja.PredikatSangatKurang: "Sangat Kurang",
}

// Workbook is a recap being written: Add each person, then Write.
type Workbook struct {
	o      Options
	month  kinerja.Date
	f      *excelize.File // nil for NewCSV
	csv    *csv.Writer    // NewCSV's
	sheets map[string]*sheet
	styles styles

	waiting []waitRow
	units   map[[2]string]*unitRow
	unitOrd [][2]string
	sum     Summary
	prodSum float64
}

// sheet is one sheet being written: to the workbook's stream writer, to
// a CSV file (the Rekap sheet of NewCSV), or nowhere (the other sheets of
// NewCSV).
type sheet struct {
	sw   *excelize.StreamWriter // nil: not in the workbook
	csv  *csv.Writer            // nil: not in the CSV
	row  int                    // the last row written
	cols int                    // the header's columns
}

type styles struct{ header, date, stamp, num1, int_ int }

type waitRow struct {
	atasanNIP, atasan, nip, nama, unit string
	tanggal                            kinerja.Date
	uraian                             string
	menit                              int
	since                              time.Time
}

type unitRow struct {
	people, linked, reported, everyDay, minutes int
}

// newWorkbook is what both kinds of recap start from.
func newWorkbook(o Options) *Workbook {
	if o.Location == nil {
		o.Location = time.UTC
	}
	return &Workbook{o: o, month: o.Month.MonthStart(), sheets: map[string]*sheet{}, units: map[[2]string]*unitRow{}}
}

// New starts a recap workbook.
func New(o Options) (*Workbook, error) {
	w := newWorkbook(o)
	w.f = excelize.NewFile()
	var err error
	s := &w.styles
	if s.header, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return nil, err
	}
	fmtDate, fmtStamp, fmt1, fmtInt := "dd-mm-yyyy", "dd-mm-yyyy hh:mm", "0.0", "#,##0"
	if s.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return nil, err
	}
	if s.stamp, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStamp}); err != nil {
		return nil, err
	}
	if s.num1, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &fmt1}); err != nil {
		return nil, err
	}
	if s.int_, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtInt}); err != nil {
		return nil, err
	}
	for i, l := range layout {
		name := l.name
		if i == 0 {
			if err := w.f.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
		} else if _, err := w.f.NewSheet(name); err != nil {
			return nil, err
		}
		sw, err := w.f.NewStreamWriter(name)
		if err != nil {
			return nil, err
		}
		for c, width := range l.widths {
			if err := sw.SetColWidth(c+1, c+1, width); err != nil {
				return nil, err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		sh := &sheet{sw: sw, cols: len(l.header)}
		w.sheets[name] = sh
		cells := make([]any, len(l.header))
		for j, h := range l.header {
			cells[j] = excelize.Cell{StyleID: s.header, Value: h}
		}
		if err := sh.add(cells); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func (s *sheet) add(cells []any) error {
	s.row++
	switch {
	case s.sw != nil:
		return s.sw.SetRow("A"+fmt.Sprint(s.row), cells)
	case s.csv != nil:
		rec := make([]string, len(cells))
		for i, c := range cells {
			rec[i] = csvText(c)
		}
		return s.csv.Write(rec)
	}
	return nil
}

// csvText is a cell as an Indonesian spreadsheet reads a ";"-separated
// file: dates dd-mm-yyyy, decimals with a comma.
func csvText(c any) string {
	if cell, ok := c.(excelize.Cell); ok {
		c = cell.Value
	}
	switch v := c.(type) {
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 {
			return v.Format("02-01-2006")
		}
		return v.Format("02-01-2006 15:04")
	case float64:
		return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
	case string:
		return v
	}
	return fmt.Sprint(c)
}

// NewCSV starts a recap whose Rekap sheet alone is written to out, as
// CSV (";" between columns, decimal comma); the other sheets are left out.
func NewCSV(o Options, out io.Writer) (*Workbook, error) {
	w := newWorkbook(o)
	cw := csv.NewWriter(out)
	cw.Comma = ';'
	w.csv = cw
	for _, l := range layout {
		w.sheets[l.name] = &sheet{}
	}
	w.sheets[SheetRekap].csv = cw
	return w, w.sheets[SheetRekap].add(anyOf(RekapHeader))
}

func anyOf(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (w *Workbook) dateCell(d kinerja.Date) excelize.Cell {
	return excelize.Cell{StyleID: w.styles.date, Value: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)}
}

func (w *Workbook) stampCell(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	l := t.In(w.o.Location)
	// A spreadsheet's times have no zone: the business zone's wall clock.
	return excelize.Cell{StyleID: w.styles.stamp, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)}
}

func (w *Workbook) num1(v float64) excelize.Cell {
	return excelize.Cell{StyleID: w.styles.num1, Value: kinerja.RoundHalfUp(v, 1)}
}

// Add writes one person's rows and counts them in the totals.
func (w *Workbook) Add(p Person) error {
	month, end := w.month, w.month.MonthEnd()
	cal := kinerja.Calendar{Rules: w.o.Rules, Holidays: w.o.Holidays, Leave: p.Leave}
	score := kinerja.ScorePeriod(w.o.Score, cal, []kinerja.Date{month}, w.o.Today, p.Reports, p.RHK)
	available, _ := cal.AvailableDays(month, end)

	count := map[kinerja.Status]int{}
	days := map[kinerja.Date]bool{}
	indikator, rhkOf := map[int64]string{}, map[int64]string{}
	for _, r := range p.RHK {
		rhkOf[r.ID] = strings.TrimSpace(r.Kode + " " + r.Teks)
		for _, i := range r.Indikator {
			indikator[i.ID] = i.Teks
		}
	}
	progres := w.sheets[SheetProgres]
	for i, a := range p.Reports {
		if a.Tanggal.Before(month) || end.Before(a.Tanggal) {
			continue
		}
		count[a.Status]++
		w.sum.Reports++
		if a.Status != kinerja.StatusDitarik {
			days[a.Tanggal] = true
		}
		rhk := rhkOf[a.RHKID]
		if a.RHKID == 0 {
			rhk = kategoriLabel[a.Kategori]
		}
		decider := ""
		if i < len(p.Deciders) {
			decider = p.Deciders[i]
		}
		if err := progres.add([]any{p.NIP, p.Nama, w.dateCell(a.Tanggal), rhk, indikator[a.IndikatorID], a.Deskripsi,
			a.Volume, a.Satuan, a.Menit, len(a.Bukti), statusLabel[a.Status], decider, w.stampCell(a.DecidedAt), a.Reason}); err != nil {
			return err
		}
		if a.Status == kinerja.StatusDiajukan {
			w.waiting = append(w.waiting, waitRow{atasanNIP: p.AtasanNIP, atasan: p.Atasan, nip: p.NIP, nama: p.Nama, unit: p.Unit,
				tanggal: a.Tanggal, uraian: a.Deskripsi, menit: a.Menit, since: a.CreatedAt})
		}
	}

	prod, cap_ := score.Productivity, score.Capaian
	row := []any{w.sum.People + 1, p.NIP, p.Nama, p.Jabatan, p.Unit, p.OPD, p.Atasan, p.AtasanNIP, available, len(days),
		count[kinerja.StatusDisetujui], count[kinerja.StatusDiajukan], count[kinerja.StatusDikembalikan],
		count[kinerja.StatusDitolak], count[kinerja.StatusDitarik], prod.Approved, prod.Target}
	if prod.NoTarget || len(prod.Months) == 0 {
		row = append(row, "")
	} else {
		row = append(row, w.num1(prod.Nilai))
		w.prodSum += kinerja.RoundHalfUp(prod.Nilai, 1)
		w.sum.WithProduktiv++
	}
	if cap_.Utama.HasScore {
		row = append(row, w.num1(cap_.Utama.Nilai))
	} else {
		row = append(row, "")
	}
	var perRHK []string
	for _, r := range cap_.Utama.RHK {
		v := "—"
		if r.HasScore {
			// As /nilai writes it: one decimal at most, a decimal comma.
			v = strings.Replace(strconv.FormatFloat(kinerja.RoundHalfUp(r.Nilai, 1), 'f', -1, 64), ".", ",", 1) + "%"
		}
		perRHK = append(perRHK, r.Kode+": "+v)
	}
	row = append(row, strings.Join(perRHK, "; "), predikatLabel[p.Predikat])
	if score.TPP.HasScore {
		row = append(row, w.num1(score.TPP.Lookup.Band.Persen))
	} else {
		row = append(row, "")
	}
	row = append(row, map[bool]string{true: "Ya", false: "Belum"}[p.Linked])
	if err := w.sheets[SheetRekap].add(row); err != nil {
		return err
	}

	// The unit's compliance: reported on every available day so far.
	k := [2]string{p.OPD, p.Unit}
	u := w.units[k]
	if u == nil {
		u = &unitRow{}
		w.units[k] = u
		w.unitOrd = append(w.unitOrd, k)
	}
	u.people++
	u.minutes += prod.Approved
	if p.Linked {
		u.linked++
		w.sum.Linked++
	}
	if len(days) > 0 {
		u.reported++
		w.sum.Reported++
		through := end
		if w.o.Today.Before(through) {
			through = w.o.Today
		}
		every := true
		for d := month; !through.Before(d); d = d.AddDays(1) {
			if cal.IsAvailable(d) && !days[d] {
				every = false
				break
			}
		}
		if every {
			u.everyDay++
		}
	}
	w.sum.People++
	w.sum.Approved += count[kinerja.StatusDisetujui]
	w.sum.Waiting += count[kinerja.StatusDiajukan]
	w.sum.MinutesOK += prod.Approved
	return nil
}

// Write finishes the sheets (the waiting reports by supervisor, oldest
// first; the units in the order met) and writes the workbook to out.
func (w *Workbook) Write(out io.Writer, now time.Time) (Summary, error) {
	slices.SortStableFunc(w.waiting, func(a, b waitRow) int {
		return cmp.Or(cmp.Compare(a.atasan, b.atasan), cmp.Compare(a.atasanNIP, b.atasanNIP), a.since.Compare(b.since))
	})
	wait := w.sheets[SheetMenunggu]
	for _, r := range w.waiting {
		age := int(now.Sub(r.since).Hours() / 24)
		if r.since.IsZero() {
			age = 0
		}
		w.sum.OldestWaitDays = max(w.sum.OldestWaitDays, age)
		if err := wait.add([]any{r.atasanNIP, r.atasan, r.nip, r.nama, r.unit, w.dateCell(r.tanggal), r.uraian, r.menit,
			w.stampCell(r.since), age}); err != nil {
			return w.sum, err
		}
	}
	patuh := w.sheets[SheetPatuh]
	for _, k := range w.unitOrd {
		u := w.units[k]
		mean := 0.0
		if u.people > 0 {
			mean = float64(u.minutes) / float64(u.people)
		}
		if err := patuh.add([]any{k[0], k[1], u.people, u.linked, u.reported, u.everyDay, w.num1(mean)}); err != nil {
			return w.sum, err
		}
	}
	if w.sum.WithProduktiv > 0 {
		w.sum.MeanProduktiv = w.prodSum / float64(w.sum.WithProduktiv)
	}
	if w.csv != nil {
		w.csv.Flush()
		return w.sum, w.csv.Error()
	}
	for name, sh := range w.sheets {
		if sh.row > 1 {
			last, _ := excelize.CoordinatesToCellName(sh.cols, sh.row)
			no := false
			if err := sh.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: strings.ReplaceAll(name, " ", "_"),
				StyleName: "TableStyleLight1", ShowRowStripes: &no}); err != nil {
				return w.sum, err
			}
		}
		if err := sh.sw.Flush(); err != nil {
			return w.sum, err
		}
	}
	// (No SetActiveSheet: the first sheet is active already, and it would
	// read every worksheet back into memory.)
	// excelize builds the zip in a buffer before writing it out (a city's
	// workbook is 40 MB compressed): its zip writer is pointed at out
	// instead, so the workbook streams out and the buffer stays empty (the
	// buffer is only patched for parts above 4 GB, which ours never are).
	w.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(out) })
	if err := w.f.Write(out); err != nil {
		return w.sum, err
	}
	return w.sum, w.f.Close()
}

// Close drops a workbook not written (its temporary files).
func (w *Workbook) Close() error {
	if w.f == nil {
		return nil
	}
	return w.f.Close()
}
