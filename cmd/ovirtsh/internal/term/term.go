package term

import (
	"errors"
	"io"
)

// ErrInterrupt is returned by Readline when the user pressed Ctrl-C: the line being edited is
// discarded. Ctrl-D on an empty line returns io.EOF.
var ErrInterrupt = errors.New("interrupt")

// LineEditor reads lines with editing and in-memory history. Persisting the history is the
// caller's business (see AddHistory), so that it decides what is kept and how.
type LineEditor interface {
	// Readline shows the prompt and returns the edited line without its newline.
	Readline() (string, error)
	// SetPrompt sets the prompt of the next Readline.
	SetPrompt(prompt string)
	// AddHistory appends an entry (it may span several lines) to the in-memory history that
	// the up arrow and Ctrl-R browse.
	AddHistory(entry string)
	// Stdout is where output goes without clobbering the prompt.
	Stdout() io.Writer
	// Close restores the terminal.
	Close() error
}

// Completer proposes completions for the text before the cursor: the partial word it completes
// (a suffix of before) and the candidates, each a full replacement of that word.
type Completer func(before string) (word string, candidates []string)

// Options configure a LineEditor.
type Options struct {
	Prompt   string
	Stdin    io.ReadCloser // nil means os.Stdin
	Stdout   io.Writer     // nil means os.Stdout
	Complete Completer     // nil disables completion
	// Terminal forces interactive editing (prompt redraws, raw mode) on or off; nil detects a
	// terminal on stdin and stdout.
	Terminal *bool
	// Width is the screen width for listing candidates when it cannot be read from the
	// terminal; 0 means 80.
	Width int
}
