package term

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"
)

// rlEditor is the LineEditor over github.com/chzyer/readline.
type rlEditor struct {
	rl *readline.Instance
}

// NewLineEditor returns the readline-backed LineEditor.
func NewLineEditor(o Options) (LineEditor, error) {
	width := o.Width
	if width == 0 {
		width = 80
	}
	cfg := &readline.Config{
		Prompt:                 o.Prompt,
		Stdout:                 o.Stdout,
		Stderr:                 o.Stdout,
		DisableAutoSaveHistory: true, // history entries are whole chunks, added by the caller
		HistoryLimit:           10000,
		HistorySearchFold:      true,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n",
		FuncGetWidth: func() int {
			if w := readline.GetScreenWidth(); w > 0 {
				return w
			}
			return width
		},
	}
	if o.Stdin != nil {
		cfg.Stdin = o.Stdin
	}
	if o.Terminal != nil {
		on := *o.Terminal
		cfg.FuncIsTerminal = func() bool { return on }
		if !on {
			cfg.FuncMakeRaw = func() error { return nil }
			cfg.FuncExitRaw = func() error { return nil }
		}
	}
	if o.Complete != nil {
		cfg.AutoComplete = completer(o.Complete)
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &rlEditor{rl: rl}, nil
}

func (e *rlEditor) Readline() (string, error) {
	line, err := e.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", ErrInterrupt
	}
	return line, err
}

func (e *rlEditor) SetPrompt(p string)      { e.rl.SetPrompt(p) }
func (e *rlEditor) Stdout() io.Writer       { return e.rl.Stdout() }
func (e *rlEditor) Close() error            { return e.rl.Close() }
func (e *rlEditor) AddHistory(entry string) { _ = e.rl.SaveHistory(entry) } // in memory: never fails

// completer adapts a Completer to readline's suffix-based interface.
type completer Completer

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	word, cands := c(string(line[:pos]))
	n := len([]rune(word))
	var out [][]rune
	for _, cand := range cands {
		if strings.HasPrefix(cand, word) {
			out = append(out, []rune(cand[len(word):]))
		}
	}
	return out, n
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool { return readline.IsTerminal(int(f.Fd())) }

// ReadPassword prints prompt on out and reads a line from the terminal in without echo; the
// echo is off before the prompt shows.
func ReadPassword(in *os.File, out io.Writer, prompt string) (string, error) {
	restore, err := echoOff(in.Fd())
	if err != nil {
		return "", err
	}
	defer restore()
	if _, err := io.WriteString(out, prompt); err != nil {
		return "", err
	}
	b, err := readline.ReadPassword(int(in.Fd()))
	_, _ = io.WriteString(out, "\n")
	if err != nil {
		return "", err
	}
	return string(b), nil
}
