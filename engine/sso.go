package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// ssoScope is the scope of the tokens used for the API.
const ssoScope = "ovirt-app-api"

// ssoReplyLimit caps the size of an SSO reply read into memory.
const ssoReplyLimit = 1 << 20

// ssoURLs derives the SSO token and logout endpoints from the API URL: same scheme, host and port.
// Kerberos logins go to token-http-auth, which takes the user from the HTTP authentication.
func ssoURLs(api *url.URL, kerberos bool) (token, revoke string) {
	root := api.Scheme + "://" + api.Host
	token = root + "/ovirt-engine/sso/oauth/token"
	if kerberos {
		token += "-http-auth"
	}
	return token, root + "/ovirt-engine/services/sso-logout"
}

// login asks the SSO for a token with the password grant.
func (c *Connection) login(ctx context.Context) (string, error) {
	if !c.canLogin() {
		return "", &Error{Kind: KindAuth, Method: http.MethodPost, URL: c.ssoURL,
			Msg: "the token was rejected and there is no Username and Password to log in again"}
	}
	form, authz, err := c.loginForm()
	if err != nil {
		return "", err
	}
	resp, reply, err := c.ssoPost(ctx, c.ssoURL, form, authz)
	if c.opts.Kerberos && resp != nil && resp.StatusCode == http.StatusUnauthorized {
		return "", c.negotiateRefused(resp)
	}
	if err != nil {
		return "", err
	}
	fail := func(msg string) *Error {
		return &Error{Kind: KindAuth, Method: http.MethodPost, URL: c.ssoURL, Code: resp.StatusCode,
			Status: statusText(resp), Msg: msg}
	}
	if e := ssoFailure(reply); e != nil {
		e.Method, e.URL, e.Code, e.Status = http.MethodPost, c.ssoURL, resp.StatusCode, statusText(resp)
		e.Msg = "SSO authentication failed"
		return "", e
	}
	if resp.StatusCode/100 != 2 {
		return "", fail("SSO authentication failed")
	}
	name := c.opts.tokenName()
	token, ok := reply[name].(string)
	if !ok || token == "" {
		return "", fail(fmt.Sprintf("the SSO reply has no %q", name))
	}
	return token, nil
}

// kerberosGrant is the grant type of token-http-auth: the user is the one HTTP authenticated.
const kerberosGrant = "urn:ovirt:params:oauth:grant-type:http"

// loginForm returns the form of the token request and the Authorization header to send with it:
// the password grant, or for Kerberos the http grant with a SPNEGO token.
func (c *Connection) loginForm() (form, authz string, err error) {
	if !c.opts.Kerberos {
		return "grant_type=password&scope=" + url.QueryEscape(ssoScope) + "&username=" + url.QueryEscape(c.opts.Username) +
			"&password=" + url.QueryEscape(c.opts.Password), "", nil
	}
	authz, err = c.negotiate()
	if e, ok := err.(*Error); ok {
		e.Method, e.URL = http.MethodPost, c.ssoURL
	}
	return "grant_type=" + url.QueryEscape(kerberosGrant) + "&scope=" + url.QueryEscape(ssoScope), authz, err
}

// logout revokes token.
func (c *Connection) logout(ctx context.Context, token string) error {
	form := "scope=" + url.QueryEscape(ssoScope) + "&token=" + url.QueryEscape(token)
	resp, reply, err := c.ssoPost(ctx, c.revokeURL, form, "")
	if err != nil {
		if e, ok := err.(*Error); ok && e.Code/100 == 2 {
			return nil // a 2xx answer that is not JSON: nothing says the revoke failed
		}
		return err
	}
	if e := ssoFailure(reply); e != nil {
		e.Method, e.URL, e.Code, e.Status = http.MethodPost, c.revokeURL, resp.StatusCode, statusText(resp)
		e.Msg = "SSO revoke failed"
		return e
	}
	if resp.StatusCode/100 != 2 {
		return &Error{Kind: kindOfStatus(resp.StatusCode), Method: http.MethodPost, URL: c.revokeURL,
			Code: resp.StatusCode, Status: statusText(resp), Msg: "SSO revoke failed"}
	}
	return nil
}

