// Package luabindtest holds test cases shared by the tests of luabind and of the command line
// that runs it, so that the REPL, the script runner and embedders are checked against one list.
package luabindtest

import (
	_ "embed"
	"strings"
)

//go:embed python_habits.txt
var pythonHabits string

// PythonHabit is a chunk written with a Python habit and a part of the message it must fail
// with (the hint that names the Lua form).
type PythonHabit struct{ Chunk, Want string }

// PythonHabits returns the cases of python_habits.txt: each is the chunk's lines, then a line
// "--> " with the expected part of the message.
func PythonHabits() []PythonHabit {
	var cases []PythonHabit
	var chunk []string
	for _, line := range strings.Split(pythonHabits, "\n") {
		switch {
		case strings.HasPrefix(line, "#") || line == "":
		case strings.HasPrefix(line, "--> "):
			cases = append(cases, PythonHabit{Chunk: strings.Join(chunk, "\n") + "\n", Want: line[4:]})
			chunk = nil
		default:
			chunk = append(chunk, line)
		}
	}
	return cases
}
