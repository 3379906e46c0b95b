package kinerja

import (
	"errors"
	"fmt"
)

// Code classifies an error for the edges: the chat answers with a localised
// message, the store maps database outcomes onto it, logs show internal ones.
type Code string

const (
	CodeInvalid   Code = "invalid"
	CodeNotFound  Code = "not_found"
	CodeConflict  Code = "conflict"
	CodeForbidden Code = "forbidden"
	CodeInternal  Code = "internal"
)

// Error is a domain error: a code, a message ID from locales/ that explains it
// to the user, and the template arguments of that message.
type Error struct {
	Code      Code
	MessageID string
	Args      map[string]any
	Err       error // optional cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.MessageID, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.MessageID)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error with a message ID and optional arguments.
func Errorf(code Code, messageID string, args map[string]any) *Error {
	return &Error{Code: code, MessageID: messageID, Args: args}
}

// ErrorCode returns the code of err: the domain code when err wraps an
// *Error, CodeInternal for any other non-nil error, "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the message ID and arguments a user should see for err.
// Internal errors all map to "error.internal" so no detail leaks to the chat.
func ErrorMessage(err error) (string, map[string]any) {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal && e.MessageID != "" {
		return e.MessageID, e.Args
	}
	return "error.internal", nil
}
