// Package kinerja is the domain of kinerjabot: pegawai, SKP/RHK/indikator,
// aktivitas (daily reports) and their status transitions, roles and
// validation rules. It is pure Go: it imports only the standard library and
// does no I/O, so every rule here is table-tested against ../shared/DOMAIN.md.
package kinerja
