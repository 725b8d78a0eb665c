package schemacheck

import (
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/jsonschema"
)

// ruleScheduleExpression checks an EventBridge rule's ScheduleExpression:
// rate(VALUE UNIT) with a positive whole VALUE and a unit in the singular for
// 1, in the plural beyond; or cron() with six fields, of which day-of-month
// or day-of-week is "?". EventBridge rejects anything else.
var ruleScheduleExpression = resourceRule{
	Rule: diag.Rule{ID: "E3027", ResourceTypes: []string{"AWS::Events::Rule"}, Summary: "EventBridge schedule expressions are well-formed rate() or cron() expressions"},
	text: func(v string) string {
		if msg := scheduleProblem(v); msg != "" {
			return jsonschema.PyStr(v) + ": " + msg
		}
		return ""
	},
}

// scheduleProblem says what is wrong with a schedule expression, or "".
func scheduleProblem(v string) string {
	switch {
	case strings.HasPrefix(v, "rate(") && strings.HasSuffix(v, ")"):
		expr := v[len("rate(") : len(v)-1]
		items := strings.Split(expr, " ")
		if len(items) != 2 {
			return "a rate is rate(VALUE UNIT)"
		}
		n, err := strconv.Atoi(items[0])
		if err != nil || strings.Trim(items[0], "0123456789") != "" {
			return jsonschema.PyStr(items[0]) + " is not a whole number"
		}
		if n <= 0 {
			return "the rate must be positive"
		}
		units := []string{"minutes", "hours", "days"}
		if n == 1 {
			units = []string{"minute", "hour", "day"}
		}
		for _, u := range units {
			if items[1] == u {
				return ""
			}
		}
		return jsonschema.PyStr(items[1]) + " is not one of " + pyList(units)
	case strings.HasPrefix(v, "cron(") && strings.HasSuffix(v, ")"):
		items := strings.Split(v[len("cron("):len(v)-1], " ")
		if len(items) != 6 {
			return "a cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year)"
		}
		if items[2] != "?" && items[4] != "?" {
			return "a cron expression cannot specify both Day-of-month and Day-of-week: make one of them '?'"
		}
		return ""
	}
	return "it has to be either 'cron()' or 'rate()'"
}
