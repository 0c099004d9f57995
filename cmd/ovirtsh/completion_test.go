package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBashCompletionEndToEnd loads `ovirtsh completion bash` into bash and completes as bash
// does on TAB, the names coming from a simulator in another process through the OVIRT_*
// variables, then from the built-in one.
func TestBashCompletionEndToEnd(t *testing.T) {
	needBinary(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	vars, _ := startSim(t, "--vms", "3")
	script, err := command(t, nil, "completion", "bash").Output()
	require.NoError(t, err)
	complete := func(env map[string]string, words ...string) string {
		t.Helper()
		src := string(script) + "\nCOMP_WORDS=(ovirtsh"
		for _, w := range words {
			src += " '" + w + "'"
		}
		src += ")\nCOMP_CWORD=" + strconv.Itoa(len(words)) + "\n_ovirtsh_complete\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command("bash", "--norc", "--noprofile", "-c", src)
		// a private HOME and the OVIRT_* variables only; the binary on PATH as "ovirtsh"
		cmd.Env = append(command(t, env).Env, "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	names := strings.Fields(complete(vars, "show", "vm", "vm-"))
	assert.Len(t, names, 3, "the other process's simulator has 3 VMs named vm-*: %v", names)
	assert.Equal(t, "start\n", complete(vars, "action", "vm", names[0], "sta"))
	assert.Equal(t, "vm1\nvm2\n", complete(nil, "action", "vm", "vm"), "no engine configured: the built-in simulator")

	noPassword := map[string]string{"OVIRT_URL": vars["OVIRT_URL"], "OVIRT_CAFILE": vars["OVIRT_CAFILE"]}
	assert.Equal(t, "\n", complete(noPassword, "show", "vm", ""), "no password: no names, and no prompt")

	out, err := command(t, nil, "completion", "tcsh").CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, ee.ExitCode())
	assert.Contains(t, string(out), "no script for shell 'tcsh' (shells: bash, zsh, fish)")
}
