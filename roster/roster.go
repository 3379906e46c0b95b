// Package roster reads the files admins import with "kinerjabot import
// pegawai|skp|libur|cuti": CSV (UTF-8, a BOM is dropped, "," or ";" as
// detected from the header line) and XLSX (the first sheet). A file becomes
// a Sheet of records that keep their line numbers (CSV line, XLSX row), then
// typed rows through the rules of package kinerja. Every problem is a
// kinerja.FieldError naming its line and column; problems with the whole
// file are *kinerja.Error values of the "import." group.
package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
)

// Format is the kind of file.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// MaxFileSize is the largest file Read accepts (a roster of the whole city,
// 17,500 people, is about 3 MB as CSV).
const MaxFileSize = 32 << 20

// Record is one non-blank row of a file after its header.
type Record struct {
	Line  int
	Cells []kinerja.Cell
}

// Sheet is a file as read, before its columns are given meaning.
type Sheet struct {
	File       string // base name, for messages and the audit log
	Format     Format
	Delimiter  rune     // CSV only: ',' or ';'
	HeaderLine int      // the line of the header (the first non-blank line)
	Header     []string // the header cells as written, trimmed
	Records    []Record // the data rows; blank rows (every cell empty) are skipped
	// Set by Rows: the header's columns as the spec names them (aliases
	// turned into their columns; "" for an empty or ignored header), and
	// the headers a lenient spec ignored, as written.
	columns []string
	Ignored []string
}

func fileError(id string, args map[string]any) error {
	return kinerja.Errorf(kinerja.CodeInvalid, id, args)
}

// ReadFile reads path by its extension (.csv or .xlsx).
func ReadFile(path string) (*Sheet, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError("import.file_unreadable", map[string]any{"File": name, "Reason": unwrapPathError(err)})
	}
	defer f.Close()
	return Read(name, f)
}

// unwrapPathError drops the path from an *os.PathError (the message names
// the file already).
func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Read reads a file named name (its extension says the format) from r.
func Read(name string, r io.Reader) (*Sheet, error) {
	var format Format
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		format = CSV
	case ".xlsx":
		format = XLSX
	default:
		return nil, fileError("import.file_type", map[string]any{"File": name})
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fileError("import.file_unreadable", map[string]any{"File": name, "Reason": unwrapPathError(err)})
	}
	if len(data) > MaxFileSize {
		return nil, fileError("import.file_too_large", map[string]any{"File": name, "MaxMB": MaxFileSize >> 20})
	}
	var s *Sheet
	if format == CSV {
		s, err = readCSV(name, data)
	} else {
		s, err = readXLSX(name, data)
	}
	if err != nil {
		return nil, err
	}
	if s.HeaderLine == 0 {
		return nil, fileError("import.file_empty", map[string]any{"File": name})
	}
	return s, nil
}

// add takes the row read at line: the first non-blank one is the header,
// the next ones are records; blank rows are skipped.
func (s *Sheet) add(line int, cells []kinerja.Cell) {
	switch {
	case blank(cells):
	case s.HeaderLine == 0:
		s.HeaderLine = line
		for _, c := range cells {
			s.Header = append(s.Header, strings.TrimSpace(c.Value))
		}
	default:
		s.Records = append(s.Records, Record{Line: line, Cells: cells})
	}
}

func blank(cells []kinerja.Cell) bool {
	for _, c := range cells {
		if strings.TrimSpace(c.Value) != "" {
			return false
		}
	}
	return true
}

// readCSV reads UTF-8 CSV. The delimiter is the one of "," and ";" that the
// header line holds more of (outside quotes); "," when tied.
func readCSV(name string, data []byte) (*Sheet, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, kinerja.FieldErrors{kinerja.NewFieldError(1, "", "import.not_utf8", nil)}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		line := 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += size
		}
		return nil, kinerja.FieldErrors{kinerja.NewFieldError(line, "", "import.not_utf8", nil)}
	}
	s := &Sheet{File: name, Format: CSV, Delimiter: detectDelimiter(data)}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = s.Delimiter
	cr.FieldsPerRecord = -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, kinerja.FieldErrors{kinerja.NewFieldError(line, "", "import.csv_syntax", nil)}
		}
		line, _ := cr.FieldPos(0)
		cells := make([]kinerja.Cell, len(rec))
		for i, v := range rec {
			cells[i] = kinerja.Cell{Value: v}
		}
		s.add(line, cells)
	}
	return s, nil
}

