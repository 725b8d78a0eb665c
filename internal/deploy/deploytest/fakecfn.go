package deploytest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// FakeCFN answers the CloudFormation query API the way the real service does
// where moto does not: execution is asynchronous and a resource's failure
// arrives as a stack event. Its one stack, "slow", does not exist until a change
// set is executed; then it reports Statuses[i] on the i-th DescribeStacks (the
// last one repeating), and Events[i] are the events known at that point, newest
// first. Serve it with httptest.
type FakeCFN struct {
	Statuses []string
	Events   [][]string // "id|logical|type|status|reason"

	mu       sync.Mutex
	executed bool
	polls    int
}

func (f *FakeCFN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	action := r.Form.Get("Action")
	w.Header().Set("Content-Type", "text/xml")
	ok := func(result string) {
		fmt.Fprintf(w, `<%sResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><%sResult>%s</%sResult></%sResponse>`,
			action, action, result, action, action)
	}
	i := min(f.polls, len(f.Statuses)-1)
	switch action {
	case "DescribeStacks":
		if !f.executed {
			w.WriteHeader(400)
			fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id slow does not exist</Message></Error></ErrorResponse>`)
			return
		}
		ok(fmt.Sprintf(`<Stacks><member><StackName>slow</StackName><StackId>arn:slow</StackId><StackStatus>%s</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks>`, f.Statuses[i]))
		f.polls++
	case "DescribeStackEvents":
		var b strings.Builder
		if f.executed {
			for _, e := range f.Events[i] {
				p := strings.Split(e, "|")
				fmt.Fprintf(&b, `<member><EventId>%s</EventId><StackId>arn:slow</StackId><StackName>slow</StackName><LogicalResourceId>%s</LogicalResourceId><ResourceType>%s</ResourceType><ResourceStatus>%s</ResourceStatus><ResourceStatusReason>%s</ResourceStatusReason><Timestamp>2026-01-01T00:00:00Z</Timestamp></member>`,
					p[0], p[1], p[2], p[3], p[4])
			}
		}
		ok("<StackEvents>" + b.String() + "</StackEvents>")
	case "CreateChangeSet":
		ok(`<Id>arn:cs</Id><StackId>arn:slow</StackId>`)
	case "DescribeChangeSet":
		ok(`<Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes><member><Type>Resource</Type><ResourceChange><Action>Add</Action><LogicalResourceId>Queue</LogicalResourceId><ResourceType>AWS::SQS::Queue</ResourceType></ResourceChange></member></Changes>`)
	case "ExecuteChangeSet":
		f.executed = true
		ok("")
	default:
		w.WriteHeader(400)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>%s</Message></Error></ErrorResponse>`, action)
	}
}
