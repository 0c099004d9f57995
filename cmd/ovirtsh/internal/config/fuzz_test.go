package config

import (
	"strings"
	"testing"
)

// FuzzParseINI checks that no config file content panics the reader and that every error names
// the file.
func FuzzParseINI(f *testing.F) {
	for _, seed := range []string{
		"", "[prod]\nengine_url = https://e/ovirt-engine/api\nusername = admin@internal\n",
		"[a]\nsecure=no\ncafile=/x\n", "no section\n", "[unterminated\n", "; comment\n# comment\n[s]\nk\n",
		"[s]\nk=v\n[s]\nk=w\n", "\ufeff[s]\r\nk = v\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, content string) {
		_, err := ParseINI(strings.NewReader(content), "ovirt.conf")
		if err != nil && !strings.Contains(err.Error(), "ovirt.conf") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
