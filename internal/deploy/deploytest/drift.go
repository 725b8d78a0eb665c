package deploytest

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
)

// FakeDriftDetection answers the three drift detection calls moto_server does
// not have (DetectStackDrift, DescribeStackDriftDetectionStatus,
// DescribeStackResourceDrifts) and passes every other call to the moto_server
// at Moto. Drifts are the drifted resources each detection reports:
// "logical|type|status" followed by "|path|expected|actual|difference"
// groups for a MODIFIED one. The detection is in progress on its first status
// poll. Serve it with httptest.
type FakeDriftDetection struct {
	Moto   string
	Drifts []string

	mu         sync.Mutex
	detections int
	polled     bool
}

// SetDrifts changes what the next detections report.
func (f *FakeDriftDetection) SetDrifts(drifts ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Drifts = drifts
}

// Detections returns how many detections were started.
func (f *FakeDriftDetection) Detections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.detections
}

func (f *FakeDriftDetection) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	ok := func(result string) {
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<%sResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><%sResult>%s</%sResult></%sResponse>`,
			action, action, result, action, action)
	}
	switch action {
	case "DetectStackDrift", "DescribeStackDriftDetectionStatus", "DescribeStackResourceDrifts":
		f.mu.Lock()
		defer f.mu.Unlock()
	}
	switch action {
	case "DetectStackDrift":
		f.detections++
		f.polled = false
		ok(fmt.Sprintf("<StackDriftDetectionId>drift-%d</StackDriftDetectionId>", f.detections))
	case "DescribeStackDriftDetectionStatus":
		status := "DETECTION_COMPLETE"
		if !f.polled {
			status, f.polled = "DETECTION_IN_PROGRESS", true
		}
		ok(fmt.Sprintf(`<StackId>arn:stack</StackId><StackDriftDetectionId>%s</StackDriftDetectionId><DetectionStatus>%s</DetectionStatus><StackDriftStatus>DRIFTED</StackDriftStatus><DriftedStackResourceCount>%d</DriftedStackResourceCount><Timestamp>2026-01-01T00:00:00Z</Timestamp>`,
			html.EscapeString(form.Get("StackDriftDetectionId")), status, len(f.Drifts)))
	case "DescribeStackResourceDrifts":
		var b strings.Builder
		for _, d := range f.Drifts {
			p := strings.Split(d, "|")
			fmt.Fprintf(&b, `<member><StackId>arn:stack</StackId><LogicalResourceId>%s</LogicalResourceId><ResourceType>%s</ResourceType><StackResourceDriftStatus>%s</StackResourceDriftStatus><Timestamp>2026-01-01T00:00:00Z</Timestamp><PropertyDifferences>`,
				html.EscapeString(p[0]), html.EscapeString(p[1]), p[2])
			for i := 3; i+3 < len(p); i += 4 {
				fmt.Fprintf(&b, `<member><PropertyPath>%s</PropertyPath><ExpectedValue>%s</ExpectedValue><ActualValue>%s</ActualValue><DifferenceType>%s</DifferenceType></member>`,
					html.EscapeString(p[i]), html.EscapeString(p[i+1]), html.EscapeString(p[i+2]), p[i+3])
			}
			b.WriteString(`</PropertyDifferences></member>`)
		}
		ok("<StackResourceDrifts>" + b.String() + "</StackResourceDrifts>")
	default:
		target, err := url.Parse(f.Moto)
		if err != nil || f.Moto == "" {
			http.Error(w, "no moto_server behind the fake", http.StatusBadGateway)
			return
		}
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}
}
