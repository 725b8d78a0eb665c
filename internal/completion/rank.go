package completion

import (
	"fmt"
	"strings"
)

// Ranking. Clients order the items they keep by sortText, and match what is
// typed against filterText (the label when it is empty). The sort text of an
// item is, in order of weight:
//   - how it matches the word typed: exactly, as a prefix (same case, then any
//     case), or otherwise (a substring, letters in order: clients that filter
//     fuzzily keep those);
//   - its group, set where it is made (required properties before the others,
//     parameters before resources among Ref targets, functions after keys...);
//   - how often the templates of a corpus use it (popularity.go, counted by
//     popgen), the most used first;
//   - then clients break ties by label.

// popularity is a sort key for a count of uses: the most used first, those
// never counted last.
func popularity(uses int) string { return fmt.Sprintf("%04d", 9999-min(uses, 9999)) }

func typePopularity(name string) string { return popularity(typeUses[name]) }

// propertyPopularity ranks the property at path (below Properties, list items
// left out) of resource type typ.
func propertyPopularity(typ string, path []string) string {
	return popularity(propertyUses[typ+" "+strings.Join(path, ".")])
}

// Match tiers, the first character of every sort text.
const (
	tierExact      = "0"
	tierPrefix     = "1"
	tierPrefixCase = "2"
	tierOther      = "3"
)

// rank prefixes each item's sort text with how its filter text matches typed,
// and sets the filter text where it was left to the label.
func rank(items []Item, typed string) {
	t := strings.Trim(typed, `"`)
	lt := strings.ToLower(t)
	for i := range items {
		it := &items[i]
		if it.FilterText == "" {
			it.FilterText = it.Label
		}
		f := strings.Trim(it.FilterText, `"`)
		lf := strings.ToLower(f)
		tier := tierOther
		switch {
		case t != "" && lf == lt:
			tier = tierExact
		case strings.HasPrefix(f, t):
			tier = tierPrefix
		case strings.HasPrefix(lf, lt):
			tier = tierPrefixCase
		}
		it.SortText = tier + it.SortText
	}
}
