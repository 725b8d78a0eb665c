package deploytest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// FakeSimulator stands in for iam:SimulatePrincipalPolicy, which moto lacks:
// it allows the actions of the services in Allow, denies the others, records
// the principals it was asked about, and passes every other call on to the
// moto_server at Moto. Serve it with httptest.
type FakeSimulator struct {
	Allow []string // service prefixes
	Moto  string   // moto_server's URL

	once    sync.Once
	proxy   *httputil.ReverseProxy
	mu      sync.Mutex
	sources []string
}

// Sources returns the principals the simulator was asked about, in order.
func (f *FakeSimulator) Sources() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sources)
}

func (f *FakeSimulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.once.Do(func() {
		u, _ := url.Parse(f.Moto)
		f.proxy = httputil.NewSingleHostReverseProxy(u)
	})
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	if form.Get("Action") != "SimulatePrincipalPolicy" {
		f.proxy.ServeHTTP(w, r)
		return
	}
	f.mu.Lock()
	f.sources = append(f.sources, form.Get("PolicySourceArn"))
	f.mu.Unlock()
	var b strings.Builder
	for i := 1; form.Get(fmt.Sprintf("ActionNames.member.%d", i)) != ""; i++ {
		a := form.Get(fmt.Sprintf("ActionNames.member.%d", i))
		svc, _, _ := strings.Cut(a, ":")
		decision := "implicitDeny"
		if slices.Contains(f.Allow, svc) {
			decision = "allowed"
		}
		fmt.Fprintf(&b, "<member><EvalActionName>%s</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>%s</EvalDecision></member>", a, decision)
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>%s</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`, b.String())
}
