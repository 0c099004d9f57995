package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inProcessToken logs in through the handler, without a listener.
func inProcessToken(tb testing.TB, s *Server) string {
	tb.Helper()
	user, pw := s.Credentials()
	form := url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"}, "username": {user}, "password": {pw}}
	req := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	var m map[string]string
	require.NoError(tb, json.Unmarshal(rec.Body.Bytes(), &m))
	require.NotEmpty(tb, m["access_token"])
	return m["access_token"]
}

func inProcessGet(s *Server, token, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, APIPath+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestTenThousandVMs(t *testing.T) {
	start := time.Now()
	s, err := New(Options{ExtraVMs: 10000})
	require.NoError(t, err)
	seeded := time.Since(start)
	t.Logf("seeded 10,000 extra VMs in %v", seeded)
	assert.Less(t, seeded, 2*time.Second*raceSlowdown)

	tok := inProcessToken(t, s)
	start = time.Now()
	rec := inProcessGet(s, tok, "/vms")
	require.Equal(t, http.StatusOK, rec.Code)
	t.Logf("listed 10,002 VMs (%d MB) in %v", rec.Body.Len()>>20, time.Since(start))
	assert.Equal(t, 10002, strings.Count(rec.Body.String(), "<vm id="))

	rec = inProcessGet(s, tok, "/vms?search=name%3Dvm-09999")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, 1, strings.Count(rec.Body.String(), "<vm id="))
	rec = inProcessGet(s, tok, "/vms?max=100")
	assert.Equal(t, 100, strings.Count(rec.Body.String(), "<vm id="))
}

func TestConcurrentClients(t *testing.T) {
	s := startSim(t, Options{Clock: NewFastClock(1000), ExtraVMs: 50})
	e := &env{t: t, s: s, token: login(t, s)}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := lifecycle(e, fmt.Sprintf("conc-%d", w)); err != nil {
				errs <- err
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				for _, p := range []string{"/vms?max=20&follow=nics", "/hosts", "/events?max=5", ""} {
					if r := e.doSafe("GET", p, ""); r.status != http.StatusOK {
						errs <- fmt.Errorf("GET %s: %d %s", p, r.status, r.body)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// lifecycle adds, starts, stops and removes a VM, polling on the real (fast) clock.
func lifecycle(e *env, name string) error {
	r := e.doSafe("POST", "/vms", `<vm><name>`+name+`</name><cluster><name>Default</name></cluster></vm>`)
	if r.status != http.StatusCreated {
		return fmt.Errorf("add %s: %d %s", name, r.status, r.body)
	}
	d, err := parseX(r.body)
	if err != nil {
		return err
	}
	vm := "/vms/" + d.Attrs["id"]
	steps := []struct{ action, want string }{{"", "down"}, {"start", "up"}, {"stop", "down"}}
	for _, st := range steps {
		if st.action != "" {
			if r := e.doSafe("POST", vm+"/"+st.action, "<action/>"); r.status != http.StatusOK {
				return fmt.Errorf("%s %s: %d %s", st.action, name, r.status, r.body)
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			r := e.doSafe("GET", vm, "")
			d, err := parseX(r.body)
			if err != nil {
				return err
			}
			if d.text("status") == st.want {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s never reached %s (is %s)", name, st.want, d.text("status"))
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	if r := e.doSafe("DELETE", vm, ""); r.status != http.StatusOK {
		return fmt.Errorf("remove %s: %d %s", name, r.status, r.body)
	}
	return nil
}

// doSafe is do without testing.T assertions, for use in goroutines.
func (e *env) doSafe(method, path, body string) response {
	req, err := http.NewRequest(method, e.s.URL()+path, strings.NewReader(body))
	if err != nil {
		return response{body: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/xml")
	resp, err := e.s.HTTPClient().Do(req)
	if err != nil {
		return response{body: err.Error()}
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = fmt.Fprint(&b, "")
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b.String()}
}