// detectDelimiter counts "," and ";" outside double quotes on the first
// non-blank line.
func detectDelimiter(data []byte) rune {
	commas, semis := 0, 0
	quoted, seen := false, false
scan:
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if seen {
				break scan
			}
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
		if b != '\n' && b != '\r' && b != ' ' && b != '\t' {
			seen = true
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// readXLSX reads the first sheet of a workbook. Cells keep their raw value
// (no number format applied) and say whether Excel stored a number; merged
// cells give their value to every cell they cover (an RHK merged over its
// indikator rows).
func readXLSX(name string, data []byte) (*Sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 512 << 20})
	if err != nil {
		return nil, fileError("import.xlsx_invalid", map[string]any{"File": name})
	}
	defer f.Close()
	s := &Sheet{File: name, Format: XLSX}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return s, nil
	}
	sheet := sheets[0]
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileError("import.xlsx_invalid", map[string]any{"File": name})
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fileError("import.xlsx_invalid", map[string]any{"File": name})
	}
	for _, m := range merged {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r0 > len(rows) || c0 > len(rows[r0-1]) {
			continue
		}
		v := rows[r0-1][c0-1]
		for r := r0; r <= r1; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for len(rows[r-1]) < c1 {
				rows[r-1] = append(rows[r-1], "")
			}
			for c := c0; c <= c1; c++ {
				rows[r-1][c-1] = v
			}
		}
	}
	for i, row := range rows {
		line := i + 1
		cells := make([]kinerja.Cell, len(row))
		for j, v := range row {
			cells[j] = kinerja.Cell{Value: v}
			if strings.TrimSpace(v) == "" {
				continue
			}
			axis, err := excelize.CoordinatesToCellName(j+1, line)
			if err != nil {
				continue
			}
			typ, err := f.GetCellType(sheet, axis)
			if err != nil {
				return nil, fileError("import.xlsx_invalid", map[string]any{"File": name})
			}
			// A cell without a type attribute is a number in OOXML.
			cells[j].Numeric = typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
		}
		s.add(line, cells)
	}
	return s, nil
}

// RoleSeparators are the runes that separate several peran in one cell: "|",
// and ";" too unless ";" is the file's delimiter.
func (s *Sheet) RoleSeparators() string {
	if s.Format == CSV && s.Delimiter == ';' {
		return "|"
	}
	return "|;"
}

// position names a column for a message: its letter in a workbook, its
// number in a CSV file.
func (s *Sheet) position(i int) string {
	if s.Format == XLSX {
		if n, err := excelize.ColumnNumberToName(i + 1); err == nil {
			return n
		}
	}
	return fmt.Sprint(i + 1)
}

