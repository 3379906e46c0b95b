package conversations

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
)

// newKey draws a random idempotency key.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// encodeFloat keeps a number in the session, exactly (what a person reads
// is written by the renderer).
func encodeFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
