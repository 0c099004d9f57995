package shellcomp

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary doubles as the program the scripts call back: with fakeProgramEnv set, it
// answers `__complete -- WORDS...` from fake names, as ovirtsh would.
const fakeProgramEnv = "SHELLCOMP_TEST_FAKE_PROGRAM"

func TestMain(m *testing.M) {
	if os.Getenv(fakeProgramEnv) == "1" {
		args := os.Args[1:]
		if len(args) < 2 || args[0] != "__complete" || args[1] != "--" {
			os.Exit(2)
		}
		f := &fakeNames{names: map[string][]string{"vms": {"db1", "web 1", "web2"}, "clusters": {"Default", "lab"}}}
		_ = Write(os.Stdout, Complete(context.Background(), args[2:], Env{Names: f.list}))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeProgram puts the test binary on a PATH of its own as "ovirtsh".
func fakeProgram(t *testing.T) []string {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.Symlink(self, filepath.Join(dir, "ovirtsh")))
	return []string{fakeProgramEnv + "=1", "PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
}

func script(t *testing.T, shell string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Script(&b, shell))
	return b.String()
}

func shellOrSkip(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return p
}

func runShell(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(shellOrSkip(t, name), args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "stderr: %s", stderr.String())
	return string(out)
}

func TestScriptSyntax(t *testing.T) {
	for shell, check := range map[string][]string{"bash": {"-n"}, "zsh": {"-n"}, "fish": {"--no-execute"}} {
		t.Run(shell, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "completion."+shell)
			require.NoError(t, os.WriteFile(path, []byte(script(t, shell)), 0o600))
			runShell(t, []string{"HOME=" + t.TempDir()}, shell, append(check, path)...)
		})
	}
	err := Script(&bytes.Buffer{}, "tcsh")
	assert.EqualError(t, err, "completion: no script for shell 'tcsh' (shells: bash, zsh, fish)")
}

// TestBashCompletion runs the bash function the way bash does on TAB: COMP_WORDS and COMP_CWORD
// set, COMPREPLY read back.
func TestBashCompletion(t *testing.T) {
	tests := []struct {
		line []string // the words; the last is the one being completed
		want string   // COMPREPLY, one a line
	}{
		{[]string{"ovirtsh", "action", "vm", "w"}, "web\\ 1\nweb2\n"},
		{[]string{"ovirtsh", "action", "vm", "web2", "sto"}, "stop\n"},
		{[]string{"ovirtsh", "add", "vm", "--cluster", "=", "D"}, "Default\n"},
		{[]string{"ovirtsh", "add", "vm", "--cluster", "="}, "Default\nlab\n"},
		{[]string{"ovirtsh", "li"}, "list\n"},
		{[]string{"ovirtsh", "list", "vms", "-o", "j"}, "json\n"},
	}
	env := fakeProgram(t)
	for _, tc := range tests {
		t.Run(strings.Join(tc.line, " "), func(t *testing.T) {
			var words strings.Builder
			for _, w := range tc.line {
				words.WriteString(" '" + w + "'")
			}
			src := script(t, "bash") + "\nCOMP_WORDS=(" + words.String() + ")\nCOMP_CWORD=" +
				strconv.Itoa(len(tc.line)-1) + "\n_ovirtsh_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
			got := runShell(t, env, "bash", "--norc", "--noprofile", "-c", src)
			if tc.want == "" {
				tc.want = "\n"
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestZshCompletion calls the zsh function with the words and CURRENT zsh's completion system
// sets, compadd replaced by a function that prints what it was given.
func TestZshCompletion(t *testing.T) {
	stubs := `compdef() { :; }
_files() { print -r -- FILES; }
compadd() { print -rl -- "${descs[@]}"; }
`
	env := fakeProgram(t)
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"ovirtsh", "action", "vm", "w"}, "web 1\nweb2\n"},
		{[]string{"ovirtsh", "add", "vm", "--cluster=l"}, "--cluster=lab\n"},
		{[]string{"ovirtsh", "list", "vms", "--co"}, "--columns  -- members to show, comma-separated (dotted paths allowed)\n"},
		{[]string{"ovirtsh", "script.lua", ""}, "FILES\n"},
	} {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			var words strings.Builder
			for _, w := range tc.words {
				words.WriteString(" '" + w + "'")
			}
			src := stubs + script(t, "zsh") + "\nwords=(" + words.String() + ")\nCURRENT=" +
				strconv.Itoa(len(tc.words)) + "\n_ovirtsh\n"
			assert.Equal(t, tc.want, runShell(t, env, "zsh", "-f", "-c", src))
		})
	}
}

// TestFishCompletion asks fish itself: complete -C completes a command line.
func TestFishCompletion(t *testing.T) {
	env := fakeProgram(t)
	src := script(t, "fish") + "\ncomplete -C 'ovirtsh action vm w'\ncomplete -C 'ovirtsh list vms --co'\n"
	assert.Equal(t, "web 1\nweb2\n--columns\tmembers to show, comma-separated (dotted paths allowed)\n",
		runShell(t, env, "fish", "--no-config", "-c", src))
}