// Rows gives the records meaning by the header, checked against spec: the
// header's problems, data under a column without a name, more cells than
// header columns (a delimiter inside an unquoted CSV value), and a file
// without data rows are all reported. Every column of the header has an
// entry in each row (empty when the row is short).
func (s *Sheet) Rows(spec kinerja.RosterSpec) ([]kinerja.RawRow, []kinerja.FieldError) {
	cols := make([]string, len(s.Header))
	ignored := make([]bool, len(s.Header))
	s.Ignored = nil
	for i, h := range s.Header {
		cols[i] = spec.Canonical(kinerja.NormalizeColumn(h))
	}
	errs := spec.CheckHeader(s.HeaderLine, cols)
	if spec.IgnoreUnknown {
		for i, c := range cols {
			if c != "" && !spec.Known(c) {
				s.Ignored = append(s.Ignored, s.Header[i])
				cols[i], ignored[i] = "", true
			}
		}
	}
	s.columns = cols
	width := len(cols)
	reported := map[int]bool{}
	for _, rec := range s.Records {
		extra := false
		for j, c := range rec.Cells {
			if strings.TrimSpace(c.Value) == "" || (j < width && ignored[j]) {
				continue
			}
			switch {
			case j >= width && s.Format == CSV:
				extra = true
			case j >= width || cols[j] == "":
				if !reported[j] {
					reported[j] = true
					errs = append(errs, kinerja.NewFieldError(rec.Line, "", "import.unnamed_column",
						map[string]any{"Position": s.position(j)}))
				}
			}
		}
		if extra {
			errs = append(errs, kinerja.NewFieldError(rec.Line, "", "import.too_many_cells", map[string]any{
				"Got": len(rec.Cells), "Want": width, "Delimiter": string(s.Delimiter),
			}))
		}
	}
	if len(errs) > 0 {
		kinerja.SortFieldErrors(errs)
		return nil, errs
	}
	if len(s.Records) == 0 {
		return nil, []kinerja.FieldError{kinerja.NewFieldError(s.HeaderLine, "", "import.no_rows",
			map[string]any{"File": s.File})}
	}
	out := make([]kinerja.RawRow, len(s.Records))
	for i, rec := range s.Records {
		cells := make(map[string]kinerja.Cell, width)
		for j, c := range cols {
			if c == "" {
				continue
			}
			if j < len(rec.Cells) {
				cells[c] = rec.Cells[j]
			} else {
				cells[c] = kinerja.Cell{}
			}
		}
		out[i] = kinerja.RawRow{Line: rec.Line, Cells: cells}
	}
	return out, nil
}

// parseAs reads the sheet by spec and gives its rows to parse, which turns
// them into the typed rows of one kind of file; the sheet's own problems
// stop it before parse.
func parseAs[T any](s *Sheet, spec kinerja.RosterSpec, parse func([]kinerja.RawRow) ([]T, []kinerja.FieldError)) ([]T, []kinerja.FieldError) {
	rows, errs := s.Rows(spec)
	if len(errs) > 0 {
		return nil, errs
	}
	return parse(rows)
}

// Pegawai reads the sheet as a pegawai file (kinerja.PegawaiColumns).
func (s *Sheet) Pegawai() ([]kinerja.PegawaiRow, []kinerja.FieldError) {
	return parseAs(s, kinerja.PegawaiColumns, func(rows []kinerja.RawRow) ([]kinerja.PegawaiRow, []kinerja.FieldError) {
		return kinerja.ParsePegawaiRows(rows, s.RoleSeparators())
	})
}

// Columns returns the names of the header's columns, in order, without the
// empty ones: as the spec of the last Rows names them (aliases resolved,
// ignored columns left out), else normalised.
func (s *Sheet) Columns() []string {
	var out []string
	if s.columns != nil {
		for _, c := range s.columns {
			if c != "" {
				out = append(out, c)
			}
		}
		return out
	}
	for _, h := range s.Header {
		if c := kinerja.NormalizeColumn(h); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// SKP reads the sheet as an SKP file (kinerja.SKPColumns), grouped into one
// plan per pegawai and year.
func (s *Sheet) SKP() ([]kinerja.SKPPlan, []kinerja.FieldError) {
	return parseAs(s, kinerja.SKPColumns, kinerja.ParseSKPRows)
}

// Libur reads the sheet as a file of holidays and cuti bersama
// (kinerja.LiburColumns).
func (s *Sheet) Libur() ([]kinerja.LiburRow, []kinerja.FieldError) {
	return parseAs(s, kinerja.LiburColumns, kinerja.ParseLiburRows)
}

// Cuti reads the sheet as a file of personal leave spans
// (kinerja.CutiColumns).
func (s *Sheet) Cuti() ([]kinerja.CutiRow, []kinerja.FieldError) {
	return parseAs(s, kinerja.CutiColumns, kinerja.ParseCutiRows)
}
