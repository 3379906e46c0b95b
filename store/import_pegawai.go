package store

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// PegawaiImport is one pegawai file to import (kinerjabot import pegawai).
type PegawaiImport struct {
	File    string               // the file's name, for the audit log (never its content)
	Columns []string             // the file's columns (kinerja.NormalizeColumn names)
	Rows    []kinerja.PegawaiRow // valid rows (kinerja.ParsePegawaiRows): NIPs unique
	ActorID int64                // pegawai id of the admin, 0 for the system (the CLI)
	DryRun  bool                 // check everything against the database, write nothing
	// Propose: propose an atasan from the unit tree for everyone of the
	// file left without one (PegawaiImportResult.Proposals).
	Propose bool
}

// Move is one mutasi an import made.
type Move struct {
	Line                   int
	NIP, Nama              string
	AtasanLama, AtasanBaru string // names ("" for none)
	UnitLama, UnitBaru     string // "" when the unit did not change
	Waiting                int    // waiting reports whose cards follow the new atasan
}

// PersonRef names one person of an import file.
type PersonRef struct {
	Line int
	NIP  string
	Nama string
}

// PegawaiImportResult says what an import did (or, for a dry run, would do).
type PegawaiImportResult struct {
	Rows         int
	Inserted     int
	Updated      int
	Unchanged    int      // every imported field already equal
	UnitsCreated []string // names of the unit kerja created, in file order ("OPD › unit" for a unit under its OPD)
	UnitsMoved   []string // top-level units the file placed under their OPD ("OPD › unit")
	// Notes are not errors: an inactive person updated (and left inactive),
	// an atasan who is inactive, a phone number shared by two rows, a
	// "Struktural" without an eselon.
	Notes []kinerja.FieldError
	// Moves are the people whose atasan or unit the file changed (mutasi):
	// the cards of their waiting reports go to the new atasan.
	Moves []Move
	// WithoutAtasan are the people of the file who have no atasan after
	// the import ("belum punya atasan"), in file order.
	WithoutAtasan []PersonRef
	// Proposals (with PegawaiImport.Propose) propose an atasan for each of
	// WithoutAtasan, in the same order.
	Proposals []kinerja.AtasanProposal
}

// pgImportPerson is what an import compares and sets of one pegawai.
type pgImportPerson struct {
	id           int64
	nama         string
	jabatan      string
	jenisJabatan string
	unitID       int64
	unitNama     string // of the current unit, any level
	atasanID     int64
	telepon      string
	roles        []string
	aktif        bool
}

