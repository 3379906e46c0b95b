package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/store"
)

const buktiUsage = `Usage: kinerjabot bukti --nip NIP --periode YYYY-MM --out DIR [--oleh NIP] [--bahasa id|en]
       kinerjabot bukti --laporan ID --out DIR [--oleh NIP] [--bahasa id|en]

Downloads the evidence files of a person's reports of a month (or of one
report) through the Bot API (getFile; TELEGRAM_BOT_TOKEN), for an audit. Each
file is named by the report's date and number: 2026-11-03_laporan-1234_1.jpg.
Files Telegram no longer has, or larger than the Bot API's 20 MB, are listed
and skipped. Audited, before the first file, with the admin who took them
(--oleh or KINERJABOT_ADMIN_NIP).

Flags:
`

func cmdBukti(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("bukti", buktiUsage, stderr)
	nip := fs.String("nip", "", "NIP of the person")
	periode := fs.String("periode", "", "with --nip: the month, YYYY-MM")
	laporan := fs.Int64("laporan", 0, "one report, by its number")
	out := fs.String("out", "", "the folder to write the files to (created if missing)")
	oleh := actorFlag(fs)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	switch {
	case *out == "":
		fmt.Fprintln(stderr, "kinerjabot bukti: give --out DIR")
	case (*laporan != 0) == (*nip != "" || *periode != ""):
		fmt.Fprintln(stderr, "kinerjabot bukti: give either --nip and --periode, or --laporan")
	case *laporan == 0 && (*nip == "" || *periode == ""):
		fmt.Fprintln(stderr, "kinerjabot bukti: --nip goes with --periode")
	default:
		return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
			return runBukti(ctx, open, adminBuktiRequest{NIP: *nip, Periode: *periode, Laporan: *laporan, Out: *out,
				Token: env.cfg.TelegramToken, APIURL: env.cfg.TelegramAPIURL, Actor: actorNIP(*oleh, getenv)})
		})
	}
	fs.Usage()
	return 2
}

// adminBuktiRequest is one "kinerjabot bukti".
type adminBuktiRequest struct {
	NIP, Periode  string
	Laporan       int64
	Out           string
	Token, APIURL string
	Actor         string // --oleh or KINERJABOT_ADMIN_NIP
}

func runBukti(ctx context.Context, open adminOpenDB, req adminBuktiRequest) adminReport {
	var rep adminReport
	var month kinerja.Date
	if req.Laporan == 0 {
		var ok bool
		if month, ok = parsePeriode(req.Periode); !ok {
			rep.Code = 1
			rep.err("bukti.periode_invalid", map[string]any{"Value": req.Periode})
			return rep
		}
	}
	if req.Token == "" {
		rep.Code = 1
		rep.err("bukti.no_token", nil)
		return rep
	}
	actor, ok := adminActor(ctx, open, &rep, "bukti.internal", req.Actor)
	if !ok {
		return rep
	}
	reports, ok := adminAsk(ctx, open, &rep, "bukti.internal", func(db *store.DB) ([]kinerja.Aktivitas, error) {
		return db.EvidenceOf(ctx, strings.Join(strings.Fields(req.NIP), ""), month, req.Laporan)
	})
	if !ok {
		return rep
	}
	// Audited before any file leaves: a download that stops midway is on
	// record all the same.
	withFiles := 0
	for _, a := range reports {
		if len(a.Bukti) > 0 {
			withFiles++
		}
	}
	if _, ok := adminAsk(ctx, open, &rep, "bukti.internal", func(db *store.DB) (struct{}, error) {
		detail := map[string]any{"laporan": withFiles}
		if req.Laporan == 0 {
			detail["periode"] = month.String()[:7]
		}
		entity, id := "aktivitas", req.Laporan
		if req.Laporan == 0 && len(reports) > 0 {
			entity, id = "pegawai", reports[0].PegawaiID
		}
		return struct{}{}, db.RecordExport(ctx, kinerja.AuditEntry{ActorID: actor, Action: "unduh_bukti", Entity: entity, EntityID: id, Detail: detail})
	}); !ok {
		return rep
	}
	if err := os.MkdirAll(req.Out, 0o750); err != nil {
		rep.Code = 1
		rep.err("bukti.unwritable", map[string]any{"Dir": req.Out, "Reason": err.Error()})
		return rep
	}
	files, failed := 0, 0
	for _, a := range reports {
		for i, stored := range a.Bukti {
			media := conversations.EvidenceMedia(stored)
			name := fmt.Sprintf("%s_laporan-%d_%d", a.Tanggal.String(), a.ID, i+1)
			var written string
			var err error
			if media.Berkas != 0 { // given in the Mini App: kept by the bot
				written, err = writeKeptFile(ctx, open, media.Berkas, filepath.Join(req.Out, name))
			} else {
				written, err = downloadFile(ctx, req.APIURL, req.Token, media.FileID, filepath.Join(req.Out, name))
			}
			if err != nil {
				failed++
				rep.err("bukti.file_failed", map[string]any{"File": name, "Reason": err.Error()})
				continue
			}
			files++
			rep.out("bukti.file", map[string]any{"File": filepath.Base(written)})
		}
	}
	rep.out("bukti.done", map[string]any{"Files": files, "Reports": withFiles, "Dir": req.Out})
	if failed > 0 {
		rep.Code = 1
	}
	return rep
}

