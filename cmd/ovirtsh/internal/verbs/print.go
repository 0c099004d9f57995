package verbs

import (
	"errors"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/output"
)

// format is -o, else Env.Output, else table on a terminal and json elsewhere.
func (x *exec_) format() (output.Format, error) {
	f := x.cmd.opts["o"]
	if f == "" {
		f = x.env.Output
	}
	if f == "" {
		if x.env.IsTTY {
			return output.Table, nil
		}
		return output.JSON, nil
	}
	of, err := output.ParseFormat(f)
	if err != nil {
		return "", usagef("-o: %v", err)
	}
	return of, nil
}

// print writes a result through engine/output, with --columns; a string (a console file) is
// written as it is.
func (x *exec_) print(v any) error {
	f, err := x.format()
	if err != nil {
		return err
	}
	if s, ok := v.(string); ok {
		_, err := fmt.Fprintln(x.env.Stdout, s)
		return err
	}
	o := output.Options{Format: f}
	if c, ok := x.cmd.opts["columns"]; ok {
		o.Columns = splitList(c)
	}
	if err := output.Write(x.env.Stdout, v, o); err != nil {
		if isEngine(err) {
			return err
		}
		return usagef("%v", err) // an unknown column, named with the closest members
	}
	return nil
}

func asNames(err error, target **names.Error) bool { return errors.As(err, target) }

func isEngine(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee)
}

func isNotFound(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee) && ee.Kind == engine.KindNotFound
}
