package kinerja

import (
	"slices"
	"time"
)

// Role is an imported role (DOMAIN.md, decision 7). Being an assessor is
// derived from atasan_nip, never imported.
type Role string

const (
	RolePegawai  Role = "pegawai"
	RoleAdminOPD Role = "admin_opd"
	RoleAdmin    Role = "admin"
)

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool {
	return r == RolePegawai || r == RoleAdminOPD || r == RoleAdmin
}

// Pegawai is one civil servant (ASN).
type Pegawai struct {
	ID           int64
	NIP          string
	Nama         string
	Jabatan      string
	JenisJabatan string
	UnitID       int64
	AtasanID     int64 // 0 when none (the Wali Kota's direct reports)
	Telepon      string
	TelegramID   int64 // 0 when not linked
	ChatID       int64
	Roles        []Role
	Bahasa       string // "" (not chosen: Indonesian), "id" or "en"
	Zona         string // IANA zone for reminder hours, "" = deployment zone
	Aktif        bool
	Unreachable  bool
	IsAssessor   bool // someone has this person as atasan (derived)
	// DaftarJam: a supervisor who chose one daily list of what waits for
	// them (at this hour from midnight, in Zona) instead of a card per
	// report; 0 for a card per report (ReminderPrefs.Daftar).
	DaftarJam time.Duration
}

// HasRole reports whether p holds r.
func (p *Pegawai) HasRole(r Role) bool { return p != nil && slices.Contains(p.Roles, r) }

// ValidNIP reports whether s is a NIP of exactly 18 digits (DOMAIN.md,
// decision 10).
func ValidNIP(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
