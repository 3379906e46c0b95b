package kinerja

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file holds the rules of the calendar imports (kinerjabot import libur
// / cuti), in the manner of roster.go: cells, rows, and the rules across the
// rows of one file; references (a NIP is known) are the store's.

// Kinds of a hari_libur row.
const (
	JenisLibur       = "libur"        // a national holiday
	JenisCutiBersama = "cuti_bersama" // a joint leave day decreed with the holidays
)

// LiburColumns are the columns of "kinerjabot import libur". Without a jenis
// column (or with an empty cell) the kind follows from the keterangan: one
// that starts with "Cuti bersama" is cuti_bersama, else libur.
var LiburColumns = RosterSpec{
	Kind:     "libur",
	Required: []string{"tanggal", "keterangan"},
	Optional: []string{"jenis"},
}

// CutiColumns are the columns of "kinerjabot import cuti".
var CutiColumns = RosterSpec{
	Kind:     "cuti",
	Required: []string{"nip", "mulai", "selesai", "jenis"},
}

// MaxCutiDays is the longest span of one leave line, in days (a year).
const MaxCutiDays = 366

// Years a date of a calendar import may lie in.
const (
	minImportYear = 2000
	maxImportYear = 2100
)

// ParseImportDate reads a date cell of an import file: YYYY-MM-DD, or
// DD-MM-YYYY / DD/MM/YYYY as Indonesian spreadsheets show them (day and month
// may have one digit), with a year from 2000 to 2100. A number cell of an
// .xlsx is a date as Excel stores it (days since 1899-12-30, whole). It
// fails with "import.bad_tanggal" (or "import.required" when empty).
func ParseImportDate(c Cell) (Date, error) {
	v := strings.TrimSpace(c.Value)
	bad := Errorf(CodeInvalid, "import.bad_tanggal", map[string]any{"Value": v})
	if v == "" {
		return Date{}, Errorf(CodeInvalid, "import.required", map[string]any{"Value": ""})
	}
	var d Date
	if c.Numeric {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || f != math.Trunc(f) || f < 1 || f > 100000 {
			return Date{}, bad
		}
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
		d = Date{t.Year(), t.Month(), t.Day()}
	} else {
		sep := ""
		switch {
		case strings.Count(v, "-") == 2 && !strings.Contains(v, "/"):
			sep = "-"
		case strings.Count(v, "/") == 2 && !strings.Contains(v, "-"):
			sep = "/"
		default:
			return Date{}, bad
		}
		parts := strings.Split(v, sep)
		nums := make([]int, 3)
		for i, p := range parts {
			if p == "" || len(p) > 4 {
				return Date{}, bad
			}
			for _, r := range p {
				if r < '0' || r > '9' {
					return Date{}, bad
				}
			}
			nums[i], _ = strconv.Atoi(p)
		}
		switch {
		case sep == "-" && len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
			d = Date{nums[0], time.Month(nums[1]), nums[2]}
		case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
			d = Date{nums[2], time.Month(nums[1]), nums[0]}
		default:
			return Date{}, bad
		}
	}
	if !d.valid() || d.Year < minImportYear || d.Year > maxImportYear {
		return Date{}, bad
	}
	return d, nil
}

// date reads a date cell into the row's problems.
func (rr *rowReader) date(column string) Date {
	d, err := ParseImportDate(rr.r.Cells[column])
	if err != nil {
		rr.errs = append(rr.errs, cellError(rr.r.Line, column, err))
	}
	return d
}

// kind reads a cell that must be one of values, case-insensitive, with
// spaces and hyphens read as "_" ("Dinas Luar" = dinas_luar, "cuti
// bersama" = cuti_bersama).
func (rr *rowReader) kind(column string, required bool, id string, values ...string) string {
	raw := CollapseSpaces(rr.r.Cells[column].Value)
	if raw == "" {
		if required {
			rr.fail(column, "import.required", map[string]any{"Value": ""})
		}
		return ""
	}
	v := NormalizeColumn(raw)
	for _, x := range values {
		if v == x {
			return v
		}
	}
	rr.fail(column, id, map[string]any{"Value": raw, "Choices": strings.Join(values, ", ")})
	return ""
}

// LiburRow is one valid row of a libur file.
type LiburRow struct {
	Line       int
	Tanggal    Date
	Keterangan string // spaces collapsed
	Jenis      string // JenisLibur or JenisCutiBersama
}

// LiburJenisOf is the kind of a holiday named keterangan when the file does
// not say: cuti bersama when the name starts with "Cuti bersama" (case and
// repeated spaces ignored), else libur.
func LiburJenisOf(keterangan string) string {
	if strings.HasPrefix(strings.ToLower(CollapseSpaces(keterangan)), "cuti bersama") {
		return JenisCutiBersama
	}
	return JenisLibur
}

// ParseLiburRow validates one row of a libur file.
func ParseLiburRow(r RawRow) (LiburRow, []FieldError) {
	rr := &rowReader{r: r}
	l := LiburRow{Line: r.Line}
	l.Tanggal = rr.date("tanggal")
	l.Keterangan = rr.text("keterangan", true, MaxNamaLen)
	l.Jenis = rr.kind("jenis", false, "import.bad_jenis_libur", JenisLibur, JenisCutiBersama)
	if len(rr.errs) > 0 {
		return LiburRow{}, rr.errs
	}
	if l.Jenis == "" {
		l.Jenis = LiburJenisOf(l.Keterangan)
	}
	return l, nil
}

// ParseLiburRows validates every row of a libur file and that no date is
// listed twice (an error on the later line). Rows come only when there is no
// problem at all.
func ParseLiburRows(rows []RawRow) ([]LiburRow, []FieldError) {
	tanggal := func(r RawRow) (Date, string, bool) {
		d, err := ParseImportDate(r.Cells["tanggal"])
		return d, d.String(), err == nil
	}
	return parseRowsOnce(rows, "tanggal", "import.duplicate_tanggal", tanggal, ParseLiburRow)
}

// CutiRow is one valid row of a cuti file: a span of one person's leave,
// inclusive.
type CutiRow struct {
	Line    int
	NIP     string
	Mulai   Date
	Selesai Date
	Jenis   string // LeaveCuti, LeaveSakit or LeaveDinasLuar
}

// ParseCutiRow validates one row of a cuti file: mulai not after selesai,
// and at most MaxCutiDays days.
func ParseCutiRow(r RawRow) (CutiRow, []FieldError) {
	rr := &rowReader{r: r}
	c := CutiRow{Line: r.Line}
	c.NIP = rr.nip("nip", true)
	c.Mulai = rr.date("mulai")
	c.Selesai = rr.date("selesai")
	if !c.Mulai.IsZero() && !c.Selesai.IsZero() {
		days := int(c.Selesai.UTC().Sub(c.Mulai.UTC()).Hours()/24) + 1
		switch {
		case c.Selesai.Before(c.Mulai):
			rr.fail("selesai", "import.cuti_order", map[string]any{"Value": c.Selesai.String(), "Mulai": c.Mulai.String()})
		case days > MaxCutiDays:
			rr.fail("selesai", "import.cuti_too_long", map[string]any{
				"Value": c.Selesai.String(), "Mulai": c.Mulai.String(), "Days": days, "Max": MaxCutiDays,
			})
		}
	}
	c.Jenis = rr.kind("jenis", true, "import.bad_jenis_cuti", LeaveCuti, LeaveSakit, LeaveDinasLuar)
	if len(rr.errs) > 0 {
		return CutiRow{}, rr.errs
	}
	return c, nil
}

// ParseCutiRows validates every row of a cuti file, then that no two spans
// of one person and one kind overlap (an error on the later line, naming the
// earlier one; the same span twice overlaps too). Rows come only when there
// is no problem at all.
func ParseCutiRows(rows []RawRow) ([]CutiRow, []FieldError) {
	var errs []FieldError
	out := make([]CutiRow, 0, len(rows))
	seen := map[string][]CutiRow{} // nip|jenis → its valid rows so far
	for _, r := range rows {
		c, rowErrs := ParseCutiRow(r)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		key := c.NIP + "|" + c.Jenis
		bad := false
		for _, o := range seen[key] {
			if !c.Selesai.Before(o.Mulai) && !o.Selesai.Before(c.Mulai) {
				errs = append(errs, NewFieldError(c.Line, "mulai", "import.cuti_overlap", map[string]any{
					"Value": c.Mulai.String(), "First": o.Line, "Mulai": o.Mulai.String(), "Selesai": o.Selesai.String(),
					"Jenis": c.Jenis,
				}))
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		seen[key] = append(seen[key], c)
		out = append(out, c)
	}
	return rowsOrErrors(out, errs)
}
