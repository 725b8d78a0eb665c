package completion

import (
	"strconv"
	"strings"
)

// policyAction reports whether the cursor is on a value of a policy
// statement's Action or NotAction: `Action: |` or an item of its list.
func policyAction(eff []seg, key string) bool {
	if key == "" && len(eff) >= 2 && eff[len(eff)-1].item {
		key, eff = eff[len(eff)-2].key, eff[:len(eff)-2]
	}
	if key != "Action" && key != "NotAction" {
		return false
	}
	for _, s := range eff {
		if s.key == "Statement" {
			return true
		}
	}
	return false
}

// iamActions offers IAM actions: until a colon is typed, the service prefixes
// (inserted as "s3:*", the "*" selected when snippets are on, so that typing
// replaces it), then that service's actions ("s3:GetObject").
func (c *completer) iamActions() {
	service, _, typed := strings.Cut(c.cur.prefix, ":")
	if !typed {
		for _, svc := range c.spec.IAMServices() {
			n := len(c.spec.IAMActions(svc))
			text := c.quoted(svc + ":*")
			snippet := c.req.Snippets
			if snippet {
				text = strings.Replace(text, ":*", ":${1:*}", 1)
			}
			c.add(Item{Label: svc + ":", Kind: KindModule, Detail: "IAM service, " + strconv.Itoa(n) + " actions",
				SortText: "1" + svc, FilterText: svc + ":"}, text, snippet)
		}
		c.incomplete = true // the actions come once the colon is typed
		return
	}
	for _, a := range c.spec.IAMActions(service) {
		name := service + ":" + a
		c.add(Item{Label: name, Kind: KindValue, Detail: "IAM action", SortText: "1" + strings.ToLower(a)}, c.quoted(name), false)
	}
}
