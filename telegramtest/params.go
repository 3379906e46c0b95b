package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// call is one parsed Bot API request.
type call struct {
	ctx    context.Context
	params map[string]string
	files  map[string]*upload
}

type upload struct {
	name        string
	contentType string
	data        []byte
}

// parseCall reads the query string and the body (multipart/form-data,
// application/json or application/x-www-form-urlencoded) into string fields
// and file parts, as the Bot API does.
func parseCall(r *http.Request) (*call, *apiError) {
	c := &call{params: map[string]string{}, files: map[string]*upload{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			c.params[k] = v[0]
		}
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Body == nil {
		return c, nil
	}
	ctype := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ctype)
	switch mt {
	case "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			return c, badRequest("can't parse multipart/form-data request")
		}
		for parts := 0; ; parts++ {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				var mbe *http.MaxBytesError
				if parts == 0 && !errors.As(err, &mbe) {
					// go-telegram/bot sends a parameterless call as an
					// empty body without the closing boundary
					break
				}
				return c, bodyError(err)
			}
			name := part.FormName()
			data, err := io.ReadAll(part)
			if err != nil {
				return c, bodyError(err)
			}
			if isFilePart(part.Header.Get("Content-Disposition")) {
				c.files[name] = &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: data}
				continue
			}
			if _, dup := c.params[name]; !dup {
				c.params[name] = string(data)
			}
		}
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return c, bodyError(err)
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return c, nil
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return c, badRequest("can't parse JSON encoded request")
		}
		for k, v := range m {
			v = bytes.TrimSpace(v)
			switch {
			case string(v) == "null":
				continue
			case len(v) > 0 && v[0] == '"':
				var str string
				_ = json.Unmarshal(v, &str)
				c.params[k] = str
			default:
				var buf bytes.Buffer
				if json.Compact(&buf, v) == nil {
					c.params[k] = buf.String()
				} else {
					c.params[k] = string(v)
				}
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return c, bodyError(err)
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				c.params[k] = v[0]
			}
		}
	}
	return c, nil
}

func isFilePart(disposition string) bool {
	_, p, err := mime.ParseMediaType(disposition)
	if err != nil {
		return false
	}
	_, ok := p["filename"]
	return ok
}

func bodyError(err error) *apiError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &apiError{code: http.StatusRequestEntityTooLarge, desc: "Request Entity Too Large"}
	}
	return badRequest("can't read request body")
}

func (c *call) has(name string) bool {
	_, ok := c.params[name]
	return ok
}

func (c *call) str(name string) string { return c.params[name] }

// int64p parses an integer field; ok is false when absent or not a number.
func (c *call) int64p(name string) (int64, bool) {
	v, ok := c.params[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if ferr != nil {
			return 0, false
		}
		n = int64(f)
	}
	return n, true
}

func (c *call) intp(name string) (int, bool) {
	n, ok := c.int64p(name)
	return int(n), ok
}

func (c *call) boolp(name string) bool {
	switch strings.ToLower(strings.TrimSpace(c.params[name])) {
	case "true", "1", "yes":
		return true
	}
	return false
}

// chatID parses chat_id. go-telegram sends a nil chat id as "null".
func (c *call) chatID() (int64, *apiError) {
	v := strings.TrimSpace(c.params["chat_id"])
	if v == "" || v == "null" || v == `""` {
		return 0, badRequest("chat_id is empty")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("chat not found")
	}
	return n, nil
}

// messageID parses message_id for edits and deletions.
func (c *call) messageID() (int, *apiError) {
	n, ok := c.intp("message_id")
	if !ok || n == 0 {
		return 0, badRequest("message identifier is not specified")
	}
	return n, nil
}
