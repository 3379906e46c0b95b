package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"kinerjabot/kinerja"
)

// Postgres SQLSTATE codes the store maps onto domain codes.
const (
	pgUniqueViolation     = "23505"
	pgCheckViolation      = "23514"
	pgForeignKeyViolation = "23503"
	pgNotNullViolation    = "23502"
	pgStringTooLong       = "22001"
	pgNumericOutOfRange   = "22003"
	pgInvalidText         = "22P02"
	pgDuplicateDatabase   = "42P04"
	pgInvalidCatalogName  = "3D000"
)

// pgConstraintMessages names the message a user sees when a named constraint
// refuses their input. Constraints not listed get the generic message of
// their code (error.invalid, error.conflict, error.not_found).
var pgConstraintMessages = map[string]string{
	"pegawai_nip_key":              "pegawai.nip_taken",
	"pegawai_telegram_id_key":      "pegawai.telegram_taken",
	"pegawai_nip_check":            "pegawai.nip_invalid",
	"pegawai_telepon_check":        "pegawai.telepon_invalid",
	"pegawai_bahasa_check":         "pegawai.bahasa_invalid",
	"aktivitas_deskripsi_check":    "aktivitas.deskripsi_invalid",
	"aktivitas_volume_check":       "aktivitas.volume_invalid",
	"aktivitas_satuan_check":       "aktivitas.satuan_invalid",
	"aktivitas_menit_check":        "aktivitas.menit_invalid",
	"aktivitas_kategori_check":     "aktivitas.kategori_invalid",
	"aktivitas_rhk_check":          "aktivitas.rhk_required",
	"aktivitas_indikator_check":    "aktivitas.rhk_required",
	"aktivitas_rhk_id_fkey":        "aktivitas.rhk_not_found",
	"aktivitas_indikator_id_fkey":  "aktivitas.indikator_not_found",
	"aktivitas_indikator_rhk_fkey": "aktivitas.indikator_not_found",
	"aktivitas_pegawai_id_fkey":    "pegawai.not_found",
}

// pgErr gives err the prefix "store: <op>: " and maps what Postgres refused
// onto a domain code: unique violation → conflict, check/not-null/bad value →
// invalid, foreign key → not found. Domain errors pass unchanged; anything
// else stays an internal error (kinerja.ErrorCode reports CodeInternal).
func pgErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *kinerja.Error
	if errors.As(err, &de) {
		return err
	}
	wrapped := fmt.Errorf("store: %s: %w", op, err)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return wrapped
	}
	var code kinerja.Code
	var msg string
	switch pe.Code {
	case pgUniqueViolation:
		code, msg = kinerja.CodeConflict, "error.conflict"
	case pgCheckViolation, pgNotNullViolation, pgStringTooLong, pgNumericOutOfRange, pgInvalidText:
		code, msg = kinerja.CodeInvalid, "error.invalid"
	case pgForeignKeyViolation:
		code, msg = kinerja.CodeNotFound, "error.not_found"
	default:
		return wrapped
	}
	if m, ok := pgConstraintMessages[pe.ConstraintName]; ok {
		msg = m
	}
	return &kinerja.Error{Code: code, MessageID: msg, Err: wrapped}
}
