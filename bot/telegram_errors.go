package bot

import (
	"context"
	"errors"
	"strings"

	tg "github.com/go-telegram/bot"
)

// Class says what to do about an answer of the Bot API. Telegram reports
// errors as a code and a text; they are classified here and nowhere else.
type Class int

const (
	ClassOK          Class = iota // success, or an error that means the same ("message is not modified")
	ClassRetryAfter               // 429: wait retry_after, then retry
	ClassUnreachable              // 403: the user blocked the bot, never started it, or is deactivated
	ClassTransient                // 5xx, an HTML page from a proxy, a network error: retry with backoff
	ClassGone                     // the message or callback no longer exists: nothing to do
	ClassPermanent                // any other 400/401/404/409: a bug or a bad request; log once, never retry
	ClassCanceled                 // our own context ended
)

func (c Class) String() string {
	return [...]string{"ok", "retry_after", "unreachable", "transient", "gone", "permanent", "canceled"}[c]
}

// Classify maps an error of the go-telegram/bot client onto a Class.
func Classify(err error) Class {
	if err == nil {
		return ClassOK
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ClassCanceled
	}
	var tooMany *tg.TooManyRequestsError
	if errors.As(err, &tooMany) {
		return ClassRetryAfter
	}
	msg := err.Error()
	switch {
	case errors.Is(err, tg.ErrorForbidden):
		return ClassUnreachable
	case errors.Is(err, tg.ErrorBadRequest):
		switch {
		case strings.Contains(msg, "message is not modified"):
			return ClassOK
		case strings.Contains(msg, "message to edit not found"),
			strings.Contains(msg, "message to delete not found"),
			strings.Contains(msg, "query is too old"):
			return ClassGone
		case strings.Contains(msg, "chat not found"):
			return ClassUnreachable
		}
		return ClassPermanent
	case errors.Is(err, tg.ErrorUnauthorized), errors.Is(err, tg.ErrorNotFound), errors.Is(err, tg.ErrorConflict):
		return ClassPermanent
	}
	// Everything else: a 5xx answer ("error response from telegram ... 502"),
	// a body that is not JSON (a proxy's HTML page), a network error.
	return ClassTransient
}