// ssoPost posts a form to an SSO endpoint and decodes its JSON reply: an object, or the first
// element of an array. A reply that is not JSON is an error with its content type and a snippet.
// authz is the Authorization header to send, if any.
func (c *Connection) ssoPost(ctx context.Context, endpoint, form, authz string) (*http.Response, map[string]any, error) {
	if c.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.opts.Timeout, errRequestTimeout)
		defer cancel()
	}
	cl := &call{
		method: http.MethodPost, url: endpoint, logURL: endpoint, body: []byte(form), form: true,
		header: http.Header{
			"User-Agent":   {userAgent},
			"Accept":       {"application/json"},
			"Content-Type": {"application/x-www-form-urlencoded"},
		},
	}
	if authz != "" {
		cl.header.Set("Authorization", authz)
	}
	resp, err := c.exchange(ctx, cl)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, ssoReplyLimit+1))
	if err != nil {
		return nil, nil, c.transportError(ctx, http.MethodPost, endpoint, "reading the SSO reply", err)
	}
	ct := resp.Header.Get("Content-Type")
	if len(body) > ssoReplyLimit && isJSON(ct) {
		// Cut, it would only fail to decode with a misleading "unexpected end of JSON input".
		return resp, nil, &Error{Kind: KindOther, Method: http.MethodPost, URL: endpoint,
			Code: resp.StatusCode, Status: statusText(resp), Msg: "the SSO reply is larger than 1 MiB"}
	}
	if !isJSON(ct) {
		msg := unexpectedContent(ct, "JSON", body)
		if gatewayStatus(resp.StatusCode) {
			msg = proxyContent(ct, body)
		}
		return resp, nil, &Error{Kind: kindOfForeignAnswer(resp.StatusCode), Method: http.MethodPost, URL: endpoint,
			Code: resp.StatusCode, Status: statusText(resp), Msg: msg}
	}
	reply, err := decodeSSOReply(body)
	if err != nil {
		return resp, nil, &Error{Kind: KindOther, Method: http.MethodPost, URL: endpoint,
			Code: resp.StatusCode, Status: statusText(resp), Msg: "the SSO reply is not a JSON object", Err: err}
	}
	c.debug(ctx, "sso reply", "url", endpoint, "body", redactJSON(reply))
	return resp, reply, nil
}

// decodeSSOReply decodes a JSON object, or the first element of a JSON array.
func decodeSSOReply(body []byte) (map[string]any, error) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, err
	}
	if a, ok := v.([]any); ok {
		if len(a) == 0 {
			return nil, fmt.Errorf("empty array")
		}
		v = a[0]
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("got a JSON %T", v)
	}
	return m, nil
}

// ssoFailure turns an SSO reply with an "error" key into an auth error: Reason is the error code
// and Detail its text, read as (error, error_description) when error_description is present,
// else as (error_code, error).
func ssoFailure(reply map[string]any) *Error {
	errVal, ok := reply["error"]
	if !ok {
		return nil
	}
	str := func(v any) string {
		if v == nil {
			return ""
		}
		if s, ok := v.(string); ok {
			return s
		}
		return fmt.Sprint(v)
	}
	e := &Error{Kind: KindAuth}
	if desc, ok := reply["error_description"]; ok {
		e.Reason, e.Detail = str(errVal), str(desc)
	} else {
		e.Reason, e.Detail = str(reply["error_code"]), str(errVal)
	}
	return e
}

// isJSON reports whether a content type is application/json or text/json.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "text/json")
}

// isXML reports whether a content type is application/xml or text/xml.
func isXML(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/xml" || mt == "text/xml")
}

// unexpectedContent describes a body of the wrong content type.
func unexpectedContent(ct, want string, body []byte) string {
	if ct == "" {
		ct = "none"
	}
	msg := fmt.Sprintf("the response content type %q isn't the expected %s", ct, want)
	if s := snippet(body); s != "" {
		msg += ": " + s
	} else if len(strings.TrimSpace(string(body))) == 0 {
		msg += " (empty body)"
	}
	return msg
}
