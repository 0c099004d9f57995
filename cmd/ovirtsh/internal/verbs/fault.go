package verbs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
)

// faultError is the engine's refusal of a command, said the way an admin reads it: the command,
// the engine's own words and the status ("action vm vm1 start: Cannot run VM. VM vm1 is
// running. (HTTP 409 Conflict)") instead of the SDK's form with the request's URL (--debug
// traces that). errors.As reaches the *engine.Error, so exit codes do not change.
type faultError struct {
	what string
	ee   *engine.Error
}

func (e *faultError) Error() string {
	text := strings.TrimSpace(e.ee.Detail)
	if strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]") && strings.Count(text, "[") == 1 {
		text = strings.TrimSpace(text[1 : len(text)-1]) // "[Cannot run VM. ...]"
	}
	if text == "" {
		text = e.ee.Reason
	}
	return fmt.Sprintf("%s: %s (HTTP %d %s)", e.what, text, e.ee.Code, e.ee.Status)
}

func (e *faultError) Unwrap() error { return e.ee }

// brief makes an engine fault (an answer 400 to 499 with a reason or detail) that the command
// itself got a faultError; other errors are returned as they are.
func (x *exec_) brief(err error) error {
	var ee *engine.Error
	if !errors.As(err, &ee) || err != error(ee) || ee.Code < 400 || ee.Code > 499 ||
		(ee.Detail == "" && ee.Reason == "") || x.cmd == nil {
		return err
	}
	return &faultError{what: strings.Join(append([]string{x.verb, x.nounWord()}, x.cmd.words...), " "), ee: ee}
}