func sameRoles(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// ImportPegawai upserts the people of a file by NIP, all or nothing, in one
// transaction:
//
//   - atasan_nip must name someone of the file or of the database, and the
//     hierarchy of both together must have no cycle (kinerja.AtasanCycles);
//   - unit_kerja is found among the top-level units by name (spaces
//     collapsed, case ignored) or created; a person whose current unit (of
//     any level, e.g. a bidang) already has that name stays in it;
//   - an optional column the file lacks leaves that field of existing people
//     as it is; a present but empty cell clears it (an empty peran is
//     pegawai);
//   - telegram_id, chat_id, bahasa, zona, aktif and unreachable are never
//     touched: people missing from the file, and inactive people in it, stay
//     as they are;
//   - one audit entry "import_pegawai" (entity pegawai) records the file name
//     and the counts.
//
// Reference problems come back together as kinerja.FieldErrors, and then
// nothing is written.
func (db *DB) ImportPegawai(ctx context.Context, in PegawaiImport) (PegawaiImportResult, error) {
	has := func(c string) bool { return slices.Contains(in.Columns, c) }
	run := pgImportRun{kind: "pegawai", entity: "pegawai", file: in.File, actorID: in.ActorID, dryRun: in.DryRun}
	return pgImport(ctx, db, run, func(tx pgx.Tx, now time.Time) (PegawaiImportResult, kinerja.FieldErrors, error) {
		res := PegawaiImportResult{Rows: len(in.Rows)}
		nips := make([]string, len(in.Rows))
		for i, r := range in.Rows {
			nips[i] = r.NIP
		}
		existing, err := pgImportPeople(ctx, tx, nips)
		if err != nil {
			return res, nil, err
		}
		// Everyone's atasan and status, for references and cycles.
		type link struct {
			atasan string
			aktif  bool
		}
		links := map[string]link{}
		ids := map[string]int64{}
		rows, err := tx.Query(ctx, `SELECT p.id, p.nip, coalesce(a.nip, ''), p.aktif FROM pegawai p LEFT JOIN pegawai a ON a.id = p.atasan_id`)
		if err != nil {
			return res, nil, err
		}
		var id int64
		var nip string
		var l link
		if _, err := pgx.ForEachRow(rows, []any{&id, &nip, &l.atasan, &l.aktif}, func() error {
			links[nip], ids[nip] = l, id
			return nil
		}); err != nil {
			return res, nil, err
		}

		var problems kinerja.FieldErrors
		graph := make(map[string]string, len(links)+len(in.Rows))
		for nip, l := range links {
			graph[nip] = l.atasan
		}
		for _, r := range in.Rows {
			if has("atasan_nip") {
				graph[r.NIP] = r.AtasanNIP
			} else if _, ok := graph[r.NIP]; !ok {
				graph[r.NIP] = ""
			}
		}
		if has("atasan_nip") {
			for _, r := range in.Rows {
				if r.AtasanNIP == "" {
					continue
				}
				if _, ok := graph[r.AtasanNIP]; !ok {
					problems = append(problems, kinerja.NewFieldError(r.Line, "atasan_nip", "import.atasan_unknown",
						map[string]any{"Value": r.AtasanNIP}))
				}
			}
			cycles := kinerja.AtasanCycles(graph)
			for _, r := range in.Rows {
				if c, ok := cycles[r.NIP]; ok {
					problems = append(problems, kinerja.NewFieldError(r.Line, "atasan_nip", "import.atasan_cycle",
						map[string]any{"Value": r.AtasanNIP, "Cycle": strings.Join(c, " → ")}))
				}
			}
		}
		if len(problems) > 0 {
			return res, problems, nil
		}

		// Notes.
		phones := map[string]int{}
		for _, r := range in.Rows {
			if ex, ok := existing[r.NIP]; ok && !ex.aktif {
				res.Notes = append(res.Notes, kinerja.NewFieldError(r.Line, "nip", "import.note_inactive",
					map[string]any{"Value": r.NIP}))
			}
			if has("atasan_nip") && r.AtasanNIP != "" {
				if l, ok := links[r.AtasanNIP]; ok && !l.aktif {
					res.Notes = append(res.Notes, kinerja.NewFieldError(r.Line, "atasan_nip", "import.note_atasan_inactive",
						map[string]any{"Value": r.AtasanNIP}))
				}
			}
			if r.Telepon != "" {
				if first, ok := phones[r.Telepon]; ok {
					res.Notes = append(res.Notes, kinerja.NewFieldError(r.Line, "telepon", "import.note_phone_shared",
						map[string]any{"First": first}))
				} else {
					phones[r.Telepon] = r.Line
				}
			}
		}

		for _, r := range in.Rows {
			res.Notes = append(res.Notes, r.Notes...)
		}
		unitOf, err := pgImportUnits(ctx, tx, in.Rows, existing, now, &res)
		if err != nil {
			return res, nil, err
		}

		// New people first (without atasan: theirs may be new too).
		var nNIP, nNama, nJabatan, nJenis, nTelepon, nRoles []string
		var nUnit []int64
		for i, r := range in.Rows {
			if _, ok := existing[r.NIP]; ok {
				continue
			}
			nNIP, nNama, nJabatan, nJenis = append(nNIP, r.NIP), append(nNama, r.Nama), append(nJabatan, r.Jabatan), append(nJenis, r.JenisJabatan)
			nTelepon, nRoles, nUnit = append(nTelepon, r.Telepon), append(nRoles, pgRoles(r.Roles)), append(nUnit, unitOf[i])
		}
		if len(nNIP) > 0 {
			var nip string
			inserted, err := pgQueryIDs(ctx, tx, &nip, []any{&nip}, `
INSERT INTO pegawai (nip, nama, jabatan, jenis_jabatan, unit_id, telepon, roles, created_at, updated_at)
SELECT t.nip, t.nama, nullif(t.jabatan, ''), nullif(t.jenis, ''), t.unit_id, nullif(t.telepon, ''),
       string_to_array(t.roles, ','), $8, $8
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
     AS t(nip, nama, jabatan, jenis, unit_id, telepon, roles)
RETURNING id, nip`, nNIP, nNama, nJabatan, nJenis, nUnit, nTelepon, nRoles, now)
			if err != nil {
				return res, nil, err
			}
			maps.Copy(ids, inserted)
			res.Inserted = len(nNIP)
		}

		// Then every change: existing people that differ, new people's atasan.
		type move struct {
			row              kinerja.PegawaiRow
			from             pgImportPerson
			toAtasan, toUnit int64
		}
		var moved []move
		var uID, uUnit, uAtasan []int64
		var uNama, uJabatan, uJenis, uTelepon, uRoles []string
		for i, r := range in.Rows {
			want := pgImportPerson{
				nama: r.Nama, jabatan: r.Jabatan, jenisJabatan: r.JenisJabatan, unitID: unitOf[i],
				atasanID: ids[r.AtasanNIP], telepon: r.Telepon, roles: pgRoleStrings(r.Roles),
			}
			ex, old := existing[r.NIP]
			if old {
				if !has("jabatan") {
					want.jabatan = ex.jabatan
				}
				if !has("jenis_jabatan") || r.KeepJenis {
					want.jenisJabatan = ex.jenisJabatan
				}
				if !has("atasan_nip") {
					want.atasanID = ex.atasanID
				}
				if !has("telepon") {
					want.telepon = ex.telepon
				}
				if !has("peran") {
					want.roles = ex.roles
				}
				if want.atasanID != ex.atasanID || want.unitID != ex.unitID {
					moved = append(moved, move{row: r, from: ex, toAtasan: want.atasanID, toUnit: want.unitID})
				}
				if want.nama == ex.nama && want.jabatan == ex.jabatan && want.jenisJabatan == ex.jenisJabatan &&
					want.unitID == ex.unitID && want.atasanID == ex.atasanID && want.telepon == ex.telepon &&
					sameRoles(want.roles, ex.roles) {
					res.Unchanged++
					continue
				}
				res.Updated++
			} else if want.atasanID == 0 {
				continue
			}
			uID, uUnit, uAtasan = append(uID, ids[r.NIP]), append(uUnit, want.unitID), append(uAtasan, want.atasanID)
			uNama, uJabatan, uJenis = append(uNama, want.nama), append(uJabatan, want.jabatan), append(uJenis, want.jenisJabatan)
			uTelepon, uRoles = append(uTelepon, want.telepon), append(uRoles, strings.Join(want.roles, ","))
		}
		if len(uID) > 0 {
			if _, err := tx.Exec(ctx, `
UPDATE pegawai AS p
SET nama = t.nama, jabatan = nullif(t.jabatan, ''), jenis_jabatan = nullif(t.jenis, ''), unit_id = t.unit_id,
    atasan_id = nullif(t.atasan_id, 0), telepon = nullif(t.telepon, ''), roles = string_to_array(t.roles, ','),
    updated_at = $9
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[])
     AS t(id, nama, jabatan, jenis, unit_id, atasan_id, telepon, roles)
WHERE p.id = t.id`, uID, uNama, uJabatan, uJenis, uUnit, uAtasan, uTelepon, uRoles, now); err != nil {
				return res, nil, err
			}
		}
		// Mutasi: the waiting reports of whoever has a new atasan get their
		// cards again (the old copies say who decides now, the new atasan
		// gets a card), in this transaction.
		for _, m := range moved {
			mv := Move{Line: m.row.Line, NIP: m.row.NIP, Nama: m.row.Nama}
			if err := tx.QueryRow(ctx, `
SELECT coalesce((SELECT nama FROM pegawai WHERE id = $1), ''), coalesce((SELECT nama FROM pegawai WHERE id = $2), '')`,
				m.from.atasanID, m.toAtasan).Scan(&mv.AtasanLama, &mv.AtasanBaru); err != nil {
				return res, nil, err
			}
			if m.toUnit != m.from.unitID {
				mv.UnitLama = m.from.unitNama
				if err := tx.QueryRow(ctx, `SELECT nama FROM unit_kerja WHERE id = $1`, m.toUnit).Scan(&mv.UnitBaru); err != nil {
					return res, nil, err
				}
			}
			if m.toAtasan != m.from.atasanID {
				rows, err := tx.Query(ctx, `SELECT id FROM aktivitas WHERE pegawai_id = $1 AND status = 'diajukan'`, m.from.id)
				if err != nil {
					return res, nil, err
				}
				waiting, err := pgx.CollectRows(rows, pgx.RowTo[int64])
				if err != nil {
					return res, nil, err
				}
				if err := db.pgEnqueueCards(ctx, tx, waiting...); err != nil {
					return res, nil, err
				}
				mv.Waiting = len(waiting)
			}
			res.Moves = append(res.Moves, mv)
		}
		if err := pgWithoutAtasan(ctx, tx, in, &res); err != nil {
			return res, nil, err
		}
		return res, nil, nil
	})
}

// unitKey is a unit's name as units are matched: spaces collapsed, case
// ignored.
func unitKey(nama string) string { return strings.ToLower(kinerja.CollapseSpaces(nama)) }

// pgImportUnits finds (or creates) every row's unit. Without unit_induk, a
// top-level unit of that name. With it, the OPD is a top-level unit of that
// name and the unit one under it; a top-level unit of the unit's name that
// is nobody's OPD in the file and has no units under it is moved under the
// OPD (an earlier import without unit_induk made it top-level). A person
// whose current unit has the name (and the OPD, when given) stays in it.
func pgImportUnits(ctx context.Context, tx pgx.Tx, in []kinerja.PegawaiRow, existing map[string]pgImportPerson,
	now time.Time, res *PegawaiImportResult) ([]int64, error) {
	type unit struct {
		id, parent int64
		nama       string
	}
	var all []unit
	rows, err := tx.Query(ctx, `SELECT id, coalesce(parent_id, 0), nama FROM unit_kerja ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var u unit
	if _, err := pgx.ForEachRow(rows, []any{&u.id, &u.parent, &u.nama}, func() error {
		all = append(all, u)
		return nil
	}); err != nil {
		return nil, err
	}
	top := map[string]int64{}       // top-level units by key
	child := map[[2]string]int64{}  // units by parent id and key
	parentOf := map[int64]int64{}   // every unit's parent
	hasChildren := map[int64]bool{} //
	for _, u := range all {
		parentOf[u.id] = u.parent
		if u.parent == 0 {
			if k := unitKey(u.nama); top[k] == 0 {
				top[k] = u.id
			}
			continue
		}
		hasChildren[u.parent] = true
		if k := [2]string{strconv.FormatInt(u.parent, 10), unitKey(u.nama)}; child[k] == 0 {
			child[k] = u.id
		}
	}
	opds := map[string]bool{} // the file's unit_induk names
	for _, r := range in {
		if r.UnitInduk != "" {
			opds[unitKey(r.UnitInduk)] = true
		}
	}
	create := func(nama string, parent int64) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO unit_kerja (nama, parent_id, created_at) VALUES ($1, nullif($2, 0), $3) RETURNING id`,
			nama, parent, now).Scan(&id)
		return id, err
	}
	topUnit := func(nama string) (int64, error) {
		k := unitKey(nama)
		if top[k] == 0 {
			id, err := create(nama, 0)
			if err != nil {
				return 0, err
			}
			top[k] = id
			res.UnitsCreated = append(res.UnitsCreated, nama)
		}
		return top[k], nil
	}
	// ownUnit: a top-level unit may move under an OPD only when everyone
	// in it is in the file, in that same OPD and unit (a unit shared by
	// several OPDs, e.g. "Sekretariat" from an older import, stays).
	inFile := make(map[string][2]string, len(in))
	for _, r := range in {
		inFile[r.NIP] = [2]string{unitKey(r.UnitInduk), unitKey(r.UnitKerja)}
	}
	ownUnit := func(unitID int64, induk, unit string) (bool, error) {
		rows, err := tx.Query(ctx, `SELECT nip FROM pegawai WHERE unit_id = $1`, unitID)
		if err != nil {
			return false, err
		}
		nips, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return false, err
		}
		for _, nip := range nips {
			if inFile[nip] != [2]string{unitKey(induk), unitKey(unit)} {
				return false, nil
			}
		}
		return true, nil
	}
	unitOf := make([]int64, len(in))
	for i, r := range in {
		ex, old := existing[r.NIP]
		if r.UnitInduk == "" {
			if old && ex.unitID != 0 && unitKey(ex.unitNama) == unitKey(r.UnitKerja) {
				unitOf[i] = ex.unitID
				continue
			}
			id, err := topUnit(r.UnitKerja)
			if err != nil {
				return nil, err
			}
			unitOf[i] = id
			continue
		}
		opd, err := topUnit(r.UnitInduk)
		if err != nil {
			return nil, err
		}
		if old && ex.unitID != 0 && unitKey(ex.unitNama) == unitKey(r.UnitKerja) && parentOf[ex.unitID] == opd {
			unitOf[i] = ex.unitID
			continue
		}
		ck := [2]string{strconv.FormatInt(opd, 10), unitKey(r.UnitKerja)}
		if child[ck] == 0 {
			label := kinerja.CollapseSpaces(r.UnitInduk) + " › " + r.UnitKerja
			id := top[unitKey(r.UnitKerja)]
			movable := id != 0 && !opds[unitKey(r.UnitKerja)] && !hasChildren[id]
			if movable {
				if movable, err = ownUnit(id, r.UnitInduk, r.UnitKerja); err != nil {
					return nil, err
				}
			}
			if movable {
				if _, err := tx.Exec(ctx, `UPDATE unit_kerja SET parent_id = $2 WHERE id = $1`, id, opd); err != nil {
					return nil, err
				}
				delete(top, unitKey(r.UnitKerja))
				parentOf[id] = opd
				child[ck] = id
				res.UnitsMoved = append(res.UnitsMoved, label)
			} else {
				id, err := create(r.UnitKerja, opd)
				if err != nil {
					return nil, err
				}
				parentOf[id] = opd
				child[ck] = id
				res.UnitsCreated = append(res.UnitsCreated, label)
			}
			hasChildren[opd] = true
		}
		unitOf[i] = child[ck]
	}
	return unitOf, nil
}

