package kinerja

import "time"

// AuditEntry is one row of the append-only audit log: who did what to which
// record, when, and in whose name.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64  // pegawai id, 0 for the system
	OnBehalfOf int64  // pegawai id of the assessor a delegate acted for, 0 when none
	Action     string // e.g. "ajukan", "setujui", "bahasa"
	Entity     string // e.g. "aktivitas", "pegawai"
	EntityID   int64
	Detail     map[string]any // e.g. {"from": "diajukan", "to": "disetujui", "version": 2}
}