// writeKeptFile writes a file the bot keeps (the Mini App's evidence) to
// base plus its name's extension, and returns the path written.
func writeKeptFile(ctx context.Context, open adminOpenDB, id int64, base string) (string, error) {
	db, err := open(ctx)
	if err != nil {
		return "", err
	}
	b, err := db.BerkasByID(ctx, id)
	if err != nil {
		return "", err
	}
	name := base + strings.ToLower(path.Ext(b.Nama))
	return name, os.WriteFile(name, b.Data, 0o640)
}

// maxEvidenceBytes is the largest file the Bot API lets a bot download.
const maxEvidenceBytes = 20 << 20

// downloadFile fetches a file Telegram keeps (getFile, then its file path)
// to base plus the extension of Telegram's path, and returns the path
// written. Errors never carry the URL (it holds the token).
func downloadFile(ctx context.Context, apiURL, token, fileID, base string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	body, filePath, err := openTelegramFile(ctx, apiURL, token, fileID)
	if err != nil {
		return "", err
	}
	defer body.Close()
	name := base + strings.ToLower(path.Ext(filePath))
	f, err := os.Create(name)
	if err != nil {
		return "", err
	}
	if err := copyEvidence(f, body); err != nil {
		f.Close()
		_ = os.Remove(name)
		return "", err
	}
	return name, f.Close()
}

// openTelegramFile opens a file Telegram keeps (getFile, then its file
// path): its content, to be closed, and Telegram's path. Errors never
// carry the URL (it holds the token).
func openTelegramFile(ctx context.Context, apiURL, token, fileID string) (io.ReadCloser, string, error) {
	var file struct {
		FilePath string `json:"file_path"`
	}
	if err := botAPICall(ctx, apiURL, token, "getFile", url.Values{"file_id": {fileID}}, &file); err != nil {
		return nil, "", err
	}
	if file.FilePath == "" {
		return nil, "", errors.New("getFile returned no file path")
	}
	resp, err := botAPIGet(ctx, strings.TrimRight(apiURL, "/")+"/file/bot"+token+"/"+file.FilePath)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	return resp.Body, file.FilePath, nil
}

// copyEvidence copies a downloaded file to w. The Bot API hands out files
// up to 20 MB: more is not a whole file.
func copyEvidence(w io.Writer, r io.Reader) error {
	n, err := io.Copy(w, io.LimitReader(r, maxEvidenceBytes+1))
	if err == nil && n > maxEvidenceBytes {
		err = fmt.Errorf("larger than %d MB", maxEvidenceBytes>>20)
	}
	return err
}

// miniAppEvidence keeps the Mini App's evidence in the store (berkas) and
// reads any report's evidence back (Fetch): a kept file from the store, a
// file sent in the chat by getFile and its download, in memory, up to the
// Bot API's 20 MB.
type miniAppEvidence struct {
	db            *store.DB
	apiURL, token string
}

func (e miniAppEvidence) Keep(ctx context.Context, pegawaiID int64, name, contentType string, photo bool, data []byte) (int64, error) {
	return e.db.SaveBerkas(ctx, store.Berkas{PegawaiID: pegawaiID, Nama: name, Jenis: contentType, Foto: photo, Data: data})
}

func (e miniAppEvidence) Fetch(ctx context.Context, stored string) ([]byte, string, error) {
	media := conversations.EvidenceMedia(stored)
	if media.Berkas != 0 {
		b, err := e.db.BerkasByID(ctx, media.Berkas)
		return b.Data, b.Jenis, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	body, _, err := openTelegramFile(ctx, e.apiURL, e.token, media.FileID)
	if err != nil {
		return nil, "", err
	}
	defer body.Close()
	var data bytes.Buffer
	if err := copyEvidence(&data, body); err != nil {
		return nil, "", err
	}
	return data.Bytes(), http.DetectContentType(data.Bytes()), nil
}