// pgWithoutAtasan lists the file's people left without an atasan (after
// the writes, in the transaction) and, when asked, proposes one for each
// from the unit tree.
func pgWithoutAtasan(ctx context.Context, tx pgx.Tx, in PegawaiImport, res *PegawaiImportResult) error {
	nips := make([]string, len(in.Rows))
	line := make(map[string]int, len(in.Rows))
	for i, r := range in.Rows {
		nips[i], line[r.NIP] = r.NIP, r.Line
	}
	rows, err := tx.Query(ctx, `SELECT nip, nama FROM pegawai WHERE nip = ANY($1) AND atasan_id IS NULL`, nips)
	if err != nil {
		return err
	}
	var ref PersonRef
	if _, err := pgx.ForEachRow(rows, []any{&ref.NIP, &ref.Nama}, func() error {
		ref.Line = line[ref.NIP]
		res.WithoutAtasan = append(res.WithoutAtasan, ref)
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(res.WithoutAtasan, func(a, b PersonRef) int { return a.Line - b.Line })
	if !in.Propose || len(res.WithoutAtasan) == 0 {
		return nil
	}
	var units []kinerja.UnitNode
	rows, err = tx.Query(ctx, `SELECT id, coalesce(parent_id, 0), nama FROM unit_kerja`)
	if err != nil {
		return err
	}
	var u kinerja.UnitNode
	if _, err := pgx.ForEachRow(rows, []any{&u.ID, &u.ParentID, &u.Nama}, func() error {
		units = append(units, u)
		return nil
	}); err != nil {
		return err
	}
	var people []kinerja.TreePerson
	rows, err = tx.Query(ctx, `
SELECT nip, nama, coalesce(jabatan, ''), coalesce(jenis_jabatan, ''), coalesce(unit_id, 0)
FROM pegawai WHERE aktif ORDER BY nip`)
	if err != nil {
		return err
	}
	var p kinerja.TreePerson
	if _, err := pgx.ForEachRow(rows, []any{&p.NIP, &p.Nama, &p.Jabatan, &p.JenisJabatan, &p.UnitID}, func() error {
		people = append(people, p)
		return nil
	}); err != nil {
		return err
	}
	byNIP := make(map[string]kinerja.TreePerson, len(people))
	for _, p := range people {
		byNIP[p.NIP] = p
	}
	whom := make([]kinerja.TreePerson, 0, len(res.WithoutAtasan))
	for _, w := range res.WithoutAtasan {
		p, ok := byNIP[w.NIP]
		if !ok { // inactive: proposed from their unit all the same
			p = kinerja.TreePerson{NIP: w.NIP, Nama: w.Nama}
			if err := tx.QueryRow(ctx, `SELECT coalesce(jabatan, ''), coalesce(jenis_jabatan, ''), coalesce(unit_id, 0) FROM pegawai WHERE nip = $1`,
				w.NIP).Scan(&p.Jabatan, &p.JenisJabatan, &p.UnitID); err != nil {
				return err
			}
		}
		whom = append(whom, p)
	}
	res.Proposals = kinerja.ProposeAtasan(units, people, whom)
	return nil
}

func (r PegawaiImportResult) auditDetail() map[string]any {
	d := ImportCounts{Inserted: r.Inserted, Updated: r.Updated, Unchanged: r.Unchanged}.auditDetail(r.Rows)
	d["units_created"] = len(r.UnitsCreated)
	d["units_moved"] = len(r.UnitsMoved)
	d["mutasi"] = len(r.Moves)
	d["without_atasan"] = len(r.WithoutAtasan)
	return d
}

// pgImportPeople loads and locks the people of a file who already exist.
func pgImportPeople(ctx context.Context, tx pgx.Tx, nips []string) (map[string]pgImportPerson, error) {
	rows, err := tx.Query(ctx, `
SELECT p.id, p.nip, p.nama, coalesce(p.jabatan, ''), coalesce(p.jenis_jabatan, ''), coalesce(p.unit_id, 0),
       coalesce(u.nama, ''), coalesce(p.atasan_id, 0), coalesce(p.telepon, ''), p.roles, p.aktif
FROM pegawai p LEFT JOIN unit_kerja u ON u.id = p.unit_id
WHERE p.nip = ANY($1)
ORDER BY p.id
FOR UPDATE OF p`, nips)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]pgImportPerson{}
	for rows.Next() {
		var p pgImportPerson
		var nip string
		if err := rows.Scan(&p.id, &nip, &p.nama, &p.jabatan, &p.jenisJabatan, &p.unitID, &p.unitNama,
			&p.atasanID, &p.telepon, &p.roles, &p.aktif); err != nil {
			return nil, err
		}
		out[nip] = p
	}
	return out, rows.Err()
}

func pgRoleStrings(roles []kinerja.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// pgRoles joins roles for string_to_array(…, ',') (role names have no comma).
func pgRoles(roles []kinerja.Role) string { return strings.Join(pgRoleStrings(roles), ",") }
