package kinerja

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the rules of the admin imports (kinerjabot import pegawai /
// skp): how one cell, one row and the rows of a file are validated. It knows
// nothing about CSV or XLSX (package roster reads those) nor about the
// database (package store checks references): every problem is a FieldError
// naming the line and the column, so an admin can fix the whole file at once.

// Cell is one cell of an imported file as it was read: its text, and whether
// an .xlsx stored it as a number. NIP and phone cells must be text (DOMAIN.md
// decision 10): a number cell has already lost digits and is refused, never
// converted.
type Cell struct {
	Value   string
	Numeric bool
}

// RawRow is one data row of an imported file: its line (CSV line or XLSX row;
// the header is line 1 when it is the first line) and its cells by normalised
// column name (NormalizeColumn). A column the file lacks has no entry.
type RawRow struct {
	Line  int
	Cells map[string]Cell
}

// FieldError is one problem of an imported file: where (Line; Column, "" when
// it is about the whole row or the header; Line 0 when it is about the whole
// file) and what (a message ID of the "import." group with its arguments).
// Args always carries Line and Column, and Value when a cell is at fault.
type FieldError struct {
	Line      int
	Column    string
	MessageID string
	Args      map[string]any
	// Lines are all the lines with this same problem, when it was found on
	// more than one (MergeRepeated); Line is then the first of them.
	Lines []int
}

func (e FieldError) Error() string {
	switch {
	case e.Line == 0:
		return e.MessageID
	case e.Column == "":
		return fmt.Sprintf("line %d: %s", e.Line, e.MessageID)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.MessageID)
}

// FieldErrors is the refusal of a whole file: every problem found, sorted by
// line (SortFieldErrors). An import that returns it changed nothing.
type FieldErrors []FieldError

func (e FieldErrors) Error() string {
	if len(e) == 0 {
		return "kinerja: no problems"
	}
	return fmt.Sprintf("kinerja: %d problem(s) in the file, first: %s", len(e), e[0].Error())
}

// NewFieldError builds a FieldError; args may be nil and gain Line and Column.
func NewFieldError(line int, column, messageID string, args map[string]any) FieldError {
	a := make(map[string]any, len(args)+2)
	for k, v := range args {
		a[k] = v
	}
	a["Line"] = line
	a["Column"] = column
	return FieldError{Line: line, Column: column, MessageID: messageID, Args: a}
}

// cellError turns a cell parser's *Error into a FieldError at line/column.
func cellError(line int, column string, err error) FieldError {
	id, args := "import.bad_value", map[string]any(nil)
	if e, ok := err.(*Error); ok {
		id, args = e.MessageID, e.Args
	}
	return NewFieldError(line, column, id, args)
}

// MergeRepeated reports a problem found identically on several lines once,
// with all its lines (FieldError.Lines): the same message, column and
// arguments (a value refused on 300 lines is one line of output, not 300).
// The order is that of each problem's first line.
func MergeRepeated(errs []FieldError) []FieldError {
	out := make([]FieldError, 0, len(errs))
	at := map[string]int{}
	for _, e := range errs {
		if e.Line == 0 {
			out = append(out, e)
			continue
		}
		k := problemKey(e)
		if i, ok := at[k]; ok {
			if len(out[i].Lines) == 0 {
				out[i].Lines = []int{out[i].Line}
			}
			out[i].Lines = append(out[i].Lines, e.Line)
			continue
		}
		at[k] = len(out)
		out = append(out, e)
	}
	return out
}

// problemKey is what makes two problems the same: message, column and
// arguments other than the line.
func problemKey(e FieldError) string {
	keys := make([]string, 0, len(e.Args))
	for k := range e.Args {
		if k != "Line" && k != "Column" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.MessageID + "\x00" + e.Column)
	for _, k := range keys {
		fmt.Fprintf(&b, "\x00%s=%v", k, e.Args[k])
	}
	return b.String()
}

// LineRanges writes lines (ascending) as runs: "2–5, 9, 11–12".
func LineRanges(lines []int) string {
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", lines[i], lines[j]))
		} else {
			parts = append(parts, strconv.Itoa(lines[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// SortFieldErrors orders problems by line (whole-file ones first), keeping
// the order of problems on one line (the order of the columns).
func SortFieldErrors(errs []FieldError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

// RosterSpec names the columns of one kind of import file.
type RosterSpec struct {
	Kind     string   // "pegawai" or "skp"
	Required []string // the header must have these
	Optional []string // the header may have these
	// Aliases are other names of the columns (normalised, as NormalizeColumn
	// gives them): the headers of the files people have, e.g. SIASN's.
	Aliases map[string]string
	// IgnoreUnknown: a column the spec does not know is ignored (the import
	// names them all in one note) instead of refusing the file. For files
	// exported from other systems, which carry many columns we do not need.
	IgnoreUnknown bool
}

// PegawaiColumns are the columns of "kinerjabot import pegawai". Only nip,
// nama and unit_kerja are required: an optional column the file lacks leaves
// that field of existing people as it is (new people get it empty).
// gelar_depan and gelar_belakang, when present, are put around nama;
// eselon resolves a jenis_jabatan of "Struktural"; unit_induk places the
// unit under its OPD. SIASN's export headers are aliases, and the other
// columns of such an export are ignored.
var PegawaiColumns = RosterSpec{
	Kind:     "pegawai",
	Required: []string{"nip", "nama", "unit_kerja"},
	Optional: []string{"jabatan", "jenis_jabatan", "atasan_nip", "telepon", "peran",
		"gelar_depan", "gelar_belakang", "eselon", "unit_induk"},
	Aliases: map[string]string{
		"nip_baru": "nip", "nip_18": "nip",
		"nama_lengkap": "nama", "nama_pegawai": "nama",
		"jabatan_nama": "jabatan", "nama_jabatan": "jabatan",
		"jenis_jabatan_nama": "jenis_jabatan",
		"unor_nama":          "unit_kerja", "unor": "unit_kerja", "unit_organisasi": "unit_kerja", "nama_unor": "unit_kerja",
		"satuan_kerja_induk_nama": "unit_induk", "unor_induk_nama": "unit_induk", "opd": "unit_induk",
		"perangkat_daerah": "unit_induk",
		"nomor_hp":         "telepon", "no_hp": "telepon", "nomor_telepon": "telepon", "no_telepon": "telepon", "hp": "telepon",
		"nip_atasan": "atasan_nip", "atasan_nip_baru": "atasan_nip",
		"eselon_nama": "eselon",
	},
	IgnoreUnknown: true,
}

// Canonical is the column a normalised header name stands for: itself, or
// the column it is an alias of.
func (s RosterSpec) Canonical(column string) string {
	if c, ok := s.Aliases[column]; ok {
		return c
	}
	return column
}

// SKPColumns are the columns of "kinerjabot import skp"; agregasi is optional
// (default DefaultAgregasi).
var SKPColumns = RosterSpec{
	Kind:     "skp",
	Required: []string{"nip", "tahun", "rhk_kode", "jenis_rhk", "rhk", "indikator", "target", "satuan", "arah"},
	Optional: []string{"agregasi"},
}

// Known reports whether column is one of the spec's columns.
func (s RosterSpec) Known(column string) bool {
	return slices.Contains(s.Required, column) || slices.Contains(s.Optional, column)
}

// NormalizeColumn turns a header cell into a column name: trimmed, lower
// case, inner spaces and hyphens as one underscore ("Atasan NIP" →
// "atasan_nip").
func NormalizeColumn(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	})
	return strings.Join(f, "_")
}

// CheckHeader checks the header cells of a file, normalised and turned
// into their columns (Canonical; line is the header's line): a column named
// twice, unknown columns (all named in one error, unless the spec ignores
// them) and missing required columns (all named in one error). Empty names
// are skipped: the reader decides whether an unnamed column holds data.
func (s RosterSpec) CheckHeader(line int, columns []string) []FieldError {
	var errs []FieldError
	seen := map[string]bool{}
	var unknown []string
	for _, c := range columns {
		if c == "" {
			continue
		}
		if seen[c] {
			errs = append(errs, NewFieldError(line, c, "import.duplicate_column", nil))
			continue
		}
		seen[c] = true
		if !s.Known(c) {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) > 0 && !s.IgnoreUnknown {
		known := append(slices.Clone(s.Required), s.Optional...)
		errs = append(errs, NewFieldError(line, "", "import.unknown_columns", map[string]any{
			"Columns": strings.Join(unknown, ", "), "Known": strings.Join(known, ", "),
		}))
	}
	var missing []string
	for _, c := range s.Required {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		errs = append(errs, NewFieldError(line, "", "import.missing_columns", map[string]any{
			"Columns": strings.Join(missing, ", "),
		}))
	}
	return errs
}

// CollapseSpaces trims s and turns every run of white space (tabs, new lines,
// non-breaking spaces included) into one space.
func CollapseSpaces(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }), " ")
}

// normalizeDigits prepares a NIP typed by a person: spaces removed
// ("19870315 201001 1 002" is how NIPs are printed) and a leading apostrophe
// dropped (Excel's "treat as text" mark, sometimes copied into CSV files).
func normalizeDigits(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "'")
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// Longest texts the import accepts, in characters.
const (
	MaxNamaLen   = 200 // nama, jabatan, unit_kerja
	MaxTeksLen   = 1000
	MaxKodeLen   = 32
	MaxSatuanLen = 50
)

// JenisJabatan lists the accepted values of jenis_jabatan.
var JenisJabatan = []string{"jpt", "administrator", "pengawas", "pelaksana", "fungsional"}

// jenisLabels are the labels people's files carry for the kinds of
// position, in the key form of jenisKey, and the kind each one is. ""
// marks "Struktural", which only an eselon resolves.
var jenisLabels = map[string]string{
	"jpt": "jpt", "jpt pratama": "jpt", "jpt madya": "jpt", "jpt utama": "jpt",
	"pimpinan tinggi": "jpt", "pimpinan tinggi pratama": "jpt", "pimpinan tinggi madya": "jpt",
	"administrator": "administrator", "administrasi": "administrator",
	"pengawas":  "pengawas",
	"pelaksana": "pelaksana", "fungsional umum": "pelaksana", "jfu": "pelaksana",
	"fungsional": "fungsional", "fungsional tertentu": "fungsional", "jft": "fungsional",
	"struktural": "",
}

// jenisKey is a jenis_jabatan label compared: lower case, spaces, dots and
// hyphens collapsed, "jabatan" in front dropped ("Jabatan Fungsional
// Tertentu" → "fungsional tertentu").
func jenisKey(label string) string {
	f := strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' || r == '\u00a0'
	})
	if len(f) > 1 && f[0] == "jabatan" {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// JenisFromLabel reads a jenis_jabatan as files write it: the values of
// JenisJabatan and SIASN's and people's labels (JPT Pratama, Jabatan
// Pimpinan Tinggi, Jabatan Fungsional Tertentu, Jabatan Fungsional Umum,
// Jabatan Pelaksana, …), case and spacing ignored. "Struktural" is resolved
// by eselon (I–II jpt, III administrator, IV–V pengawas; "II.a", "III/b",
// "IV" and the like): without one, needEselon is true and jenis "". ok is
// false for a label it does not know.
func JenisFromLabel(label, eselon string) (jenis string, needEselon, ok bool) {
	j, known := jenisLabels[jenisKey(label)]
	if !known {
		return "", false, false
	}
	if j != "" {
		return j, false, true
	}
	if j = jenisOfEselon(eselon); j == "" {
		return "", true, true
	}
	return j, false, true
}

// jenisOfEselon is the kind of a structural position of an eselon ("II.a",
// "iii/b", "IV", "Eselon III.a", "3a"); "" when it cannot be read.
func jenisOfEselon(eselon string) string {
	e := strings.ToUpper(jenisKey(eselon))
	e = strings.TrimSpace(strings.TrimPrefix(e, "ESELON"))
	if e == "" {
		return ""
	}
	// The roman (or arabic) level before any sub-grade letter.
	parts := strings.FieldsFunc(e, func(r rune) bool { return r == '/' || r == ' ' || r == '.' })
	if len(parts) == 0 {
		return ""
	}
	level := strings.TrimRight(parts[0], "AB")
	switch level {
	case "I", "II", "1", "2":
		return "jpt"
	case "III", "3":
		return "administrator"
	case "IV", "V", "4", "5":
		return "pengawas"
	}
	return ""
}

// WithGelar is a name with its front and back titles as Indonesian names
// are written: "Dr. Ir. Budi Santoso, M.T." (gelarDepan "Dr. Ir.",
// gelarBelakang "M.T."). Empty titles are left out.
func WithGelar(gelarDepan, nama, gelarBelakang string) string {
	out := CollapseSpaces(nama)
	if g := CollapseSpaces(gelarDepan); g != "" {
		out = g + " " + out
	}
	if g := strings.TrimLeft(CollapseSpaces(gelarBelakang), ", "); g != "" {
		out += ", " + g
	}
	return out
}

// PegawaiRow is one valid row of a pegawai file, normalised.
type PegawaiRow struct {
	Line         int
	NIP          string
	Nama         string
	Jabatan      string
	JenisJabatan string // one of JenisJabatan or ""
	UnitKerja    string // spaces collapsed; matched case-insensitively
	AtasanNIP    string // "" when none
	Telepon      string // E.164 (NormalizePhone) or ""
	Roles        []Role // canonical order, always with RolePegawai
	UnitInduk    string // the OPD the unit belongs to (spaces collapsed); "" when the file has none or it is the unit itself
	KeepJenis    bool   // the cell could not be read as a kind ("Struktural" without an eselon): an existing person keeps theirs
	// Notes are not errors: a jenis_jabatan "Struktural" without an eselon
	// (left empty).
	Notes []FieldError
}

// ParseRoles reads a peran cell: role names separated by any rune of seps
// ("|", and ";" where ";" is not the file's delimiter), case-insensitive.
// Empty means pegawai. Every person keeps RolePegawai (admins report too);
// the result is in the order pegawai, admin_opd, admin.
func ParseRoles(s, seps string) ([]Role, error) {
	set := map[Role]bool{RolePegawai: true}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		p := Role(strings.ToLower(strings.TrimSpace(part)))
		if p == "" {
			continue
		}
		if !ValidRole(p) {
			return nil, Errorf(CodeInvalid, "import.bad_peran", map[string]any{"Value": strings.TrimSpace(part)})
		}
		set[p] = true
	}
	var out []Role
	for _, r := range []Role{RolePegawai, RoleAdminOPD, RoleAdmin} {
		if set[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// rowReader reads the cells of one row and collects its problems.
type rowReader struct {
	r    RawRow
	errs []FieldError
}

func (rr *rowReader) fail(column, id string, args map[string]any) {
	rr.errs = append(rr.errs, NewFieldError(rr.r.Line, column, id, args))
}

// has reports whether the file has the column.
func (rr *rowReader) has(column string) bool {
	_, ok := rr.r.Cells[column]
	return ok
}

// text returns a cell with spaces collapsed; required cells must not be
// empty; max limits the length in characters (0: no limit).
func (rr *rowReader) text(column string, required bool, max int) string {
	v := CollapseSpaces(rr.r.Cells[column].Value)
	if v == "" {
		if required {
			rr.fail(column, "import.required", map[string]any{"Value": ""})
		}
		return ""
	}
	if n := utf8.RuneCountInString(v); max > 0 && n > max {
		rr.fail(column, "import.too_long", map[string]any{"Value": v, "Length": n, "Max": max})
		return ""
	}
	return v
}

// nip reads a NIP cell: text (not an XLSX number), 18 digits.
func (rr *rowReader) nip(column string, required bool) string {
	c := rr.r.Cells[column]
	if c.Numeric && strings.TrimSpace(c.Value) != "" {
		rr.fail(column, "import.numeric_cell", map[string]any{"Value": strings.TrimSpace(c.Value)})
		return ""
	}
	v := normalizeDigits(c.Value)
	if v == "" {
		if required {
			rr.fail(column, "import.required", map[string]any{"Value": ""})
		}
		return ""
	}
	if !ValidNIP(v) {
		rr.fail(column, "import.bad_nip", map[string]any{"Value": strings.TrimSpace(c.Value), "Digits": len(v)})
		return ""
	}
	return v
}

// choice reads a cell that must be one of values (case-insensitive); empty
// is allowed unless required.
func (rr *rowReader) choice(column string, required bool, id string, values ...string) string {
	raw := CollapseSpaces(rr.r.Cells[column].Value)
	v := strings.ToLower(raw)
	if v == "" {
		if required {
			rr.fail(column, "import.required", map[string]any{"Value": ""})
		}
		return ""
	}
	if !slices.Contains(values, v) {
		rr.fail(column, id, map[string]any{"Value": raw, "Choices": strings.Join(values, ", ")})
		return ""
	}
	return v
}

// ParsePegawaiRow validates one row of a pegawai file. roleSeps are the runes
// that separate several peran in one cell. It returns the row, or the
// problems of its cells (all of them, in column order).
func ParsePegawaiRow(r RawRow, roleSeps string) (PegawaiRow, []FieldError) {
	rr := &rowReader{r: r}
	p := PegawaiRow{Line: r.Line}
	p.NIP = rr.nip("nip", true)
	p.Nama = rr.text("nama", true, MaxNamaLen)
	if p.Nama != "" && (rr.has("gelar_depan") || rr.has("gelar_belakang")) {
		p.Nama = WithGelar(r.Cells["gelar_depan"].Value, p.Nama, r.Cells["gelar_belakang"].Value)
		if n := utf8.RuneCountInString(p.Nama); n > MaxNamaLen {
			rr.fail("nama", "import.too_long", map[string]any{"Value": p.Nama, "Length": n, "Max": MaxNamaLen})
		}
	}
	p.Jabatan = rr.text("jabatan", false, MaxNamaLen)
	if label := CollapseSpaces(r.Cells["jenis_jabatan"].Value); label != "" {
		jenis, needEselon, ok := JenisFromLabel(label, r.Cells["eselon"].Value)
		switch {
		case !ok:
			rr.fail("jenis_jabatan", "import.bad_jenis_jabatan", map[string]any{"Value": label, "Choices": strings.Join(JenisJabatan, ", ")})
		case needEselon:
			p.Notes = append(p.Notes, NewFieldError(r.Line, "jenis_jabatan", "import.note_struktural", map[string]any{"Value": label}))
			p.KeepJenis = true
		}
		p.JenisJabatan = jenis
	}
	p.UnitKerja = rr.text("unit_kerja", true, MaxNamaLen)
	if induk := rr.text("unit_induk", false, MaxNamaLen); !strings.EqualFold(induk, p.UnitKerja) {
		p.UnitInduk = induk
	}
	p.AtasanNIP = rr.nip("atasan_nip", false)
	if p.AtasanNIP != "" && p.AtasanNIP == p.NIP {
		rr.fail("atasan_nip", "import.atasan_self", map[string]any{"Value": p.AtasanNIP})
	}
	if c := r.Cells["telepon"]; c.Numeric && strings.TrimSpace(c.Value) != "" {
		rr.fail("telepon", "import.numeric_cell", map[string]any{"Value": strings.TrimSpace(c.Value)})
	} else if v := strings.TrimPrefix(strings.TrimSpace(c.Value), "'"); v != "" {
		tel, ok := NormalizePhone(v)
		if !ok {
			rr.fail("telepon", "import.bad_phone", map[string]any{"Value": v})
		}
		p.Telepon = tel
	}
	roles, err := ParseRoles(r.Cells["peran"].Value, roleSeps)
	if err != nil {
		rr.errs = append(rr.errs, cellError(r.Line, "peran", err))
	}
	p.Roles = roles
	if len(rr.errs) > 0 {
		return PegawaiRow{}, rr.errs
	}
	return p, nil
}

// ParsePegawaiRows validates every row of a pegawai file, then the rules
// across rows of the file alone: a NIP appears once. It returns the valid
// rows only when there is no problem at all.
func ParsePegawaiRows(rows []RawRow, roleSeps string) ([]PegawaiRow, []FieldError) {
	nip := func(r RawRow) (string, string, bool) {
		v := normalizeDigits(r.Cells["nip"].Value)
		return v, v, ValidNIP(v) && !r.Cells["nip"].Numeric
	}
	return parseRowsOnce(rows, "nip", "import.duplicate_nip", nip,
		func(r RawRow) (PegawaiRow, []FieldError) { return ParsePegawaiRow(r, roleSeps) })
}

// parseRowsOnce validates every row of a file with parse, and that no two
// rows share a key: a row whose key stands on an earlier line gets dupID in
// column, with the key as Value and that line as First. key says ok only
// for a valid key, and is asked even when another cell of the row is wrong,
// so a duplicate is reported in the same round. Rows come only when there is
// no problem at all.
func parseRowsOnce[K comparable, T any](rows []RawRow, column, dupID string,
	key func(RawRow) (k K, value string, ok bool), parse func(RawRow) (T, []FieldError)) ([]T, []FieldError) {
	var errs []FieldError
	out := make([]T, 0, len(rows))
	first := map[K]int{} // key → line of its first row
	for _, r := range rows {
		if k, value, ok := key(r); ok {
			if line, seen := first[k]; seen {
				errs = append(errs, NewFieldError(r.Line, column, dupID, map[string]any{"Value": value, "First": line}))
			} else {
				first[k] = r.Line
			}
		}
		v, rowErrs := parse(r)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		out = append(out, v)
	}
	return rowsOrErrors(out, errs)
}

// rowsOrErrors is what the parse of a whole file returns: its rows, or, when
// there is any problem, no row and the problems sorted by line.
func rowsOrErrors[T any](rows []T, errs []FieldError) ([]T, []FieldError) {
	if len(errs) > 0 {
		SortFieldErrors(errs)
		return nil, errs
	}
	return rows, nil
}

// AtasanCycles finds the cycles of an atasan hierarchy. atasan maps a NIP to
// its atasan's NIP (absent or "" for none); every NIP appears at most once
// as a key, so each person has at most one atasan. The result maps every NIP
// that lies on a cycle to that cycle, starting and ending with itself
// (A → B → C → A). It runs in time linear in the size of the map.
func AtasanCycles(atasan map[string]string) map[string][]string {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int, len(atasan))
	out := map[string][]string{}
	keys := make([]string, 0, len(atasan))
	for k := range atasan {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic
	for _, start := range keys {
		var path []string
		x := start
		for x != "" && state[x] == unseen {
			state[x] = onPath
			path = append(path, x)
			x = atasan[x]
		}
		if x != "" && state[x] == onPath {
			i := slices.Index(path, x)
			cycle := path[i:]
			for j, n := range cycle {
				c := make([]string, 0, len(cycle)+1)
				c = append(c, cycle[j:]...)
				c = append(c, cycle[:j]...)
				out[n] = append(c, n)
			}
		}
		for _, n := range path {
			state[n] = done
		}
	}
	return out
}

// ParseDecimal reads a non-negative number as Indonesian and English
// spreadsheets write it, following readNumber, the one rule for typed
// numbers: "12", "2,5", "2.5" and "2.50" are accepted, so are "1.000,5",
// "1,000.5" (1000.5), "1.000.000" and "1,000,000" (1000000), "0,125" (0.125)
// and "1234.500" (1234.5). A single mark followed by exactly three digits
// after one to three digits not starting with 0 ("1.000", "1.500", "12,500":
// thousands or a fraction?) is "import.ambiguous_number". A minus sign before
// a number gives "import.negative_number"; anything else that is not such a
// number, a mark before the first digit (",5") and more than 15 digits are
// "import.bad_number".
func ParseDecimal(s string) (float64, error) {
	v := strings.TrimSpace(s)
	bad := func(id string) (float64, error) {
		return 0, Errorf(CodeInvalid, id, map[string]any{"Value": v})
	}
	num, neg := strings.CutPrefix(v, "-")
	if !neg {
		num, neg = strings.CutPrefix(v, "−")
	}
	num = strings.TrimSpace(num)
	readings := readNumber(num)
	digits := 0
	for i := 0; i < len(num); i++ {
		if inputIsDigit(num[i]) {
			digits++
		}
	}
	switch {
	case len(readings) == 0 || digits > 15 || !inputIsDigit(num[0]):
		return bad("import.bad_number")
	case neg:
		return bad("import.negative_number")
	case len(readings) == 2:
		return bad("import.ambiguous_number")
	}
	return readings[0].float() // at most 15 digits: never out of range
}

// rangeSeparators are the ways people write "from … to" in a target, after
// the en and em dashes have become "-".
var rangeSeparators = []string{"sampai dengan", "sampai", "s.d.", "s/d", "s.d"}

// ParseTarget reads a target: one number (ParseDecimal) or a range "7-8",
// "7 - 8", "7–8", "7 s.d. 8", "2,5-3". It returns min and max (equal for one
// number). Refusals: "import.required" (empty), "import.bad_target" (not a
// number nor a range), "import.negative_number", "import.ambiguous_number",
// "import.target_min_gt_max" (a range whose first number is the larger).
func ParseTarget(s string) (lo, hi float64, err error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return 0, 0, Errorf(CodeInvalid, "import.required", map[string]any{"Value": ""})
	}
	norm := strings.NewReplacer("–", "-", "—", "-", "−", "-").Replace(strings.ToLower(v))
	for _, sep := range rangeSeparators {
		norm = strings.ReplaceAll(norm, sep, "-")
	}
	badTarget := Errorf(CodeInvalid, "import.bad_target", map[string]any{"Value": v})
	part := func(p string) (float64, error) {
		f, err := ParseDecimal(p)
		if err != nil {
			if e, ok := err.(*Error); ok && e.MessageID == "import.bad_number" {
				return 0, badTarget
			}
			return 0, err
		}
		return f, nil
	}
	// The range dash is the first one after the first character (a dash
	// there is a minus sign, refused by ParseDecimal).
	i := -1
	if len(norm) > 1 {
		if j := strings.Index(norm[1:], "-"); j >= 0 {
			i = j + 1
		}
	}
	if i < 0 {
		f, err := part(norm)
		if err != nil {
			return 0, 0, err
		}
		return f, f, nil
	}
	left, right := strings.TrimSpace(norm[:i]), strings.TrimSpace(norm[i+1:])
	if right == "" {
		return 0, 0, badTarget
	}
	if lo, err = part(left); err != nil {
		return 0, 0, err
	}
	if hi, err = part(right); err != nil {
		return 0, 0, err
	}
	if lo > hi {
		return 0, 0, Errorf(CodeInvalid, "import.target_min_gt_max", map[string]any{"Value": v})
	}
	return lo, hi, nil
}

// parseTargetCell reads a target cell: a number cell of a workbook is a
// number already (not ambiguous: 1.125 is 1.125), text goes through
// ParseTarget.
func parseTargetCell(c Cell) (float64, float64, error) {
	v := strings.TrimSpace(c.Value)
	if !c.Numeric || v == "" {
		return ParseTarget(c.Value)
	}
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || math.IsInf(f, 0) || math.IsNaN(f):
		return 0, 0, Errorf(CodeInvalid, "import.bad_target", map[string]any{"Value": v})
	case f < 0:
		return 0, 0, Errorf(CodeInvalid, "import.negative_number", map[string]any{"Value": v})
	}
	return f, f, nil
}

// SKPRow is one valid row of an SKP file: one indikator of one RHK.
type SKPRow struct {
	Line      int
	NIP       string
	Tahun     int
	RHKKode   string
	JenisRHK  JenisRHK
	RHK       string
	Indikator string
	TargetMin float64
	TargetMax float64
	Satuan    string
	Arah      Arah
	Agregasi  Agregasi
}

// ParseSKPRow validates one row of an SKP file.
func ParseSKPRow(r RawRow) (SKPRow, []FieldError) {
	rr := &rowReader{r: r}
	s := SKPRow{Line: r.Line}
	s.NIP = rr.nip("nip", true)
	if raw := strings.TrimSpace(r.Cells["tahun"].Value); raw == "" {
		rr.fail("tahun", "import.required", map[string]any{"Value": ""})
	} else if r.Cells["tahun"].Numeric {
		// A year typed in Excel is a number cell: fine, if it is whole.
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || f != float64(int(f)) || f < 2000 || f > 2100 {
			rr.fail("tahun", "import.bad_tahun", map[string]any{"Value": raw})
		}
		s.Tahun = int(f)
	} else {
		y := 0
		for _, c := range raw {
			if c < '0' || c > '9' || y > 9999 {
				y = -1
				break
			}
			y = y*10 + int(c-'0')
		}
		if y < 2000 || y > 2100 {
			rr.fail("tahun", "import.bad_tahun", map[string]any{"Value": raw})
		}
		s.Tahun = y
	}
	s.RHKKode = rr.text("rhk_kode", true, MaxKodeLen)
	s.JenisRHK = JenisRHK(rr.choice("jenis_rhk", true, "import.bad_jenis_rhk", string(RHKUtama), string(RHKTambahan)))
	s.RHK = rr.text("rhk", true, MaxTeksLen)
	s.Indikator = rr.text("indikator", true, MaxTeksLen)
	lo, hi, err := parseTargetCell(r.Cells["target"])
	if err != nil {
		rr.errs = append(rr.errs, cellError(r.Line, "target", err))
	}
	s.TargetMin, s.TargetMax = lo, hi
	s.Satuan = rr.text("satuan", true, MaxSatuanLen)
	s.Arah = Arah(rr.choice("arah", true, "import.bad_arah", string(ArahNaik), string(ArahTurun)))
	s.Agregasi = Agregasi(rr.choice("agregasi", false, "import.bad_agregasi", string(AgregasiJumlah), string(AgregasiTerakhir)))
	if s.Agregasi == "" {
		s.Agregasi = DefaultAgregasi(s.Satuan, s.Arah)
	}
	if len(rr.errs) > 0 {
		return SKPRow{}, rr.errs
	}
	return s, nil
}

// SKPPlan is the SKP of one pegawai for one year, as a file describes it.
type SKPPlan struct {
	Line  int // the first line of this SKP in the file
	NIP   string
	Tahun int
	RHK   []RHKPlan // in the order of the file
}

// RHKPlan is one RHK of an SKPPlan with its indikator.
type RHKPlan struct {
	Line      int // its first line
	Kode      string
	Jenis     JenisRHK
	Teks      string
	Indikator []SKPRow // one row per indikator, in the order of the file
}

// ParseSKPRows validates every row of an SKP file and groups them: rows with
// the same nip, tahun and rhk_kode form one RHK, whose jenis_rhk and rhk text
// must agree on every row (compared ignoring case and repeated spaces; else
// an error on the later line), and whose indikator texts must differ. Plans
// come in the order of their first line; only a file without problems gives
// plans.
func ParseSKPRows(rows []RawRow) ([]SKPPlan, []FieldError) {
	var errs []FieldError
	var plans []SKPPlan
	skpIdx := map[string]int{}    // nip|tahun → index in plans
	rhkIdx := map[string][2]int{} // nip|tahun|kode → plan, rhk index
	for _, raw := range rows {
		r, rowErrs := ParseSKPRow(raw)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		key := fmt.Sprintf("%s|%d", r.NIP, r.Tahun)
		pi, ok := skpIdx[key]
		if !ok {
			pi = len(plans)
			skpIdx[key] = pi
			plans = append(plans, SKPPlan{Line: r.Line, NIP: r.NIP, Tahun: r.Tahun})
		}
		rkey := key + "|" + r.RHKKode
		at, ok := rhkIdx[rkey]
		if !ok {
			at = [2]int{pi, len(plans[pi].RHK)}
			rhkIdx[rkey] = at
			plans[pi].RHK = append(plans[pi].RHK, RHKPlan{Line: r.Line, Kode: r.RHKKode, Jenis: r.JenisRHK, Teks: r.RHK})
		}
		rhk := &plans[at[0]].RHK[at[1]]
		bad := false
		if r.JenisRHK != rhk.Jenis {
			errs = append(errs, NewFieldError(r.Line, "jenis_rhk", "import.rhk_inconsistent", map[string]any{
				"Value": string(r.JenisRHK), "Expected": string(rhk.Jenis), "First": rhk.Line, "Kode": rhk.Kode,
			}))
			bad = true
		}
		if !strings.EqualFold(r.RHK, rhk.Teks) {
			errs = append(errs, NewFieldError(r.Line, "rhk", "import.rhk_inconsistent", map[string]any{
				"Value": r.RHK, "Expected": rhk.Teks, "First": rhk.Line, "Kode": rhk.Kode,
			}))
			bad = true
		}
		for _, other := range rhk.Indikator {
			if strings.EqualFold(other.Indikator, r.Indikator) {
				errs = append(errs, NewFieldError(r.Line, "indikator", "import.duplicate_indikator", map[string]any{
					"Value": r.Indikator, "First": other.Line, "Kode": rhk.Kode,
				}))
				bad = true
				break
			}
		}
		if !bad {
			rhk.Indikator = append(rhk.Indikator, r)
		}
	}
	return rowsOrErrors(plans, errs)
}
