package telegramtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // photo dimensions
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"path"
	"strings"
)

const (
	maxDownloadBytes = 20 << 20 // getFile limit for bots
	maxPhotoSide     = 2560
)

// storedFile is one file_id. The sizes of a photo are separate file_ids
// that share the same bytes.
type storedFile struct {
	id, uniqueID string
	kind         string // "photo", "document", "sticker"
	path         string
	name, mime   string
	data         []byte
	width        int
	height       int
	sizes        []wirePhotoSize // photos: all sizes of the photo
}

func (f *storedFile) wireDocument() *wireDocument {
	return &wireDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: len(f.data)}
}

var fileIDPrefix = map[string]string{
	"photo":    "AgACAgIAAxkBAAI",
	"document": "BQACAgIAAxkBAAI",
	"sticker":  "CAACAgIAAxkBAAI",
}

func (s *Server) newFileIDLocked(kind string) (id, unique string, seq int) {
	s.fileSeq++
	seq = s.fileSeq
	return fmt.Sprintf("%s%06dTgTest%s", fileIDPrefix[kind], seq, strings.ToUpper(kind[:1])),
		fmt.Sprintf("AQAD%06d%s", seq, kind[:1]), seq
}

func (s *Server) storeFileLocked(kind, name, mimeType string, data []byte) *storedFile {
	id, unique, seq := s.newFileIDLocked(kind)
	dir := map[string]string{"photo": "photos", "document": "documents", "sticker": "stickers"}[kind]
	ext := path.Ext(name)
	f := &storedFile{id: id, uniqueID: unique, kind: kind, name: name, mime: mimeType, data: data,
		path: fmt.Sprintf("%s/file_%d%s", dir, seq, ext)}
	s.files[id] = f
	s.filePaths[f.path] = f
	return f
}

func (s *Server) storeDocumentLocked(name, mimeType string, data []byte) *storedFile {
	if name == "" {
		name = "file"
	}
	if mimeType == "" {
		mimeType = mimeByName(name, "")
	}
	return s.storeFileLocked("document", name, mimeType, data)
}

// imageSize reads the dimensions of a PNG, JPEG or GIF.
func imageSize(data []byte) (w, h int, format string, ok bool) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, "", false
	}
	return cfg.Width, cfg.Height, format, true
}

// storePhotoLocked stores a photo and returns its sizes (smallest first,
// like Telegram's "s", "m", "x", "y", "w" thumbnails) and the largest size's
// file. Every size resolves to the original bytes. Bytes that are not a
// PNG, JPEG or GIF are taken as an 800x600 JPEG.
func (s *Server) storePhotoLocked(data []byte) ([]wirePhotoSize, *storedFile) {
	w, h, format, ok := imageSize(data)
	if !ok {
		w, h, format = 800, 600, "jpeg"
	}
	ext := ".jpg"
	if format == "png" || format == "gif" {
		ext = "." + format
	}
	var sizes []wirePhotoSize
	var largest *storedFile
	side := max(w, h)
	for _, limit := range []int{90, 320, 800, 1280, maxPhotoSide} {
		l := min(limit, side)
		sw, sh := max(1, w*l/side), max(1, h*l/side)
		f := s.storeFileLocked("photo", "photo"+ext, "image/"+format, data)
		f.width, f.height = sw, sh
		sizes = append(sizes, wirePhotoSize{FileID: f.id, FileUniqueID: f.uniqueID, Width: sw, Height: sh, FileSize: len(data)})
		largest = f
		if limit >= side {
			break
		}
	}
	for _, sz := range sizes {
		s.files[sz.FileID].sizes = sizes
	}
	return sizes, largest
}

var mimeTable = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".gif": "image/gif", ".webp": "image/webp", ".csv": "text/csv", ".txt": "text/plain",
	".json": "application/json", ".zip": "application/zip", ".html": "text/html",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel", ".doc": "application/msword",
}

// mimeByName guesses a MIME type from the file name like Telegram, falling
// back to the part's Content-Type.
func mimeByName(name, partType string) string {
	if m, ok := mimeTable[strings.ToLower(path.Ext(name))]; ok {
		return m
	}
	if partType != "" && partType != "application/octet-stream" {
		return partType
	}
	return "application/octet-stream"
}

// inputFile is a resolved photo/document field: either new bytes or an
// existing file.
type inputFile struct {
	data        []byte
	name        string
	contentType string
	existing    *storedFile
}

// resolveInputFile reads field as an upload, an attach:// reference, an
// HTTP URL (fetched) or a file_id. Call without the lock held.
func (s *Server) resolveInputFile(c *call, field string) (*inputFile, *apiError) {
	if up, ok := c.files[field]; ok {
		return uploadFile(up)
	}
	ref := strings.TrimSpace(c.str(field))
	if ref == "" {
		return nil, badRequest(fmt.Sprintf("there is no %s in the request", field))
	}
	if name, ok := strings.CutPrefix(ref, "attach://"); ok {
		up, ok := c.files[name]
		if !ok {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		return uploadFile(up)
	}
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		req, err := http.NewRequestWithContext(c.ctx, http.MethodGet, ref, nil)
		if err != nil {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		resp, err := s.fetch.Do(req)
		if err != nil {
			return nil, badRequest("failed to get HTTP URL content")
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
		if err != nil || resp.StatusCode/100 != 2 || len(data) == 0 {
			return nil, badRequest("failed to get HTTP URL content")
		}
		return &inputFile{data: data, name: path.Base(req.URL.Path), contentType: resp.Header.Get("Content-Type")}, nil
	}
	s.mu.Lock()
	f := s.files[ref]
	s.mu.Unlock()
	if f == nil {
		return nil, badRequest("wrong file identifier/HTTP URL specified")
	}
	return &inputFile{existing: f}, nil
}

func uploadFile(up *upload) (*inputFile, *apiError) {
	if len(up.data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	return &inputFile{data: up.data, name: up.name, contentType: up.contentType}, nil
}

// mGetFile answers getFile.
func (s *Server) mGetFile(c *call) (any, error) {
	id := strings.TrimSpace(c.str("file_id"))
	if id == "" {
		return nil, badRequest("file_id is empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	if len(f.data) > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	return wireFile{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: len(f.data), FilePath: f.path}, nil
}

// serveFile serves GET /file/bot{token}/{file_path}.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		writeJSONError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	if rest[:slash] != s.token {
		writeJSONError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	s.mu.Lock()
	f := s.filePaths[rest[slash+1:]]
	s.mu.Unlock()
	if f == nil {
		writeJSONError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	ctype := f.mime
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	writeRaw(w, http.StatusOK, ctype, f.data)
}
