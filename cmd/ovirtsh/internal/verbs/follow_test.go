package verbs_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
)

// TestListFollowRefused: an engine that answers 400 to the follow a table asks for (list or
// show) is asked again without it, and the table shows the references' ids.
func TestListFollowRefused(t *testing.T) {
	_, srv := enginetest.Start(t)
	var refused atomic.Int32
	front := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("follow") {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, "<fault><reason>Operation Failed</reason><detail>follow is not supported</detail></fault>")
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	user, pw := srv.Credentials()
	conn, err := engine.Connect(context.Background(), engine.Options{URL: front.URL + "/ovirt-engine/api",
		Username: user, Password: pw, Insecure: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })

	for i, line := range []string{"list vms -o csv --columns name,cluster", "show vm vm1 -o csv --columns name,cluster"} {
		var out, errOut bytes.Buffer
		err = verbs.Run(context.Background(), conn, strings.Fields(line), verbs.Env{Stdout: &out, Stderr: &errOut})
		require.NoError(t, err, errOut.String())
		assert.Equal(t, int32(i+1), refused.Load(), line)
		assert.Regexp(t, `(?m)^vm1,[0-9a-f-]{36}$`, out.String(), line)
	}
}
