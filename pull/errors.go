package pull

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Error is a pull that cannot go on: a bad --api-base or --credentials, a
// folder that cannot be written, an answer of WeCom's that is not what
// its documents say. Its words are a catalogue message (pull.error.*),
// said in English by Error and in the user's language by In
// (catalog.Localizer). Err is the cause, when there is one (a network,
// file or JSON error), for errors.Is and errors.As; it is never printed
// by Error and never holds a secret or a token.
type Error struct {
	Text rules.Text
	Err  error
}

func (e *Error) Error() string { return e.In("en") }

// In is the error in lang (catalog.Localizer).
func (e *Error) In(lang string) string { return e.Text.In(lang) }

// Unwrap is the cause, nil when there is none.
func (e *Error) Unwrap() error { return e.Err }

// pullError is message id with its arguments, wrapping cause (may be nil).
func pullError(cause error, id string, args catalog.Args) error {
	return &Error{Text: rules.Msg(id, args), Err: cause}
}

// apiError is an answer of endpoint's that cannot be used: message id,
// which names the endpoint, with args besides.
func apiError(cause error, endpoint, id string, args catalog.Args) error {
	a := catalog.Args{"endpoint": endpoint}
	for k, v := range args {
		a[k] = v
	}
	return pullError(cause, id, a)
}

// shapeError is an answer of endpoint's that decodes as JSON but not into
// the documented fields: a field of another type is named with what it
// was; any other decoding error is said in the decoder's words.
func shapeError(err error, endpoint string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return apiError(err, endpoint, "pull.error.shape_field", catalog.Args{"field": te.Field, "got": te.Value})
	}
	return apiError(err, endpoint, "pull.error.shape", catalog.Args{"reason": err.Error()})
}

// index is a 0-based position as a message argument (no thousands
// separator).
func index(i int) string { return strconv.Itoa(i) }
