package bot

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// apiClient is how the go-telegram library's requests reach the Bot API.
// The library streams each request's multipart form through a pipe, so
// net/http sends it chunked (a write, and a system call, per part) and,
// with the default transport, keeps only two idle connections to the API
// host: under load every other request dialled (and, against Telegram, did
// a TLS handshake). apiClient reads the form first, so the request goes
// out with its length in one write, over a pool of kept-alive connections
// as large as the bot's workers.
type apiClient struct{ c *http.Client }

// newAPIClient wraps c (nil: a client with a 60 s timeout) with a
// transport that keeps idle connections for conns requests at once.
func newAPIClient(c *http.Client, conns int) apiClient {
	if c == nil {
		c = &http.Client{Timeout: 60 * time.Second}
	}
	if c.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = max(conns, t.MaxIdleConns)
		t.MaxIdleConnsPerHost = max(conns, 2)
		cc := *c
		cc.Transport = t
		c = &cc
	}
	return apiClient{c: c}
}

func (a apiClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && req.ContentLength <= 0 {
		body, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return a.c.Do(req)
}
