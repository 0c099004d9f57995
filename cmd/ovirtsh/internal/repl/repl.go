package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/complete"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
)

// Options configure Run.
type Options struct {
	Session *session.Session
	// Prompt is shown before each chunk, e.g. "admin@internal@engine> "; ContPrompt before
	// each further line of an incomplete chunk (default ">> ").
	Prompt, ContPrompt string
	// History persists chunks; nil keeps them in memory only.
	History *History
	// Interrupts delivers SIGINT while a chunk runs: each one cancels the running chunk.
	Interrupts <-chan os.Signal
	// Editor sets the terminal side (Stdin, Stdout, Terminal, Width); Run sets the prompt and
	// the completer.
	Editor term.Options
	// NewEditor creates the line editor; nil means term.NewLineEditor.
	NewEditor func(term.Options) (term.LineEditor, error)
	// Stderr receives errors and notices; nil means os.Stderr.
	Stderr io.Writer
	// Banner is printed on Stderr before the first prompt, when not empty.
	Banner string
	// Names caches the entity names Tab offers inside ovirt.get('vms/...') and
	// vm_service('...'); nil means one over the session's connection (complete.ConnFetch).
	// Run invalidates it after each chunk and closes it at the end.
	Names *complete.Names
}

// repl is the state of one Run.
type repl struct {
	opts    Options
	ed      term.LineEditor
	comp    *complete.Completer
	pending string // the lines of an incomplete chunk, each ending in "\n"
	histErr bool   // the history file failed once: said so, and stopped writing to it
}

// Run reads and runs chunks until Ctrl-D (or the end of the input) and returns the exit code:
// ExitOK, or ExitUsage when the terminal cannot be set up. Script errors are printed and the
// loop goes on; Ctrl-C discards the line being edited, or cancels the running chunk.
func Run(ctx context.Context, opts Options) int {
	if opts.ContPrompt == "" {
		opts.ContPrompt = ">> "
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.NewEditor == nil {
		opts.NewEditor = term.NewLineEditor
	}
	r := &repl{opts: opts, comp: complete.New(opts.Session)}
	if opts.Names == nil {
		opts.Names = complete.NewNames(complete.NamesOptions{Fetch: complete.ConnFetch(opts.Session.Connection)})
		r.opts.Names = opts.Names
	}
	defer opts.Names.Close()
	r.comp.SetNames(opts.Names)
	eo := opts.Editor
	eo.Prompt = opts.Prompt
	eo.Complete = func(before string) (string, []string) { return r.comp.Complete(r.pending + before) }
	ed, err := opts.NewEditor(eo)
	if err != nil {
		fmt.Fprintf(opts.Stderr, "ovirtsh: terminal: %v\n", err)
		return session.ExitUsage
	}
	r.ed = ed
	defer ed.Close()
	if opts.History != nil {
		for _, e := range opts.History.Entries() {
			ed.AddHistory(e)
		}
	}
	if opts.Banner != "" {
		fmt.Fprintln(opts.Stderr, opts.Banner)
	}
	for {
		chunk, ok := r.read()
		if !ok {
			return session.ExitOK
		}
		if chunk != "" {
			code, exit := r.run(ctx, chunk)
			opts.Names.Invalidate() // the chunk may have added or removed entities
			if exit {
				return code
			}
		}
		if ctx.Err() != nil {
			return session.ExitInterrupted
		}
	}
}

// read returns the next complete chunk; ok is false at Ctrl-D or the end of the input. A chunk
// that does not compile is reported and "" returned.
func (r *repl) read() (string, bool) {
	r.pending = ""
	r.ed.SetPrompt(r.opts.Prompt)
	for {
		line, err := r.ed.Readline()
		switch {
		case errors.Is(err, term.ErrInterrupt):
			r.pending = ""
			r.ed.SetPrompt(r.opts.Prompt)
			continue
		case err != nil: // io.EOF: Ctrl-D
			return "", false
		}
		text := r.pending + line
		if r.pending == "" && strings.TrimSpace(line) == "" {
			continue
		}
		src := text
		if strings.HasPrefix(text, "=") { // Lua 5.1's "=expr"
			src = "return " + text[1:]
		}
		_, cerr := r.compile(src)
		var se *session.Error
		if errors.As(cerr, &se) && se.Incomplete {
			r.pending = text + "\n"
			r.ed.SetPrompt(r.opts.ContPrompt)
			continue
		}
		r.remember(text)
		if cerr != nil {
			report(r.opts.Stderr, cerr)
			return "", true
		}
		return src, true
	}
}

// compile tries src as an expression whose value is printed, then as statements.
func (r *repl) compile(src string) (expr bool, err error) {
	s := r.opts.Session
	if _, err := s.Compile("stdin", "return "+src); err == nil {
		return true, nil
	}
	_, err = s.Compile("stdin", src)
	return false, err
}

// remember adds a chunk to the in-memory history and, unless it mentions a secret, to the file.
func (r *repl) remember(chunk string) {
	r.ed.AddHistory(chunk)
	if r.opts.History == nil || r.histErr {
		return
	}
	if _, err := r.opts.History.Add(chunk); err != nil {
		r.histErr = true
		fmt.Fprintf(r.opts.Stderr, "ovirtsh: %v (history is kept in memory only from now on)\n", err)
	}
}

// run runs a chunk; SIGINT cancels it, its requests included. exit reports a call of os.exit
// and its code.
func (r *repl) run(parent context.Context, chunk string) (code int, exit bool) {
	s := r.opts.Session
	src := chunk
	if expr, _ := r.compile(chunk); expr {
		src = "return " + chunk
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	drain(r.opts.Interrupts)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-r.opts.Interrupts:
			cancel()
		case <-done:
		}
	}()
	vals, err := s.Run(ctx, "stdin", src)
	if err == nil {
		err = s.PrintResults(vals)
	}
	var se *session.Error
	if errors.As(err, &se) && se.Exit {
		return se.Code, true
	}
	if err != nil {
		report(r.opts.Stderr, err)
	}
	return 0, false
}

// drain discards interrupts that arrived while no chunk was running.
func drain(ch <-chan os.Signal) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// report prints a failed chunk: the message, and the traceback when there is one.
func report(w io.Writer, err error) {
	fmt.Fprintln(w, session.ErrorText(err))
}
